"""Reports received over Open311: accepted at once, processed in batches, nothing lost (residents/intake.py)."""

from __future__ import annotations

import threading
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.core.models import AuditEntry
from trygg.incidents import rollups
from trygg.incidents.models import Category, Observation, ReceivedReport
from trygg.incidents.residents import intake
from trygg.incidents.residents.services import IdempotencyConflictError, routing_rule_set
from trygg.public.tests.factories import LAGERSBERG, resident_category

pytestmark = pytest.mark.django_db

STOCKHOLM = (59.3293, 18.0686)


def receive(**overrides: Any) -> tuple[ReceivedReport, bool]:
    fields: dict[str, Any] = {"category": resident_category(), "lat": LAGERSBERG[0], "lon": LAGERSBERG[1],
                              "description": "Trasig lampa vid busshållplatsen", "contact_email": "Boende@Example.se",
                              "client_organisation": None}
    fields.update(overrides)
    return intake.resident_report_receive(**fields)


def test_receive__stores_the_validated_report__no_observation_yet() -> None:
    received, created = receive(address="  Lagersbergsgatan 1 ")
    assert created and received.processed_at is None
    assert received.payload["address"] == "Lagersbergsgatan 1"
    assert received.payload["contact_email"] == "boende@example.se"
    assert not Observation.objects.exists()
    assert intake.token_pending(received.token)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"lat": STOCKHOLM[0], "lon": STOCKHOLM[1]}, "lat"),
    ({"category": "EST"}, "category"),
    ({"address": "x" * 201}, "address"),
    ({"description": "x" * 4001}, "description"),
])
def test_receive__bad_input__error_in_the_users_words_nothing_stored(overrides: dict[str, Any], field: str) -> None:
    if overrides.get("category") == "EST":
        overrides["category"] = Category.objects.get(code="skadegorelse")
    with pytest.raises(ValidationError) as error:
        receive(**overrides)
    assert field in error.value.message_dict
    assert not ReceivedReport.objects.exists()


def test_process__observation_with_the_token_as_id__counted__audited__mailed(
        make_member: Any, django_capture_on_commit_callbacks: Any) -> None:
    handler = make_member(role="atgardsansvarig")
    department = handler.memberships.get().organisation
    department.email = "gata@eskilstuna.example"
    department.save()
    routing_rule_set(category=resident_category(), organisation=department, by=None)
    client = OrganisationFactory(name="FixaMinGata")
    received, _ = receive(client_organisation=client)
    with django_capture_on_commit_callbacks(execute=True):
        assert intake.process_all() == 1
    observation = Observation.objects.get()
    assert observation.public_id == received.token
    assert observation.responsible_organisation == department and observation.moderation == "pending"
    assert observation.contact_email == "boende@example.se" and observation.area is not None
    assert rollups.stored_counts() == rollups.expected_counts() != {}
    entry = AuditEntry.objects.get(object_type="incidents.observation")
    assert entry.organisation == client and entry.detail["channel"] == "open311"
    received.refresh_from_db()
    assert received.processed_at is not None and received.payload == {} and received.fingerprint
    assert not intake.token_pending(received.token)
    assert sorted(m.to[0] for m in mail.outbox) == ["boende@example.se", "gata@eskilstuna.example"]
    assert intake.process_all() == 0  # nothing twice


def test_process__batches_of_fifty__all_processed_in_order() -> None:
    tokens = [receive(description=f"Rapport {i}")[0].token for i in range(intake.BATCH + 7)]
    assert intake.received_reports_process() == intake.BATCH
    assert Observation.objects.count() == intake.BATCH
    assert intake.process_all() == 7
    assert set(Observation.objects.values_list("public_id", flat=True)) == set(tokens)
    assert intake.pending() == (0, 0)


def test_process_all__gather__pauses_after_a_batch_that_was_not_full__so_the_next_is_full(monkeypatch: Any) -> None:
    for i in range(3):
        receive(description=f"Rapport {i}")
    sizes: list[int] = []
    real_process = intake.received_reports_process
    monkeypatch.setattr(intake, "received_reports_process", lambda: sizes.append(real_process()) or sizes[-1])
    pauses: list[float] = []

    def sleep(seconds: float) -> None:  # reports keep arriving while the processor waits, once
        if not pauses:
            for i in range(intake.BATCH + 10):
                receive(description=f"Under pausen {i}")
        pauses.append(seconds)

    monkeypatch.setattr(intake.time, "sleep", sleep)
    assert intake.process_all(gather=0.2) == 3 + intake.BATCH + 10
    assert sizes == [3, intake.BATCH, 10, 0]  # a full batch goes on at once; each partial one waits
    assert pauses == [0.2, 0.2]
    assert Observation.objects.count() == 3 + intake.BATCH + 10


@pytest.mark.parametrize(("inline", "gather"), [(True, 0.0), (False, intake.GATHER_SECONDS)])
def test_task__pauses_between_batches_only_in_the_background(monkeypatch: Any, inline: bool, gather: float) -> None:
    from trygg.incidents import tasks

    calls: list[float] = []
    monkeypatch.setattr(intake, "process_all", lambda *, gather: calls.append(gather) or 0)
    if not inline:  # as under the database worker: the task's backend is not the immediate one
        monkeypatch.setattr(tasks, "ImmediateBackend", type("OtherBackend", (), {}))
    tasks.process_received_reports.call()
    assert calls == [gather]


def test_retry__same_key_same_token_before_and_after_processing__other_content_refused() -> None:
    first, created = receive(idempotency_key="o311:abc")
    again, created_again = receive(idempotency_key="o311:abc")
    assert created and not created_again and again.token == first.token
    intake.process_all()
    after, created_after = receive(idempotency_key="o311:abc")
    assert not created_after and after.token == first.token
    with pytest.raises(IdempotencyConflictError):
        receive(idempotency_key="o311:abc", description="Något helt annat")
    assert Observation.objects.count() == 1 and ReceivedReport.objects.count() == 1


def test_process__another_processor_took_part_of_the_batch__nothing_twice(monkeypatch: Any) -> None:
    rows = [receive(description=f"Rapport {i}")[0] for i in range(3)]
    real_build = intake._build

    def build_while_another_processor_claims_the_first(row: ReceivedReport, categories: Any) -> Any:
        if row.pk == rows[0].pk:
            ReceivedReport.objects.filter(pk=row.pk).update(processed_at="2026-01-01T00:00:00Z")
        return real_build(row, categories)

    monkeypatch.setattr(intake, "_build", build_while_another_processor_claims_the_first)
    assert intake.received_reports_process() == 0  # the claim saw the difference: the batch rolled back
    assert not Observation.objects.exists()
    monkeypatch.setattr(intake, "_build", real_build)
    assert intake.process_all() == 2
    assert set(Observation.objects.values_list("public_id", flat=True)) == {rows[1].token, rows[2].token}


def test_process__row_the_database_refuses__others_go_through__it_stays_visible() -> None:
    good, _ = receive(description="Bra rapport")
    bad, _ = receive(description="Krockar", idempotency_key="o311:taken")
    Observation.objects.create(source="resident", category=resident_category(), lat=LAGERSBERG[0],
                               lon=LAGERSBERG[1], observed_at=good.received_at, iso_year=2026, iso_week=1,
                               idempotency_key="o311:taken")  # the same key already on an observation
    intake.process_all()
    assert Observation.objects.filter(public_id=good.token).exists()
    bad.refresh_from_db()
    assert bad.processed_at is None and bad.attempts == intake.MAX_ATTEMPTS and bad.last_error == "IntegrityError"
    assert bad.payload["description"] == "Krockar"  # kept until it can be processed
    assert intake.pending() == (1, 1)
    out = StringIO()
    with pytest.raises(CommandError, match="1 mottagna rapporter kunde inte behandlas"):
        call_command("process_received_reports", stdout=out)
    assert "1 väntar" in out.getvalue()


def test_process__category_removed_meanwhile__failed_with_a_reason() -> None:
    category = Category.objects.create(code="tillfallig", name_sv="Tillfällig", name_en="Temporary", group="ovrigt",
                                       is_est=False, is_public_reportable=True)
    received, _ = receive(category=category)
    category.delete()
    intake.process_all()
    received.refresh_from_db()
    assert received.processed_at is None and "Kategorin finns inte längre" in received.last_error


def test_schedule__one_task_per_window(monkeypatch: Any, django_capture_on_commit_callbacks: Any) -> None:
    from trygg.incidents import tasks

    enqueued: list[int] = []
    monkeypatch.setattr(tasks, "process_received_reports", SimpleNamespace(enqueue=lambda: enqueued.append(1)))
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            receive(description=f"Rapport {i}")
    assert enqueued == [1]
    assert ReceivedReport.objects.filter(processed_at__isnull=True).count() == 5


def test_command__processes_what_is_waiting() -> None:
    receive()
    out = StringIO()
    call_command("process_received_reports", stdout=out)
    assert "Behandlade 1" in out.getvalue() and Observation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_process__concurrent_processors__each_report_once() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are per-connection; PostgreSQL run covers concurrency")
    tokens = {receive(description=f"Rapport {i}")[0].token for i in range(120)}
    errors: list[Exception] = []

    def worker() -> None:
        try:
            intake.process_all()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    intake.process_all()
    assert sorted(Observation.objects.values_list("public_id", flat=True)) == sorted(tokens)
    assert rollups.stored_counts() == rollups.expected_counts()
