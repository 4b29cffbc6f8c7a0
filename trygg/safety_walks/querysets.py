"""Chainable filters for walks and findings. Walks are shared work: every member sees them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

# A problem counts as fixed when its intervention is done or followed up, or its report is fixed or closed.
FIXED_INTERVENTION = ("done", "followed_up")
FIXED_OBSERVATION = ("fixed", "closed")


class SafetyWalkQuerySet(models.QuerySet):
    def alive(self) -> SafetyWalkQuerySet:
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user: Any) -> SafetyWalkQuerySet:
        from trygg.accounts import permissions

        if not permissions.is_member(user):
            return self.none()
        return self.alive()

    def editable_by(self, user: Any) -> SafetyWalkQuerySet:
        """Organisers of the walk and samordnare may change it and record findings."""
        from trygg.accounts import permissions

        qs = self.visible_to(user)
        if permissions.is_samordnare(user):
            return qs
        return qs.filter(organisers=user).distinct()

    def in_area(self, area: Any) -> SafetyWalkQuerySet:
        return self.filter(area=area)

    def upcoming(self, now: Any) -> SafetyWalkQuerySet:
        return self.filter(walk_at__gte=now).order_by("walk_at", "id")

    def past(self, now: Any) -> SafetyWalkQuerySet:
        return self.filter(walk_at__lt=now)


class FindingQuerySet(models.QuerySet):
    def problems(self) -> FindingQuerySet:
        return self.filter(kind="problem")

    def fixed(self) -> FindingQuerySet:
        return self.filter(
            Q(intervention__status__in=FIXED_INTERVENTION) | Q(observation__status__in=FIXED_OBSERVATION)
        )
