"""Management commands that hand their work to a django-tasks task (so cron and the task worker share one path)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus


def enqueue_and_report(command: BaseCommand, task: Any, *, done: str, failed: str, queued: str) -> None:
    """Enqueue `task` and say what became of it. The immediate backend runs it at once (`done` gets its return
    value as {n}); a failure is the command's error (`failed`); a queued run (database backend) says so
    (`queued`). `failed` and `queued` get the task id as {id}."""
    result = task.enqueue()
    if result.status == TaskResultStatus.SUCCESSFUL:
        command.stdout.write(done.format(n=result.return_value))
    elif result.status == TaskResultStatus.FAILED:
        raise CommandError(failed.format(id=result.id))
    else:
        command.stdout.write(queued.format(id=result.id))
