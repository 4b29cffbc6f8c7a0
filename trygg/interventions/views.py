"""Pages for interventions: list, "vem gör vad var", overdue, detail, create/edit and status changes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts import permissions
from trygg.accounts.decorators import deny, member_required
from trygg.areas.models import Area, Place
from trygg.areas.selectors import areas_geojson

from . import selectors, services
from .forms import InterventionCreateForm, InterventionFilterForm, InterventionForm, TransitionForm
from .models import OPEN_STATUSES, TRANSITIONS, Intervention, Status

PAGE_SIZE = 25


def _editable(user: Any, intervention: Intervention) -> bool:
    return Intervention.objects.editable_by(user).filter(pk=intervention.pk).exists()


def _get_editable(request: HttpRequest, pk: int) -> Intervention:
    """404 when the user may not see it, 403 (audited) when they may see but not change it."""
    intervention = get_object_or_404(Intervention.objects.visible_to(request.user), pk=pk)
    if not _editable(request.user, intervention):
        deny(request, reason="not_editable")
    return intervention


@member_required
def intervention_list(request: HttpRequest) -> HttpResponse:
    form = InterventionFilterForm(request.GET or None)
    # Open ones first (soonest due on top), then the finished and cancelled.
    qs = (Intervention.objects.visible_to(request.user).with_list_relations()
          .annotate(finished=Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1)))
          .order_by("finished", "due_date", "id"))
    if form.is_bound:
        qs = form.filter(qs, request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "interventions/list.html", {
        "form": form, "page": page, "interventions": page.object_list, "query": query.urlencode(),
        "may_create": True,
    })


@member_required
def intervention_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "interventions/overview.html", selectors.who_does_what_where(user=request.user))


@member_required
def intervention_overdue(request: HttpRequest) -> HttpResponse:
    return render(request, "interventions/overdue.html", selectors.overdue_for(user=request.user))


@member_required
def intervention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = get_object_or_404(Intervention.objects.visible_to(request.user), pk=pk)
    return _render_detail(request, intervention)


def _render_detail(request: HttpRequest, intervention: Intervention, bound: TransitionForm | None = None,
                   status: int = 200) -> HttpResponse:
    intervention = (Intervention.objects.select_related("owner", "responsible", "created_by")
                    .prefetch_related("areas", "places").get(pk=intervention.pk))
    editable = _editable(request.user, intervention)
    transitions = []
    if editable:
        for target in TRANSITIONS.get(intervention.status, ()):
            form = bound if bound is not None and bound.data.get("to_status") == target else TransitionForm(
                initial={"to_status": target}, to_status=target, auto_id=f"id_{target}_%s")
            transitions.append((Status(target), form))
    areas = list(intervention.areas.all())
    places = list(intervention.places.all())
    return render(request, "interventions/detail.html", {
        "intervention": intervention, "history": intervention.status_changes.select_related("changed_by"),
        "editable": editable, "transitions": transitions,
        "origin": selectors.origin_for(intervention=intervention, user=request.user),
        "areas": areas, "places": places,
        "areas_geojson": areas_geojson(areas=areas), "places_geojson": _points(places),
    }, status=status)


def _points(places: list[Place]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
         "properties": {"label": p.name, "color": "#00507a"}} for p in places]}


def _origin_label(obj: Any) -> str:
    name = capfirst(str(obj._meta.verbose_name))
    if getattr(obj, "never_public", False):  # shelters' reports: say nothing about the content
        return f"{name} {obj.pk}"
    return f"{name}: {obj}"[:200]


def _origin_from(request: HttpRequest) -> Any:
    """The origin object named in the query string, or None; 404 if named but missing or not visible."""
    origin_type, origin_id = request.GET.get("origin_type", ""), request.GET.get("origin_id", "")
    if not origin_type and not origin_id:
        return None
    origin = selectors.visible_origin(model_label=origin_type, object_id=origin_id, user=request.user)
    if origin is None:
        raise Http404(_("Ursprunget finns inte eller är inte synligt för dig."))
    return origin


def _initial(request: HttpRequest, origin: Any) -> dict[str, Any]:
    own = sorted(permissions.organisation_ids(request.user))
    initial: dict[str, Any] = {"owner": own[0] if own else None, "status": Status.PROPOSED}
    title = request.GET.get("title", "").strip()[:200]
    if title:
        initial["title"] = title
    area = Area.objects.filter(slug=request.GET.get("area", "")).first()
    place_id = request.GET.get("place", "")
    place = Place.objects.filter(pk=place_id).select_related("area").first() if place_id.isdigit() else None
    if place is not None:
        initial["places"] = [place.pk]
        area = area or place.area
    if origin is not None:
        area = area or getattr(origin, "area", None)
        origin_place = getattr(origin, "place", None)
        if origin_place is not None and "places" not in initial:
            initial["places"] = [origin_place.pk]
    if isinstance(area, Area):
        initial["areas"] = [area.pk]
    return initial


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@member_required
def intervention_create(request: HttpRequest) -> HttpResponse:
    origin = _origin_from(request)
    may_plan_for = None if permissions.is_samordnare(request.user) else permissions.organisation_ids(request.user)
    if request.method == "POST":
        form = InterventionCreateForm(request.POST, may_plan_for=may_plan_for)
        if form.is_valid():
            data = form.cleaned_data
            try:
                intervention = services.intervention_create(
                    title=data["title"], description=data["description"], owner=data["owner"],
                    responsible=data["responsible"], areas=data["areas"], places=data["places"], kind=data["kind"],
                    horizon=data["horizon"], start_date=data["start_date"], due_date=data["due_date"],
                    status=data["status"], target_metric=data["target_metric"], created_by=request.user,
                    origin=origin, origin_label=_origin_label(origin) if origin is not None else "",
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Insatsen är skapad."))
                return redirect(intervention)
    else:
        form = InterventionCreateForm(initial=_initial(request, origin), may_plan_for=may_plan_for)
    return render(request, "interventions/form.html", {
        "form": form, "origin": origin, "origin_label": _origin_label(origin) if origin is not None else "",
        "creating": True,
    })


@member_required
def intervention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = _get_editable(request, pk)
    if request.method == "POST":
        form = InterventionForm(request.POST, instance=Intervention.objects.get(pk=intervention.pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.intervention_update(
                    intervention=intervention, by=request.user, areas=data["areas"], places=data["places"],
                    **{name: data[name] for name in services.EDITABLE_FIELDS},
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect(intervention)
    else:
        form = InterventionForm(instance=intervention)
    return render(request, "interventions/form.html", {"form": form, "intervention": intervention, "creating": False})


@require_POST
@member_required
def intervention_transition(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = _get_editable(request, pk)
    to_status = request.POST.get("to_status", "")
    form = TransitionForm(request.POST, to_status=to_status, auto_id=f"id_{to_status}_%s")
    if form.is_valid():
        try:
            services.intervention_transition(intervention=intervention, to_status=form.cleaned_data["to_status"],
                                             by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Statusen är nu %(status)s.") % {"status": Status(to_status).label})
            return redirect(intervention)
    if "to_status" in form.errors or form.non_field_errors():
        errors = [str(e) for e in form.non_field_errors()] or [_("Okänd status.")]
        messages.error(request, _("Statusen ändrades inte: %(error)s") % {"error": " ".join(errors)})
    return _render_detail(request, intervention, bound=form, status=400)
