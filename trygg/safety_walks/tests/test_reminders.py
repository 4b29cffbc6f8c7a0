"""Reminders before a walk's förmöte, the walk and the uppföljande möte: once per date and recipient, never for a
date that has passed, a removed walk, or (förmöte and walk) a walk whose protocol is fastställt."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.core.models import AuditEntry
from trygg.safety_walks import services
from trygg.safety_walks.models import WalkReminder, WalkStatus

from .factories import SafetyWalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(make_member: Any) -> Any:
    """A walk in two days with a förmöte tomorrow and a follow-up in a month: one organiser with an address,
    one without, Kfast invited with a functional address, an organisation without one and a deactivated one."""
    sara = make_member(role="samordnare", username="sara", email="sara@eskilstuna.example")
    silent = make_member(role="rapportor", username="utan", email="")
    now = timezone.now()
    walk = SafetyWalkFactory(title="Kvällsvandring Lagersberg", meeting_place="Lagersbergsskolans entré",
                             premeeting_at=now + dt.timedelta(days=1), walk_at=now + dt.timedelta(days=2),
                             followup_at=now + dt.timedelta(days=30), organisers=[sara, silent],
                             organisation=sara.memberships.get().organisation)
    walk.invited_organisations.set([OrganisationFactory(name="Kfast", email="kfast@example.se"),
                                    OrganisationFactory(email=""),
                                    OrganisationFactory(email="gone@example.se", is_active=False)])
    return walk


def _send(capture: Any, **kwargs: Any) -> int:
    with capture(execute=True):
        return services.walk_reminders_send(**kwargs)


def test_reminders__due_dates__one_mail_per_address_and_date_with_time_place_and_link(
        planned: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    assert _send(django_capture_on_commit_callbacks) == 4  # förmöte and walk, to Sara and Kfast; follow-up later
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("kfast@example.se", "Påminnelse: förmöte, Kvällsvandring Lagersberg"),
        ("kfast@example.se", "Påminnelse: vandring, Kvällsvandring Lagersberg"),
        ("sara@eskilstuna.example", "Påminnelse: förmöte, Kvällsvandring Lagersberg"),
        ("sara@eskilstuna.example", "Påminnelse: vandring, Kvällsvandring Lagersberg"),
    ]
    walk_mail = next(m for m in mailoutbox if m.to == ["kfast@example.se"] and "vandring," in m.subject)
    when = timezone.localtime(planned.walk_at)
    assert "Påminnelse: trygghetsvandringen ”Kvällsvandring Lagersberg” i Lagersberg. Kfast är inbjuden." in \
        walk_mail.body
    assert f"{when:%H:%M}" in walk_mail.body and "Samlingsplats: Lagersbergsskolans entré" in walk_mail.body
    assert f"/org/walks/{planned.pk}/walk/" in walk_mail.body
    sara = planned.organisers.get(username="sara")
    assert f"Hej {sara.get_full_name()}," in next(m.body for m in mailoutbox if m.to == ["sara@eskilstuna.example"])
    assert AuditEntry.objects.filter(object_id=str(planned.pk), detail__kind="walk_reminder").count() == 2


def test_reminders__second_run__nothing_sent_again(planned: Any, mailoutbox: Any,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    _send(django_capture_on_commit_callbacks)
    assert _send(django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 4 and WalkReminder.objects.count() == 4


def test_reminders__follow_up__reminded_after_the_protocol_is_closed(
        planned: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    with freeze_time(timezone.now() + dt.timedelta(days=28)):
        planned.status = WalkStatus.CLOSED
        planned.save(update_fields=["status"])
        assert _send(django_capture_on_commit_callbacks) == 2
    assert {m.subject for m in mailoutbox} == {"Påminnelse: uppföljande möte, Kvällsvandring Lagersberg"}
    assert f"/org/walks/{planned.pk}/follow-up/" in mailoutbox[0].body


def test_reminders__closed_removed_or_past__no_reminder(planned: Any, mailoutbox: Any,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    planned.status = WalkStatus.CLOSED  # förmöte and walk are moot once the protocol is fastställt
    planned.save(update_fields=["status"])
    assert _send(django_capture_on_commit_callbacks) == 0
    planned.status = WalkStatus.PLANNED
    planned.deleted_at = timezone.now()
    planned.save(update_fields=["status", "deleted_at"])
    assert _send(django_capture_on_commit_callbacks) == 0
    planned.deleted_at = None
    planned.save(update_fields=["deleted_at"])
    with freeze_time(timezone.now() + dt.timedelta(days=3)):  # both dates passed, the follow-up 27 days away
        assert _send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_reminders__lead_time__calendar_days(planned: Any, settings: Any, mailoutbox: Any,
                                             django_capture_on_commit_callbacks: Any) -> None:
    settings.TRYGG_WALK_REMINDER_DAYS = 0  # only what happens today
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert timezone.localtime(planned.premeeting_at).date() == tomorrow
    assert _send(django_capture_on_commit_callbacks) == 0
    assert _send(django_capture_on_commit_callbacks, days=1) == 2  # the förmöte tomorrow


def test_reminders__mail_server_down__recorded_and_not_resent(planned: Any, mailoutbox: Any,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    with mock.patch("trygg.core.reminders.send_mass_mail", side_effect=OSError("smtp down")):
        assert _send(django_capture_on_commit_callbacks) == 4
    assert _send(django_capture_on_commit_callbacks) == 0 and mailoutbox == []


def test_command__sends_and_reports(planned: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_walk_reminders", stdout=out)
    assert "skickade till 4 mottagare" in out.getvalue() and len(mailoutbox) == 4
