import datetime as dt
import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from trygg.accounts.tests.factories import OrganisationFactory, UserFactory
from trygg.areas.models import Area
from trygg.safety_walks.models import FindingKind, SafetyWalk, WalkFinding

LAGERSBERG = (59.3520, 16.4760)
ROUTE = {"type": "LineString", "coordinates": [[16.4731, 59.3508], [16.4762, 59.3522], [16.4795, 59.3531]]}


class SafetyWalkFactory(DjangoModelFactory):
    class Meta:
        model = SafetyWalk
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Trygghetsvandring {n}")
    area = factory.LazyFunction(lambda: Area.objects.get(slug="lagersberg"))
    organisation = factory.SubFactory(OrganisationFactory)
    walk_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    route = ROUTE
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def organisers(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.organisers.set(extracted)

    @classmethod
    def create_walked(cls, **kwargs: object) -> SafetyWalk:
        """A walk that took place last evening (so its protocol can be closed)."""
        kwargs.setdefault("walk_at", timezone.now() - dt.timedelta(hours=20))
        return cls(**kwargs)


class WalkFindingFactory(DjangoModelFactory):
    class Meta:
        model = WalkFinding

    walk = factory.SubFactory(SafetyWalkFactory,
                             walk_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=20)))
    client_uuid = factory.LazyFunction(uuid.uuid4)
    number = factory.Sequence(lambda n: n + 1)
    kind = FindingKind.PROBLEM
    checklist_item = 1
    lat = LAGERSBERG[0]
    lon = LAGERSBERG[1]
    comment = "Trasig belysning i gångtunneln."
    proposed_action = "Byt armaturerna."
    recorded_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=19))
