from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

REMINDER_INTERVAL = dt.timedelta(days=7)


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

    def overdue(self, today: dt.date | None = None) -> InterventionQuerySet:
        """Open and past the due date (the due date itself is not late)."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def in_area(self, area: Any) -> InterventionQuerySet:
        return self.filter(areas=area)

    def owned_by(self, organisation: Any) -> InterventionQuerySet:
        return self.filter(owner=organisation)

    def mine(self, user: Any) -> InterventionQuerySet:
        """Owned by one of the user's organisations, or with the user as responsible person."""
        from trygg.accounts import permissions

        return self.filter(Q(owner_id__in=permissions.organisation_ids(user)) | Q(responsible_id=user.pk))

    def originating_from(self, obj: models.Model) -> InterventionQuerySet:
        from django.contrib.contenttypes.models import ContentType

        return self.filter(origin_type=ContentType.objects.get_for_model(obj), origin_id=str(obj.pk))

    def with_list_relations(self) -> InterventionQuerySet:
        return self.select_related("owner", "responsible").prefetch_related("areas")

    def due_for_reminder(self, now: dt.datetime | None = None) -> InterventionQuerySet:
        """Overdue, with a responsible person with an e-mail address, not reminded in the last week."""
        now = now or timezone.now()
        return (
            self.alive()
            .overdue(timezone.localdate(now))
            .filter(responsible__isnull=False, responsible__is_active=True)
            .exclude(responsible__email__isnull=True)
            .exclude(responsible__email="")
            .exclude(reminders__sent_at__gt=now - REMINDER_INTERVAL)
        )
