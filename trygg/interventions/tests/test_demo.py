import pytest

from trygg.accounts import demo as accounts_demo
from trygg.areas import demo as areas_demo
from trygg.demo.context import DemoContext
from trygg.incidents.models import Observation
from trygg.incidents.tests.factories import ObservationFactory
from trygg.interventions import demo
from trygg.interventions.models import Intervention, Status

pytestmark = pytest.mark.django_db


def _context():
    ctx = DemoContext(size="small")
    accounts_demo.build(ctx)
    areas_demo.build(ctx)
    return ctx


def test_interventions_demo__small__every_state_valid_owners_histories_no_observations():
    ctx = _context()
    assert not Observation.objects.exists()
    demo.build(ctx)
    interventions = list(Intervention.objects.prefetch_related("status_changes"))
    assert len(interventions) == 15
    assert {i.status for i in interventions} == set(Status.values)
    for intervention in interventions:
        assert intervention.due_date >= intervention.start_date
        if intervention.responsible is not None:
            assert intervention.responsible.memberships.filter(organisation=intervention.owner).exists()
        changes = list(intervention.status_changes.all())
        if intervention.status != Status.PROPOSED:
            assert changes[-1].to_status == intervention.status
        if intervention.status == Status.FOLLOWED_UP:
            assert intervention.follow_up_note
    assert not any(i.origin_type_id for i in interventions)
    demo.build(ctx)  # idempotent
    assert Intervention.objects.count() == 15


def test_interventions_demo__links_an_observation_as_origin_when_there_is_one():
    ctx = _context()
    observation = ObservationFactory()  # in Lagersberg, the first template's area
    demo.build(ctx)
    assert Intervention.objects.originating_from(observation).exists()
