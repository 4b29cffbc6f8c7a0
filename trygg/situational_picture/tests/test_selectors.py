import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from trygg.accounts.models import OrganisationKind
from trygg.accounts.tests.factories import OrganisationFactory
from trygg.areas.models import Area
from trygg.incidents.models import Moderation
from trygg.incidents.tests.factories import ObservationFactory
from trygg.situational_picture.selectors import (
    Audience,
    area_trend,
    audience_for,
    compute_picture,
    tertial_periods,
    tertial_picture,
    week_picture,
    week_points,
    week_window,
    weekly_counts,
    weekly_summary,
)
from trygg.situational_picture.selectors.weekly import AUTHORITY, PARTNER

from .factories import POINTS, at_week, observations_in

pytestmark = pytest.mark.django_db


def _area(picture, slug):
    return next(a for a in picture["areas"] if a["slug"] == slug)


def test_week_window__crosses_week_53_and_new_year():
    assert week_window(2027, 2, 4) == [(2026, 52), (2026, 53), (2027, 1), (2027, 2)]
    assert week_window(2026, 1, 2) == [(2025, 52), (2026, 1)]


def test_weekly_counts__groups_area_category_week():
    observations_in("lagersberg", at_week(2026, 47), 3)
    observations_in("lagersberg", at_week(2026, 47), 2, category="klotter")
    observations_in("froslunda", at_week(2026, 46), 1)
    rows = weekly_counts(Audience(AUTHORITY), [(2026, 46), (2026, 47)])
    lagersberg = Area.objects.get(slug="lagersberg").pk
    got = {(r["iso_week"], r["area_id"], r["n"]) for r in rows}
    assert (47, lagersberg, 3) in got
    assert (47, lagersberg, 2) in got
    assert sum(r["n"] for r in rows) == 6


@freeze_time("2027-01-05 10:00:00")
def test_area_trend__new_year_observations_land_in_iso_week_53(make_member):
    user = make_member(role="analytiker")
    area = Area.objects.get(slug="lagersberg")
    # Friday 1 January 2027 and Sunday 3 January 23:30 Stockholm time both belong to 2026-W53.
    observations_in("lagersberg", at_week(2026, 53, day=4), 2)
    observations_in("lagersberg", at_week(2026, 53, day=6, hour=23), 1)
    observations_in("lagersberg", at_week(2027, 1, day=0, hour=0), 4)  # Monday 00:00 is week 1
    trend = area_trend(area=area, user=user, weeks=3)
    assert trend == [("2026-W52", 0), ("2026-W53", 3), ("2027-W01", 4)]


@freeze_time("2027-01-05 10:00:00")
def test_compute_picture__trend_compares_with_weeks_before_new_year():
    for week in (50, 51, 52, 53):
        observations_in("froslunda", at_week(2026, week), 2)
    observations_in("froslunda", at_week(2027, 1), 6)
    picture = compute_picture(Audience(AUTHORITY), 2027, 1)
    row = _area(picture, "froslunda")
    assert row["count"] == 6
    assert row["prev_mean"] == 2
    assert row["trend"] == "up"
    assert picture["series_labels"][-2:] == ["2026-W53", "2027-W01"]
    assert row["series"][-2:] == [2, 6]


def test_compute_picture__flags_prioritised_area_going_wrong_way():
    # 12 base weeks (W33..W44) with one observation each: 4 per 4 weeks; then 9 in W45..W48.
    for week in range(33, 45):
        observations_in("lagersberg", at_week(2026, week), 1)
        observations_in("centrum", at_week(2026, week), 1)
    for week, n in ((45, 3), (46, 2), (47, 2), (48, 2)):
        observations_in("lagersberg", at_week(2026, week), n)
        observations_in("centrum", at_week(2026, week), n)
    picture = compute_picture(Audience(AUTHORITY), 2026, 48)
    lagersberg, centrum = _area(picture, "lagersberg"), _area(picture, "centrum")
    assert (lagersberg["recent4"], lagersberg["baseline4"], lagersberg["flag"]) == (9, 4.0, True)
    assert centrum["recent4"] == 9
    assert centrum["flag"] is False  # only prioritised areas are assessed
    assert picture["flags"] == ["lagersberg"]
    # Prioritised areas come first.
    assert [a["prioritised"] for a in picture["areas"]][:4] == [True] * 4


def test_compute_picture__one_observation_fewer_no_flag():
    for week in range(33, 45):
        observations_in("lagersberg", at_week(2026, week), 1)
    for week in (45, 46, 47, 48):
        observations_in("lagersberg", at_week(2026, week), 2)
    picture = compute_picture(Audience(AUTHORITY), 2026, 48)
    assert _area(picture, "lagersberg")["flag"] is False


def test_compute_picture__hidden_deleted_and_merged_not_counted():
    kept = observations_in("skiftinge", at_week(2026, 47), 1)[0]
    observations_in("skiftinge", at_week(2026, 47), 1, moderation=Moderation.HIDDEN)
    observations_in("skiftinge", at_week(2026, 47), 1)[0].soft_delete()
    observations_in("skiftinge", at_week(2026, 47), 1, merged_into=kept)
    picture = compute_picture(Audience(AUTHORITY), 2026, 47)
    assert picture["total"]["count"] == 1


def test_week_picture__partners_do_not_count_shelter_reports(make_member):
    shelter = OrganisationFactory(kind=OrganisationKind.JOUR)
    observations_in("froslunda", at_week(2026, 47), 2, organisation=shelter, never_public=True)
    observations_in("froslunda", at_week(2026, 47), 1)
    authority = make_member(role="analytiker")
    partner = make_member(role="rapportor", kind=OrganisationKind.BOSTADSBOLAG)
    assert week_picture(user=authority, year=2026, week=47)["total"]["count"] == 3
    assert week_picture(user=partner, year=2026, week=47)["total"]["count"] == 1


def test_week_points__exact_for_authority_coarsened_for_partner(make_member):
    observations_in("lagersberg", at_week(2026, 47), 1)
    authority = make_member(role="analytiker")
    partner = make_member(role="rapportor", kind=OrganisationKind.BOSTADSBOLAG)
    exact = week_points(user=authority, year=2026, week=47)["features"][0]["geometry"]["coordinates"]
    coarse = week_points(user=partner, year=2026, week=47)["features"][0]["geometry"]["coordinates"]
    assert exact == [POINTS["lagersberg"][1], POINTS["lagersberg"][0]]
    assert coarse != exact
    assert abs(coarse[0] - exact[0]) < 0.002 and abs(coarse[1] - exact[1]) < 0.001


def test_compute_picture__query_count_does_not_grow_with_observations():
    observations_in("lagersberg", at_week(2026, 47), 1)
    with CaptureQueriesContext(connection) as few:
        compute_picture(Audience(PARTNER), 2026, 47)
    for slug in ("froslunda", "centrum", "skiftinge"):
        observations_in(slug, at_week(2026, 46), 5, category="klotter")
    with CaptureQueriesContext(connection) as many:
        compute_picture(Audience(PARTNER), 2026, 47)
    assert len(many) == len(few) == 3  # counts, categories, areas


def test_weekly_counts__reads_the_rollup_with_a_week_range_filter():
    with CaptureQueriesContext(connection) as ctx:
        weekly_counts(Audience(AUTHORITY), week_window(2027, 2, 4))
    assert len(ctx.captured_queries) == 1  # authorities: the rollup only, no scan of observations
    query = ctx.captured_queries[0]["sql"]
    assert "incidents_weeklycount" in query
    assert '"iso_year" = 2026' in query and '"iso_year" = 2027' in query
    assert "GROUP BY" in query


def test_weekly_counts__partner_sees_own_never_public_but_not_others(make_member):
    shelter = make_member(role="rapportor", kind="jour")
    own_org = shelter.memberships.get().organisation
    ObservationFactory(organisation=own_org, never_public=True, observed_at=at_week(2026, 47))
    ObservationFactory(never_public=True, observed_at=at_week(2026, 47))  # another shelter's
    ObservationFactory(observed_at=at_week(2026, 47))
    weeks = [(2026, 47)]
    assert sum(r["n"] for r in weekly_counts(audience_for(shelter), weeks)) == 2
    assert sum(r["n"] for r in weekly_counts(Audience(PARTNER), weeks)) == 1
    assert sum(r["n"] for r in weekly_counts(Audience(AUTHORITY), weeks)) == 3


def test_weekly_summary__headline_fields(make_member):
    user = make_member(role="analytiker")
    observations_in("froslunda", at_week(2026, 47), 3)
    observations_in("centrum", at_week(2026, 47), 1)
    summary = weekly_summary(user=user, year=2026, week=47)
    assert summary["total"] == 4
    assert [a["slug"] for a in summary["top_areas"]] == ["froslunda", "centrum"]
    assert summary["approved"] is False
    assert summary["label"] == "2026-W47"


def test_tertial_picture__compares_same_tertial_last_year(make_member):
    user = make_member(role="analytiker")
    observations_in("lagersberg", at_week(2026, 20), 12)  # May 2026: tertial 2
    observations_in("lagersberg", at_week(2025, 20), 2)
    observations_in("lagersberg", at_week(2026, 10), 5)  # March: tertial 1, not counted
    picture = tertial_picture(user=user, year=2026, tertial=2, today=at_week(2026, 50).date())
    row = next(a for a in picture["areas"] if a["slug"] == "lagersberg")
    assert (row["current"], row["previous"], row["needs_efforts"]) == (12, 2, True)
    assert picture["total"]["current"] == 12
    assert picture["needs_efforts"][0]["slug"] == "lagersberg"


def test_tertial_periods__partial_tertial_compares_same_span():
    import datetime as dt

    period = tertial_periods(2026, 3, today=dt.date(2026, 11, 26))
    assert period["partial"] is True
    assert (period["start"], period["end"]) == (dt.date(2026, 9, 1), dt.date(2026, 11, 27))
    assert (period["previous_start"], period["previous_end"]) == (dt.date(2025, 9, 1), dt.date(2025, 11, 27))
    leap = tertial_periods(2025, 1, today=dt.date(2025, 6, 1))
    assert leap["partial"] is False and leap["end"] == dt.date(2025, 5, 1)


def test_compute_picture__residents_category_counted_under_its_est_category_with_the_source():
    observations_in("lagersberg", at_week(2026, 47), 2, category="skadegorelse")
    observations_in("lagersberg", at_week(2026, 47), 1, category="inv-skadegorelse", source="resident",
                    organisation=None, reporter=None)
    observations_in("lagersberg", at_week(2026, 47), 1, category="inv-belysning", source="resident",
                    organisation=None, reporter=None)
    picture = compute_picture(Audience(AUTHORITY), 2026, 47)
    names = [c["name"] for c in picture["categories"]]
    assert names.count("Skadegörelse") == 1 and "Mörk plats/trasig belysning" not in names
    vandalism = next(c for c in picture["categories"] if c["code"] == "skadegorelse")
    assert vandalism["count"] == 3 and vandalism["other_sources"] == [("Invånare", 1)]
    unsafe = next(c for c in picture["categories"] if c["code"] == "otrygg-plats")
    assert unsafe["count"] == 1 and unsafe["other_sources"] == [("Invånare", 1)]
    area_vandalism = next(c for c in _area(picture, "lagersberg")["categories"] if c["code"] == "skadegorelse")
    assert area_vandalism["count"] == 3 and area_vandalism["other_sources"] == [("Invånare", 1)]


@freeze_time("2026-11-20 12:00:00")
def test_tertial_picture__residents_category_counted_under_its_est_category(make_member):
    user = make_member(role="analytiker")
    observations_in("lagersberg", at_week(2026, 45), 1, category="klotter")
    observations_in("lagersberg", at_week(2026, 45), 2, category="inv-klotter", source="resident",
                    organisation=None, reporter=None)
    picture = tertial_picture(user=user, year=2026, tertial=3)
    graffiti = [c for c in picture["categories"] if c["name"] == "Klotter"]
    assert len(graffiti) == 1 and graffiti[0]["current"] == 3


@freeze_time("2026-12-02 11:00:00")  # Wednesday noon of 2026-W49: about 5/14 of the week has passed
def test_compute_picture__unfinished_week__trend_against_the_share_of_a_week_that_has_passed():
    for week in (45, 46, 47, 48):
        observations_in("lagersberg", at_week(2026, week), 10)
    observations_in("lagersberg", at_week(2026, 49, day=0), 4)
    picture = compute_picture(Audience(AUTHORITY), 2026, 49)
    row = _area(picture, "lagersberg")
    assert (row["count"], row["prev_mean"]) == (4, 10.0)
    assert row["trend"] == "flat"  # 4 so far of an expected ~3.6, not a fall from 10
    assert picture["complete"] is False


@freeze_time("2026-11-30 12:00:00")  # Monday of 2026-W49
def test_compute_picture__unfinished_week__flags_from_the_last_four_complete_weeks():
    for week in range(33, 45):
        observations_in("lagersberg", at_week(2026, week), 1)
    for week, n in ((45, 3), (46, 2), (47, 2), (48, 2)):
        observations_in("lagersberg", at_week(2026, week), n)
    picture = compute_picture(Audience(AUTHORITY), 2026, 49)
    lagersberg = _area(picture, "lagersberg")
    assert (lagersberg["recent4"], lagersberg["baseline4"], lagersberg["flag"]) == (9, 4.0, True)
    assert lagersberg["trend"] == "early"
