import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.tests.factories import OrganisationFactory, UserFactory
from trygg.core.models import AuditEntry
from trygg.incidents.models import Category, Moderation, Observation, Source
from trygg.incidents.services import observation_create

pytestmark = pytest.mark.django_db


def _create(**kwargs):
    defaults = {
        "source": Source.EST,
        "category": Category.objects.get(code="klotter"),
        "lat": 59.352,
        "lon": 16.476,
        "observed_at": timezone.now() - dt.timedelta(hours=1),
        "description": "Klotter på tunneln, ring 070-1234567",
        "organisation": OrganisationFactory(),
        "reporter": UserFactory(),
    }
    defaults.update(kwargs)
    return observation_create(**defaults)


def test_observation_create__assigns_area_week_redaction_and_audit():
    obs = _create()
    assert obs.area.name == "Lagersberg"
    assert (obs.iso_year, obs.iso_week) == timezone.localtime(obs.observed_at).isocalendar()[:2]
    assert "070-1234567" not in obs.description_redacted
    assert obs.moderation == Moderation.APPROVED
    assert AuditEntry.objects.filter(action="observation.created", object_id=str(obs.pk)).count() == 1
    assert "070" not in str(AuditEntry.objects.get(object_id=str(obs.pk)).detail)


def test_observation_create__outside_municipality_refused_nothing_saved():
    with pytest.raises(ValidationError) as err:
        _create(lat=59.3293, lon=18.0686)
    assert "utanför Eskilstuna kommun" in str(err.value)
    assert Observation.objects.count() == 0


@pytest.mark.parametrize(("lat", "lon"), [(float("nan"), 16.5), ("abc", 16.5), (None, None), (91, 16.5)])
def test_observation_create__invalid_coordinates_refused(lat, lon):
    with pytest.raises(ValidationError):
        _create(lat=lat, lon=lon)
    assert Observation.objects.count() == 0


def test_observation_create__future_time_refused():
    with pytest.raises(ValidationError):
        _create(observed_at=timezone.now() + dt.timedelta(days=1))


def test_observation_create__shelter_reports_never_public():
    obs = _create(organisation=OrganisationFactory(kind="jour"))
    assert obs.never_public is True
    assert not Observation.objects.public().filter(pk=obs.pk).exists()


def test_observation_create__resident_waits_for_moderation():
    obs = _create(source=Source.RESIDENT, organisation=None, reporter=None)
    assert obs.moderation == Moderation.PENDING
    assert not Observation.objects.public().exists()
