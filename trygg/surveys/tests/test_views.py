"""Organisation pages: set-up, codes, results, exports, moderation; negative permission tests for each."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from trygg.core.models import AuditEntry
from trygg.surveys.models import AccessCode, Answer, School, SchoolClass, Survey, SurveyStatus

from .factories import SchoolClassFactory, SchoolFactory, SurveyFactory, add_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schools():
    class_a = SchoolClassFactory(grade=5, pupil_count=20, school__organisation__name="Alfaskolan")
    class_b = SchoolClassFactory(grade=5, pupil_count=20, school__organisation__name="Betaskolan")
    survey = SurveyFactory.create_open(schools=[class_a.school, class_b.school])
    only_a = SurveyFactory.create_open(schools=[class_a.school])
    return survey, only_a, class_a, class_b


def _contact(make_member, school):
    return make_member(role="skolkontakt", organisation=school.organisation)


def _views(survey, school, answer_pk):
    return [
        ("get", reverse("surveys:list")), ("get", reverse("surveys:create")),
        ("get", reverse("surveys:detail", args=[survey.pk])), ("post", reverse("surveys:open", args=[survey.pk])),
        ("post", reverse("surveys:close", args=[survey.pk])), ("get", reverse("surveys:codes", args=[survey.pk])),
        ("get", reverse("surveys:results", args=[survey.pk])),
        ("get", reverse("surveys:export_csv", args=[survey.pk])),
        ("get", reverse("surveys:export_xlsx", args=[survey.pk])),
        ("get", reverse("surveys:schools")), ("get", reverse("surveys:school", args=[school.pk])),
        ("get", reverse("surveys:texts")), ("post", reverse("surveys:text_decide", args=[answer_pk])),
    ]


def test_views__anonymous__redirect_to_login(client, two_schools):
    survey, _only_a, class_a, _b = two_schools
    for method, url in _views(survey, class_a.school, uuid.uuid4()):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_views__wrong_role__forbidden(login, make_member, two_schools):
    survey, _only_a, class_a, _b = two_schools
    client = login(make_member(role="rapportor"))
    for method, url in _views(survey, class_a.school, uuid.uuid4()):
        assert getattr(client, method)(url).status_code == 403, url


def test_views__school_contact__cannot_see_another_schools_survey_codes_or_results(login, make_member, two_schools):
    survey, only_a, class_a, class_b = two_schools
    client = login(_contact(make_member, class_b.school))
    for name in ("detail", "codes", "results", "export_csv", "export_xlsx"):
        assert client.get(reverse(f"surveys:{name}", args=[only_a.pk])).status_code == 404, name
    assert client.get(reverse("surveys:school", args=[class_a.school.pk])).status_code == 404
    assert client.post(reverse("surveys:codes", args=[survey.pk]), {
        "school_class": class_a.pk, "kind": "pupil", "output": "html"}).status_code == 200  # form error, no codes
    assert not AccessCode.objects.exists()
    results = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Betaskolan" in results and "Alfaskolan" not in results
    # set-up and transitions are for the samordnare
    assert client.get(reverse("surveys:create")).status_code == 403
    assert client.post(reverse("surveys:close", args=[survey.pk])).status_code == 403


def test_views__school_contact__adds_a_class_and_prints_codes_for_own_school(login, make_member, two_schools):
    survey, _only_a, _a, class_b = two_schools
    client = login(_contact(make_member, class_b.school))
    response = client.post(reverse("surveys:school", args=[class_b.school.pk]),
                           {"name": "5C", "grade": "5", "pupil_count": "3"})
    assert response.status_code == 302
    new_class = SchoolClass.objects.get(name="5C")
    sheet = client.post(reverse("surveys:codes", args=[survey.pk]),
                        {"school_class": new_class.pk, "kind": "pupil", "output": "html"})
    assert sheet.status_code == 200 and sheet["Cache-Control"] == "no-store, private"
    assert len(sheet.context["codes"]) == 3
    for code in sheet.context["codes"]:
        assert code in sheet.content.decode()
    pdf = client.post(reverse("surveys:codes", args=[survey.pk]),
                      {"school_class": new_class.pk, "kind": "class", "output": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AccessCode.objects.filter(school_class=new_class).count() == 4
    assert AuditEntry.objects.filter(object_type="surveys.survey", detail__what="codes").count() == 2


def test_views__class_form__bad_input__shows_field_errors(login, make_member, two_schools):
    client = login(_contact(make_member, two_schools[3].school))
    response = client.post(reverse("surveys:school", args=[two_schools[3].school.pk]),
                           {"name": "", "grade": "5", "pupil_count": "0"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "pupil_count"}


def test_survey__create_open_close__by_samordnare_is_audited(login, make_member):
    school = SchoolFactory()
    client = login(make_member(role="samordnare"))
    response = client.post(reverse("surveys:create"), {
        "name": "Elevenkät 2027", "year": "2027", "grades": ["5", "8"], "schools": [school.pk],
        "opens_on": "2027-03-01", "closes_on": "2027-03-31", "min_group_size": "7",
        "questions": [q.pk for q in __import__("trygg.surveys.models", fromlist=["Question"]).Question.objects.all()],
    })
    survey = Survey.objects.get(name="Elevenkät 2027")
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert (survey.grades, survey.min_group_size, survey.questions.count()) == ([5, 8], 7, 14)
    client.post(reverse("surveys:open", args=[survey.pk]))
    client.post(reverse("surveys:close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    actions = list(AuditEntry.objects.filter(object_type="surveys.survey").values_list("action", flat=True))
    assert {"created", "published", "status.changed"} <= set(actions)


def test_survey__create_with_bad_dates__shows_field_error(login, make_member):
    school = SchoolFactory()
    client = login(make_member(role="samordnare"))
    response = client.post(reverse("surveys:create"), {
        "name": "X", "year": "2027", "grades": ["5"], "schools": [school.pk], "opens_on": "2027-03-31",
        "closes_on": "2027-03-01", "min_group_size": "5"})
    assert response.status_code == 200 and "closes_on" in response.context["form"].errors
    assert not Survey.objects.filter(name="X").exists()


def test_results__small_groups__are_suppressed_in_page_and_export(login, make_member, two_schools):
    survey, _only_a, class_a, class_b = two_schools
    class_a8 = SchoolClassFactory(school=class_a.school, grade=8, pupil_count=20)
    add_responses(survey=survey, school_class=class_a, count=12)
    add_responses(survey=survey, school_class=class_a8, count=3)
    add_responses(survey=survey, school_class=class_b, count=8)
    user = make_member(role="analytiker")
    client = login(user)
    page = client.get(reverse("surveys:results", args=[survey.pk]) + "?q=trygg-skolan")
    groups = {g.label: g for g in page.context["groups"]}
    assert groups["Alfaskolan, åk 8"].published is False
    assert groups["Alfaskolan, åk 5"].published is False  # secondary: 15 - 12 would reveal 3
    assert groups["Alfaskolan"].n == 15 and groups["Alfaskolan"].share == 100
    assert groups["Betaskolan, åk 5"].published is True
    html = page.content.decode()
    assert "för få svar" in html and "Preliminära resultat" in html
    export = client.get(reverse("surveys:export_csv", args=[survey.pk])).content.decode("utf-8-sig")
    rows = [line.split(";") for line in export.splitlines()]
    a8 = [r for r in rows if r[2] == "Alfaskolan, åk 8"]
    assert a8 and all(r[3] == "–" and r[5] == "–" for r in a8)
    assert not [r for r in rows if r[2] == "Alfaskolan, åk 5" and r[3] != "–"]
    assert AuditEntry.objects.filter(action="export", actor=user).count() == 1


def test_results__free_text__shown_only_after_moderation_and_for_large_groups(login, make_member, two_schools):
    survey, _only_a, class_a, class_b = two_schools
    class_c = SchoolClassFactory(grade=5, pupil_count=20, school__area=class_a.school.area)
    survey.schools.add(class_c.school)
    add_responses(survey=survey, school_class=class_c, count=6)  # suppressed beside the small school B
    add_responses(survey=survey, school_class=class_a, count=9,
                  pick=lambda q, i: "Mörkt vid cykelstället" if q.kind == "text" and i == 0 else
                  ([1] if q.kind == "single" else None))
    add_responses(survey=survey, school_class=class_b, count=2,
                  pick=lambda q, i: "Liten grupp" if q.kind == "text" else ([1] if q.kind == "single" else None))
    moderator = make_member(role="samordnare")
    client = login(moderator)
    assert "Mörkt vid cykelstället" not in client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    queue = client.get(reverse("surveys:texts"))
    assert "Mörkt vid cykelstället" in queue.content.decode()
    for answer in Answer.objects.filter(text_status="pending"):
        client.post(reverse("surveys:text_decide", args=[answer.pk]), {"decision": "approve"})
    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Mörkt vid cykelstället" in html
    assert "Liten grupp" not in html
    assert AuditEntry.objects.filter(action="moderation.decided").count() == 3


def test_results__closed_with_high_rate__is_not_preliminary(login, make_member):
    school_class = SchoolClassFactory(grade=5, pupil_count=10)
    survey = SurveyFactory.create_closed(schools=[school_class.school], year=2025)
    add_responses(survey=survey, school_class=school_class, count=8)
    html = login(make_member(role="styrgrupp")).get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Preliminära resultat" not in html
    assert "80 %" in html


def test_schools__samordnare_adds_a_school_with_location(login, make_member):
    from trygg.accounts.tests.factories import OrganisationFactory
    from trygg.areas.models import Area

    organisation = OrganisationFactory(kind="skola", name="Gammaskolan", slug="gamma")
    area = Area.objects.first()
    client = login(make_member(role="samordnare"))
    response = client.post(reverse("surveys:schools"), {"organisation": organisation.pk, "area": area.pk,
                                                        "lat": "59.37", "lon": "16.51"})
    school = School.objects.get(organisation=organisation)
    assert response["Location"] == reverse("surveys:school", args=[school.pk])
    contact = login(make_member(role="skolkontakt", organisation=organisation))
    assert contact.post(reverse("surveys:schools"), {"organisation": organisation.pk}).status_code == 403


def test_results__query_count__does_not_grow_with_schools(login, make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(make_member(role="analytiker"))
    counts = []
    for size in (2, 6):
        classes = [SchoolClassFactory(grade=5, pupil_count=20) for _ in range(size)]
        survey = SurveyFactory.create_open(schools=[c.school for c in classes])
        for school_class in classes:
            add_responses(survey=survey, school_class=school_class, count=6)
        client.get(reverse("surveys:results", args=[survey.pk]))  # warm the session and role caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 30, counts


def test_results__grade_across_schools__shown_to_the_samordnare_not_to_a_school_contact(login, make_member,
                                                                                         two_schools):
    survey, _only_a, class_a, class_b = two_schools
    survey.grades = [5, 8]
    survey.save()
    class_b8 = SchoolClassFactory(school=class_b.school, grade=8, pupil_count=20)
    add_responses(survey=survey, school_class=class_a, count=12)
    add_responses(survey=survey, school_class=class_b, count=8)
    add_responses(survey=survey, school_class=class_b8, count=9)
    url = reverse("surveys:results", args=[survey.pk]) + "?q=trygg-skolan"
    groups = {g.label: g for g in login(make_member(role="samordnare")).get(url).context["groups"]}
    assert groups["Alla skolor, åk 5"].published and groups["Alla skolor, åk 5"].n == 20
    assert groups["Alla skolor, åk 5"].share == 100
    assert groups["Alla skolor, åk 8"].published and groups["Alla skolor, åk 8"].n == 9
    contact = login(_contact(make_member, class_a.school)).get(url).context["groups"]
    assert not [g for g in contact if g.level == "grade"]
