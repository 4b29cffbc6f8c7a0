import pytest

from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.areas.models import Area
from trygg.interventions.models import Intervention, Status
from trygg.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


def _member(org, role="rapportor"):
    user = UserFactory()
    MembershipFactory(user=user, organisation=org, role=role)
    return user


def test_intervention__visible_to__every_member_none_for_outsiders():
    intervention = InterventionFactory()
    member = _member(OrganisationFactory(kind="forening"))
    assert list(Intervention.objects.visible_to(member)) == [intervention]
    assert not Intervention.objects.visible_to(UserFactory()).exists()


def test_intervention__visible_to__hides_soft_deleted():
    intervention = InterventionFactory()
    intervention.soft_delete()
    assert not Intervention.objects.visible_to(_member(OrganisationFactory())).exists()


def test_intervention__editable_by__owner_members_and_samordnare_only():
    owner = OrganisationFactory()
    intervention = InterventionFactory(owner=owner)
    assert Intervention.objects.editable_by(_member(owner)).exists()
    assert Intervention.objects.editable_by(_member(OrganisationFactory(), role="samordnare")).exists()
    assert not Intervention.objects.editable_by(_member(OrganisationFactory())).exists()
    assert intervention.pk


def test_intervention__mine__owner_org_or_responsible():
    org = OrganisationFactory()
    user = _member(org)
    own = InterventionFactory(owner=org)
    assigned = InterventionFactory(responsible=user)
    InterventionFactory()
    assert set(Intervention.objects.mine(user)) == {own, assigned}


def test_intervention__in_area_and_open__filter():
    lagersberg, skiftinge = Area.objects.get(slug="lagersberg"), Area.objects.get(slug="skiftinge")
    here = InterventionFactory(areas=[lagersberg])
    InterventionFactory(areas=[skiftinge])
    InterventionFactory(areas=[lagersberg], status=Status.CANCELLED)
    assert list(Intervention.objects.in_area(lagersberg).open()) == [here]
