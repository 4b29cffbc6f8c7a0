"""Writes for pupil surveys: set-up, transitions, codes, anonymous submission, moderation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from . import codes as code_utils
from .answers import AnswerSet
from .models import (
    AccessCode,
    Answer,
    CodeKind,
    Question,
    Response,
    School,
    SchoolClass,
    Survey,
    SurveyStatus,
    TextStatus,
)


class CodeUnavailableError(Exception):
    """The code does not exist, belongs to a closed survey or has already been used."""


@transaction.atomic
def school_save(*, organisation: Any, area: Any, lat: float, lon: float, by: Any, school: School | None = None
                ) -> School:
    school = school or School(organisation=organisation)
    school.organisation, school.area, school.lat, school.lon = organisation, area, lat, lon
    created = school.pk is None
    school.full_clean()
    school.save()
    audit(action=AuditAction.CREATED if created else AuditAction.UPDATED, actor=by, obj=school)
    return school


@transaction.atomic
def school_class_create(*, school: School, name: str, grade: int, pupil_count: int, by: Any) -> SchoolClass:
    school_class = SchoolClass(school=school, name=name, grade=grade, pupil_count=pupil_count)
    school_class.full_clean()
    school_class.save()
    audit(action=AuditAction.CREATED, actor=by, obj=school_class)
    return school_class


@transaction.atomic
def survey_create(*, name: str, year: int, grades: Iterable[int], schools: Iterable[School],
                  opens_on: dt.date, closes_on: dt.date, by: Any, min_group_size: int = 5,
                  questions: Iterable[Question] | None = None) -> Survey:
    survey = Survey(name=name, year=year, grades=sorted({int(g) for g in grades}), opens_on=opens_on,
                    closes_on=closes_on, min_group_size=min_group_size, created_by=by)
    survey.full_clean()
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": _("Välj minst en skola.")})
    survey.save()
    survey.schools.set(schools)
    survey.questions.set(list(questions) if questions is not None else Question.objects.filter(is_active=True))
    audit(action=AuditAction.CREATED, actor=by, obj=survey)
    return survey


@transaction.atomic
def survey_open(*, survey: Survey, by: Any) -> Survey:
    """Publish the survey to pupils (draft → open)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Bara ett utkast kan öppnas."))
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status"])
    audit(action=AuditAction.PUBLISHED, actor=by, obj=survey, status=survey.status)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: Any) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Bara en öppen enkät kan stängas."))
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status"])
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=survey, status=survey.status)
    return survey


@transaction.atomic
def codes_generate(*, survey: Survey, school_class: SchoolClass, kind: str, by: Any) -> list[str]:
    """New codes for a class: one per pupil, or one shared class code usable pupil_count times.
    The plain codes are returned once (for the print sheet) and never stored."""
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("Enkäten är stängd."))
    if school_class.grade not in survey.grades or not survey.schools.filter(pk=school_class.school_id).exists():
        raise ValidationError(_("Klassen ingår inte i enkäten."))
    if kind not in CodeKind.values:
        raise ValidationError({"kind": _("Välj typ av kod.")})
    count, max_uses = (school_class.pupil_count, 1) if kind == CodeKind.PUPIL else (1, school_class.pupil_count)
    plain = [code_utils.new_code() for _ in range(count)]
    AccessCode.objects.bulk_create([
        AccessCode(survey=survey, school_class=school_class, kind=kind, code_hash=code_utils.hash_code(code),
                   max_uses=max_uses) for code in plain
    ])
    audit(action=AuditAction.CREATED, actor=by, obj=survey, what="codes", school_class=school_class.pk,
          kind=kind, count=count)
    return plain


def code_lookup(*, code: str) -> AccessCode:
    """The open, unused code for `code`, or CodeUnavailableError. Does not consume it."""
    if not code_utils.looks_valid(code):
        raise CodeUnavailableError
    found = (AccessCode.objects.select_related("survey", "school_class__school")
             .filter(code_hash=code_utils.hash_code(code), uses__lt=F("max_uses")).first())
    if found is None or not found.survey.is_accepting:
        raise CodeUnavailableError
    return found


@transaction.atomic
def response_submit(*, code_hash: str, answers: Mapping[str, Any]) -> Response:
    """Consume the code (one conditional UPDATE: race-free on SQLite and PostgreSQL) and store the answers
    with survey, school and grade only. Raises CodeUnavailableError if the code is used up or the survey closed."""
    code = AccessCode.objects.select_related("survey", "school_class__school").filter(code_hash=code_hash).first()
    if code is None or code.uses >= code.max_uses or not code.survey.is_accepting:
        raise CodeUnavailableError
    answer_set = AnswerSet(code.survey)
    cleaned = answer_set.clean_all(answers, school=code.school_class.school)  # validate before writing
    consumed = AccessCode.objects.filter(pk=code.pk, uses__lt=F("max_uses")).update(uses=F("uses") + 1)
    if consumed != 1:
        raise CodeUnavailableError
    response = Response.objects.create(survey=code.survey, school_id=code.school_class.school_id,
                                       grade=code.school_class.grade)
    Answer.objects.bulk_create(answer_set.to_rows(response, cleaned))
    return response


@transaction.atomic
def text_moderate(*, answer: Answer, approve: bool, by: Any) -> Answer:
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.text_status != TextStatus.PENDING:
        raise ValidationError(_("Svaret är redan granskat."))
    answer.text_status = TextStatus.APPROVED if approve else TextStatus.REJECTED
    answer.save(update_fields=["text_status"])
    audit(action=AuditAction.MODERATED, actor=by, obj=answer, decision=answer.text_status)
    return answer
