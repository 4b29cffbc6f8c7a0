"""Pupil survey in a real browser: a phone answers it end to end; axe-core on the code, question and results
pages. Screenshots go to the temp directory (surveys-*.png) for review."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from conftest import axe_violations, browser_sign_in, save_screenshot
from trygg.surveys import services
from trygg.surveys.models import Answer, Response
from trygg.surveys.tests.factories import SchoolClassFactory, SurveyFactory, add_responses

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir())


def _survey_with_code():
    school_class = SchoolClassFactory(grade=8, pupil_count=25, school__organisation__name="Årbyskolan")
    survey = SurveyFactory.create_open(schools=[school_class.school], name="Elevenkät våren")
    (code,) = services.codes_generate(survey=survey, school_class=school_class, kind="class", by=None)
    return survey, school_class, code


def test_pupil__answers_on_a_phone__one_question_per_screen(phone_page):
    _survey, school_class, code = _survey_with_code()
    page = phone_page
    page.goto(page.base_url + "/enkat/")
    assert axe_violations(page) == []
    save_screenshot(page, str(SHOTS / "surveys-phone-code.png"))
    page.fill("#id_code", code.lower())
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_selector("text=Fråga 1 av 13")
    assert axe_violations(page) == []
    save_screenshot(page, str(SHOTS / "surveys-phone-question.png"))
    step = 1
    main = page.locator("main")  # the page-feedback widget in the footer has its own form fields
    while True:
        label = page.locator(".progress-label").inner_text()
        if "Fråga 5 " in label:  # unsafe places: "Ja" opens the follow-up with the map
            main.get_by_label("Ja", exact=True).check()
        elif main.locator("textarea").count():
            main.locator("textarea").fill("Mörkt vid cykelstället")
        elif main.locator("[data-trygg-map]").count():
            main.get_by_label("Skolgården").check()
            page.wait_for_selector(".leaflet-container")
            assert axe_violations(page) == []
            save_screenshot(page, str(SHOTS / "surveys-phone-map.png"))
            page.click("text=Markera mitten av kartan")
        else:
            main.get_by_label("Vill inte svara").first.check()
        with page.expect_navigation():
            page.click("button[value=next]")
        step += 1
        if "/skicka/" in page.url:
            break
        assert step < 20
    assert Response.objects.count() == 0
    save_screenshot(page, str(SHOTS / "surveys-phone-review.png"))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Tack för dina svar" in page.content()
    response = Response.objects.get()
    assert (response.school_id, response.grade) == (school_class.school_id, 8)
    assert Answer.objects.filter(question__code="otrygga-platser-var", lat__isnull=False).count() == 1


def test_results_page__chart_table_and_suppression_are_accessible(browser_page, make_member, settings):
    settings.TRYGG_REQUIRE_MFA = False
    survey, school_class, _code = _survey_with_code()
    small = SchoolClassFactory(school=school_class.school, grade=5, pupil_count=20)
    add_responses(survey=survey, school_class=school_class, count=14,
                  pick=lambda q, i: [1 + i % 4] if q.kind == "single" and q.scale.code == "trygg" else
                  ([1] if q.kind == "single" else None))
    add_responses(survey=survey, school_class=small, count=2)
    make_member(role="analytiker", username="amira")
    browser_sign_in(browser_page, browser_page.base_url, "amira")
    browser_page.goto(f"{browser_page.base_url}/org/surveys/{survey.pk}/resultat/?q=trygg-skolan")
    assert "Preliminära resultat" in browser_page.content()
    assert browser_page.locator("svg.survey-chart rect.bar").count() >= 2
    assert "för få svar" in browser_page.locator("table.results-table").inner_text()
    save_screenshot(browser_page, str(SHOTS / "surveys-desktop-results.png"))
    assert axe_violations(browser_page) == []
