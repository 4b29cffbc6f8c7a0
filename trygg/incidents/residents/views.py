"""The department queue for residents' reports and the samordnare's routing rules (mounted at /org/reports/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygg.accounts.decorators import deny, require
from trygg.core.redact import redact

from ..models import OPEN_STATUSES, Status
from . import selectors, services
from .forms import MergeForm, NoteForm, NotFixedForm, RerouteForm, RoutingRuleForm
from .models import RoutingRule

can_use_queue = require(selectors.can_use_queue)
coordinator_only = require(selectors.is_coordinator)


@require_GET
@can_use_queue
def queue(request: HttpRequest) -> HttpResponse:
    reports = selectors.queue_for(request.user)
    state = request.GET.get("status", "open")
    if state == "open":
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        reports = reports.exclude(status__in=OPEN_STATUSES)
    page = Paginator(reports.order_by("-created_at"), 30).get_page(request.GET.get("sida"))
    return render(request, "incidents/routing/queue.html", {"page": page, "state": state})


def _detail_context(request: HttpRequest, observation: Any, **forms: Any) -> dict[str, Any]:
    raw = selectors.sees_raw_text(request.user)
    candidates = selectors.merge_candidates(observation, request.user)
    from ..models import Observation

    return {
        "observation": observation,
        "text": observation.description if raw else observation.description_redacted,
        "address": observation.address if raw else redact(observation.address),
        "updates": observation.status_updates.select_related("organisation"),
        "is_open": observation.status in OPEN_STATUSES and observation.merged_into_id is None,
        "can_accept": observation.status in (Status.NEW, Status.ASSESSED),
        "candidates": candidates,
        "accept_form": forms.get("accept_form") or NoteForm(prefix="accept"),
        "fixed_form": forms.get("fixed_form") or NoteForm(prefix="fixed"),
        "not_fixed_form": forms.get("not_fixed_form") or NotFixedForm(prefix="notfixed"),
        "reroute_form": forms.get("reroute_form") or RerouteForm(prefix="reroute"),
        "merge_form": forms.get("merge_form") or MergeForm(
            prefix="merge", candidates=Observation.objects.filter(pk__in=[c.pk for c in candidates])),
        "points": {"type": "FeatureCollection", "features": [{
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [observation.lon, observation.lat]},
            "properties": {"label": observation.category.name}}]},
    }


@require_GET
@can_use_queue
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(selectors.queue_for(request.user), pk=pk)
    return render(request, "incidents/routing/detail.html", _detail_context(request, observation))


ACTIONS = {
    # action: (form class, prefix, context key, service call)
    "accept": (NoteForm, "accept", "accept_form",
               lambda o, u, d: services.report_accept(observation=o, by=u, note=d["note"])),
    "fixed": (NoteForm, "fixed", "fixed_form",
              lambda o, u, d: services.report_mark_fixed(observation=o, by=u, note=d["note"])),
    "not-fixed": (NotFixedForm, "notfixed", "not_fixed_form",
                  lambda o, u, d: services.report_mark_not_fixed(observation=o, by=u, note=d["note"])),
    "reroute": (RerouteForm, "reroute", "reroute_form",
                lambda o, u, d: services.report_reroute(observation=o, by=u, organisation=d["organisation"],
                                                        note=d["note"])),
    "merge": (MergeForm, "merge", "merge_form",
              lambda o, u, d: services.report_merge(observation=o, into=d["into"], by=u, note=d["note"])),
}


@require_POST
@can_use_queue
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    observation = get_object_or_404(selectors.queue_for(request.user), pk=pk)
    if action not in ACTIONS:
        return redirect("routing:detail", pk=pk)
    form_class, prefix, key, call = ACTIONS[action]
    kwargs: dict[str, Any] = {"prefix": prefix}
    if form_class is MergeForm:
        kwargs["candidates"] = selectors.queue_for(request.user).exclude(pk=pk).filter(status__in=OPEN_STATUSES)
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            call(observation, request.user, form.cleaned_data)
        except PermissionError:
            deny(request, reason="not_responsible")
        except ValidationError as exc:
            for field, errors in (exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]):
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Rapporten är uppdaterad."))
            if action in ("reroute", "merge") and not selectors.queue_for(request.user).filter(pk=pk).exists():
                return redirect("routing:queue")
            return redirect("routing:detail", pk=pk)
    observation.refresh_from_db()
    return render(request, "incidents/routing/detail.html", _detail_context(request, observation, **{key: form}),
                  status=400)


@require_http_methods(["GET", "POST"])
@coordinator_only
def rules(request: HttpRequest) -> HttpResponse:
    form = RoutingRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.routing_rule_set(category=form.cleaned_data["category"], area=form.cleaned_data["area"],
                                  organisation=form.cleaned_data["organisation"], by=request.user)
        messages.success(request, _("Regeln är sparad."))
        return redirect("routing:rules")
    status = 400 if request.method == "POST" else 200
    return render(request, "incidents/routing/rules.html", {
        "form": form,
        "rules": RoutingRule.objects.select_related("category", "area", "organisation"),
        "categories": selectors.resident_categories().select_related("default_responsible"),
    }, status=status)


@require_POST
@coordinator_only
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(RoutingRule, pk=pk)
    services.routing_rule_delete(rule=rule, by=request.user)
    messages.success(request, _("Regeln är borttagen."))
    return redirect("routing:rules")
