import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.areas.models import Area
from trygg.core.models import AuditEntry
from trygg.interventions.models import Intervention, OverdueReminder, Status, StatusChange
from trygg.interventions.services import (
    intervention_create,
    intervention_transition,
    intervention_update,
    overdue_reminders_send,
)
from trygg.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


def _member(org, username, role="atgardsansvarig"):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=org, role=role)
    return user


def test_intervention__create__saves_areas_audits_and_mails_responsible(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    creator, responsible = _member(org, "creator"), _member(org, "eva")
    area = Area.objects.get(slug="lagersberg")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        intervention = intervention_create(title=" Ny belysning ", owner=org, responsible=responsible, areas=[area],
                                           due_date=timezone.localdate() + dt.timedelta(days=30), created_by=creator)
    assert intervention.title == "Ny belysning"
    assert list(intervention.areas.all()) == [area]
    assert AuditEntry.objects.filter(action="created", object_id=str(intervention.pk), actor=creator).exists()
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["eva@example.se"]
    assert "Ny belysning" in mail.outbox[0].subject
    assert f"/org/interventions/{intervention.pk}/" in mail.outbox[0].body


def test_intervention__create_self_assigned__sends_no_mail(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    user = _member(org, "self")
    with django_capture_on_commit_callbacks(execute=True):
        intervention_create(title="Gallring", owner=org, responsible=user, created_by=user,
                            due_date=timezone.localdate() + dt.timedelta(days=3))
    assert mail.outbox == []


def test_intervention__create_responsible_from_other_org__refused_nothing_saved():
    org, other = OrganisationFactory(), OrganisationFactory()
    outsider = _member(other, "outsider")
    with pytest.raises(ValidationError) as exc:
        intervention_create(title="X", owner=org, responsible=outsider, created_by=outsider,
                            due_date=timezone.localdate() + dt.timedelta(days=3))
    assert "responsible" in exc.value.error_dict
    assert not Intervention.objects.exists()


def test_intervention__create_due_before_start__refused():
    org = OrganisationFactory()
    with pytest.raises(ValidationError) as exc:
        intervention_create(title="X", owner=org, created_by=None, start_date=dt.date(2026, 5, 2),
                            due_date=dt.date(2026, 5, 1))
    assert "due_date" in exc.value.error_dict


def test_intervention__update__audits_changed_fields_and_mails_new_responsible(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    editor, new_person = _member(org, "editor"), _member(org, "newperson")
    intervention = InterventionFactory(owner=org)
    area = Area.objects.get(slug="skiftinge")
    with django_capture_on_commit_callbacks(execute=True):
        intervention_update(intervention=intervention, by=editor, title="Ändrad rubrik", responsible=new_person,
                            areas=[area])
    intervention.refresh_from_db()
    assert intervention.title == "Ändrad rubrik"
    entry = AuditEntry.objects.get(action="updated", object_id=str(intervention.pk))
    assert entry.detail["fields"] == "title+responsible+areas"
    assert [m.to for m in mail.outbox] == [["newperson@example.se"]]


def test_intervention__update_status__is_not_an_editable_field():
    intervention = InterventionFactory()
    with pytest.raises(TypeError):
        intervention_update(intervention=intervention, by=None, status=Status.DONE)


def test_intervention__transition_along_workflow__records_history_and_audit():
    intervention = InterventionFactory(status=Status.PLANNED)
    user = UserFactory()
    intervention_transition(intervention=intervention, to_status=Status.IN_PROGRESS, by=user, note="Start v. 12")
    intervention_transition(intervention=intervention, to_status=Status.DONE, by=user)
    done = intervention_transition(intervention=intervention, to_status=Status.FOLLOWED_UP, by=user,
                                   note="Inga fler rapporter om mörker.")
    assert done.status == Status.FOLLOWED_UP
    assert done.follow_up_note == "Inga fler rapporter om mörker."
    assert done.completed_at is not None
    assert list(StatusChange.objects.filter(intervention=done).values_list("to_status", flat=True)) == [
        "in_progress", "done", "followed_up"]
    assert AuditEntry.objects.filter(action="status.changed", object_id=str(done.pk)).count() == 3


def test_intervention__transition_illegal__refused_nothing_changes():
    intervention = InterventionFactory(status=Status.PROPOSED)
    with pytest.raises(ValidationError, match="kan inte gå från Föreslagen till Genomförd"):
        intervention_transition(intervention=intervention, to_status=Status.DONE, by=None)
    intervention.refresh_from_db()
    assert intervention.status == Status.PROPOSED
    assert not StatusChange.objects.exists()


def test_intervention__transition_unknown_status__refused():
    intervention = InterventionFactory(status=Status.PLANNED)
    with pytest.raises(ValidationError):
        intervention_transition(intervention=intervention, to_status="bogus", by=None)


def test_intervention__follow_up_without_note__refused():
    intervention = InterventionFactory(status=Status.DONE)
    with pytest.raises(ValidationError) as exc:
        intervention_transition(intervention=intervention, to_status=Status.FOLLOWED_UP, by=None, note="  ")
    assert "note" in exc.value.error_dict
    intervention.refresh_from_db()
    assert intervention.status == Status.DONE


def test_overdue_reminders__send__once_per_week_per_intervention(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    person = _member(org, "late")
    first = InterventionFactory.create_overdue(owner=org, responsible=person, title="Beskärning")
    InterventionFactory.create_overdue(owner=org, responsible=person, title="Belysning")
    InterventionFactory(owner=org, responsible=person, title="Inte sen")
    InterventionFactory.create_overdue(owner=org, responsible=None, title="Ingen ansvarig")
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reminders_send() == 2
    assert len(mail.outbox) == 1  # one e-mail per person listing both
    assert "Beskärning" in mail.outbox[0].body and "Belysning" in mail.outbox[0].body
    assert "Inte sen" not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reminders_send(now=timezone.now() + dt.timedelta(days=6)) == 0
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reminders_send(now=timezone.now() + dt.timedelta(days=7, minutes=1)) == 2
    assert len(mail.outbox) == 2
    assert OverdueReminder.objects.filter(intervention=first).count() == 2


def test_overdue_reminders__command__enqueues_task_and_mails(django_capture_on_commit_callbacks, capsys):
    org = OrganisationFactory()
    person = _member(org, "cmd")
    InterventionFactory.create_overdue(owner=org, responsible=person)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_overdue_reminders")
    assert "1 försenade insatser" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["cmd@example.se"]]


@freeze_time("2026-03-10 10:00:00")
def test_intervention__overdue__due_yesterday_is_late_today_is_not():
    today = dt.date(2026, 3, 10)
    late = InterventionFactory(due_date=today - dt.timedelta(days=1), start_date=today - dt.timedelta(days=9))
    on_time = InterventionFactory(due_date=today, start_date=today - dt.timedelta(days=9))
    InterventionFactory(due_date=today - dt.timedelta(days=1), start_date=today - dt.timedelta(days=9),
                        status=Status.DONE)
    assert list(Intervention.objects.overdue()) == [late]
    assert late.is_overdue and late.days_overdue == 1
    assert not on_time.is_overdue


def test_intervention__overdue__uses_stockholm_date_not_utc():
    due = dt.date(2026, 3, 10)
    intervention = InterventionFactory(due_date=due, start_date=due - dt.timedelta(days=5))
    with freeze_time("2026-03-10 22:30:00"):  # 23:30 in Stockholm: still the due date
        assert not Intervention.objects.overdue().exists()
    with freeze_time("2026-03-10 23:30:00"):  # 00:30 on 11 March in Stockholm: one day late
        assert list(Intervention.objects.overdue()) == [intervention]
        assert intervention.days_overdue == 1


def test_intervention__assignment_mail_title_with_line_break__one_line_subject(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    creator, responsible = _member(org, "c2"), _member(org, "r2")
    with django_capture_on_commit_callbacks(execute=True):
        intervention_create(title="Belysning\r\nBcc: x@example.com", owner=org, responsible=responsible,
                            created_by=creator, due_date=timezone.localdate() + dt.timedelta(days=3))
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject
    assert mail.outbox[0].bcc == []
