"""On the walk: the checklist, findings (queued offline by walks.js and synced here), photos."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import member_required

from .. import selectors, services
from ..checklist import Answer, ChecklistItem
from ..forms import FindingForm
from ..models import SafetyWalk, WalkFinding
from .common import editable_walk


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
            "comment": finding.comment}


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
