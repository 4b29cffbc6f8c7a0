"""Weekly EST reminders: organisations without a report this week get one e-mail per rapportör, once."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.core.geo import iso_week_of, shift_week, week_label
from trygg.core.models import AuditEntry
from trygg.incidents.models import WeeklyReminder
from trygg.incidents.reminders import weekly_reminders_send
from trygg.incidents.services import weekly_report_nothing
from trygg.incidents.tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def _reporter(organisation: Any, email: str) -> Any:
    user = UserFactory(email=email)
    MembershipFactory(organisation=organisation, user=user, role="rapportor")
    return user


@pytest.fixture
def cast() -> dict[str, Any]:
    silent = OrganisationFactory(name="Tysta bolaget")
    _reporter(silent, "anna@tyst.example")
    _reporter(silent, "bo@tyst.example")
    quiet_week = OrganisationFactory(name="Lugna skolan")
    quiet_reporter = _reporter(quiet_week, "cilla@lugn.example")
    busy = OrganisationFactory(name="Aktiva polisen")
    _reporter(busy, "dan@aktiv.example")
    no_email = OrganisationFactory(name="Utan e-post")
    _reporter(no_email, "")
    year, week = iso_week_of(timezone.now())
    weekly_report_nothing(organisation=quiet_week, user=quiet_reporter, year=year, week=week)
    ObservationFactory(organisation=busy)
    return {"silent": silent, "year": year, "week": week}


def test_send__only_missing_organisations__one_mail_per_rapportor__once_a_week(
        cast: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_reminders_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tyst.example", "bo@tyst.example"]
    message = mail.outbox[0]
    assert "Tysta bolaget" in message.subject and week_label(cast["year"], cast["week"]) in message.subject
    assert reverse("incidents:week") + f"?week={week_label(cast['year'], cast['week'])}" in message.body
    assert "Inget att rapportera" in message.body
    reminder = WeeklyReminder.objects.get()
    assert (reminder.organisation, reminder.recipients) == (cast["silent"], 2)
    assert AuditEntry.objects.filter(object_type="accounts.organisation", detail__kind="weekly_reminder").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_reminders_send() == 0  # not twice in a week
    assert len(mail.outbox) == 2


def test_send__another_week_is_its_own(cast: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    last = shift_week(cast["year"], cast["week"], -1)
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_reminders_send(year=last[0], week=last[1]) == 3  # nobody answered last week
        assert weekly_reminders_send() == 1
    assert WeeklyReminder.objects.count() == 4


def test_command__reports_how_many(cast: dict[str, Any]) -> None:
    out = StringIO()
    call_command("send_weekly_reminders", stdout=out)
    assert "Påminnelse skickad till 1 aktörer" in out.getvalue()


def test_view__samordnare_reminds_from_the_week_page(cast: dict[str, Any], make_member: Any, login: Any,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    client = login(make_member(role="samordnare"))
    label = week_label(cast["year"], cast["week"])
    page = client.get(reverse("incidents:week")).content.decode()
    assert "Påminn aktörerna som saknas via e-post" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("incidents:remind"), {"week": label}, follow=True)
    assert "Påminnelse skickad till 1 aktör." in response.content.decode()
    assert "påmind" in response.content.decode()
    assert len(mail.outbox) == 2
    again = client.post(reverse("incidents:remind"), {"week": label}, follow=True)
    assert "Ingen ny påminnelse behövdes" in again.content.decode()
    future = week_label(*shift_week(cast["year"], cast["week"], 1))
    refused = client.post(reverse("incidents:remind"), {"week": future}, follow=True)
    assert "Veckan har inte börjat än" in refused.content.decode()


@pytest.mark.parametrize("role", ["rapportor", "analytiker", "kommunpolis", "styrgrupp"])
def test_view__only_the_samordnare(role: str, cast: dict[str, Any], make_member: Any, login: Any) -> None:
    client = login(make_member(role=role))
    response = client.post(reverse("incidents:remind"), {"week": week_label(cast["year"], cast["week"])})
    assert response.status_code == 403
    assert "Påminn aktörerna" not in client.get(reverse("incidents:week")).content.decode()
    assert not WeeklyReminder.objects.exists() and not mail.outbox


def test_view__anonymous_is_sent_to_sign_in(client: Any) -> None:
    response = client.post(reverse("incidents:remind"), {"week": "2026-W01"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
