"""Scoped reads: who sees which meetings, promises and networks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Samordnare see all; other members see meetings their organisation is invited to (or whose network
        it belongs to) and every meeting with published minutes (public or partners only)."""
        from trygg.accounts import permissions

        if not permissions.is_member(user):
            return self.none()
        if permissions.is_samordnare(user):
            return self.all()
        orgs = permissions.organisation_ids(user)
        return self.filter(
            Q(invitations__organisation_id__in=orgs) | Q(network__members__in=orgs) | Q(minutes_status="published")
        ).distinct()

    def with_public_minutes(self) -> MeetingQuerySet:
        return self.filter(minutes_status="published", minutes_visibility="public")

    def upcoming(self) -> MeetingQuerySet:
        from django.utils import timezone

        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def not_cancelled(self) -> MeetingQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def due_for_reminder(self, *, now: dt.datetime, days: int) -> MeetingQuerySet:
        """Meetings that have not started, are not cancelled and start within the next `days` calendar days
        (today counts as day 0: with 3, a Thursday meeting is due from Monday)."""
        from trygg.core.reminders import due_before

        return (self.not_cancelled().filter(starts_at__gt=now, starts_at__lt=due_before(now, days))
                .order_by("starts_at", "id"))


class PromiseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> PromiseQuerySet:
        from trygg.accounts import permissions

        return self.all() if permissions.is_member(user) else self.public()

    def public(self) -> PromiseQuerySet:
        """Promises that have been made public (the promise itself; follow-up has its own flag)."""
        return self.filter(published_at__isnull=False)


class NetworkQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> NetworkQuerySet:
        """Samordnare own the networks; members see the networks their organisation belongs to."""
        from trygg.accounts import permissions

        if not permissions.is_member(user):
            return self.none()
        if permissions.is_samordnare(user):
            return self.all()
        return self.filter(members__in=permissions.organisation_ids(user)).distinct()
