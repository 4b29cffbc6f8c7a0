"""Background work for observations (django-tasks; the default backend runs it immediately)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task


@task()
def process_received_reports() -> int:
    """Turn every pending report received over Open311 into an observation (see residents/intake.py)."""
    from .residents import intake

    cache.delete(intake.SCHEDULED)  # a report arriving from now on schedules another run
    return intake.process_all()


@task()
def send_weekly_reminders() -> int:
    """Remind organisations that have not reported this week (see reminders.py)."""
    from .reminders import weekly_reminders_send

    return weekly_reminders_send()
