"""The resident's report: form (with nearby similar reports), receipt/status page, "still not fixed"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygg.areas.selectors import areas_geojson
from trygg.core.geo import is_valid_coordinate
from trygg.incidents.residents import selectors
from trygg.incidents.residents.services import IdempotencyConflictError, report_reopen, resident_report_submit

from .. import abuse
from ..forms import ReportForm

FIELD_FOR_SERVICE_ERROR = {"lat": "place", "lon": "place", "photos": "photo", "category": "category",
                           "description": "description", "contact_email": "contact_email", "address": "address"}


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "public/too_many.html", status=429)
    response["Retry-After"] = "600"
    return response


def _similar_cards(reports: list[Any]) -> list[dict[str, Any]]:
    return [{
        "id": str(o.public_id),
        "category": o.category.name,
        "status": o.get_status_display(),
        "date": o.observed_at.date().isoformat(),
        "text": selectors.public_text(o)[:140],
        "url": reverse("public:report_status", args=[o.public_id]),
    } for o in reports]


def _render_form(request: HttpRequest, form: ReportForm, *, similar: Sequence[Any] = (),
                 status: int = 200) -> HttpResponse:
    return render(request, "public/report_form.html", {
        "form": form,
        "similar": _similar_cards(list(similar)),
        "areas_geojson": areas_geojson(),
    }, status=status)


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_form(request, ReportForm())
    if abuse.over_limit(request, group="public.report", setting="TRYGG_REPORT_RATE", default="10/10m"):
        return too_many(request)
    data = request.POST.copy()
    form = ReportForm(data, request.FILES)
    if form.is_spam:
        # Not stored. A person who really was this fast just sends again (a fresh timer starts now).
        data["started"] = abuse.issue_started_token()
        data["website"] = ""
        form = ReportForm(data, request.FILES)
        form.is_valid()
        form.add_error(None, _("Formuläret skickades för snabbt. Kontrollera uppgifterna och skicka igen."))
        return _render_form(request, form, status=400)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    cd = form.cleaned_data
    if not cd["seen_similar"]:
        similar = selectors.nearby_similar(category=cd["category"], lat=cd["lat"], lon=cd["lon"])
        if similar:
            data["seen_similar"] = "1"
            return _render_form(request, ReportForm(data), similar=similar)
    try:
        observation, _created = resident_report_submit(
            category=cd["category"], lat=cd["lat"], lon=cd["lon"], description=cd["description"],
            address=cd["address"], photos=[cd["photo"]] if cd["photo"] else [], contact_email=cd["contact_email"],
            idempotency_key=str(cd["idempotency_key"]), channel="web",
        )
    except IdempotencyConflictError:
        data["idempotency_key"] = str(uuid.uuid4())
        form = ReportForm(data)
        form.is_valid()
        form.add_error(None, _("Du har redan skickat en rapport från det här formuläret. Skicka igen för att "
                               "skapa en ny rapport."))
        return _render_form(request, form, status=400)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
            form.add_error(FIELD_FOR_SERVICE_ERROR.get(field or ""), errors)
        return _render_form(request, form, status=400)
    return redirect(reverse("public:report_status", args=[observation.public_id]) + "?ny=1")


@require_GET
def similar_json(request: HttpRequest) -> JsonResponse:
    """Open public reports of the same category within 150 m (for the form's suggestions)."""
    lat, lon = request.GET.get("lat"), request.GET.get("lon")
    category = selectors.resident_categories().filter(pk=request.GET.get("category") or 0).first() \
        if (request.GET.get("category") or "").isdigit() else None
    if category is None or not is_valid_coordinate(lat, lon):
        return JsonResponse({"reports": []})
    reports = selectors.nearby_similar(category=category, lat=float(lat), lon=float(lon))  # type: ignore[arg-type]
    return JsonResponse({"reports": _similar_cards(reports)})


def report_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Receipt and status link. Public text and place only once a moderator approved the report."""
    observation = selectors.report_for_status_page(public_id)
    if observation is None:
        raise Http404
    public = selectors.is_public(observation)
    merged_into = observation.merged_into
    if merged_into is not None and not selectors.is_public(merged_into):
        merged_into = None
    point = selectors.public_point(observation) if public else None
    context = {
        "observation": observation,
        "public": public,
        "text": selectors.public_text(observation) if public else "",
        "address": selectors.public_address(observation) if public else "",
        "updates": observation.status_updates.all(),
        "merged_into": merged_into,
        "is_new": request.GET.get("ny") == "1",
        "can_reopen": observation.status in ("fixed", "not_fixed", "closed") and observation.merged_into_id is None,
        "points_geojson": selectors.public_geojson([observation]) if public else None,
        "point": point,
    }
    return render(request, "public/report_status.html", context)


@require_POST
def report_still_not_fixed(request: HttpRequest, public_id: Any) -> HttpResponse:
    observation = selectors.report_for_status_page(public_id)
    if observation is None:
        raise Http404
    if abuse.over_limit(request, group="public.reopen", setting="TRYGG_REOPEN_RATE", default="5/h"):
        return too_many(request)
    note = (request.POST.get("note") or "")[:1000]
    try:
        report_reopen(observation=observation, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tack! Rapporten är öppnad igen och den ansvariga förvaltningen har fått besked."))
    return redirect("public:report_status", public_id=observation.public_id)
