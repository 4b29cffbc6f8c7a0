"""The resident's report form: intake, anti-abuse, idempotency, similar reports, receipt, reopening."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from trygg.incidents.models import Moderation, Observation, Source, Status
from trygg.incidents.residents.services import report_mark_fixed, routing_rule_set
from trygg.public import abuse

from .factories import LAGERSBERG, ResidentReportFactory, resident_category

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "category": resident_category().pk,
        "lat": LAGERSBERG[0],
        "lon": LAGERSBERG[1],
        "address": "Gångtunneln vid Lagersbergsskolan",
        "description": "Mörkt i tunneln, ring mig på 070-123 45 67 eller anna@example.se.",
        "contact_email": "boende@example.se",
        "website": "",
        "started": abuse.issue_started_token(),
        "idempotency_key": str(uuid.uuid4()),
        "seen_similar": "",
    }
    data.update(overrides)
    return data


def test_report__get_form__shows_categories_and_map(client: Any) -> None:
    response = client.get(reverse("public:report"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mörk plats/trasig belysning" in body and "Samlingar som känns otrygga" in body
    assert 'data-picker="id_lat,id_lon"' in body and "Använd min position" in body
    assert "Skriv inte namn, telefonnummer" in body


def test_report__submit__stores_pending_redacted_resident_report_and_mails(
        client: Any, quick_forms: None, django_capture_on_commit_callbacks: Any, make_member: Any) -> None:
    department = make_member(role="atgardsansvarig").memberships.get().organisation
    department.email = "gata@eskilstuna.example"
    department.save()
    routing_rule_set(category=resident_category(), organisation=department, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public:report"), form_data())
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("public:report_status", args=[observation.public_id]) + "?ny=1"
    assert observation.source == Source.RESIDENT and observation.moderation == Moderation.PENDING
    assert observation.responsible_organisation == department
    assert "070-123 45 67" not in observation.description_redacted
    assert "anna@example.se" not in observation.description_redacted
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["boende@example.se", "gata@eskilstuna.example"]
    reporter_mail = next(m for m in mail.outbox if m.to == ["boende@example.se"])
    assert str(observation.public_id) in reporter_mail.body
    department_mail = next(m for m in mail.outbox if m.to == ["gata@eskilstuna.example"])
    assert "boende@example.se" not in department_mail.body


def test_report__receipt__shows_status_link_but_not_pending_text(client: Any, quick_forms: None) -> None:
    response = client.post(reverse("public:report"), form_data(), follow=True)
    observation = Observation.objects.get()
    body = response.content.decode()
    assert "Tack för din rapport!" in body
    assert str(observation.public_id) in body
    assert "Mörkt i tunneln" not in body  # not public before a moderator approves it


def test_report__double_submit_same_key__stores_one_and_same_receipt(client: Any, quick_forms: None) -> None:
    data = form_data()
    first = client.post(reverse("public:report"), data)
    second = client.post(reverse("public:report"), data)
    assert Observation.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_report__honeypot_filled__not_stored(client: Any, quick_forms: None) -> None:
    response = client.post(reverse("public:report"), form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_report__sent_under_three_seconds__not_stored(client: Any) -> None:
    response = client.post(reverse("public:report"), form_data(started=abuse.issue_started_token()))
    assert response.status_code == 400
    assert "för snabbt" in response.content.decode()
    assert not Observation.objects.exists()


def test_report__forged_timer__not_stored(client: Any) -> None:
    response = client.post(reverse("public:report"), form_data(started=str(time.time() - 60)))
    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_report__missing_place__error_tied_to_place_field(client: Any, quick_forms: None) -> None:
    response = client.post(reverse("public:report"), form_data(lat="", lon=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_place_error"' in body and "Välj platsen på kartan" in body
    assert not Observation.objects.exists()


def test_report__outside_municipality__rejected_with_message(client: Any, quick_forms: None) -> None:
    response = client.post(reverse("public:report"), form_data(lat=59.3293, lon=18.0686))  # Stockholm
    assert response.status_code == 400
    assert "utanför Eskilstuna kommun" in response.content.decode()
    assert not Observation.objects.exists()


def test_report__extra_fields__ignored(client: Any, quick_forms: None) -> None:
    client.post(reverse("public:report"), form_data(status="fixed", moderation="approved", never_public="1"))
    observation = Observation.objects.get()
    assert observation.status == Status.NEW and observation.moderation == Moderation.PENDING


def test_report__est_category__rejected(client: Any, quick_forms: None) -> None:
    from trygg.incidents.models import Category

    est = Category.objects.get(code="narkotika-forsaljning")
    response = client.post(reverse("public:report"), form_data(category=est.pk))
    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_report__rate_limit__eleventh_post_gets_429_and_spoofed_header_does_not_help(
        client: Any, quick_forms: None, settings: Any) -> None:
    settings.TRYGG_REPORT_RATE = "3/h"
    for _ in range(3):
        client.post(reverse("public:report"), form_data())
    response = client.post(reverse("public:report"), form_data(), HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429
    assert Observation.objects.count() == 3


def test_report__no_client_address_stored(client: Any, quick_forms: None) -> None:
    from trygg.core.models import AuditEntry

    client.post(reverse("public:report"), form_data(), REMOTE_ADDR="203.0.113.77")
    assert not AuditEntry.objects.filter(ip="203.0.113.77").exists()
    assert "203.0.113.77" not in str(list(Observation.objects.values()))


def test_report__similar_nearby__no_js_step_then_submit(client: Any, quick_forms: None) -> None:
    existing = ResidentReportFactory.create_public(lat=LAGERSBERG[0] + 0.0003, lon=LAGERSBERG[1])
    data = form_data()
    step = client.post(reverse("public:report"), data)
    assert step.status_code == 200
    assert str(existing.public_id) in step.content.decode()
    assert not Observation.objects.exclude(pk=existing.pk).exists()
    data["seen_similar"] = "1"
    done = client.post(reverse("public:report"), data)
    assert done.status_code == 302
    assert Observation.objects.exclude(pk=existing.pk).count() == 1


def test_similar_json__lists_open_public_same_category_within_150m(client: Any) -> None:
    near = ResidentReportFactory.create_public(lat=LAGERSBERG[0] + 0.0005, lon=LAGERSBERG[1])
    ResidentReportFactory.create_public(lat=LAGERSBERG[0] + 0.01, lon=LAGERSBERG[1])  # ~1 km away
    ResidentReportFactory.create_pending(lat=LAGERSBERG[0], lon=LAGERSBERG[1])
    ResidentReportFactory.create_public(category=resident_category("inv-klotter"))
    ResidentReportFactory.create_public(status=Status.FIXED)
    response = client.get(reverse("public:similar"), {"lat": LAGERSBERG[0], "lon": LAGERSBERG[1],
                                                      "category": resident_category().pk})
    assert [r["id"] for r in response.json()["reports"]] == [str(near.public_id)]


def test_similar_json__bad_input__empty_list(client: Any) -> None:
    response = client.get(reverse("public:similar"), {"lat": "nan", "lon": "x", "category": "abc"})
    assert response.json() == {"reports": []}


def test_report_status__still_not_fixed__reopens_and_notifies_department(
        client: Any, make_member: Any, django_capture_on_commit_callbacks: Any) -> None:
    handler = make_member(role="atgardsansvarig")
    department = handler.memberships.get().organisation
    department.email = "gata@eskilstuna.example"
    department.save()
    report = ResidentReportFactory.create_public(responsible_organisation=department, contact_email="a@example.se")
    report_mark_fixed(observation=report, by=handler, note="Ny lampa")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public:report_reopen", args=[report.public_id]), {"note": "Fortfarande mörkt"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ASSIGNED
    assert report.status_updates.last().kind == "reopened"
    assert [m.to for m in mail.outbox] == [["gata@eskilstuna.example"]]
    page = client.get(reverse("public:report_status", args=[report.public_id])).content.decode()
    assert "Fortfarande inte åtgärdat" in page


def test_report_status__open_report__cannot_be_reopened(client: Any) -> None:
    report = ResidentReportFactory.create_public()
    client.post(reverse("public:report_reopen", args=[report.public_id]))
    report.refresh_from_db()
    assert report.status == Status.NEW and not report.status_updates.exists()


def test_report_status__unknown_id__404(client: Any) -> None:
    assert client.get(reverse("public:report_status", args=[uuid.uuid4()])).status_code == 404
