"""EST pages for organisation users: report, weekly view, list, detail, edit, photos, moderation."""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts import permissions
from trygg.accounts.decorators import deny, member_required, require
from trygg.areas.models import Place
from trygg.areas.selectors import areas_geojson
from trygg.core.geo import iso_week_of, parse_week_label, shift_week, week_bounds, week_label

from . import selectors, services
from .forms import ObservationCreateForm, ObservationEditForm, ObservationFilterForm
from .models import Moderation, Observation, ObservationPhoto, Source, WeeklyReminder
from .reminders import weekly_reminders_send

PAGE_SIZE = 50
EDIT_FIELDS = ("category", "observed_at", "lat", "lon", "address", "extent", "setting", "police_reported",
               "description")


def _service_errors_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def _week_from(request: HttpRequest) -> tuple[int, int]:
    current = iso_week_of(timezone.now())
    try:
        year, week = parse_week_label(request.GET.get("week", ""))
    except ValueError:
        return current
    return (year, week) if (year, week) <= current else current


def _point_geojson(observation: Observation) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [observation.lon, observation.lat]},
        "properties": {"label": str(observation.category)},
    }]}


def _render_form(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "incidents/form.html", {
        "form": form, "areas_geojson": areas_geojson(), "known_places": Place.objects.order_by("name"), **context,
    })


@require(permissions.can_report)
@require_http_methods(["GET", "POST"])
def observation_create(request: HttpRequest) -> HttpResponse:
    form = ObservationCreateForm(request.POST or None, request.FILES or None, user=request.user,
                                 initial={"organisation": request.GET.get("organisation", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = services.observation_create(
                source=Source.EST, organisation=data["organisation"], reporter=request.user,
                category=data["category"], lat=data["lat"], lon=data["lon"], observed_at=data["observed_at"],
                address=data["address"], place=form.place, extent=data["extent"], setting=data["setting"],
                police_reported=data["police_reported"], description=data["description"], photos=data["photos"],
            )
        except ValidationError as exc:
            _service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Tack! Observationen är registrerad."))
            return redirect(f"{reverse('incidents:week')}?week={observation.week_label}")
    return _render_form(request, form, creating=True,
                        photos_lost=request.method == "POST" and bool(request.FILES))


@require(permissions.can_report)
def week_view(request: HttpRequest) -> HttpResponse:
    year, week = _week_from(request)
    current = iso_week_of(timezone.now())
    start, end = week_bounds(year, week)
    context = {
        "week_label": week_label(year, week),
        "week_number": week,
        "start": start.date(),
        "end": (end - dt.timedelta(days=1)).date(),
        "prev_label": week_label(*shift_week(year, week, -1)),
        "next_label": week_label(*shift_week(year, week, 1)) if (year, week) < current else None,
        "is_current": (year, week) == current,
        "organisations": selectors.my_week(user=request.user, year=year, week=week),
        "status_rows": selectors.reporting_status(year=year, week=week) if permissions.is_samordnare(request.user)
        else None,
        "reminded": set(WeeklyReminder.objects.filter(iso_year=year, iso_week=week)
                        .values_list("organisation_id", flat=True)) if permissions.is_samordnare(request.user)
        else set(),
    }
    return render(request, "incidents/week.html", context)


@require(permissions.is_samordnare)
@require_POST
def send_reminders(request: HttpRequest) -> HttpResponse:
    """The samordnare reminds, now, the organisations still missing from the week on screen."""
    try:
        year, week = parse_week_label(request.POST.get("week", ""))
    except ValueError:
        messages.error(request, _("Veckan kunde inte läsas. Ladda om sidan och försök igen."))
        return redirect("incidents:week")
    if (year, week) > iso_week_of(timezone.now()):
        messages.error(request, _("Veckan har inte börjat än."))
        return redirect("incidents:week")
    reminded = weekly_reminders_send(year=year, week=week, by=request.user)
    if reminded:
        messages.success(request, ngettext("Påminnelse skickad till %(n)d aktör.",
                                           "Påminnelse skickad till %(n)d aktörer.", reminded) % {"n": reminded})
    else:
        messages.info(request, _("Ingen ny påminnelse behövdes: aktörerna som saknas har redan påmints den här "
                                 "veckan eller har inga rapportörer med e-postadress."))
    return redirect(f"{reverse('incidents:week')}?week={week_label(year, week)}#reminders")


@require(permissions.can_report)
@require_POST
def nothing_to_report(request: HttpRequest) -> HttpResponse:
    organisation_id = request.POST.get("organisation", "")
    organisation = get_object_or_404(selectors.reporting_organisations(user=request.user),
                                     pk=int(organisation_id) if organisation_id.isdigit() else 0)
    try:
        year, week = parse_week_label(request.POST.get("week", ""))
        services.weekly_report_nothing(organisation=organisation, user=request.user, year=year, week=week)
    except (ValueError, ValidationError):
        messages.error(request, _("Veckan kunde inte registreras. Ladda om sidan och försök igen."))
        return redirect("incidents:week")
    messages.success(request, _("Registrerat: %(org)s har inget att rapportera vecka %(week)d.")
                     % {"org": organisation.name, "week": week})
    return redirect(f"{reverse('incidents:week')}?week={week_label(year, week)}")


@member_required
def observation_list(request: HttpRequest) -> HttpResponse:
    form = ObservationFilterForm(request.GET or None)
    queryset = form.apply(Observation.objects.visible_to(request.user)).select_related(
        "category", "area", "organisation"
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {name: request.GET[name] for name in form.fields if request.GET.get(name)}
    return render(request, "incidents/list.html", {
        "form": form, "page": page, "filter_query": urlencode(filters), "filtered": bool(filters),
    })


@member_required
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(
        Observation.objects.visible_to(request.user).select_related(
            "category", "area", "place", "organisation", "reporter", "responsible_organisation"
        ),
        pk=pk,
    )
    access = selectors.field_access(user=request.user, observation=observation)
    photos = [p for p in observation.photos.all() if p.approved or access.unapproved_photos]
    return render(request, "incidents/detail.html", {
        "observation": observation, "access": access, "photos": photos,
        "can_edit": services.can_edit(observation, request.user),
        "can_moderate": permissions.can_moderate(request.user),
        "point_geojson": _point_geojson(observation),
        "area_geojson": areas_geojson(areas=[observation.area]) if observation.area else None,
    })


@member_required
def observation_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponseBase:
    """Photos are never served as static files: only here, after the same checks as the detail page."""
    observation = get_object_or_404(Observation.objects.visible_to(request.user), pk=pk)
    photo = get_object_or_404(ObservationPhoto, pk=photo_pk, observation=observation)
    if not photo.approved and not selectors.field_access(user=request.user, observation=observation).unapproved_photos:
        raise Http404
    name = (photo.image.name or "").rsplit("/", 1)[-1]  # no name: no content type below, so a 404
    content_type = mimetypes.guess_type(name)[0]
    if content_type not in ("image/jpeg", "image/png"):
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type=content_type, filename=name)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
@require_http_methods(["GET", "POST"])
def observation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(Observation.objects.visible_to(request.user).select_related("category"), pk=pk)
    if observation.reporter_id != request.user.pk or observation.source != Source.EST:
        deny(request, reason="not_reporter")
    if not services.can_edit(observation, request.user):
        return render(request, "incidents/edit_closed.html", {"observation": observation}, status=403)
    initial = {name: getattr(observation, name) for name in EDIT_FIELDS}
    initial["category"] = observation.category.code
    initial["observed_at"] = timezone.localtime(observation.observed_at)
    initial["police_reported"] = "ja" if observation.police_reported else "nej"
    form = ObservationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in EDIT_FIELDS}
        if form.place is not None:  # a known place typed by name: the observation is linked to it again
            changed["place"] = form.place
        try:
            services.observation_update(observation=observation, user=request.user, **changed)
        except ValidationError as exc:
            _service_errors_to_form(form, exc)
            observation.refresh_from_db()
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("incidents:detail", pk=observation.pk)
    return _render_form(request, form, creating=False, observation=observation)


@require(permissions.can_moderate)
def moderation_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.pending_moderation(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/moderation.html", {"page": page})


@require(permissions.can_moderate)
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(Observation.objects.visible_to(request.user), pk=pk)
    decision = request.POST.get("decision")
    if decision not in (Moderation.APPROVED, Moderation.HIDDEN):
        messages.error(request, _("Välj Godkänn eller Dölj."))
        return redirect("incidents:moderation")
    services.observation_moderate(observation=observation, moderator=request.user, decision=decision)
    if decision == Moderation.APPROVED:
        messages.success(request, _("Observationen är godkänd."))
    else:
        messages.success(request, _("Observationen är dold."))
    return redirect("incidents:moderation")
