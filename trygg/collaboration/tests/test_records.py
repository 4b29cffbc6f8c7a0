"""Correcting and removing a meeting's group work and decisions: only by those who write the minutes, only while the
minutes are a draft, never removing a decision that became an insats; every change audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from trygg.collaboration import services
from trygg.collaboration.models import Decision, GroupNote
from trygg.core.models import AuditEntry
from trygg.interventions.models import Intervention

from .factories import DecisionFactory, GroupNoteFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _audit(action: str, obj: Any) -> AuditEntry:
    return AuditEntry.objects.get(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk))


# ---- services ----------------------------------------------------------------------------------------------------

def test_group_note__update__saved_and_audited_with_changed_fields(cast: dict[str, Any]) -> None:
    note = GroupNoteFactory()
    services.group_note_update(note=note, theme="Lagersberg centrum", notes="Gångtunneln är mörk på kvällarna.",
                               by=cast["samordnare"])
    note.refresh_from_db()
    assert note.theme == "Lagersberg centrum"
    entry = _audit("updated", note)
    assert entry.actor == cast["samordnare"] and entry.detail["fields"] == "theme"


def test_group_note__update_unchanged__no_audit_entry(cast: dict[str, Any]) -> None:
    note = GroupNoteFactory()
    services.group_note_update(note=note, theme=note.theme, notes=note.notes, by=cast["samordnare"])
    assert not AuditEntry.objects.filter(action="updated", object_type="collaboration.groupnote").exists()


def test_group_note__remove__gone_and_audited(cast: dict[str, Any]) -> None:
    note = GroupNoteFactory()
    services.group_note_remove(note=note, by=cast["samordnare"])
    assert not GroupNote.objects.exists()
    assert _audit("deleted", note).detail["meeting"] == note.meeting_id


@pytest.mark.parametrize("status", ["approved", "published"])
def test_group_note__update_and_remove_after_minutes_approved__refused_unchanged(cast: dict[str, Any],
                                                                                  status: str) -> None:
    note = GroupNoteFactory(meeting=MeetingFactory.create_approved(minutes_status=status))
    with pytest.raises(ValidationError) as error:
        services.group_note_update(note=note, theme="Ändrat", notes="Ändrat", by=cast["samordnare"])
    assert error.value.code == "minutes_approved"
    assert "justerat" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.group_note_remove(note=note, by=cast["samordnare"])
    note.refresh_from_db()
    assert note.theme == "Lagersberg"
    assert not AuditEntry.objects.filter(object_type="collaboration.groupnote").exists()


def test_record__add_after_minutes_approved__refused(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_approved()
    with pytest.raises(ValidationError):
        services.group_note_add(meeting=meeting, theme="Sent", notes="Efteråt", by=cast["samordnare"])
    with pytest.raises(ValidationError):
        services.decision_create(meeting=meeting, text="Sent beslut", owner=cast["partner_org"],
                                 due_date=timezone.localdate() + dt.timedelta(days=5), by=cast["samordnare"])
    assert not GroupNote.objects.exists() and not Decision.objects.exists()


def test_record__invited_partner__denied(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    note = GroupNoteFactory(meeting=meeting)
    decision = DecisionFactory(meeting=meeting, owner=cast["partner_org"])
    for change in (
        lambda: services.group_note_update(note=note, theme="X", notes="X", by=cast["partner"]),
        lambda: services.group_note_remove(note=note, by=cast["partner"]),
        lambda: services.decision_update(decision=decision, text="X", owner=decision.owner,
                                         due_date=decision.due_date, by=cast["partner"]),
        lambda: services.decision_remove(decision=decision, by=cast["partner"]),
    ):
        with pytest.raises(PermissionDenied):
            change()
    assert GroupNote.objects.get().theme == "Lagersberg" and Decision.objects.get().text == decision.text


def test_decision__update_by_secretary__saved_and_audited(cast: dict[str, Any]) -> None:
    meeting = MeetingFactory(secretary=cast["partner"])
    decision = DecisionFactory(meeting=meeting, owner=cast["partner_org"])
    new_date = timezone.localdate() + dt.timedelta(days=10)
    services.decision_update(decision=decision, text="Belysning i gångtunneln senast i mars",
                             owner=cast["other_org"], due_date=new_date, by=cast["partner"])
    decision.refresh_from_db()
    assert (decision.text, decision.owner, decision.due_date) == (
        "Belysning i gångtunneln senast i mars", cast["other_org"], new_date)
    entry = _audit("updated", decision)
    assert entry.detail["fields"] == "text/owner/due_date" and entry.organisation == cast["other_org"]


def test_decision__due_date_moved_to_past__refused_but_old_date_may_stay(cast: dict[str, Any]) -> None:
    decision = DecisionFactory(owner=cast["partner_org"], due_date=timezone.localdate() - dt.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        services.decision_update(decision=decision, text=decision.text, owner=decision.owner,
                                 due_date=timezone.localdate() - dt.timedelta(days=1), by=cast["samordnare"])
    assert "due_date" in error.value.message_dict
    services.decision_update(decision=decision, text="Rättad text", owner=decision.owner,
                             due_date=decision.due_date, by=cast["samordnare"])
    decision.refresh_from_db()
    assert decision.text == "Rättad text"


def test_decision__with_insats__text_corrected_other_fields_refused(cast: dict[str, Any]) -> None:
    decision = DecisionFactory(owner=cast["partner_org"])
    intervention = services.decision_to_intervention(decision=decision, by=cast["samordnare"])
    decision.refresh_from_db()
    services.decision_update(decision=decision, text="Rättstavad text", owner=decision.owner,
                             due_date=decision.due_date, by=cast["samordnare"])
    with pytest.raises(ValidationError) as error:
        services.decision_update(decision=decision, text="Rättstavad text", owner=cast["other_org"],
                                 due_date=decision.due_date + dt.timedelta(days=7), by=cast["samordnare"])
    decision.refresh_from_db()
    intervention.refresh_from_db()
    assert set(error.value.message_dict) == {"owner", "due_date"}
    assert decision.text == "Rättstavad text" and decision.owner == cast["partner_org"]
    assert intervention.title == "Gatuavdelningen ser över belysningen i gångtunneln."  # the insats is its own


def test_decision__with_insats__remove_refused_and_kept(cast: dict[str, Any]) -> None:
    decision = DecisionFactory(owner=cast["partner_org"])
    services.decision_to_intervention(decision=decision, by=cast["samordnare"])
    with pytest.raises(ValidationError) as error:
        services.decision_remove(decision=decision, by=cast["samordnare"])
    assert error.value.code == "has_intervention"
    assert "insats" in error.value.messages[0]
    assert Decision.objects.filter(pk=decision.pk).exists() and Intervention.objects.count() == 1
    assert not AuditEntry.objects.filter(action="deleted").exists()


def test_decision__remove__gone_and_audited_second_click_harmless(cast: dict[str, Any]) -> None:
    decision = DecisionFactory(owner=cast["partner_org"])
    services.decision_remove(decision=decision, by=cast["samordnare"])
    services.decision_remove(decision=decision, by=cast["samordnare"])
    assert not Decision.objects.exists()
    assert AuditEntry.objects.filter(action="deleted", object_type="collaboration.decision").count() == 1


def test_decision__update_after_minutes_approved__refused(cast: dict[str, Any]) -> None:
    decision = DecisionFactory(meeting=MeetingFactory.create_approved(), owner=cast["partner_org"])
    with pytest.raises(ValidationError) as error:
        services.decision_update(decision=decision, text="Ändrat", owner=decision.owner, due_date=decision.due_date,
                                 by=cast["samordnare"])
    assert error.value.code == "minutes_approved"
    with pytest.raises(ValidationError):
        services.decision_remove(decision=decision, by=cast["samordnare"])
    assert Decision.objects.get().text == decision.text


# ---- views -------------------------------------------------------------------------------------------------------

def test_group_note__edit_and_remove_via_views__saved_audited(cast: dict[str, Any], login: Any) -> None:
    note = GroupNoteFactory()
    client = login(cast["samordnare"])
    edit = reverse("collaboration:group_note_edit", args=[note.meeting_id, note.pk])
    page = client.get(edit)
    response = client.post(edit, {"theme": "Fröslunda", "notes": "Belysningen vid skolan."})
    note.refresh_from_db()
    assert page.status_code == 200 and "Gångtunneln är mörk" in page.content.decode()
    assert response.status_code == 302 and response["Location"].endswith("#h-groups")
    assert note.theme == "Fröslunda"
    remove = reverse("collaboration:group_note_remove", args=[note.meeting_id, note.pk])
    confirm = client.get(remove)
    assert confirm.status_code == 200 and "Ta bort grupparbetet" in confirm.content.decode()
    assert client.post(remove).status_code == 302
    assert not GroupNote.objects.exists()
    assert set(AuditEntry.objects.filter(object_type="collaboration.groupnote").values_list("action", flat=True)) == {
        "updated", "deleted"}


def test_decision__edit_invalid__400_and_nothing_lost(cast: dict[str, Any], login: Any) -> None:
    decision = DecisionFactory(owner=cast["partner_org"])
    response = login(cast["samordnare"]).post(
        reverse("collaboration:decision_edit", args=[decision.meeting_id, decision.pk]),
        {"text": "Ny formulering som inte får försvinna", "owner": cast["other_org"].pk,
         "due_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat()})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Datumet har redan passerat" in body and "Ny formulering som inte får försvinna" in body
    assert f'value="{cast["other_org"].pk}" selected' in body
    decision.refresh_from_db()
    assert decision.text == "Gatuavdelningen ser över belysningen i gångtunneln."


def test_group_note__edit_after_approval__explained_and_posted_text_kept(cast: dict[str, Any], login: Any) -> None:
    note = GroupNoteFactory(meeting=MeetingFactory.create_approved())
    client = login(cast["samordnare"])
    url = reverse("collaboration:group_note_edit", args=[note.meeting_id, note.pk])
    page = client.get(url).content.decode()
    response = client.post(url, {"theme": "Lagersberg", "notes": "Min långa rättelse"})
    body = response.content.decode()
    assert "fastställd handling" in page and "<textarea" not in page
    assert response.status_code == 400 and "fastställd handling" in body and "Min långa rättelse" in body
    note.refresh_from_db()
    assert note.notes == "Gångtunneln är mörk på kvällarna."


def test_decision__with_insats__edit_page_locks_fields_and_remove_explains_with_link(cast: dict[str, Any],
                                                                                      login: Any) -> None:
    decision = DecisionFactory(owner=cast["partner_org"])
    intervention = services.decision_to_intervention(decision=decision, by=cast["samordnare"])
    client = login(cast["samordnare"])
    edit = reverse("collaboration:decision_edit", args=[decision.meeting_id, decision.pk])
    remove = reverse("collaboration:decision_remove", args=[decision.meeting_id, decision.pk])
    insats_url = reverse("interventions:detail", args=[intervention.pk])
    page = client.get(edit).content.decode()
    # A tampered post cannot move the owner: disabled fields keep the decision's values.
    saved = client.post(edit, {"text": "Rättad text", "owner": cast["other_org"].pk,
                               "due_date": (timezone.localdate() + dt.timedelta(days=90)).isoformat()})
    refused = client.post(remove)
    decision.refresh_from_db()
    assert re.search(r'<select name="owner"[^>]*disabled', page) and "Ändras på insatsen." in page
    assert insats_url in page and "kan inte tas bort" in page
    assert saved.status_code == 302 and decision.text == "Rättad text" and decision.owner == cast["partner_org"]
    assert refused.status_code == 400 and insats_url in refused.content.decode()
    assert "kan inte tas bort" in refused.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_meeting_page__edit_links__for_writers_while_draft_only(cast: dict[str, Any], login: Any) -> None:
    draft = MeetingFactory.create_with_invited(cast["partner_org"])
    GroupNoteFactory(meeting=draft)
    decision = DecisionFactory(meeting=draft, owner=cast["partner_org"])
    approved = MeetingFactory.create_approved()
    approved_note = GroupNoteFactory(meeting=approved)
    edit_link = reverse("collaboration:decision_edit", args=[draft.pk, decision.pk])
    sam = login(cast["samordnare"])
    assert edit_link in sam.get(reverse("collaboration:meeting", args=[draft.pk])).content.decode()
    assert edit_link not in login(cast["partner"]).get(reverse("collaboration:meeting", args=[draft.pk])
                                                       ).content.decode()
    approved_page = sam.get(reverse("collaboration:meeting", args=[approved.pk])).content.decode()
    assert reverse("collaboration:group_note_edit", args=[approved.pk, approved_note.pk]) not in approved_page
    assert reverse("collaboration:meeting_group_note", args=[approved.pk]) not in approved_page
    assert "Protokollet är justerat, så grupparbete och beslut kan inte längre ändras." in approved_page


@pytest.mark.parametrize("role", ["partner", "kommunpolis", "styrgrupp"])
def test_record_views__roles_that_see_but_do_not_write__403_nothing_changed(cast: dict[str, Any], login: Any,
                                                                            role: str) -> None:
    from trygg.accounts.models import Organisation

    user = cast[role]
    invited = {cast["partner_org"], *Organisation.objects.filter(memberships__user=user)}
    meeting = MeetingFactory.create_with_invited(*invited)
    note = GroupNoteFactory(meeting=meeting)
    decision = DecisionFactory(meeting=meeting, owner=cast["partner_org"])
    client = login(user)
    urls = [reverse("collaboration:group_note_edit", args=[meeting.pk, note.pk]),
            reverse("collaboration:group_note_remove", args=[meeting.pk, note.pk]),
            reverse("collaboration:decision_edit", args=[meeting.pk, decision.pk]),
            reverse("collaboration:decision_remove", args=[meeting.pk, decision.pk])]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"theme": "X", "notes": "X", "text": "X"}).status_code == 403, url
    assert GroupNote.objects.get().theme == "Lagersberg" and Decision.objects.get().text == decision.text
    assert AuditEntry.objects.filter(action="authz.denied", actor=user).count() == len(urls) * 2
