"""The EST demo data (small size) and the weekly "nothing to report" service, against the database."""

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory
from trygg.areas.geometry import current_index
from trygg.core.geo import iso_week_of, shift_week
from trygg.core.models import AuditEntry
from trygg.demo.context import DemoContext
from trygg.incidents.models import Observation, WeeklyReport
from trygg.incidents.selectors import my_week, reporting_status
from trygg.incidents.services import weekly_report_nothing
from trygg.incidents.tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def _build_demo(now: dt.datetime) -> DemoContext:
    from trygg.accounts import demo as accounts_demo
    from trygg.areas import demo as areas_demo
    from trygg.incidents import demo as incidents_demo

    ctx = DemoContext(size="small", now=now)
    accounts_demo.build(ctx)
    areas_demo.build(ctx)
    incidents_demo.build(ctx)
    return ctx


@pytest.fixture
def demo_db(db):
    """Organisations, places and the small EST demo (rolled back after each test)."""
    return _build_demo(timezone.now())


def test_demo__built_late_on_a_winter_sunday_names_each_past_week_once(db):
    # 23:45 on Sunday in Stockholm (CET); the same clock time in summer (CEST) is already Monday, so stepping
    # back 7 days at a time used to name one week twice and the weekly answers hit their unique constraint
    now = dt.datetime(2026, 11, 29, 22, 45, tzinfo=dt.UTC)
    _build_demo(now)
    weeks = list(WeeklyReport.objects.values_list("organisation_id", "iso_year", "iso_week"))
    assert weeks
    assert len(weeks) == len(set(weeks))
    assert (2026, 48) not in {(y, w) for _o, y, w in weeks}  # the current week is left open


def test_demo__small_size_and_only_est_from_reporters(demo_db):
    observations = Observation.objects.all()
    assert observations.count() == 800
    assert not observations.exclude(source="est").exists()
    reporter_roles = set(observations.values_list("reporter__memberships__role", flat=True))
    assert "rapportor" in reporter_roles
    pairs = set(observations.values_list("reporter_id", "organisation_id").distinct())
    from trygg.accounts.models import Membership

    members = set(Membership.objects.filter(role="rapportor").values_list("user_id", "organisation_id"))
    assert pairs <= members


def test_demo__points_inside_municipality_with_matching_area_and_week(demo_db):
    rows = list(Observation.objects.values_list("lat", "lon", "area_id", "observed_at", "iso_year", "iso_week"))
    lats = np.array([r[0] for r in rows])
    lons = np.array([r[1] for r in rows])
    assert (current_index().lookup_many(lats, lons) == np.array([r[2] for r in rows])).all()
    assert all(iso_week_of(r[3]) == (r[4], r[5]) for r in rows)
    assert max(r[3] for r in rows) <= demo_db.now
    assert min(r[3] for r in rows) >= demo_db.now - dt.timedelta(days=731)


def test_demo__shelter_reports_never_public_and_text_redacted(demo_db):
    moa = Observation.objects.filter(organisation__slug="moa")
    assert moa.exists()
    assert not moa.filter(never_public=False).exists()
    slipped = Observation.objects.filter(description__contains="070-1234567")
    assert slipped.exists()
    assert not slipped.filter(description_redacted__contains="070-1234567").exists()


def test_demo__prioritised_areas_busier_and_weekly_answers_exist(demo_db):
    from django.db.models import Count

    per_area = dict(Observation.objects.values_list("area__slug").annotate(n=Count("id")))
    assert per_area["froslunda"] > per_area.get("kjula", 0)
    assert WeeklyReport.objects.filter(nothing_to_report=True).exists()
    year, week = iso_week_of(demo_db.now)
    assert not WeeklyReport.objects.filter(iso_year=year, iso_week=week).exists()
    last_year, last_week = shift_week(year, week, -1)
    assert WeeklyReport.objects.filter(iso_year=last_year, iso_week=last_week).exists()


def test_weekly_report_nothing__records_and_audits(make_member):
    user = make_member(role="rapportor", kind="bostadsbolag")
    org = user.memberships.get().organisation
    year, week = iso_week_of(timezone.now())
    report = weekly_report_nothing(organisation=org, user=user, year=year, week=week)
    assert report.nothing_to_report is True
    assert AuditEntry.objects.filter(object_type="incidents.weeklyreport", object_id=str(report.pk)).exists()
    assert my_week(user=user, year=year, week=week)[0].nothing_to_report is True
    weekly_report_nothing(organisation=org, user=user, year=year, week=week)  # idempotent
    assert WeeklyReport.objects.count() == 1


def test_weekly_report_nothing__other_organisation_or_future_week_refused(make_member):
    user = make_member(role="rapportor", kind="bostadsbolag")
    year, week = iso_week_of(timezone.now())
    with pytest.raises(PermissionError):
        weekly_report_nothing(organisation=OrganisationFactory(), user=user, year=year, week=week)
    with pytest.raises(ValidationError):
        weekly_report_nothing(organisation=user.memberships.get().organisation, user=user,
                              year=year + 1, week=week)
    assert WeeklyReport.objects.count() == 0


def test_reporting_status__counts_only_est_and_inactive_organisations_skipped(make_member):
    active = OrganisationFactory(name="Aktiv")
    inactive = OrganisationFactory(name="Nedlagd", is_active=False)
    for org in (active, inactive):
        MembershipFactory(organisation=org, role="rapportor")
    ObservationFactory(organisation=active)
    ObservationFactory(organisation=active, source="walk")
    year, week = iso_week_of(timezone.now())
    rows = reporting_status(year=year, week=week)
    assert [(r.organisation.name, r.count) for r in rows] == [("Aktiv", 1)]
