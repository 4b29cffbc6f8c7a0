"""Panels for the lägesbild, area page, steering group and meetings, and the area_summary contract."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from trygg.core.panels import render_panels
from trygg.surveys.selectors import area_summary

from .factories import SchoolClassFactory, SurveyFactory, add_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed_school():
    school_class = SchoolClassFactory(grade=5, pupil_count=30, school__organisation__name="Deltaskolan")
    school = school_class.school
    survey = SurveyFactory.create_open(schools=[school])
    near = (school.lat + 0.0005, school.lon + 0.0005)

    def pick(question, i):
        if question.code == "otrygga-platser":
            return [2]
        if question.code == "otrygga-platser-var":
            return near if i < 6 else None
        if question.code == "trygg-skolan":
            return [1] if i < 15 else [4]
        return [1] if question.kind == "single" else None

    add_responses(survey=survey, school_class=school_class, count=20, pick=pick)
    # toilets named by 6 pupils, the changing room by 2 (suppressed)
    from trygg.surveys.models import Answer, Question, Response

    question = Question.objects.get(code="otrygga-platser-var")
    responses = list(Response.objects.filter(survey=survey))
    Answer.objects.bulk_create([Answer(response=r, question=question, value=1) for r in responses[:6]] +
                               [Answer(response=r, question=question, value=4) for r in responses[6:8]])
    return survey, school


def _request(user):
    request = RequestFactory().get("/org/")
    request.user = user
    return request


def test_area_summary__returns_suppressed_area_figures(surveyed_school):
    survey, school = surveyed_school
    summary = area_summary(area=school.area, year=survey.year)
    assert summary["respondents"] == 20 and summary["preliminary"] is True
    figures = {h["code"]: h["share"] for h in summary["headlines"]}
    assert figures["trygg-skolan"] == 75
    assert area_summary(area=school.area, year=survey.year - 1) is None


def test_area_summary__with_schools_in_other_areas__gives_the_area_figures(db):
    from trygg.areas.models import Area

    first, second = Area.objects.order_by("pk")[:2]
    class_a = SchoolClassFactory(grade=5, pupil_count=30, school__area=first)
    class_b = SchoolClassFactory(grade=5, pupil_count=30, school__area=second)
    survey = SurveyFactory.create_open(schools=[class_a.school, class_b.school])
    add_responses(survey=survey, school_class=class_a, count=10)
    add_responses(survey=survey, school_class=class_b, count=12)
    summary = area_summary(area=first, year=survey.year)
    assert summary["respondents"] == 10
    assert {h["code"]: h["share"] for h in summary["headlines"]}["trygg-skolan"] == 100
    assert summary["schools"] == [str(class_a.school)]


def test_area_summary__small_area__hides_figures(db):
    school_class = SchoolClassFactory(grade=5, pupil_count=30)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    add_responses(survey=survey, school_class=school_class, count=3)
    summary = area_summary(area=school_class.school.area, year=survey.year)
    assert summary["respondents"] is None and summary["headlines"] == []


def test_situation_panel__shows_only_place_counts_of_at_least_k(make_member, surveyed_school):
    from trygg.areas.models import Place

    survey, school = surveyed_school
    Place.objects.create(name="Cykelstället vid Deltaskolan", area=school.area, lat=school.lat + 0.0005,
                         lon=school.lon + 0.0005)
    html = "".join(render_panels("situation", _request(make_member(role="analytiker")),
                                 {"year": survey.year, "week": 10, "area": school.area}))
    assert "Otrygga platser enligt elevenkäten" in html and 'role="region"' in html
    assert "<td>Toaletter</td><td class=\"num\">6</td>" in html
    assert "Omklädningsrum" not in html  # named by 2 < k pupils
    assert "Markerat på kartan: nära Cykelstället vid Deltaskolan" in html  # six map picks in one 100 m cell


def test_panels__hidden_for_roles_without_access(make_member, surveyed_school):
    survey, school = surveyed_school
    request = _request(make_member(role="rapportor"))
    # Other apps contribute panels to the same pages; none of the survey's may show for this role.
    for page, obj in (("situation", {"year": survey.year, "week": 10, "area": None}), ("area", school.area),
                      ("meeting_attachments", None)):
        html = "".join(render_panels(page, request, obj))
        assert "Elevenkät" not in html and "elevenkäten" not in html, page


def test_area_steering_and_meeting_panels__show_headlines_with_preliminary_label(make_member, surveyed_school):
    _survey, school = surveyed_school
    request = _request(make_member(role="styrgrupp"))
    for page, obj in (("area", school.area), ("steering_area", school.area), ("meeting_attachments", None)):
        html = "".join(render_panels(page, request, obj))
        assert "Preliminära resultat" in html and "75 %" in html, page
