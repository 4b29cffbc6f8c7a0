"""Two years of plausible EST observations from the demo reporters, and their weekly answers.

Seasonal (youth groups and disorder on summer evenings, unsafe places in the dark months, arson around
new year), clustered around the demo places and the area centres (prioritised areas more), with two recent
trends for the lägesbild: Fröslunda rising over the last four weeks, Lagersberg falling.
Sizes: small ≈ 800 (tests), normal ≈ 20,000, large = 1,000,000 (bulk inserts in batches of 10,000).
Residents' reports (source "resident") are not made here.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any, cast

import numpy as np
from django.db import connection

from trygg.accounts.models import Membership, Role
from trygg.areas.geometry import current_index
from trygg.areas.models import Area
from trygg.core.geo import iso_week_of, local_midnight, shift_week
from trygg.core.inserts import insert_many
from trygg.core.redact import redact
from trygg.demo.context import DemoContext
from trygg.demo.story import LED_TUNNEL
from trygg.incidents import rollups
from trygg.incidents.models import Category, Extent, Observation, Setting, Source, Status, WeeklyReport

ORDER = 30
SIZES = {"small": 800, "normal": 20_000, "large": 1_000_000}
DAYS = 730
BATCH = 10_000

# Relative frequency of each category across all reporters.
CATEGORY_WEIGHTS = {
    "skadegorelse": 12, "klotter": 10, "nedskrapning": 9, "anlagd-brand": 9, "otrygg-plats": 12,
    "narkotika-forsaljning": 4, "narkotika-paverkade": 5, "berusade": 6, "ungdomsgrupper": 9,
    "ordningsstorning": 7, "hot-vald-anstalld": 3, "ran": 1, "misshandel": 2, "stold-inbrott": 4,
    "sexuella-trakasserier": 1, "trafik": 5, "ryktesspridning": 2, "arrangemang": 1, "ovrigt": 3,
}
# How much each organisation reports (split over its reporters) and what it tends to see.
ORG_WEIGHTS = {"kfast": 6, "riksbyggen": 3, "gata": 4, "social": 4, "kof": 4, "polis": 5, "securitas": 4,
               "raddning": 2, "centrum": 2, "nattvandrarna": 2, "hgf": 1, "moa": 1, "meja": 0.5}
ORG_AFFINITY: dict[str, dict[str, float]] = {
    "gata": {"otrygg-plats": 4, "klotter": 3, "nedskrapning": 3, "trafik": 3},
    "raddning": {"anlagd-brand": 12, "skadegorelse": 2},
    "polis": {"narkotika-forsaljning": 4, "misshandel": 3, "ran": 4, "ordningsstorning": 2, "trafik": 2},
    "social": {"ungdomsgrupper": 3, "narkotika-paverkade": 3, "berusade": 2, "ryktesspridning": 2},
    "kof": {"ungdomsgrupper": 4, "hot-vald-anstalld": 2, "ryktesspridning": 3, "arrangemang": 3},
    "moa": {"sexuella-trakasserier": 10, "otrygg-plats": 4, "hot-vald-anstalld": 3},
    "meja": {"sexuella-trakasserier": 8, "otrygg-plats": 4},
    "kfast": {"skadegorelse": 3, "klotter": 2, "nedskrapning": 2, "stold-inbrott": 2},
    "riksbyggen": {"skadegorelse": 3, "nedskrapning": 2, "stold-inbrott": 2},
    "securitas": {"ordningsstorning": 3, "berusade": 3, "skadegorelse": 2},
    "centrum": {"stold-inbrott": 3, "berusade": 2, "ran": 2},
    "nattvandrarna": {"ungdomsgrupper": 4, "berusade": 2},
}
SUMMER_EVENING = {"ungdomsgrupper", "ordningsstorning", "berusade"}
DARK_MONTHS = {"otrygg-plats"}
EVENING = {"ungdomsgrupper", "ordningsstorning", "berusade", "narkotika-forsaljning", "narkotika-paverkade",
           "misshandel", "ran", "anlagd-brand", "sexuella-trakasserier", "otrygg-plats"}
POLICE_LIKELY = {"ran": 0.8, "misshandel": 0.7, "anlagd-brand": 0.7, "stold-inbrott": 0.6,
                 "narkotika-forsaljning": 0.4, "hot-vald-anstalld": 0.4, "sexuella-trakasserier": 0.3}
# Weeks ago (0 = this week) -> multiplier: the trends the lägesbild should show.
TRENDS = {"froslunda": (3.0, 2.4, 1.8, 1.3), "lagersberg": (0.3, 0.45, 0.6, 0.8)}
TREND_MAX = 3.0

TEXTS = {
    "skadegorelse": ["Krossad ruta i entrén.", "Sönderslagen belysning i trapphuset.", "Vandaliserad parkbänk."],
    "klotter": ["Nytt klotter på gångtunneln.", "Taggar på fasaden mot gården.", "Klotter på busskuren."],
    "nedskrapning": ["Mycket skräp och glas på lekplatsen.", "Nedskräpat vid återvinningen.",
                     "Engångsgrillar och burkar kvar efter helgen."],
    "anlagd-brand": ["Brand i soptunna, släckt av räddningstjänsten.", "Anlagd brand i miljöhus.",
                     "Bilbrand på parkeringen under natten."],
    "otrygg-plats": ["Trasig belysning gör gångvägen mörk.", "Buskage skymmer sikten vid tunneln.",
                     "Mörk passage där flera säger att de känner sig otrygga."],
    "narkotika-forsaljning": ["Misstänkt försäljning av narkotika vid entrén.",
                              "Återkommande överlämningar vid parkeringen kvällstid."],
    "narkotika-paverkade": ["Påverkade personer i trapphuset.", "Sprutor hittade i buskaget."],
    "berusade": ["Berusade personer samlas på torget.", "Högljudda berusade vuxna vid kiosken."],
    "ungdomsgrupper": ["Grupp ungdomar (ca 15) som stör boende sent på kvällen.",
                       "Ungdomar samlas vid centrum och kastar saker.", "Mopedåkning och stök bland ungdomar."],
    "ordningsstorning": ["Bråk mellan några personer, löst sig själv.", "Slagsmål utanför pizzerian."],
    "hot-vald-anstalld": ["Personal hotad i samband med tillsägelse.", "Personal knuffad vid entrén."],
    "ran": ["Ungdom rånad på mobil vid busshållplatsen."],
    "misshandel": ["Misshandel vid gångvägen, polis tillkallad."],
    "stold-inbrott": ["Inbrott i förråd.", "Cykelstölder i cykelrummet.", "Stöld ur bil på parkeringen."],
    "sexuella-trakasserier": ["Kvinnor antastade vid hållplatsen kvällstid.", "Trakasserier i gångtunneln."],
    "trafik": ["Mopeder kör på gång- och cykelbanan.", "Buskörning på parkeringen på natten."],
    "ryktesspridning": ["Oro i sociala medier inför helgen.", "Rykten om bråk sprids bland unga."],
    "arrangemang": ["Stor fest i parken påverkade tryggheten.", "Marknad med mycket folk, lugnt."],
    "ovrigt": ["Övergiven bil med krossade rutor.", "Hundar lösa på skolgården."],
}
SLIP = " Kontakta mig på 070-1234567 för mer information."  # some reporters still write numbers: redacted


def build(ctx: DemoContext) -> None:
    target = SIZES.get(ctx.size, SIZES["normal"])
    rng = np.random.default_rng(ctx.seed + ORDER)
    categories = list(Category.objects.filter(is_est=True, code__in=CATEGORY_WEIGHTS).order_by("order"))
    reporters = list(
        Membership.objects.filter(role=Role.RAPPORTOR, organisation__is_active=True)
        .select_related("organisation").order_by("organisation__slug", "user_id")
    )
    if not reporters or not categories:
        ctx.log(" inga rapportörer – inga observationer")
        return
    areas = list(Area.objects.order_by("id"))
    places = list(ctx.extra.get("places") or [])
    generated = _generate(ctx, rng, target, categories, reporters, areas, places)
    written = _write(ctx, rng, generated, categories, reporters, places)
    # The rows went in without the services: count them now, before later builders read the lägesbild (the
    # demo's approved weeks freeze the rollup's figures).
    rollups.rebuild()
    weekly = _weekly_reports(ctx, rng, generated, reporters)
    # Fresh planner statistics: without them SQLite sorts every row for "newest first" lists (15 s at 1M).
    with connection.cursor() as cursor:
        for model in (Observation, WeeklyReport):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    ctx.log(f" {written} observationer, {weekly} veckorapporter")


def _generate(ctx: DemoContext, rng: np.random.Generator, target: int, categories: list[Category],
              reporters: list[Membership], areas: list[Area], places: list[Any]) -> dict[str, np.ndarray]:
    """Candidate events thinned by seasonal, daily and trend intensities until `target` are accepted."""
    now_ts = ctx.now.timestamp()
    start_ts = now_ts - DAYS * 86400
    codes = [c.code for c in categories]
    org_slugs = [m.organisation.slug for m in reporters]
    per_org = {slug: org_slugs.count(slug) for slug in set(org_slugs)}
    reporter_p = np.array([ORG_WEIGHTS.get(s, 0.5) / per_org[s] for s in org_slugs])
    reporter_p /= reporter_p.sum()
    base = np.array([CATEGORY_WEIGHTS[c] for c in codes], dtype=float)
    cat_cum = np.array([
        np.cumsum(p / p.sum()) for p in
        (base * np.array([ORG_AFFINITY.get(s, {}).get(c, 1.0) for c in codes]) for s in org_slugs)
    ])
    # Anchors: the demo places (tight clusters) and the area centres (prioritised areas more often).
    anchor_lat = [p.lat for p in places] + [a.centre_lat for a in areas]
    anchor_lon = [p.lon for p in places] + [a.centre_lon for a in areas]
    anchor_area = [p.area.slug for p in places] + [a.slug for a in areas]
    anchor_sigma = [60.0] * len(places) + [450.0] * len(areas)
    area_weight = [4.0 if a.is_prioritised else (2.5 if a.slug == "centrum" else 0.6) for a in areas]
    anchor_p = np.array([3.0] * len(places) + area_weight)
    anchor_p /= anchor_p.sum()
    anchor_trend = np.array([list(TRENDS.get(slug, (1.0,) * 4)) for slug in anchor_area])
    # The insats that worked (trygg.demo.story): fewer reports in its area for a few months.
    in_effect_area = np.array([slug == LED_TUNNEL.area for slug in anchor_area])
    effect_from = local_midnight(LED_TUNNEL.start(ctx.now.date())).timestamp()
    effect_until = effect_from + LED_TUNNEL.weeks * 7 * 86400
    is_summer = np.array([c in SUMMER_EVENING for c in codes])
    is_dark = np.array([c in DARK_MONTHS for c in codes])
    is_arson = np.array([c == "anlagd-brand" for c in codes])
    is_evening = np.array([c in EVENING for c in codes])
    index = current_index()

    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("ts", "reporter", "cat", "anchor", "lat", "lon", "area")}
    accepted = 0
    chunk = max(50_000, min(500_000, target * 20))
    while accepted < target:
        ts = rng.uniform(start_ts, now_ts, chunk)
        who = rng.choice(len(reporters), chunk, p=reporter_p)
        cat = (cat_cum[who] < rng.random(chunk)[:, None]).sum(axis=1).clip(0, len(codes) - 1)
        anchor = rng.choice(len(anchor_p), chunk, p=anchor_p)
        # Local (Stockholm) day of year, weekday and hour; summer time approximated by month.
        utc = ts.astype(np.int64).astype("datetime64[s]")
        month = utc.astype("datetime64[M]").astype(int) % 12 + 1
        local = utc + np.where((month >= 4) & (month <= 10), 2, 1).astype("timedelta64[h]")
        day = local.astype("datetime64[D]")
        doy = (day - day.astype("datetime64[Y]")).astype(int)
        hour = (local - day).astype("timedelta64[h]").astype(int)
        weekday = (day.astype(int) + 3) % 7  # 0 = Monday
        summer = 0.5 * (1 + np.cos(2 * np.pi * (doy - 196) / 365))
        dark = 0.5 * (1 + np.cos(2 * np.pi * (doy - 355) / 365))
        season = np.ones(chunk)
        season = np.where(is_summer[cat], (1 + 1.5 * summer) / 2.5, season)
        season = np.where(is_dark[cat], (1 + 2.0 * dark) / 3.0, season)
        new_year = (doy >= 361) | (doy <= 1)
        season = np.where(is_arson[cat], np.where(new_year, 1.0, 0.1 * (1 + 0.5 * summer)), season)
        evening_h = np.select([(hour >= 18) & (hour <= 23), hour <= 3, (hour >= 7) & (hour <= 17)],
                              [1.0, 0.5, 0.2], 0.15)
        day_h = np.select([(hour >= 7) & (hour <= 17), (hour >= 18) & (hour <= 22)], [1.0, 0.5], 0.15)
        daily = np.where(is_evening[cat], evening_h, day_h)
        weekend = np.where(is_summer[cat] & (weekday >= 4) & (hour >= 18), 1.0, 0.67)
        weeks_ago = ((now_ts - ts) // (7 * 86400)).astype(int)
        trend = np.where(weeks_ago < 4, anchor_trend[anchor, np.minimum(weeks_ago, 3)], 1.0) / TREND_MAX
        trend = np.where(in_effect_area[anchor] & (ts >= effect_from) & (ts < effect_until),
                         trend * LED_TUNNEL.factor, trend)
        keep = rng.random(chunk) < season * daily * weekend * trend
        ts, who, cat, anchor = ts[keep], who[keep], cat[keep], anchor[keep]
        sigma = np.array(anchor_sigma)[anchor]
        lat = np.array(anchor_lat)[anchor] + rng.normal(0, 1, len(ts)) * sigma / 111_320
        lon = np.array(anchor_lon)[anchor] + rng.normal(0, 1, len(ts)) * sigma / (
            111_320 * math.cos(math.radians(59.37)))
        # Stored to six decimals (about 0.1 m); the area is looked up from the stored values, so a point on a
        # border gets the area its stored coordinates lie in.
        lat, lon = np.round(lat, 6), np.round(lon, 6)
        area = index.lookup_many(lat, lon)
        inside = area >= 0  # every point lies inside the municipality
        for key, values in (("ts", ts), ("reporter", who), ("cat", cat), ("anchor", anchor), ("lat", lat),
                            ("lon", lon), ("area", area)):
            parts[key].append(values[inside])
        accepted += int(inside.sum())
    out = {k: np.concatenate(v)[:target] for k, v in parts.items()}
    order = np.argsort(out["ts"], kind="stable")
    out = {k: v[order] for k, v in out.items()}
    # Only points close to a named place are linked to it.
    out["place"] = np.where(out["anchor"] < len(places), out["anchor"], -1)
    # ISO week in Stockholm time, computed once per hour (the UTC offset only changes on the hour).
    hours, inverse = np.unique(out["ts"].astype(np.int64) // 3600, return_inverse=True)
    weeks = np.array([iso_week_of(dt.datetime.fromtimestamp(int(h) * 3600, tz=dt.UTC)) for h in hours])
    out["year"], out["week"] = weeks[inverse, 0], weeks[inverse, 1]
    return out


def _write(ctx: DemoContext, rng: np.random.Generator, g: dict[str, np.ndarray], categories: list[Category],
           reporters: list[Membership], places: list[Any]) -> int:
    n = len(g["ts"])
    now = ctx.now
    extent = rng.choice([Extent.ENSTAKA, Extent.ATERKOMMANDE, Extent.OMFATTANDE], n, p=[0.65, 0.28, 0.07])
    setting_outdoor = rng.choice([Setting.UTOMHUS, Setting.HALVOFFENTLIG, Setting.INOMHUS], n, p=[0.75, 0.15, 0.1])
    setting_indoor = rng.choice([Setting.INOMHUS, Setting.HALVOFFENTLIG, Setting.UTOMHUS], n, p=[0.6, 0.3, 0.1])
    police_draw = rng.random(n)
    text_draw = rng.integers(0, 1_000_000, n)
    slip = rng.random(n) < 0.03
    delay = rng.uniform(0.25, 48, n)
    status_draw = rng.random(n)
    redacted: dict[str, str] = {}
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]
    columns = [cast(str, f.column) for f in fields]  # concrete fields always have a column
    # Columns not set below keep their model default (so a field added later does not break the demo).
    defaults = {f.column: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    sqlite = connection.vendor == "sqlite"

    def adapt_time(moment: dt.datetime) -> Any:  # what connection.ops.adapt_datetimefield_value gives, faster
        return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ") if sqlite else moment

    random_ids = rng.bytes(16 * n)
    modified = adapt_time(now)
    rows: list[tuple[Any, ...]] = []
    written = 0
    for i in range(n):
        member = reporters[g["reporter"][i]]
        category = categories[g["cat"][i]]
        observed = dt.datetime.fromtimestamp(float(g["ts"][i]), tz=dt.UTC)
        public_id = uuid.UUID(bytes=random_ids[16 * i:16 * i + 16], version=4)
        place = places[g["place"][i]] if g["place"][i] >= 0 else None
        texts = TEXTS.get(category.code, TEXTS["ovrigt"])
        text = texts[text_draw[i] % len(texts)] + (SLIP if slip[i] else "")
        if text not in redacted:
            redacted[text] = redact(text)
        values = {
            **defaults,
            "created_at": adapt_time(min(observed + dt.timedelta(hours=float(delay[i])), now)),
            "modified_at": modified,
            "public_id": public_id.hex if sqlite else public_id,
            "source": Source.EST.value, "organisation_id": member.organisation_id, "reporter_id": member.user_id,
            "category_id": category.pk, "observed_at": adapt_time(observed),
            "iso_year": int(g["year"][i]), "iso_week": int(g["week"][i]),
            "area_id": int(g["area"][i]), "place_id": place.pk if place else None,
            "lat": float(g["lat"][i]), "lon": float(g["lon"][i]),  # rounded in _generate
            "address": place.name if place else "", "extent": str(extent[i]),
            "setting": str(setting_indoor[i] if category.code == "hot-vald-anstalld" else setting_outdoor[i]),
            "police_reported": bool(police_draw[i] < POLICE_LIKELY.get(category.code, 0.08)),
            "description": text, "description_redacted": redacted[text],
            "status": _status(now - observed, status_draw[i]), "moderation": "approved",
            "never_public": bool(category.is_sensitive or member.organisation.is_shelter),
            "responsible_organisation_id": category.default_responsible_id,
        }
        rows.append(tuple(values[c] for c in columns))
        if len(rows) >= BATCH:
            insert_many(Observation, rows, columns)
            written += len(rows)
            rows = []
    if rows:
        insert_many(Observation, rows, columns)
        written += len(rows)
    return written


def _status(age: dt.timedelta, draw: float) -> str:
    if age > dt.timedelta(weeks=8):
        return str(Status.CLOSED if draw < 0.5 else Status.FIXED if draw < 0.7 else
                   Status.ASSESSED if draw < 0.9 else Status.NEW)
    if age > dt.timedelta(weeks=1):
        return str(Status.NEW if draw < 0.5 else Status.ASSESSED if draw < 0.8 else
                   Status.ASSIGNED if draw < 0.9 else Status.IN_PROGRESS)
    return str(Status.NEW)


def _weekly_reports(ctx: DemoContext, rng: np.random.Generator, g: dict[str, np.ndarray],
                    reporters: list[Membership]) -> int:
    """Past weeks' answers: weeks with observations are reported, most quiet weeks say "nothing to report",
    some are missing. The current week is left open so the reminder list has something to show."""
    org_of = np.array([m.organisation_id for m in reporters])
    triples = np.unique(np.stack([org_of[g["reporter"]], g["year"], g["week"]], axis=1), axis=0)
    reported = {tuple(int(v) for v in row) for row in triples}
    first_reporter: dict[int, int] = {}
    for m in reporters:
        first_reporter.setdefault(m.organisation_id, m.user_id)
    rows = []
    this_year, this_week = iso_week_of(ctx.now)
    for weeks_ago in range(1, DAYS // 7 + 1):
        # counted in calendar weeks: "now minus n × 7 days" lands in another week across a DST change late on a
        # Sunday evening, and two iterations would then name the same week
        year, week = shift_week(this_year, this_week, -weeks_ago)
        for org_id, user_id in first_reporter.items():
            has = (org_id, year, week) in reported
            if not has and rng.random() > 0.75:
                continue  # missing: nobody answered that week
            rows.append(WeeklyReport(organisation_id=org_id, iso_year=year, iso_week=week,
                                     nothing_to_report=not has, submitted_by_id=user_id))
    existing = set(WeeklyReport.objects.values_list("organisation_id", "iso_year", "iso_week"))
    rows = [r for r in rows if (r.organisation_id, r.iso_year, r.iso_week) not in existing]
    WeeklyReport.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
