"""List, plan, show, edit and repeat walks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts import permissions
from trygg.accounts.decorators import member_required, require

from .. import selectors, services
from ..checklist import ChecklistItem
from ..forms import RepeatForm, WalkPlanForm
from ..models import SafetyWalk
from ..permissions import can_plan
from .common import add_errors, editable_walk, visible_walk


@member_required
def walk_list(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.walks_for(user=request.user)
    return render(request, "safety_walks/list.html", {
        "upcoming": upcoming, "past": past, "can_plan": can_plan(request.user),
    })


def _plan_context(form: WalkPlanForm, walk: SafetyWalk | None = None) -> dict[str, object]:
    from trygg.areas.selectors import areas_geojson

    return {"form": form, "walk": walk, "areas_geojson": areas_geojson(),
            "route_places": selectors.places_for_route()}


@require(can_plan)
def walk_create(request: HttpRequest) -> HttpResponse:
    form = WalkPlanForm(request.POST or None, initial={"area": request.GET.get("area")})
    if request.method == "POST" and form.is_valid():
        organisation_ids = sorted(permissions.organisation_ids(request.user))
        from trygg.accounts.models import Organisation

        try:
            walk = services.walk_create(
                **form.service_kwargs(), organisation=Organisation.objects.get(pk=organisation_ids[0]),
                created_by=request.user, organisers=form.cleaned_data["organisers"],
                invited_organisations=form.cleaned_data["invited_organisations"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Vandringen är planerad."))
            return redirect("safety_walks:detail", pk=walk.pk)
    return render(request, "safety_walks/plan.html", _plan_context(form))


@member_required
def walk_update(request: HttpRequest, pk: int) -> HttpResponse:
    walk = editable_walk(request, pk)
    form = WalkPlanForm(request.POST or None, initial=WalkPlanForm.initial_for(walk))
    if request.method == "POST" and form.is_valid():
        organisers = list(form.cleaned_data["organisers"]) or list(walk.organisers.all())
        try:
            services.walk_update(walk=walk, by=request.user, organisers=organisers,
                                 invited_organisations=form.cleaned_data["invited_organisations"],
                                 **form.service_kwargs())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Vandringen är uppdaterad."))
            return redirect("safety_walks:detail", pk=walk.pk)
    return render(request, "safety_walks/plan.html", _plan_context(form, walk))



@member_required
def walk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    walk = visible_walk(request, pk)
    findings = selectors.findings_of(walk)
    answers = {a.item: a for a in walk.checklist_answers.all()}
    return render(request, "safety_walks/detail.html", {
        "walk": walk, "findings": findings, "can_edit": SafetyWalk.objects.editable_by(request.user).filter(
            pk=walk.pk).exists(),
        "map_areas": selectors.walk_map_areas(walk), "map_points": selectors.findings_geojson(findings),
        "comparison": selectors.compare_with_earlier(walk, findings), "repeat_form": RepeatForm(),
        "checklist": [(item, answers.get(item.value)) for item in ChecklistItem],
        "organisers": list(walk.organisers.all()), "invited": list(walk.invited_organisations.all()),
    })


@require_POST
@member_required
def walk_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    walk = editable_walk(request, pk)
    form = RepeatForm(request.POST)
    if form.is_valid():
        try:
            repeat = services.walk_repeat(walk=walk, by=request.user, walk_at=form.cleaned_data["walk_at"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("En ny vandring på samma slinga är planerad."))
            return redirect("safety_walks:detail", pk=repeat.pk)
    else:
        messages.error(request, _("Ange datum och tid för den nya vandringen."))
    return redirect("safety_walks:detail", pk=walk.pk)
