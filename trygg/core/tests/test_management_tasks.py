"""enqueue_and_report: what a task-backed management command says for each outcome of its task."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from trygg.core.management.tasks import enqueue_and_report

MESSAGES = {"done": "Klart: {n}.", "failed": "Misslyckades ({id}).", "queued": "Köad ({id})."}


def _run(status: TaskResultStatus) -> str:
    task = SimpleNamespace(enqueue=lambda: SimpleNamespace(status=status, return_value=7, id="t-1"))
    command = BaseCommand(stdout=io.StringIO())
    enqueue_and_report(command, task, **MESSAGES)
    return command.stdout.getvalue().strip()


def test_enqueue_and_report__each_outcome() -> None:
    assert _run(TaskResultStatus.SUCCESSFUL) == "Klart: 7."
    assert _run(TaskResultStatus.READY) == "Köad (t-1)."
    with pytest.raises(CommandError, match=r"Misslyckades \(t-1\)\."):
        _run(TaskResultStatus.FAILED)
