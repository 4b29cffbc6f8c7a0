"""Subprocess for bench/lagesbild_page.py: load N observations with bulk inserts, time the page queries."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
import uuid

import django
import numpy as np


def main(n: int) -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.utils import timezone

    from trygg.accounts.models import Membership, Organisation, Role, User
    from trygg.analysis.weeks import iso_year_week, local_days, week_numbers
    from trygg.areas.models import Area
    from trygg.core.geo import iso_week_of, shift_week
    from trygg.incidents.models import Category, Observation

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(name="Kommunen", slug="kommunen", kind="forvaltning")
    user = User.objects.create(username="bench")
    Membership.objects.create(user=user, organisation=org, role=Role.SAMORDNARE)
    areas = list(Area.objects.values_list("id", flat=True))
    categories = list(Category.objects.values_list("id", flat=True))
    rng = np.random.default_rng(42)
    t0 = time.perf_counter()
    template = Observation(organisation=org, category_id=categories[0], observed_at=timezone.now(), iso_year=2025,
                           iso_week=1, lat=59.37, lon=16.51, area_id=areas[0])
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    base = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    pos = {f.attname: i for i, f in enumerate(fields)}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for i, f in enumerate(fields):  # created/modified (auto_now) are filled by save(), which is bypassed here
        if base[i] is None and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
            base[i] = now
    start = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())
    seconds = start + rng.integers(0, 2 * 365 * 86400, n)
    area_ids = rng.choice(areas, n)
    cat_ids = rng.choice(categories, n)
    sql = (f"INSERT INTO {Observation._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 (model metadata)
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    years, weeks = iso_year_week(week_numbers(local_days(seconds)))
    t_rows = time.perf_counter()
    batch = []
    with connection.cursor() as cursor:
        # a throwaway database: no fsync while loading (the page queries are timed afterwards)
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("BEGIN")
        for i in range(n):
            moment = dt.datetime.fromtimestamp(int(seconds[i]), tz=dt.UTC)
            year, week = int(years[i]), int(weeks[i])
            row = list(base)
            row[pos["public_id"]] = uuid.UUID(int=i + 1).hex
            row[pos["observed_at"]] = connection.ops.adapt_datetimefield_value(moment)
            row[pos["iso_year"]], row[pos["iso_week"]] = year, week
            row[pos["area_id"]], row[pos["category_id"]] = int(area_ids[i]), int(cat_ids[i])
            batch.append(row)
            if len(batch) == 20_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
        cursor.execute("COMMIT")
        cursor.execute("PRAGMA synchronous=NORMAL")
    load = time.perf_counter() - t0
    print(f"rows prepared and inserted in {time.perf_counter() - t_rows:.1f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    visible = Observation.objects.for_picture(user)

    def page(area: int, year: int, week: int) -> None:
        list(visible.filter(area_id=area, iso_year=year, iso_week=week).values("category").annotate(n=Count("id")))
        weeks = [shift_week(year, week, -k) for k in range(12)]
        cond = Q()
        for y, w in weeks:
            cond |= Q(iso_year=y, iso_week=w)
        list(visible.filter(cond, area_id=area).values("iso_year", "iso_week").annotate(n=Count("id")))
        list(visible.filter(iso_year=year, iso_week=week).values("area").annotate(n=Count("id")))

    samples = []
    for k in range(30):
        area = int(rng.choice(areas))
        moment = dt.datetime.fromtimestamp(int(start + rng.integers(90, 700) * 86400), tz=dt.UTC)
        year, week = iso_week_of(moment)
        t = time.perf_counter()
        page(area, year, week)
        if k >= 3:  # warm-up
            samples.append(time.perf_counter() - t)
    p50 = statistics.median(samples)
    p90 = sorted(samples)[int(0.9 * len(samples)) - 1]
    ok = p50 < 0.150
    print(f"{n:,} observations over two years in {len(areas)} areas and {len(categories)} categories, loaded "
          f"with `executemany` in {load:.0f} s into a throwaway SQLite file. One page = three ORM aggregations "
          "through `Observation.objects.for_picture(user)` (authority samordnare): per category for the "
          "area-week, the area's 12-week trend, per area for the week (the map). "
          f"{len(samples)} random area-weeks after 3 warm-ups.\n")
    print("| rows | page queries p50 | p90 | target p50 < 150 ms |\n| --- | ---: | ---: | ---: |")
    print(f"| {n:,} | {p50 * 1e3:.1f} ms | {p90 * 1e3:.1f} ms | {'**met**' if ok else '**missed**'} |\n")
    print("PostgreSQL was not measured here (the lead runs it). The lägesbild branch's own selectors and rollups "
          "are not in this branch; this is the raw-table baseline with the existing indexes "
          "(`obs_week_area`, `obs_area_time`).")


if __name__ == "__main__":
    main(int(sys.argv[1]))
