"""Reliability J2: 20 parallel submissions with one code store exactly one response (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection

from trygg.surveys import codes as code_utils
from trygg.surveys import services
from trygg.surveys.models import AccessCode, Answer, Response

from .factories import SchoolClassFactory, SurveyFactory

THREADS = 20


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_response__twenty_parallel_submissions_with_one_code__store_exactly_one():
    school_class = SchoolClassFactory(grade=5, pupil_count=1)
    survey = SurveyFactory.create_open(schools=[school_class.school])
    (code,) = services.codes_generate(survey=survey, school_class=school_class, kind="pupil", by=None)
    answers = {q.code: {"v": [-1]} for q in survey.questions.exclude(kind="text") if not q.condition_id}
    code_hash = code_utils.hash_code(code)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> str:
        # SQLite's shared-cache in-memory test database answers "table is locked" instead of waiting the
        # busy timeout a file database (WAL, IMMEDIATE, timeout=20) waits natively: retry only that error.
        for _ in range(400):
            try:
                services.response_submit(code_hash=code_hash, answers=answers)
                return "stored"
            except services.CodeUnavailableError:
                return "refused"
            except OperationalError as exc:
                if connection.vendor != "sqlite" or "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        return "gave up"

    def submit() -> None:
        try:
            barrier.wait(timeout=30)
            result = attempt()
        except Exception as exc:  # any other outcome fails the test below
            result = f"error: {exc!r}"
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes) == ["refused"] * (THREADS - 1) + ["stored"]
    assert Response.objects.filter(survey=survey).count() == 1
    assert AccessCode.objects.get(survey=survey).uses == 1
    assert Answer.objects.filter(response__survey=survey).count() == len(answers)
