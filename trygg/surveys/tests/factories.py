"""Factories for surveys with scenario constructors; the demo uses the same helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from trygg.accounts.models import OrganisationKind
from trygg.accounts.tests.factories import OrganisationFactory
from trygg.areas.models import Area

from ..bank import ensure_question_bank
from ..models import DECLINED, AccessCode, Answer, Question, Response, School, SchoolClass, Survey, SurveyStatus


def _area() -> Area:
    return Area.objects.order_by("pk").first()


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SKOLA,
                                      name=factory.Sequence(lambda n: f"Skola {n}"),
                                      slug=factory.Sequence(lambda n: f"skola-{n}"))
    area = factory.LazyFunction(_area)
    lat = factory.LazyAttribute(lambda s: s.area.centre_lat)
    lon = factory.LazyAttribute(lambda s: s.area.centre_lon)


class SchoolClassFactory(DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"{n}A")
    grade = 5
    pupil_count = 25


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = Survey
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Elevenkät {n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    grades = factory.LazyFunction(lambda: [5, 8])
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=21))
    min_group_size = 5
    status = SurveyStatus.OPEN

    @factory.post_generation
    def schools(self, create: bool, extracted: Iterable[School] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.schools.set(extracted)

    @factory.post_generation
    def questions(self, create: bool, extracted: Iterable[Question] | None, **kwargs: Any) -> None:
        if not create:
            return
        ensure_question_bank()
        self.questions.set(extracted if extracted is not None else Question.objects.filter(is_active=True))

    @classmethod
    def create_open(cls, *, schools: Iterable[School], **kwargs: Any) -> Survey:
        return cls(schools=list(schools), **kwargs)

    @classmethod
    def create_closed(cls, *, schools: Iterable[School], year: int, **kwargs: Any) -> Survey:
        return cls(schools=list(schools), year=year, status=SurveyStatus.CLOSED,
                   opens_on=dt.date(year, 3, 1), closes_on=dt.date(year, 4, 15), **kwargs)


AnswerPicker = Callable[[Question, int], list[int] | tuple[float, float] | str | None]


def add_responses(*, survey: Survey, school_class: SchoolClass, count: int,
                  pick: AnswerPicker | None = None, expected: int | None = None) -> list[Response]:
    """`count` submitted responses for a class (codes consumed, like real submissions), bulk-created.
    pick(question, i) returns option values, (lat, lon) for a map pick, text, or None to skip."""
    ensure_question_bank()
    code = AccessCode.objects.create(survey=survey, school_class=school_class, kind="class",
                                     code_hash=f"{survey.pk}-{school_class.pk}-{AccessCode.objects.count()}",
                                     max_uses=max(expected or school_class.pupil_count, count), uses=count)
    del code
    responses = [Response(survey=survey, school_id=school_class.school_id, grade=school_class.grade)
                 for _ in range(count)]
    Response.objects.bulk_create(responses)
    questions = list(survey.questions.all())
    rows: list[Answer] = []
    for i, response in enumerate(responses):
        for question in questions:
            value = pick(question, i) if pick is not None else _default(question)
            if value is None:
                continue
            if isinstance(value, str):
                rows.append(Answer(response=response, question=question, text=value, text_status="pending"))
            elif isinstance(value, tuple):
                rows.append(Answer(response=response, question=question, lat=value[0], lon=value[1]))
            else:
                rows.extend(Answer(response=response, question=question, value=v) for v in value)
    Answer.objects.bulk_create(rows, batch_size=2000)
    return responses


def _default(question: Question) -> list[int] | None:
    if question.kind == "text" or question.condition_id:
        return None
    return [1] if question.kind != "place" else [DECLINED]
