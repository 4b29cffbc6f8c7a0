"""core.inserts writes what Model.save() writes, for the models the intake path inserts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from trygg.core.inserts import STATEMENT_CHARS, _rows_per_statement, _statement_rows, insert, insert_all, insert_many
from trygg.core.models import AuditEntry
from trygg.incidents.models import Category, Observation
from trygg.public.tests.factories import LAGERSBERG

pytestmark = pytest.mark.django_db

EXCLUDED = {"id", "public_id", "created_at", "modified_at"}  # differ by design between two rows


MOMENT = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)


def _observation() -> Observation:
    moment = MOMENT
    return Observation(source="resident", category=Category.objects.get(code="skadegorelse"), lat=LAGERSBERG[0],
                       lon=LAGERSBERG[1], observed_at=moment, iso_year=2026, iso_week=1, description="Å, ä & ö",
                       description_redacted="Å, ä & ö", idempotency_key=None)


def test_insert__same_row_as_save__pk_and_state_set() -> None:
    saved = _observation()
    saved.save()
    inserted = insert(_observation())
    assert inserted.pk is not None and inserted.pk != saved.pk
    assert inserted._state.adding is False and inserted._state.db == "default"
    rows = {o["id"]: o for o in Observation.objects.values()}
    left = {k: v for k, v in rows[saved.pk].items() if k not in EXCLUDED}
    right = {k: v for k, v in rows[inserted.pk].items() if k not in EXCLUDED}
    assert left == right
    assert rows[inserted.pk]["created_at"] is not None and rows[inserted.pk]["modified_at"] is not None  # auto_now


def test_insert__json_field_and_refuses_a_saved_instance() -> None:
    entry = insert(AuditEntry(action="created", object_type="x.y", object_id="7", detail={"n": 1, "s": "å"}))
    assert AuditEntry.objects.get(pk=entry.pk).detail == {"n": 1, "s": "å"}
    with pytest.raises(ValueError, match="only inserts"):
        insert(entry)


def test_insert_many__rows_as_given() -> None:
    insert_many(AuditEntry, [(timezone.now(), "created", "a.b", "1", "", "{}", ""),
                             (timezone.now(), "created", "a.b", "2", "", "{}", "")],
                ["at", "action", "object_type", "object_id", "path", "detail", "actor_label"])
    assert sorted(AuditEntry.objects.filter(object_type="a.b").values_list("object_id", flat=True)) == ["1", "2"]


def test_insert_all__more_rows_than_one_statement_holds__every_pk_matches_its_own_row() -> None:
    observations = [_observation() for _ in range(83)]  # SQLite: 35 rows of 28 columns per statement
    for i, observation in enumerate(observations):
        observation.description = observation.description_redacted = f"rad {i}"
    assert insert_all(observations) is observations
    assert all(o._state.adding is False and o._state.db == "default" for o in observations)
    stored = dict(Observation.objects.values_list("pk", "description"))
    assert {o.pk: o.description for o in observations} == stored  # each pk is the row with its own text
    reference = _observation()
    reference.save()
    saved = Observation.objects.values().get(pk=reference.pk)
    first = Observation.objects.values().get(pk=observations[0].pk)
    assert {k: v for k, v in saved.items() if k not in EXCLUDED | {"description", "description_redacted"}} == {
        k: v for k, v in first.items() if k not in EXCLUDED | {"description", "description_redacted"}}


def test_insert_all__nothing_mixed_or_saved() -> None:
    assert insert_all([]) == []
    with pytest.raises(ValueError, match="one model"):
        insert_all([_observation(), AuditEntry(action="created", object_type="x.y", object_id="1")])
    entry = insert(AuditEntry(action="created", object_type="x.y", object_id="2"))
    with pytest.raises(ValueError, match="only inserts"):
        insert_all([entry])


def test_insert_all__statements_stay_short_enough_for_the_drivers_statement_cache() -> None:
    rows = _rows_per_statement(Observation, "default")
    assert rows > 1
    assert len(_statement_rows(Observation, "default", rows)) <= STATEMENT_CHARS
    assert len(_statement_rows(Observation, "default", rows + 1)) > STATEMENT_CHARS
