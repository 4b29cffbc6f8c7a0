import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from trygg.accounts.models import OrganisationKind
from trygg.areas.models import Area, Place
from trygg.core.models import AuditEntry
from trygg.situational_picture.models import FocusItem, Snapshot
from trygg.situational_picture.selectors import week_picture
from trygg.situational_picture.services import (
    focus_item_create,
    focus_item_delete,
    snapshot_approve,
    snapshot_reopen,
)

from .factories import at_week, observations_in

pytestmark = pytest.mark.django_db

NOW = "2026-11-26 12:00:00"  # Thursday of 2026-W48


@pytest.fixture
def samordnare(make_member):
    return make_member(role="samordnare", username="sara")


def test_snapshot__approve__late_observation_does_not_change_frozen_figures(samordnare, make_member):
    with freeze_time(NOW) as clock:
        observations_in("froslunda", at_week(2026, 48, day=1), 2)
        snapshot = snapshot_approve(year=2026, week=48, by=samordnare)
        clock.tick(3600)
        observations_in("froslunda", at_week(2026, 48, day=2), 3)
        picture = week_picture(user=samordnare, year=2026, week=48)
        partner_picture = week_picture(user=make_member(role="rapportor", kind=OrganisationKind.BOSTADSBOLAG),
                                       year=2026, week=48)
    assert picture["snapshot"] == snapshot
    assert picture["total"]["count"] == 2
    assert picture["late_count"] == 3
    assert partner_picture["total"]["count"] == 2
    assert AuditEntry.objects.filter(action="approved", object_id=str(snapshot.pk)).count() == 1


@freeze_time(NOW)
def test_snapshot__approve_twice__refused(samordnare):
    snapshot_approve(year=2026, week=47, by=samordnare)
    with pytest.raises(ValidationError, match="redan godkänd"):
        snapshot_approve(year=2026, week=47, by=samordnare)
    assert Snapshot.objects.count() == 1


@freeze_time(NOW)
def test_snapshot__approve_future_week__refused(samordnare):
    with pytest.raises(ValidationError, match="inte har börjat"):
        snapshot_approve(year=2026, week=49, by=samordnare)
    assert not Snapshot.objects.exists()


@freeze_time(NOW)
@pytest.mark.parametrize(("role", "kind"), [("analytiker", "forvaltning"), ("kommunpolis", "polis"),
                                            ("samordnare", "bostadsbolag")])
def test_snapshot__approve_by_other_role__denied(make_member, role, kind):
    with pytest.raises(PermissionDenied):
        snapshot_approve(year=2026, week=47, by=make_member(role=role, kind=kind))
    assert not Snapshot.objects.exists()


def test_snapshot__reopen__live_figures_again_and_can_be_approved_anew(samordnare, make_member):
    with freeze_time(NOW) as clock:
        observations_in("lagersberg", at_week(2026, 47), 1)
        first = snapshot_approve(year=2026, week=47, by=samordnare)
        clock.tick(60)
        observations_in("lagersberg", at_week(2026, 47), 1)
        with pytest.raises(PermissionDenied):
            snapshot_reopen(snapshot=first, by=make_member(role="analytiker"))
        other = make_member(role="samordnare", username="johan")
        snapshot_reopen(snapshot=first, by=other)
        assert week_picture(user=samordnare, year=2026, week=47)["total"]["count"] == 2
        with pytest.raises(ValidationError, match="redan återöppnad"):
            snapshot_reopen(snapshot=first, by=other)
        second = snapshot_approve(year=2026, week=47, by=samordnare)
    first.refresh_from_db()
    assert first.reopened_by == other
    assert second.figures["authority"]["total"]["count"] == 2
    assert first.figures["authority"]["total"]["count"] == 1
    entry = AuditEntry.objects.get(action="status.changed", object_id=str(first.pk))
    assert entry.detail["to"] == "reopened"


@freeze_time(NOW)
def test_focus_item__create__place_must_be_in_area(make_member):
    polis = make_member(role="kommunpolis", kind="polis")
    froslunda = Area.objects.get(slug="froslunda")
    elsewhere = Place.objects.create(name="Torget", area=Area.objects.get(slug="centrum"), lat=59.37, lon=16.51)
    with pytest.raises(ValidationError, match="inte i det valda området"):
        focus_item_create(year=2026, week=49, area=froslunda, place=elsewhere, note="Kvällsnärvaro", created_by=polis)
    assert not FocusItem.objects.exists()
    item = focus_item_create(year=2026, week=49, area=froslunda, note="  Kvällsnärvaro  ", created_by=polis)
    assert item.note == "Kvällsnärvaro"
    assert AuditEntry.objects.filter(action="created", object_id=str(item.pk)).exists()


@freeze_time(NOW)
def test_focus_item__create_empty_note__refused(make_member):
    with pytest.raises(ValidationError):
        focus_item_create(year=2026, week=49, area=Area.objects.get(slug="arby"), note="   ",
                          created_by=make_member(role="samordnare"))
    assert not FocusItem.objects.exists()


@freeze_time(NOW)
def test_focus_item__rapportor__denied_and_delete_audited(make_member):
    with pytest.raises(PermissionDenied):
        focus_item_create(year=2026, week=49, area=Area.objects.get(slug="arby"), note="x",
                          created_by=make_member(role="rapportor"))
    samordnare = make_member(role="samordnare")
    item = focus_item_create(year=2026, week=49, area=Area.objects.get(slug="arby"), note="x", created_by=samordnare)
    pk = item.pk
    focus_item_delete(item=item, by=samordnare)
    assert not FocusItem.objects.exists()
    assert AuditEntry.objects.filter(action="deleted", object_id=str(pk)).exists()
