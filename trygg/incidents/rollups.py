"""Keep WeeklyCount exact as observations are created, changed, moderated, merged or deleted.

Services call `counted_key(obs)` before a change and `apply(before, after)` after it, inside the same
transaction. The increment is one upsert (INSERT ... ON CONFLICT DO UPDATE), atomic on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count

from .models import Moderation, Observation, WeeklyCount

Key = tuple[int, int, int, int, str, bool, int]  # area, category, iso_year, iso_week, source, restricted, owner


def counted_key(obs: Observation) -> Key | None:
    """The rollup cell an observation counts in, or None if it does not count."""
    if (
        obs.pk is None
        or obs.deleted_at is not None
        or obs.merged_into_id is not None
        or obs.moderation == Moderation.HIDDEN
        or obs.area_id is None
    ):
        return None
    restricted = bool(obs.never_public)
    owner = (obs.organisation_id or 0) if restricted else 0
    return (obs.area_id, obs.category_id, obs.iso_year, obs.iso_week, obs.source, restricted, owner)


def _bump(key: Key, delta: int) -> None:
    table = WeeklyCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (area_id, category_id, iso_year, iso_week, source, restricted, owner_key, n) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (area_id, category_id, iso_year, iso_week, source, restricted, owner_key) "
            f"DO UPDATE SET n = {table}.n + excluded.n",
            [*key, delta],
        )


def apply(before: Key | None, after: Key | None) -> None:
    if before == after:
        return
    if before is not None:
        _bump(before, -1)
    if after is not None:
        _bump(after, 1)


def add_many(observations: Iterable[Observation]) -> None:
    """Count a batch of freshly bulk-created observations (demo data, imports)."""
    cells: Counter[Key] = Counter()
    for obs in observations:
        key = counted_key(obs)
        if key is not None:
            cells[key] += 1
    for key, n in cells.items():
        _bump(key, n)


def expected_counts() -> Counter[Key]:
    rows = (
        Observation.objects.filter(deleted_at__isnull=True, merged_into__isnull=True, area__isnull=False)
        .exclude(moderation=Moderation.HIDDEN)
        .values_list("area_id", "category_id", "iso_year", "iso_week", "source", "never_public", "organisation_id")
        .annotate(n=Count("id"))
    )
    counts: Counter[Key] = Counter()
    for a, c, y, w, s, r, o, n in rows:  # several organisations share one unrestricted cell: sum them
        counts[(a, c, y, w, s, bool(r), (o or 0) if r else 0)] += n
    return counts


def stored_counts() -> Counter[Key]:
    rows = WeeklyCount.objects.filter(n__gt=0).values_list(
        "area_id", "category_id", "iso_year", "iso_week", "source", "restricted", "owner_key", "n"
    )
    return Counter({(a, c, y, w, s, r, o): n for a, c, y, w, s, r, o, n in rows})


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole rollup from observations; returns the number of cells."""
    WeeklyCount.objects.all().delete()
    cells = expected_counts()
    WeeklyCount.objects.bulk_create(
        [WeeklyCount(area_id=a, category_id=c, iso_year=y, iso_week=w, source=s, restricted=r, owner_key=o, n=n)
         for (a, c, y, w, s, r, o), n in cells.items()],
        batch_size=5000,
    )
    return len(cells)


def totals(**filters: Any) -> Any:
    """WeeklyCount rows filtered by keyword arguments (selectors aggregate from here)."""
    return WeeklyCount.objects.filter(n__gt=0, **filters)
