"""Gallring (core/retention.py and the apps' rules): content goes, counts stay, every removal is audited."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from trygg.core import retention
from trygg.core.models import AuditEntry
from trygg.incidents import rollups
from trygg.incidents.models import Observation, ObservationPhoto, ReceivedReport, Status, StatusUpdate
from trygg.incidents.tests.factories import ObservationFactory
from trygg.public.models import PageFeedback
from trygg.public.tests.factories import ResidentReportFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LONG_AGO = NOW - dt.timedelta(days=4 * 365)


def _resident(status: str, modified_days_ago: int, **kwargs: Any) -> Observation:
    report = ResidentReportFactory(status=status, contact_email="boende@example.se", **kwargs)
    Observation.objects.filter(pk=report.pk).update(modified_at=NOW - dt.timedelta(days=modified_days_ago))
    return report


def _by_rule() -> dict[str, int]:
    return {o.rule.name: o.rows for o in retention.run(now=NOW)}


def test_contact_email__closed_and_quiet_for_90_days__removed__open_or_recent_kept() -> None:
    old_closed = _resident(Status.FIXED, 100)
    old_open = _resident(Status.IN_PROGRESS, 100)
    recent_closed = _resident(Status.CLOSED, 10)
    assert _by_rule()["resident-contact-email"] == 1
    emails = dict(Observation.objects.values_list("pk", "contact_email"))
    assert emails[old_closed.pk] == ""
    assert emails[old_open.pk] == emails[recent_closed.pk] == "boende@example.se"


def test_observation_text__older_than_three_years__text_notes_photos_go__counts_stay(settings: Any,
                                                                                         tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    old = ObservationFactory(observed_at=LONG_AGO, address="Storgatan 1", status_note="Åtgärdat")
    recent = ObservationFactory(address="Storgatan 2")
    photo = ObservationPhoto(observation=old)
    photo.image.save("gammal.jpg", ContentFile(b"jpeg"), save=True)
    path = photo.image.path
    StatusUpdate.objects.create(observation=old, kind="fixed", to_status="fixed", note="Lampan bytt")
    counts = rollups.stored_counts()
    assert _by_rule()["observation-text"] == 3  # the observation, its status note, its photo
    old.refresh_from_db()
    assert (old.description, old.description_redacted, old.address, old.status_note) == ("", "", "", "")
    assert (old.lat, old.category_id, old.observed_at) == (recent.lat, recent.category_id, LONG_AGO)
    assert not ObservationPhoto.objects.exists() and not (tmp_path / path).exists()
    assert StatusUpdate.objects.get().note == ""
    recent.refresh_from_db()
    assert recent.description and recent.address == "Storgatan 2"
    assert rollups.stored_counts() == counts == rollups.expected_counts()  # the lägesbild still counts it


def test_open311_receipts__processed_30_days_ago__deleted__pending_kept() -> None:
    ReceivedReport.objects.create(fingerprint="a", processed_at=NOW - dt.timedelta(days=31))
    ReceivedReport.objects.create(fingerprint="b", processed_at=NOW - dt.timedelta(days=5))
    ReceivedReport.objects.create(fingerprint="c", received_at=NOW - dt.timedelta(days=60))  # still waiting
    assert _by_rule()["open311-receipts"] == 1
    assert sorted(ReceivedReport.objects.values_list("fingerprint", flat=True)) == ["b", "c"]


def test_feedback_comments__after_a_year__comment_goes__answer_stays() -> None:
    PageFeedback.objects.create(path="/", helpful=False, comment="Svårt att hitta", created_on=LONG_AGO.date())
    PageFeedback.objects.create(path="/", helpful=True, comment="Bra", created_on=NOW.date())
    assert _by_rule()["page-feedback-comment"] == 1
    assert sorted(PageFeedback.objects.values_list("helpful", "comment")) == [(False, ""), (True, "Bra")]


def test_survey_text__rejected_goes__approved_stays() -> None:
    from trygg.surveys.models import Answer, TextStatus
    from trygg.surveys.tests.factories import SchoolClassFactory, SurveyFactory, add_responses

    school_class = SchoolClassFactory()
    survey = SurveyFactory.create_open(schools=[school_class.school])
    add_responses(survey=survey, school_class=school_class, count=2,
                  pick=lambda q, i: ("Olämpligt", "Mörkt vid skolan")[i] if q.kind == "text" else None)
    text_questions = survey.questions.filter(kind="text").count()
    assert text_questions >= 1
    Answer.objects.filter(text="Olämpligt").update(text_status=TextStatus.REJECTED)
    Answer.objects.filter(text="Mörkt vid skolan").update(text_status=TextStatus.APPROVED)
    assert _by_rule()["survey-rejected-text"] == text_questions
    assert set(Answer.objects.values_list("text", flat=True)) == {"", "Mörkt vid skolan"}


def test_run__dry_run_changes_nothing__each_removal_audited_once__second_run_removes_nothing() -> None:
    _resident(Status.FIXED, 100)
    dry = {o.rule.name: o.rows for o in retention.run(dry_run=True, now=NOW)}
    assert dry["resident-contact-email"] == 1
    assert Observation.objects.get().contact_email and not AuditEntry.objects.filter(action="retention.purged")
    assert _by_rule()["resident-contact-email"] == 1
    entry = AuditEntry.objects.get(action="retention.purged")
    assert entry.detail == {"rule": "resident-contact-email", "rows": 1, "days": 90}
    assert _by_rule()["resident-contact-email"] == 0
    assert AuditEntry.objects.filter(action="retention.purged").count() == 1


def test_command__lists_every_rule_with_its_period() -> None:
    out = StringIO()
    call_command("gallra", "--dry-run", stdout=out)
    text = out.getvalue()
    for rule in retention.rules():
        assert rule.name in text
    assert "skulle gallras" in text and "äldre än 90 dagar" in text and "vid varje körning" in text
