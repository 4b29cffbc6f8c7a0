import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from trygg.accounts.tests.factories import OrganisationFactory, UserFactory
from trygg.incidents import rollups
from trygg.incidents.models import Category, Observation, Source, WeeklyCount
from trygg.incidents.services import observation_create, observation_moderate, observation_update

pytestmark = pytest.mark.django_db


def _obs(**kwargs):
    reporter = kwargs.pop("reporter", None) or UserFactory()
    defaults = {"source": Source.EST, "category": Category.objects.get(code="klotter"), "lat": 59.352,
                "lon": 16.476, "observed_at": timezone.now() - dt.timedelta(hours=1),
                "organisation": OrganisationFactory(), "reporter": reporter}
    defaults.update(kwargs)
    return observation_create(**defaults)


def test_rollup__create_update_moderate_keep_counts_exact():
    a = _obs()
    b = _obs(category=Category.objects.get(code="nedskrapning"))
    resident = _obs(source=Source.RESIDENT, organisation=None, reporter=None)
    assert rollups.stored_counts() == rollups.expected_counts()
    assert sum(rollups.stored_counts().values()) == 3
    observation_update(observation=a, user=a.reporter, lat=59.3706, lon=16.5128)  # moves to Centrum
    observation_update(observation=b, user=b.reporter, category=Category.objects.get(code="klotter"))
    observation_moderate(observation=resident, moderator=UserFactory(), decision="hidden")
    assert rollups.stored_counts() == rollups.expected_counts()
    assert sum(rollups.stored_counts().values()) == 2
    observation_moderate(observation=resident, moderator=UserFactory(), decision="approved")
    assert sum(rollups.stored_counts().values()) == 3


def test_rollup__shelter_reports_counted_as_restricted():
    _obs(organisation=OrganisationFactory(kind="jour"))
    assert list(WeeklyCount.objects.values_list("restricted", "n")) == [(True, 1)]


def test_rebuild_weekly_counts__check_detects_drift_and_rebuild_fixes_it():
    _obs()
    call_command("rebuild_weekly_counts", "--check")
    WeeklyCount.objects.update(n=5)
    with pytest.raises(Exception, match="differs"):
        call_command("rebuild_weekly_counts", "--check")
    call_command("rebuild_weekly_counts")
    call_command("rebuild_weekly_counts", "--check")


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_rollup__concurrent_creates_are_all_counted():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are per-connection; PostgreSQL run covers concurrency")
    org = OrganisationFactory()
    category = Category.objects.get(code="klotter")
    errors = []

    def worker():
        try:
            for _ in range(5):
                observation_create(source=Source.EST, category=category, lat=59.352, lon=16.476,
                                   observed_at=timezone.now() - dt.timedelta(hours=1), organisation=org)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Observation.objects.count() == 40
    assert rollups.stored_counts() == rollups.expected_counts()


def test_rollup__merged_duplicate_stops_counting(make_member):
    from trygg.incidents.residents.services import report_merge

    handler = make_member(role="samordnare")
    main = _obs(source=Source.RESIDENT, organisation=None, reporter=None)
    duplicate = _obs(source=Source.RESIDENT, organisation=None, reporter=None)
    assert sum(rollups.stored_counts().values()) == 2
    report_merge(observation=duplicate, into=main, by=handler)
    assert sum(rollups.stored_counts().values()) == 1
    assert rollups.stored_counts() == rollups.expected_counts()


def test_rollup__soft_delete_stops_counting():
    observation = _obs()
    observation.soft_delete()
    assert rollups.stored_counts() == rollups.expected_counts() == {}


def test_rollup__rebuild_sums_organisations_sharing_a_cell():
    _obs(organisation=OrganisationFactory())
    _obs(organisation=OrganisationFactory())
    _obs(organisation=OrganisationFactory(kind="jour"))
    _obs(organisation=OrganisationFactory(kind="jour"))
    assert sum(rollups.expected_counts().values()) == 4
    assert rollups.stored_counts() == rollups.expected_counts()
    rollups.rebuild()
    assert sum(rollups.stored_counts().values()) == 4
    assert rollups.stored_counts() == rollups.expected_counts()
