"""Panels for other apps' pages: the lägesbild ("situation"), the area page, the steering group and meetings.
Each context function checks permissions itself and only ever passes suppressed aggregates."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from trygg.accounts.permissions import can_analyse

from .models import School
from .permissions import can_use_surveys, sees_all_schools
from .selectors import area_summary, latest_survey, place_layer, survey_summary


def _schools_for(user: Any) -> Any:
    if sees_all_schools(user) or can_analyse(user):
        return School.objects.all()
    return School.objects.visible_to(user)


def situation_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """Anonymous "unsafe places" layer near schools for the weekly lägesbild (obj: year, week, area)."""
    user = request.user
    if not (can_use_surveys(user) or can_analyse(user)):
        return None
    obj = obj if isinstance(obj, dict) else {}
    schools = _schools_for(user)
    if obj.get("area") is not None:
        schools = schools.filter(area=obj["area"])
    survey = latest_survey(schools=schools, year=obj.get("year"))
    if survey is None:
        return None
    layer = place_layer(survey=survey, schools=schools.filter(surveys=survey))
    if not layer["rows"]:
        return None
    return {"layer": layer, "survey": survey}


def area_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """Latest survey figures for the schools in an area (area page and steering-group overview)."""
    if obj is None or not sees_all_schools(request.user):
        return None
    summary = area_summary(area=obj, year=timezone.localdate().year)
    if summary is None:
        return None
    return {"summary": summary, "area": obj}


def meeting_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """Municipality-wide headline figures of the latest survey, as a meeting attachment."""
    if not sees_all_schools(request.user):
        return None
    survey = latest_survey()
    if survey is None:
        return None
    return {"summary": survey_summary(survey=survey)}


def register_panels() -> None:
    from trygg.core import panels

    panels.register("situation", "surveys/panels/situation.html", situation_panel, order=60)
    panels.register("area", "surveys/panels/area.html", area_panel, order=70)
    panels.register("steering_area", "surveys/panels/area.html", area_panel, order=70)
    panels.register("meeting_attachments", "surveys/panels/meeting.html", meeting_panel, order=70)
