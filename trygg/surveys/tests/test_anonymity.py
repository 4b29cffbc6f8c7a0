"""Reliability J1/J3: codes only as hashes; no link from responses to codes, no fine timestamps, no device data."""

from __future__ import annotations

import uuid

import pytest
from django.apps import apps
from django.db import models

from trygg.surveys import codes as code_utils
from trygg.surveys import services
from trygg.surveys.models import AccessCode, Answer, Response

from .factories import SchoolClassFactory, SurveyFactory

pytestmark = pytest.mark.django_db

FORBIDDEN_NAMES = ("ip", "user_agent", "created", "modified", "submitted", "time", "at", "code", "session", "user")


def test_response__model_introspection__has_no_link_to_codes_or_times():
    for model in (Response, Answer):
        assert isinstance(model._meta.pk, models.UUIDField)
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is not AccessCode, f"{model.__name__}.{field.name} links to AccessCode"
            assert related is None or related._meta.label != "accounts.User"
            assert not isinstance(field, models.DateTimeField | models.DateField | models.TimeField), field.name
            assert not isinstance(field, models.GenericIPAddressField), field.name
            assert not any(field.name == n or field.name.startswith(f"{n}_") or field.name.endswith(f"_{n}")
                           for n in FORBIDDEN_NAMES), f"{model.__name__}.{field.name}"
    for field in AccessCode._meta.get_fields():
        assert getattr(field, "related_model", None) not in (Response, Answer)
        assert not isinstance(field, models.DateTimeField | models.DateField)
    # nothing anywhere in the project points from a code to a response or back
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # reverse accessors
            if getattr(field, "related_model", None) is Response:
                assert model in (Answer,), f"{model.__name__}.{field.name} points at Response"


def test_code__generate__stores_only_hmac_hashes():
    school_class = SchoolClassFactory(grade=5, pupil_count=6)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    plain = services.codes_generate(survey=survey, school_class=school_class, kind="pupil", by=None)
    assert len(plain) == 6 and len(set(plain)) == 6
    stored = list(AccessCode.objects.filter(survey=survey).values_list("code_hash", flat=True))
    assert sorted(stored) == sorted(code_utils.hash_code(c) for c in plain)
    for code in plain:
        assert code_utils.looks_valid(code)
        assert not AccessCode.objects.filter(code_hash__icontains=code_utils.normalise(code)).exists()


def test_code__lookup__accepts_lowercase_and_spaces_and_refuses_unknown():
    school_class = SchoolClassFactory(grade=5, pupil_count=1)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    (code,) = services.codes_generate(survey=survey, school_class=school_class, kind="pupil", by=None)
    assert services.code_lookup(code=code.lower().replace("-", " ")).survey == survey
    with pytest.raises(services.CodeUnavailableError):
        services.code_lookup(code="AAAAA-AAAAA")


def test_code__reuse__is_refused_and_response_has_only_school_and_grade():
    school_class = SchoolClassFactory(grade=8, pupil_count=1)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    (code,) = services.codes_generate(survey=survey, school_class=school_class, kind="pupil", by=None)
    answers = {"trivsel": {"v": [1]}}
    response = services.response_submit(code_hash=code_utils.hash_code(code), answers=_all_declined(survey))
    assert isinstance(response.pk, uuid.UUID)
    assert (response.school_id, response.grade) == (school_class.school_id, 8)
    with pytest.raises(services.CodeUnavailableError):
        services.response_submit(code_hash=code_utils.hash_code(code), answers=answers)
    with pytest.raises(services.CodeUnavailableError):
        services.code_lookup(code=code)
    assert Response.objects.count() == 1


def test_code__class_code__is_usable_as_many_times_as_pupils():
    school_class = SchoolClassFactory(grade=5, pupil_count=3)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    (code,) = services.codes_generate(survey=survey, school_class=school_class, kind="class", by=None)
    for _ in range(3):
        services.response_submit(code_hash=code_utils.hash_code(code), answers=_all_declined(survey))
    with pytest.raises(services.CodeUnavailableError):
        services.response_submit(code_hash=code_utils.hash_code(code), answers=_all_declined(survey))
    assert Response.objects.filter(survey=survey).count() == 3


def test_response__invalid_answers__write_nothing_and_keep_the_code():
    school_class = SchoolClassFactory(grade=5, pupil_count=1)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    (code,) = services.codes_generate(survey=survey, school_class=school_class, kind="pupil", by=None)
    broken = {**_all_declined(survey), "trivsel": {"v": [99]}}
    with pytest.raises(services.ValidationError):
        services.response_submit(code_hash=code_utils.hash_code(code), answers=broken)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert AccessCode.objects.get().uses == 0


def _all_declined(survey):
    return {q.code: {"v": [-1]} for q in survey.questions.exclude(kind="text") if not q.condition_id}


def test_survey__open_twice_or_close_a_draft__is_refused():
    survey = SurveyFactory(status="draft")
    with pytest.raises(services.ValidationError):
        services.survey_close(survey=survey, by=None)
    services.survey_open(survey=survey, by=None)
    with pytest.raises(services.ValidationError):
        services.survey_open(survey=survey, by=None)
