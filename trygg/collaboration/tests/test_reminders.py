"""Reminders before a meeting (once per meeting and recipient, never for cancelled or past meetings) and
cancelling a meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from freezegun import freeze_time

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.collaboration import services
from trygg.collaboration.models import Invitation, Meeting, MeetingReminder
from trygg.core.models import AuditEntry

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(cast: dict[str, Any]) -> dict[str, Any]:
    """A trygghetsråd in two days: Kfast (functional address) answered yes through Helena; Securitas (address)
    has not answered; an organisation without an address is invited too."""
    cast["partner_org"].email = "kfast@example.se"
    cast["partner_org"].save()
    cast["other_org"].email = "securitas@example.se"
    cast["other_org"].save()
    cast["partner"].email = "helena@kfast.example.se"
    cast["partner"].save()
    meeting = MeetingFactory.create_with_invited(cast["partner_org"], cast["other_org"], OrganisationFactory(email=""),
                                                 title="Trygghetsråd våren", place="Stadshuset, sal A",
                                                 starts_at=timezone.now() + dt.timedelta(days=2))
    services.meeting_rsvp(meeting=meeting, organisation=cast["partner_org"], answer="attend", attendees=2,
                          by=cast["partner"])
    return {**cast, "meeting": meeting}


def _send(capture: Any, **kwargs: Any) -> int:
    with capture(execute=True):
        return services.meeting_reminders_send(**kwargs)


def test_reminders__due_meeting__one_mail_per_address_with_time_place_and_agenda(
        invited: dict[str, Any], mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    meeting = invited["meeting"]
    assert _send(django_capture_on_commit_callbacks) == 3
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"kfast@example.se", "securitas@example.se", "helena@kfast.example.se"}
    body = by_address["securitas@example.se"].body
    assert "Trygghetsråd våren" in by_address["securitas@example.se"].subject
    assert "Stadshuset, sal A" in body
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") in body
    assert f"/org/collaboration/meetings/{meeting.pk}/agenda/" in body
    assert "Ni har inte svarat ännu" in body
    assert "kommer med 2 personer" in by_address["helena@kfast.example.se"].body
    assert "Ert svar: ni kommer, 2 personer." in by_address["kfast@example.se"].body
    assert MeetingReminder.objects.filter(meeting=meeting).count() == 3
    assert AuditEntry.objects.get(object_type="collaboration.meeting", action="created",
                                  detail__kind="meeting_reminder").detail["recipients"] == 3


def test_reminders__second_run__nothing_sent_again(invited: dict[str, Any], mailoutbox: Any,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    _send(django_capture_on_commit_callbacks)
    assert _send(django_capture_on_commit_callbacks, now=timezone.now() + dt.timedelta(hours=20)) == 0
    assert len(mailoutbox) == 3


def test_reminders__answer_given_after_first_run__only_the_new_person_reminded(
        invited: dict[str, Any], mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    from trygg.accounts.tests.factories import MembershipFactory, UserFactory

    _send(django_capture_on_commit_callbacks)
    guard = UserFactory(email="vakt@securitas.example.se")
    MembershipFactory(user=guard, organisation=invited["other_org"], role="rapportor")
    services.meeting_rsvp(meeting=invited["meeting"], organisation=invited["other_org"], answer="attend", attendees=1,
                          by=guard)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert mailoutbox[-1].to == ["vakt@securitas.example.se"]


def test_reminders__declined_or_departed_person__only_the_organisation_address(
        invited: dict[str, Any], mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    services.meeting_rsvp(meeting=invited["meeting"], organisation=invited["partner_org"], answer="decline",
                          attendees=0, by=invited["partner"])
    _send(django_capture_on_commit_callbacks)
    assert "helena@kfast.example.se" not in [m.to[0] for m in mailoutbox]
    assert "Ert svar: ni kommer inte." in next(m for m in mailoutbox if m.to == ["kfast@example.se"]).body


def test_reminders__person_no_longer_member__not_reminded(invited: dict[str, Any], mailoutbox: Any,
                                                          django_capture_on_commit_callbacks: Any) -> None:
    invited["partner"].memberships.all().delete()
    _send(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mailoutbox) == ["kfast@example.se", "securitas@example.se"]


def test_reminders__cancelled_meeting__never_reminded(invited: dict[str, Any], mailoutbox: Any,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    services.meeting_cancel(meeting=invited["meeting"], by=invited["samordnare"], notify=False)
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == [] and not MeetingReminder.objects.exists()


def test_reminders__past_or_started_meeting__never_reminded(cast: dict[str, Any], mailoutbox: Any,
                                                            django_capture_on_commit_callbacks: Any) -> None:
    cast["partner_org"].email = "kfast@example.se"
    cast["partner_org"].save()
    MeetingFactory.create_with_invited(cast["partner_org"], starts_at=timezone.now() - dt.timedelta(days=1))
    MeetingFactory.create_with_invited(cast["partner_org"], starts_at=timezone.now() - dt.timedelta(minutes=5))
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


@freeze_time("2026-03-09 06:00:00")  # Monday 07:00 in Stockholm
def test_reminders__lead_time__from_three_calendar_days_before(cast: dict[str, Any], mailoutbox: Any, settings: Any,
                                                               django_capture_on_commit_callbacks: Any) -> None:
    settings.TRYGG_MEETING_REMINDER_DAYS = 3
    cast["partner_org"].email = "kfast@example.se"
    cast["partner_org"].save()
    tz = timezone.get_current_timezone()
    thursday = MeetingFactory.create_with_invited(cast["partner_org"], title="Torsdag",
                                                  starts_at=dt.datetime(2026, 3, 12, 18, 0, tzinfo=tz))
    MeetingFactory.create_with_invited(cast["partner_org"], title="Fredag",
                                       starts_at=dt.datetime(2026, 3, 13, 0, 0, tzinfo=tz))
    assert _send(django_capture_on_commit_callbacks) == 1
    assert list(MeetingReminder.objects.values_list("meeting", flat=True)) == [thursday.pk]


def test_reminders__recorded_before_mail__a_failed_mail_is_not_resent(invited: dict[str, Any], mailoutbox: Any,
                                                                      django_capture_on_commit_callbacks: Any) -> None:
    with mock.patch("trygg.core.reminders.send_mass_mail", side_effect=OSError("smtp down")):
        assert _send(django_capture_on_commit_callbacks) == 3
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == [] and MeetingReminder.objects.count() == 3


def test_reminders__rolled_back__no_mail_and_no_record(invited: dict[str, Any], mailoutbox: Any,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.meeting_reminders_send()
        raise RuntimeError("crash before commit")
    assert mailoutbox == [] and not MeetingReminder.objects.exists()


def test_reminders__one_per_meeting_and_recipient__enforced_by_the_database(invited: dict[str, Any]) -> None:
    """A concurrent run that read no reminders yet cannot record a second one (the run skips on IntegrityError)."""
    meeting = invited["meeting"]
    MeetingReminder.objects.create(meeting=meeting, organisation=invited["partner_org"])
    MeetingReminder.objects.create(meeting=meeting, user=invited["partner"])
    for duplicate in ({"organisation": invited["partner_org"]}, {"user": invited["partner"]},
                      {"organisation": invited["other_org"], "user": invited["partner"]}):
        with pytest.raises(IntegrityError), transaction.atomic():
            MeetingReminder.objects.create(meeting=meeting, **duplicate)


def test_reminders__concurrent_run_recorded_first__skipped_without_error(
        invited: dict[str, Any], mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    meeting = invited["meeting"]
    real_filter = MeetingReminder.objects.filter

    def other_run_wins(*args: Any, **kwargs: Any) -> Any:
        # The other run records Kfast's reminder between this run's read and its write.
        MeetingReminder.objects.get_or_create(meeting=meeting, organisation=invited["partner_org"])
        return real_filter(*args, **kwargs).none()

    with mock.patch.object(MeetingReminder.objects, "filter", side_effect=other_run_wins):
        assert _send(django_capture_on_commit_callbacks) == 2
    assert "kfast@example.se" not in [m.to[0] for m in mailoutbox]


def test_reminders__command_and_task__send_and_report(invited: dict[str, Any], mailoutbox: Any, capsys: Any,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    from trygg.collaboration.tasks import send_meeting_reminders

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders")
    assert "3 mottagare" in capsys.readouterr().out
    assert len(mailoutbox) == 3
    assert send_meeting_reminders.enqueue().return_value == 0


# ---- cancelling --------------------------------------------------------------------------------------------------

def test_meeting__cancel__invitees_told_after_commit_and_audited(invited: dict[str, Any], mailoutbox: Any,
                                                                 django_capture_on_commit_callbacks: Any) -> None:
    meeting = invited["meeting"]
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=invited["samordnare"])
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancelled_by == invited["samordnare"]
    assert sorted(m.to[0] for m in mailoutbox) == ["helena@kfast.example.se", "kfast@example.se",
                                                  "securitas@example.se"]
    assert all(m.subject == "Inställt: Trygghetsråd våren" for m in mailoutbox)
    assert AuditEntry.objects.filter(object_type="collaboration.meeting", action="status.changed",
                                     detail__status="cancelled").exists()


def test_meeting__cancel__refused_for_partner_started_or_already_cancelled(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(meeting=meeting, by=cast["partner"])
    started = MeetingFactory(starts_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=started, by=cast["samordnare"])
    services.meeting_cancel(meeting=meeting, by=cast["samordnare"], notify=False)
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, by=cast["samordnare"])
    assert not Meeting.objects.get(pk=started.pk).is_cancelled


def test_meeting__cancelled__answers_contributions_invitations_and_edits_refused(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    services.meeting_cancel(meeting=meeting, by=cast["samordnare"], notify=False)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.meeting_rsvp(meeting=meeting, organisation=cast["partner_org"], answer="attend", attendees=1,
                              by=cast["partner"])
    assert error.value.message_dict["answer"] == ["Mötet är inställt."]
    with pytest.raises(ValidationError):
        services.contribution_save(meeting=meeting, organisation=cast["partner_org"], what_we_do="X",
                                   by=cast["partner"])
    with pytest.raises(ValidationError):
        services.meeting_invite(meeting=meeting, organisations=[cast["other_org"]], by=cast["samordnare"])
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, by=cast["samordnare"], kind=meeting.kind, title="Ny",
                                starts_at=meeting.starts_at, place="X")
    assert Invitation.objects.get(meeting=meeting).rsvp == "pending"


def test_meeting__cancel_via_view__confirm_then_cancelled_and_shown(cast: dict[str, Any], login: Any) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    url = reverse("collaboration:meeting_cancel", args=[meeting.pk])
    client = login(cast["samordnare"])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ställ in mötet" in confirm.content.decode()
    when = date_format(timezone.localtime(meeting.starts_at), "l j F Y, H:i")
    assert when in confirm.content.decode() and meeting.place in confirm.content.decode()
    assert client.post(url).status_code == 302
    page = login(cast["partner"]).get(reverse("collaboration:meeting", args=[meeting.pk])).content.decode()
    assert "Inställt" in page and "Spara svar" not in page
    again = client.post(url)
    assert again.status_code == 400 and "Mötet är redan inställt." in again.content.decode()


@pytest.mark.parametrize("role", ["partner", "kommunpolis", "styrgrupp"])
def test_meeting_cancel__other_roles__403(cast: dict[str, Any], login: Any, role: str) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"], chair=cast["styrgrupp"])
    client = login(cast[role])
    url = reverse("collaboration:meeting_cancel", args=[meeting.pk])
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
