import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from freezegun import freeze_time

from trygg.areas.models import Area
from trygg.core.nav import items_for
from trygg.core.panels import render_panels
from trygg.situational_picture.services import snapshot_approve

from .factories import at_week, observations_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thursday_week_48():
    with freeze_time("2026-11-26 12:00:00"):
        yield


def _request(user):
    request = RequestFactory().get("/org/")
    request.user = user
    return request


def _html(page, user, obj=None):
    return "".join(render_panels(page, _request(user), obj))


def test_dashboard_panel__headline_with_flags(make_member):
    # week 48 is under way (Thursday): the flag looks at the four complete weeks 44-47 against 32-43
    for week in range(32, 44):
        observations_in("lagersberg", at_week(2026, week), 1)
    for week, n in ((44, 3), (45, 2), (46, 2), (47, 2)):
        observations_in("lagersberg", at_week(2026, week), n)
    observations_in("lagersberg", at_week(2026, 48, day=1), 3)
    html = _html("dashboard", make_member(role="analytiker"))
    assert "Lägesbild vecka 48" in html
    assert "Fel riktning" in html and "Lagersberg (3)" in html


def test_area_panel__twelve_week_trend_with_table(make_member):
    observations_in("skiftinge", at_week(2026, 46), 2)
    area = Area.objects.get(slug="skiftinge")
    for page in ("area", "steering_area"):
        html = _html(page, make_member(role="rapportor"), area)
        # Other apps contribute panels to the same page: look at this app's section only.
        own = next(part for part in html.split("<section") if "Skiftinge de senaste 12 veckorna" in part)
        assert "<svg" in own and "2026-W46" in own
        assert own.count("<tr>") == 13  # header + 12 weeks


def test_meeting_panel__latest_approved_before_meeting(make_member):
    samordnare = make_member(role="samordnare")
    observations_in("froslunda", at_week(2026, 45), 4)
    snapshot_approve(year=2026, week=45, by=samordnare)
    snapshot_approve(year=2026, week=47, by=samordnare)
    meeting = SimpleNamespace(starts_at=dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC))  # week 46
    html = _html("meeting_attachments", samordnare, meeting)
    assert "Godkänd lägesbild vecka 45, 2026" in html
    assert "4 observationer" in html
    early = SimpleNamespace(starts_at=dt.date(2026, 1, 5))
    assert "Ingen godkänd lägesbild" in _html("meeting_attachments", samordnare, early)


def test_panels__anonymous_and_non_members_get_nothing(db):
    from trygg.accounts.tests.factories import UserFactory

    area = Area.objects.get(slug="arby")
    for user in (AnonymousUser(), UserFactory()):
        assert _html("dashboard", user) == ""
        assert _html("area", user, area) == ""
        assert _html("meeting_attachments", user, SimpleNamespace(starts_at=None)) == ""


def test_nav__lagesbild_for_members_only(make_member):
    from trygg.accounts.tests.factories import UserFactory

    assert "Lägesbild" in [i["label"] for i in items_for(make_member(role="rapportor"), "org")]
    assert "Lägesbild" not in [i["label"] for i in items_for(UserFactory(), "org")]
