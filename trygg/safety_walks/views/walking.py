"""On the walk: the checklist, findings (queued offline by walks.js and synced here), photos."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import member_required

from .. import selectors, services
from ..checklist import Answer, ChecklistItem
from ..forms import FindingEditForm, FindingForm
from ..models import SafetyWalk, WalkFinding
from .common import add_errors, editable_finding, editable_walk

OFFLINE_CACHE = "trygg-walks-v1"  # also named in trygg/js/nav.js, which empties it when nobody is signed in


def service_worker(request: HttpRequest) -> HttpResponse:
    """The walk pages' service worker (sw.js), served under /org/walks/ so that its scope covers them. Code
    only, the same for everyone: no data and no permission to check; the pages it keeps are each checked when
    fetched."""
    response = render(request, "safety_walks/sw.js", {
        "cache_name": OFFLINE_CACHE, "static_url": settings.STATIC_URL,
        "walks_prefix": reverse("safety_walks:list")}, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@member_required
def walk_page(request: HttpRequest, pk: int) -> HttpResponse:
    walk = editable_walk(request, pk)
    answers = {a.item: a for a in walk.checklist_answers.all()}
    errors: dict[str, Any] = {}
    if request.method == "POST":
        submitted = {
            item.value: (request.POST.get(f"item_{item.value}", ""), request.POST.get(f"comment_{item.value}", ""))
            for item in ChecklistItem
        }
        try:
            services.checklist_save(walk=walk, by=request.user, answers=submitted)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            messages.success(request, _("Checklistan är sparad."))
            return redirect("safety_walks:walk", pk=walk.pk)
    findings = selectors.findings_of(walk)
    rows = []
    for item in ChecklistItem:
        answer = answers.get(item.value)
        rows.append({"item": item, "answer": request.POST.get(f"item_{item.value}") if errors else (
            answer.answer if answer else ""), "comment": request.POST.get(f"comment_{item.value}") if errors else (
            answer.comment if answer else ""), "error": (errors.get(f"item_{item.value}") or [None])[0]})
    return render(request, "safety_walks/walk.html", {
        "walk": walk, "rows": rows, "answers": Answer.choices, "errors": errors,
        "general_errors": errors.get("__all__", []), "new_uuid": uuid.uuid4(), "finding_form": FindingForm(),
        "findings": findings, "map_areas": selectors.walk_map_areas(walk),
        "map_points": selectors.findings_geojson(findings),
    })


def _finding_json(finding: WalkFinding) -> dict[str, Any]:
    return {"id": finding.pk, "client_uuid": str(finding.client_uuid), "number": finding.number,
            "kind": finding.kind, "kind_label": finding.get_kind_display(), "checklist_item": finding.checklist_item,
            "checklist_label": finding.get_checklist_item_display(), "lat": finding.lat, "lon": finding.lon,
            "comment": finding.comment,
            "edit_url": reverse("safety_walks:finding_edit", args=[finding.pk]) + "?back=walk"}


@require_POST
@member_required
def finding_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """Store one finding; JSON for walks.js (a retry with the same UUID returns the stored finding)."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    walk = editable_walk(request, pk)
    recorded_raw = request.POST.get("recorded_at", "")
    recorded_at = parse_datetime(recorded_raw) if recorded_raw else None
    try:
        if recorded_raw and recorded_at is None:
            raise ValidationError({"recorded_at": _("Ogiltig tidpunkt.")})
        finding, created = services.finding_record(
            walk=walk, by=request.user, client_uuid=request.POST.get("client_uuid"),
            kind=request.POST.get("kind", ""), checklist_item=request.POST.get("checklist_item"),
            lat=request.POST.get("lat"), lon=request.POST.get("lon"), comment=request.POST.get("comment", ""),
            proposed_action=request.POST.get("proposed_action", ""), photo=request.FILES.get("photo"),
            recorded_at=recorded_at,
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        if wants_json:
            return JsonResponse({"errors": errors}, status=400)
        for field_errors in errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect("safety_walks:walk", pk=walk.pk)
    if wants_json:
        return JsonResponse({"finding": _finding_json(finding), "created": created}, status=201 if created else 200)
    messages.success(request, _("Fyndet är sparat."))
    return redirect("safety_walks:walk", pk=walk.pk)


@member_required
def finding_photo(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(WalkFinding.objects.filter(walk__in=SafetyWalk.objects.visible_to(request.user)),
                                pk=pk)
    if not finding.photo:
        raise Http404
    with finding.photo.open("rb") as handle:  # re-encoded photos are small (core.images limits)
        content = handle.read()
    response = HttpResponse(
        content, content_type="image/png" if (finding.photo.name or "").endswith(".png") else "image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def _back_url(finding: WalkFinding, back: str) -> str:
    if back == "walk":
        return reverse("safety_walks:walk", args=[finding.walk_id]) + "#h-findings"
    return reverse("safety_walks:protocol", args=[finding.walk_id]) + f"#finding-{finding.number}"


def _error_summary(form: FindingEditForm) -> list[tuple[str, str]]:
    """(anchor, message) for the summary at the top of the form; each message links to its field."""
    summary: list[tuple[str, str]] = []
    for name, errors in form.errors.items():
        if name in ("lat", "lon"):
            anchor = "fs-point"
        elif name in form.fields and not form[name].is_hidden:
            anchor = form[name].auto_id
        else:
            anchor = ""
        summary += [(anchor, str(message)) for message in errors if (anchor, str(message)) not in summary]
    return summary


@member_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a synced finding (organisers and samordnare, while the protocol is open)."""
    finding = editable_finding(request, pk)
    walk = finding.walk
    form = FindingEditForm(request.POST or None, request.FILES or None,
                           initial=FindingEditForm.initial_for(finding, request.GET.get("back", "")))
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.finding_update(finding=finding, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError({FindingEditForm.SERVICE_FIELDS.get(k, k): v
                                       for k, v in exc.error_dict.items()})
            add_errors(form, exc)
        else:
            if updated.edited_at == finding.edited_at:
                messages.info(request, _("Inget ändrades i fynd %(n)d.") % {"n": finding.number})
            else:
                messages.success(request, _("Fynd %(n)d är ändrat.") % {"n": finding.number})
            return redirect(_back_url(finding, form.cleaned_data.get("back") or ""))
    back = (form["back"].value() or "") if form.is_bound else request.GET.get("back", "")
    finding = WalkFinding.objects.select_related("walk", "observation", "intervention").get(pk=finding.pk)
    point_errors = list(dict.fromkeys([*form["lat"].errors, *form["lon"].errors])) if form.is_bound else []
    return render(request, "safety_walks/finding_edit.html", {
        "walk": walk, "finding": finding, "form": form, "back_url": _back_url(finding, back),
        "back_to_walk": back == "walk", "point_errors": point_errors,
        "error_summary": _error_summary(form) if form.is_bound else [],
        "photo_reselect": bool(request.FILES.get("photo")) and form.is_bound and bool(form.errors)
        and "photo" not in form.errors,
        "visible_reports": selectors.visible_report_ids(user=request.user, findings=[finding]),
        "map_areas": selectors.walk_map_areas(walk),
        "map_points": selectors.findings_geojson([f for f in selectors.findings_of(walk) if f.pk != finding.pk]),
    })
