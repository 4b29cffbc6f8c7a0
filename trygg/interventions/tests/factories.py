import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.interventions.models import Intervention, Status, StatusChange


class InterventionFactory(DjangoModelFactory):
    """Direct ORM factory; real creation goes through services.intervention_create."""

    class Meta:
        model = Intervention
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Insats {n}: byta belysning")
    owner = factory.SubFactory(OrganisationFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    status = Status.PLANNED

    @factory.post_generation
    def areas(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def places(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.places.set(extracted)

    @classmethod
    def create_overdue(cls, days: int = 3, **kwargs: object) -> Intervention:
        today = timezone.localdate()
        return cls(start_date=today - dt.timedelta(days=days + 30), due_date=today - dt.timedelta(days=days),
                   status=Status.IN_PROGRESS, **kwargs)

    @classmethod
    def create_followed_up(cls, note: str = "Färre rapporter om mörker vid tunneln.", **kwargs: object) -> Intervention:
        intervention = cls(status=Status.FOLLOWED_UP, follow_up_note=note, **kwargs)
        StatusChange.objects.create(intervention=intervention, from_status=Status.DONE, to_status=Status.FOLLOWED_UP,
                                    note=note)
        return intervention
