"""Pupils' flow at /enkat/: code → questions (one per screen or all) → review → submit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trygg.surveys import services
from trygg.surveys.models import AccessCode, Answer, Response, SurveyStatus
from trygg.surveys.views.public import SESSION_KEY

from .factories import SchoolClassFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_code():
    school_class = SchoolClassFactory(grade=8, pupil_count=2)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    (code,) = services.codes_generate(survey=survey, school_class=school_class, kind="class", by=None)
    return survey, school_class, code


def _start(client: Client, code: str, **extra: str):
    return client.post(reverse("surveys_public:code"), {"code": code, **extra})


def _answer_all_steps(client: Client, place_answer: str = "1"):
    number = 1
    while True:
        page = client.get(reverse("surveys_public:step", args=[number]))
        question = page.context["question"]
        if question.kind == "text":
            data = {"text": "Det är mörkt vid cykelstället."}
        elif question.code == "otrygga-platser":
            data = {"answer": place_answer}
        elif question.kind in ("multi", "place"):
            data = {"answer": ["3"]}
        else:
            data = {"answer": "2"}
        response = client.post(reverse("surveys_public:step", args=[number]), data)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        if response["Location"] == reverse("surveys_public:review"):
            return page.context["total"]
        number += 1


def test_pupil__answers_one_per_screen__stores_one_anonymous_response(open_code):
    survey, school_class, code = open_code
    client = Client()
    start = _start(client, code, one_per_screen="on")
    assert start["Location"] == reverse("surveys_public:answer")
    first = client.get(reverse("surveys_public:step", args=[1]))
    assert "Fråga 1 av 13" in first.content.decode()
    assert "Vill inte svara" in first.content.decode()
    total = _answer_all_steps(client, place_answer="2")
    assert total == 14  # "Ja" to unsafe places shows the follow-up "Var?"
    assert Response.objects.count() == 0  # nothing stored before submit
    done = client.post(reverse("surveys_public:review"))
    assert done["Location"] == reverse("surveys_public:thanks")
    response = Response.objects.get()
    assert (response.survey, response.school, response.grade) == (survey, school_class.school, 8)
    assert Answer.objects.filter(question__code="otrygga-platser-var", value=3).count() == 1
    assert Answer.objects.get(question__code="fritext").text_status == "pending"
    assert SESSION_KEY not in client.session
    assert AccessCode.objects.get().uses == 1


def test_pupil__answers_no__skips_the_conditional_question(open_code):
    client = Client()
    _start(client, open_code[2], one_per_screen="on")
    assert _answer_all_steps(client, place_answer="1") == 13
    client.post(reverse("surveys_public:review"))
    assert not Answer.objects.filter(question__code="otrygga-platser-var").exists()


def test_pupil__all_on_one_page__missing_answer_shows_field_error(open_code):
    client = Client()
    _start(client, open_code[2])
    page = client.get(reverse("surveys_public:answer"))
    assert page.status_code == 200 and page.context["forms"]
    response = client.post(reverse("surveys_public:answer"), {})
    assert response.status_code == 200
    assert "Välj ett svar eller ”Vill inte svara”." in response.content.decode()
    assert Response.objects.count() == 0


def test_pupil__easy_to_read_and_english__change_the_question_text(open_code):
    client = Client()
    _start(client, open_code[2], one_per_screen="on", easy="on")
    assert "Tycker du om att vara i skolan?" in client.get(reverse("surveys_public:step", args=[1])).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/enkat/"})
    english = client.get(reverse("surveys_public:step", args=[1])).content.decode()
    assert "Do you like being at school?" in english


def test_pupil__wrong_code__is_refused_with_a_field_error_and_rate_limited():
    client = Client()
    for _ in range(10):
        response = _start(client, "ABCDE-FGHJK")
        assert response.status_code == 200
        assert "Koden fungerar inte" in response.content.decode()
    assert _start(client, "ABCDE-FGHJK").status_code == 429


def test_pupil__used_or_closed_code__is_refused(open_code):
    survey, _school_class, code = open_code
    AccessCode.objects.update(uses=2)
    assert "Koden fungerar inte" in _start(Client(), code).content.decode()
    AccessCode.objects.update(uses=0)
    survey.status = SurveyStatus.CLOSED
    survey.save()
    assert "Koden fungerar inte" in _start(Client(), code).content.decode()


def test_pupil__pages_without_a_code__go_back_to_the_code_page():
    client = Client()
    for name, args in (("answer", []), ("step", [1]), ("review", [])):
        assert client.get(reverse(f"surveys_public:{name}", args=args))["Location"] == reverse("surveys_public:code")


def test_pupil__map_pick_far_from_school__is_refused(open_code):
    client = Client()
    _start(client, open_code[2], one_per_screen="on")
    client.post(reverse("surveys_public:step", args=[5]), {"answer": "2"})
    response = client.post(reverse("surveys_public:step", args=[6]), {"answer": ["3"], "lat": "59.0", "lon": "16.0"})
    assert response.status_code == 200
    assert "Välj en plats i närheten av skolan." in response.content.decode()


def test_pupil__all_on_one_page__yes_adds_the_follow_up_question(open_code):
    _survey, _school_class, code = open_code
    client = Client()
    _start(client, code)
    forms = client.get(reverse("surveys_public:answer")).context["forms"]
    data = {f"{f.question.code}-answer": ("2" if f.question.code == "otrygga-platser" else "-1")
            for f in forms if f.question.kind != "text"}
    response = client.post(reverse("surveys_public:answer"), data)
    assert response["Location"] == reverse("surveys_public:answer") + "?ny=1"
    page = client.get(response["Location"])
    assert "En följdfråga har lagts till" in page.content.decode()
    assert [f.question.code for f in page.context["forms"]].count("otrygga-platser-var") == 1
    data["otrygga-platser-var-answer"] = ["1", "3"]
    assert client.post(reverse("surveys_public:answer"), data)["Location"] == reverse("surveys_public:review")
    client.post(reverse("surveys_public:review"))
    assert sorted(Answer.objects.filter(question__code="otrygga-platser-var").values_list("value", flat=True)) == [1, 3]
