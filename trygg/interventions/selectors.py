"""Reads for interventions: origin links, the "vem gör vad var" overview and the overdue list."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts import permissions
from trygg.areas.models import Area, Place
from trygg.areas.selectors import areas_geojson

from .models import Intervention

# Origin models without get_absolute_url(): the URL name of their detail page, reversed with the pk.
ORIGIN_URL_NAMES = {"incidents.observation": "incidents:detail"}
# Apps whose objects may be an intervention's origin (never accounts, core, sessions or anonymous survey answers).
ORIGIN_APPS = frozenset({"incidents", "situational_picture", "safety_walks", "collaboration", "areas", "interventions"})


def visible_origin(*, model_label: str, object_id: str, user: Any) -> models.Model | None:
    """The object `app_label.model` with this pk if it exists and the user may see it, else None.

    Only models in ORIGIN_APPS qualify. Models whose default manager has visible_to() decide themselves; for
    others being a member is enough.
    """
    try:
        app_label, model_name = model_label.lower().split(".", 1)
        model = apps.get_model(app_label, model_name)
    except (ValueError, LookupError):
        return None
    if app_label not in ORIGIN_APPS:
        return None
    if not permissions.is_member(user) or not str(object_id).strip():
        return None
    manager = model._default_manager
    qs = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    try:
        return qs.filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError):  # an id that cannot be this model's key
        return None


def origin_url(obj: models.Model) -> str:
    if hasattr(obj, "get_absolute_url"):
        return str(obj.get_absolute_url())
    name = ORIGIN_URL_NAMES.get(obj._meta.label_lower)
    if name:
        try:
            return reverse(name, args=[obj.pk])
        except NoReverseMatch:
            return ""
    return ""


@dataclass(frozen=True)
class OriginLink:
    label: str
    url: str
    kind: str


def origin_for(*, intervention: Intervention, user: Any) -> OriginLink | None:
    """Where the intervention came from: a link when the user may see the origin object, else its label."""
    if intervention.origin_type_id is None and not intervention.origin_label:
        return None
    kind = ""
    url = ""
    label = intervention.origin_label
    if intervention.origin_type_id is not None:
        content_type = ContentType.objects.get_for_id(intervention.origin_type_id)
        model = content_type.model_class()
        kind = str(model._meta.verbose_name) if model is not None else ""
        obj = visible_origin(model_label=f"{content_type.app_label}.{content_type.model}",
                             object_id=intervention.origin_id, user=user)
        if obj is not None:
            url = origin_url(obj)
            label = label or str(obj)
    return OriginLink(label=label or _("Okänt ursprung"), url=url, kind=kind)


@dataclass
class AreaGroup:
    area: Area | None
    by_owner: list[tuple[Any, list[Intervention]]]
    count: int


def who_does_what_where(*, user: Any, queryset: Any = None) -> dict[str, Any]:
    """Open interventions grouped by area, then owner; map data with areas shaded by the number open."""
    qs = queryset if queryset is not None else Intervention.objects.visible_to(user).open()
    interventions = list(qs.select_related("owner", "responsible").prefetch_related("areas", "places")
                         .order_by("owner__name", "due_date", "id"))
    grouped: dict[int | None, dict[Any, list[Intervention]]] = defaultdict(lambda: defaultdict(list))
    counts: Counter[int] = Counter()
    place_counts: Counter[int] = Counter()
    places: dict[int, Place] = {}
    areas: dict[int, Area] = {}
    for intervention in interventions:
        for area in intervention.areas.all():
            areas[area.pk] = area
            counts[area.pk] += 1
            grouped[area.pk][intervention.owner].append(intervention)
        if not intervention.areas.all():
            grouped[None][intervention.owner].append(intervention)
        for place in intervention.places.all():
            places[place.pk] = place
            place_counts[place.pk] += 1
    ordered_areas = sorted(areas.values(), key=lambda a: (-counts[a.pk], a.name))
    groups = [AreaGroup(area=a, by_owner=list(grouped[a.pk].items()), count=counts[a.pk]) for a in ordered_areas]
    if None in grouped:
        groups.append(AreaGroup(area=None, by_owner=list(grouped[None].items()),
                                count=sum(len(v) for v in grouped[None].values())))
    # Areas with open interventions and the prioritised ones: the map then frames the town, not the countryside.
    all_areas = [a for a in Area.objects.all() if counts[a.pk] or a.is_prioritised]
    peak = max(counts.values(), default=0)
    properties = {
        a.pk: {
            "fill": "#a4161a" if counts[a.pk] else "#7a8a99",
            "fillOpacity": round(0.15 + 0.5 * counts[a.pk] / peak, 2) if counts[a.pk] else 0.05,
            "label": _("%(name)s: %(count)d öppna insatser") % {"name": a.name, "count": counts[a.pk]},
        }
        for a in all_areas
    }
    points = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
             "properties": {"label": _("%(name)s: %(count)d öppna insatser") % {"name": p.name,
                                                                                "count": place_counts[pk]},
                            "color": "#00507a", "radius": 5 + min(place_counts[pk], 5)}}
            for pk, p in places.items()
        ],
    }
    return {
        "groups": groups,
        "total": len(interventions),
        "areas_geojson": areas_geojson(areas=all_areas, properties=properties),
        "places_geojson": points,
        "legend_max": peak,
    }


def overdue_for(*, user: Any) -> dict[str, Any]:
    """Overdue interventions: the samordnare sees one list; others see their own first, then the rest."""
    today = timezone.localdate()
    overdue = list(Intervention.objects.visible_to(user).overdue(today).with_list_relations()
                   .order_by("due_date", "id"))
    if permissions.is_samordnare(user):
        return {"mine": [], "others": overdue, "everything": True, "today": today}
    own_orgs = permissions.organisation_ids(user)
    mine = [i for i in overdue if i.owner_id in own_orgs or i.responsible_id == user.pk]
    others = [i for i in overdue if i not in mine]
    return {"mine": mine, "others": others, "everything": False, "today": today}
