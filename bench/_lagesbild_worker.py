"""Subprocess for bench/lagesbild_page.py: load N observations with bulk inserts, time the real pages."""

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
    from django.utils import timezone

    from trygg.accounts.models import Membership, Organisation, Role, User
    from trygg.analysis.weeks import iso_year_week, local_days, week_numbers
    from trygg.areas.models import Area
    from trygg.core.geo import iso_week_of
    from trygg.core.inserts import insert_many
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
    years, weeks = iso_year_week(week_numbers(local_days(seconds)))
    t_rows = time.perf_counter()
    batch = []
    from django.db import transaction

    if connection.vendor == "sqlite":  # a throwaway database: no fsync while loading
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit = off")
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
                insert_many(Observation, batch, columns)
                batch = []
        if batch:
            insert_many(Observation, batch, columns)
    load = time.perf_counter() - t0
    print(f"rows prepared and inserted in {time.perf_counter() - t_rows:.1f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    t_roll = time.perf_counter()
    from trygg.incidents import rollups

    rollups.rebuild()
    rollup_s = time.perf_counter() - t_roll

    from django.conf import settings
    from django.test import Client

    settings.TRYGG_REQUIRE_MFA = False
    partner_org = Organisation.objects.create(name="Bostadsbolaget", slug="bostad", kind="bostadsbolag")
    partner = User.objects.create(username="bench-partner")
    Membership.objects.create(user=partner, organisation=partner_org, role=Role.RAPPORTOR)
    slugs = dict(Area.objects.values_list("id", "slug"))

    def timed(client: Client, url: str) -> float:
        t = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - t
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return elapsed

    results = []
    for who, label in ((user, "samordnare (kommun)"), (partner, "rapportör (bostadsbolag)")):
        client = Client()
        client.force_login(who)
        for kind, count in (("area", 30), ("city", 15)):
            samples = []
            for k in range(count + 3):
                moment = dt.datetime.fromtimestamp(int(start + rng.integers(90, 700) * 86400), tz=dt.UTC)
                year, week = iso_week_of(moment)
                query = f"?week={year}-W{week:02d}"
                url = (f"/org/situation/area/{slugs[int(rng.choice(areas))]}/{query}" if kind == "area"
                       else f"/org/situation/{query}")
                elapsed = timed(client, url)
                if k >= 3:  # warm-up
                    samples.append(elapsed)
            results.append((label, kind, statistics.median(samples), sorted(samples)[int(0.9 * len(samples)) - 1]))
    vendor = connection.vendor
    print(f"{n:,} observations over two years in {len(areas)} areas and {len(categories)} categories on "
          f"**{vendor}**, loaded in {load:.0f} s; weekly rollup rebuilt in {rollup_s:.1f} s. Server time of the "
          "real lägesbild pages through Django's test client (middleware, selectors, templates; the rollup is "
          "maintained on write by the services), random weeks after 3 warm-ups.\n")
    print("| user | page | p50 | p90 | target p50 < 150 ms |\n| --- | --- | ---: | ---: | ---: |")
    for label, kind, p50, p90 in results:
        page_name = ("area-week `/org/situation/area/<slug>/`" if kind == "area"
                     else "municipality week `/org/situation/`")
        verdict = ("**met**" if p50 < 0.150 else "**missed**") if kind == "area" else "(no target)"
        print(f"| {label} | {page_name} | {p50 * 1e3:.1f} ms | {p90 * 1e3:.1f} ms | {verdict} |")
    print()


if __name__ == "__main__":
    main(int(sys.argv[1]))
