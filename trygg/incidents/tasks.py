"""Background work for observations (django-tasks; the default backend runs it immediately)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend


@task()
def process_received_reports() -> int:
    """Turn every pending report received over Open311 into an observation (see residents/intake.py)."""
    from .residents import intake

    cache.delete(intake.SCHEDULED)  # a report arriving from now on schedules another run
    inline = isinstance(process_received_reports.get_backend(), ImmediateBackend)  # in the request: no pause
    return intake.process_all(gather=0.0 if inline else intake.GATHER_SECONDS)


@task()
def send_weekly_reminders() -> int:
    """Remind organisations that have not reported this week (see reminders.py)."""
    from .reminders import weekly_reminders_send

    return weekly_reminders_send()
