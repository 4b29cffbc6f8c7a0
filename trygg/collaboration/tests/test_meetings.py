"""Meeting services: the cycle from invitation to published minutes, and bad input saving nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trygg.collaboration import services
from trygg.collaboration.models import Contribution, Decision, Invitation, Meeting
from trygg.core.models import AuditEntry
from trygg.interventions.models import Intervention

from .factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_meeting__full_cycle__decision_becomes_intervention_and_minutes_published(cast: dict[str, Any]) -> None:
    sam, partner, org = cast["samordnare"], cast["partner"], cast["partner_org"]
    meeting = services.meeting_create(kind="trygghetsrad", title="Trygghetsråd december", place="Stadshuset",
                                      starts_at=timezone.now() + dt.timedelta(days=10), created_by=sam, chair=sam)
    services.meeting_invite(meeting=meeting, organisations=[org, cast["other_org"]], by=sam)
    invitation = services.meeting_rsvp(meeting=meeting, organisation=org, answer="attend", attendees=3, by=partner)
    services.contribution_save(meeting=meeting, organisation=org, what_we_do="Fastighetsvärdar kvällstid",
                               can_contribute="Belysning på gårdarna", by=partner)
    services.agenda_item_add(meeting=meeting, order=1, title="Välkommen", presenter=org, by=sam,
                             starts_at=dt.time(13, 0), ends_at=dt.time(13, 10))
    decision = services.decision_create(meeting=meeting, text="Ny belysning i gångtunneln", owner=org,
                                        due_date=timezone.localdate() + dt.timedelta(days=30), by=sam)
    intervention = services.decision_to_intervention(decision=decision, by=sam)
    services.minutes_save(meeting=meeting, minutes="Rådet beslutade om belysning.", visibility="public", by=sam)
    services.minutes_approve(meeting=meeting, by=sam)
    services.minutes_publish(meeting=meeting, by=sam)

    meeting.refresh_from_db()
    decision.refresh_from_db()
    assert invitation.attendees == 3
    assert Contribution.objects.get(meeting=meeting, organisation=org).can_contribute == "Belysning på gårdarna"
    assert decision.intervention == intervention
    assert intervention.origin == decision and intervention.owner == org
    assert Meeting.objects.with_public_minutes().filter(pk=meeting.pk).exists()
    actions = set(AuditEntry.objects.filter(object_id=str(meeting.pk), object_type="collaboration.meeting")
                  .values_list("action", flat=True))
    assert {"approved", "published"} <= actions


def test_decision__convert_twice__refused_and_one_intervention(cast: dict[str, Any]) -> None:
    decision = DecisionFactory(owner=cast["partner_org"])
    services.decision_to_intervention(decision=decision, by=cast["samordnare"])
    with pytest.raises(ValidationError):
        services.decision_to_intervention(decision=decision, by=cast["samordnare"])
    assert Intervention.objects.count() == 1


def test_decision__due_date_in_past__clear_error_nothing_saved(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        services.decision_create(meeting=meeting, text="Något", owner=cast["partner_org"],
                                 due_date=timezone.localdate() - dt.timedelta(days=1), by=cast["samordnare"])
    assert "due_date" in error.value.message_dict
    assert not Decision.objects.exists()


def test_rsvp__after_meeting_started__refused_nothing_saved(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"], starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        services.meeting_rsvp(meeting=meeting, organisation=cast["partner_org"], answer="attend", attendees=2,
                              by=cast["partner"])
    assert "answer" in error.value.message_dict
    assert Invitation.objects.get(meeting=meeting).rsvp == "pending"


def test_rsvp__attend_without_attendees__refused(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    with pytest.raises(ValidationError) as error:
        services.meeting_rsvp(meeting=meeting, organisation=cast["partner_org"], answer="attend", attendees=0,
                              by=cast["partner"])
    assert "attendees" in error.value.message_dict


def test_rsvp__for_another_organisation__denied(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    with pytest.raises(PermissionDenied):
        services.meeting_rsvp(meeting=meeting, organisation=cast["partner_org"], answer="decline", attendees=0,
                              by=cast["other"])


def test_contribution__after_start__refused_and_unchanged(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    services.contribution_save(meeting=meeting, organisation=cast["partner_org"], what_we_do="Före", by=cast["partner"])
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        services.contribution_save(meeting=meeting, organisation=cast["partner_org"], what_we_do="Efter",
                                   by=cast["partner"])
    assert Contribution.objects.get(meeting=meeting).what_we_do == "Före"


def test_contribution__not_invited_organisation__denied(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    with pytest.raises(PermissionDenied):
        services.contribution_save(meeting=meeting, organisation=cast["other_org"], what_we_do="X", by=cast["other"])


def test_minutes__publish_before_approval__refused(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory(minutes="Text")
    with pytest.raises(ValidationError):
        services.minutes_publish(meeting=meeting, by=cast["samordnare"])


def test_minutes__approve_empty__refused(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory()
    with pytest.raises(ValidationError):
        services.minutes_approve(meeting=meeting, by=cast["samordnare"])


def test_minutes__approve_by_chair__allowed_by_partner__denied(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory(minutes="Text", chair=cast["styrgrupp"])
    with pytest.raises(PermissionDenied):
        services.minutes_approve(meeting=meeting, by=cast["partner"])
    assert services.minutes_approve(meeting=meeting, by=cast["styrgrupp"]).minutes_status == "approved"


def test_meeting__ends_before_start__refused(cast: dict[str, Any]) -> None:
    start = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(kind="est", title="EST", place="Stadshuset", starts_at=start,
                                ends_at=start - dt.timedelta(hours=1), created_by=cast["samordnare"])
    assert "ends_at" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_meeting__visible_to__invited_sees_other_does_not(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    assert Meeting.objects.visible_to(cast["partner"]).filter(pk=meeting.pk).exists()
    assert not Meeting.objects.visible_to(cast["other"]).filter(pk=meeting.pk).exists()
    assert Meeting.objects.visible_to(cast["samordnare"]).filter(pk=meeting.pk).exists()


def test_meeting__invite__mails_each_organisation_after_commit(cast: dict[str, Any], mailoutbox: Any,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    cast["partner_org"].email = "kfast@example.se"
    cast["partner_org"].save()
    meeting = MeetingFactory(title="Trygghetsråd våren")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(meeting=meeting, organisations=[cast["partner_org"], cast["other_org"]],
                                by=cast["samordnare"])
        services.meeting_invite(meeting=meeting, organisations=[cast["partner_org"]], by=cast["samordnare"])
    assert [m.to for m in mailoutbox] == [["kfast@example.se"]]
    assert "Trygghetsråd våren" in mailoutbox[0].subject
    assert f"/org/collaboration/meetings/{meeting.pk}/" in mailoutbox[0].body
