"""Factories and scenario constructors for collaboration tests (the demo uses the services directly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.areas.models import Area
from trygg.collaboration.models import (
    Agreement,
    Decision,
    Goal,
    GroupNote,
    Invitation,
    Meeting,
    MeetingKind,
    Network,
    Promise,
    PromiseActivity,
    PromiseStage,
)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.TRYGGHETSRAD
    title = "Trygghetsråd"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    place = "Stadshuset, sal A"

    @classmethod
    def create_with_invited(cls, *organisations: Any, **kwargs: Any) -> Meeting:
        meeting = cls(**kwargs)
        for organisation in organisations:
            Invitation.objects.create(meeting=meeting, organisation=organisation)
        return meeting

    @classmethod
    def create_past(cls, **kwargs: Any) -> Meeting:
        return cls(starts_at=timezone.now() - dt.timedelta(days=2), **kwargs)

    @classmethod
    def create_approved(cls, **kwargs: Any) -> Meeting:
        """A held meeting whose minutes are justerat (a record: group work and decisions are fixed)."""
        kwargs = {"starts_at": timezone.now() - dt.timedelta(days=2), "minutes": "Protokoll",
                  "minutes_status": "approved", "minutes_approved_at": timezone.now(), **kwargs}
        return cls(**kwargs)


class GroupNoteFactory(DjangoModelFactory):
    class Meta:
        model = GroupNote

    meeting = factory.SubFactory(MeetingFactory)
    theme = "Lagersberg"
    notes = "Gångtunneln är mörk på kvällarna."


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = "Gatuavdelningen ser över belysningen i gångtunneln."
    owner = factory.SubFactory(OrganisationFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    title = "Samverkansöverenskommelse 2024–2027"
    period_start = dt.date(2024, 1, 1)
    period_end = dt.date(2027, 12, 31)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    agreement = factory.SubFactory(AgreementFactory)
    indicator = "Rapporter om öppen narkotikahantering"
    baseline = 40
    target = 20


class PromiseFactory(DjangoModelFactory):
    class Meta:
        model = Promise

    area = factory.LazyFunction(lambda: Area.objects.get(slug="lagersberg"))
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = "Tryggare Lagersberg"
    problem = "Otrygghet kvällstid kring centrum och gångtunneln."
    stage = PromiseStage.PROMISE

    @classmethod
    def create_with_activity(cls, target: int = 272, **kwargs: Any) -> Promise:
        promise = cls(**kwargs)
        PromiseActivity.objects.create(promise=promise, text="Fotpatrullering", owner="polis", target_count=target)
        return promise

    @classmethod
    def create_published(cls, **kwargs: Any) -> Promise:
        promise = cls.create_with_activity(**kwargs)
        promise.published_at = timezone.now()
        promise.save(update_fields=["published_at"])
        return promise


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")

    @factory.post_generation
    def members(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.members.set(extracted)
