from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


class InterventionQuerySet(models.QuerySet):
    def alive(self) -> InterventionQuerySet:
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user: Any) -> InterventionQuerySet:
        """Interventions are shared work: every member organisation sees them (no crime data inside)."""
        from trygg.accounts import permissions

        if not permissions.is_member(user):
            return self.none()
        return self.alive()

    def editable_by(self, user: Any) -> InterventionQuerySet:
        """The owner organisation's members, and samordnare, may change an intervention."""
        from trygg.accounts import permissions

        qs = self.visible_to(user)
        if permissions.is_samordnare(user):
            return qs
        return qs.filter(owner_id__in=permissions.organisation_ids(user))

    def open(self) -> InterventionQuerySet:
        from .models import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self) -> InterventionQuerySet:
        return self.open().filter(due_date__lt=timezone.localdate())

    def in_area(self, area: Any) -> InterventionQuerySet:
        return self.filter(areas=area)
