"""The moderation queue reads a partial index of the pending reports, not the whole table (migration 0010)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from trygg.incidents.models import Moderation
from trygg.incidents.selectors import dashboard_summary, pending_moderation

from .factories import ObservationFactory

pytestmark = pytest.mark.django_db


def test_pending_moderation__queue_and_dashboard_count__use_the_partial_index(make_member: Any) -> None:
    moderator = make_member(role="moderator")
    ObservationFactory.create_batch(20)
    pending = [ObservationFactory.create_for_moderation() for _ in range(3)]
    queue = pending_moderation(user=moderator)
    assert [o.pk for o in queue] == [o.pk for o in sorted(pending, key=lambda o: (o.created_at, o.pk))]
    assert dashboard_summary(user=moderator)["pending"] == 3
    if connection.vendor != "sqlite":  # PostgreSQL plans a handful of rows as a sequential scan
        return
    sql, params = queue.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "obs_pending" in plan
    assert Moderation.PENDING == "pending"  # the index condition's literal
