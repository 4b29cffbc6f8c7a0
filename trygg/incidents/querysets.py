"""Chainable filters for observations. Every organisation-facing read goes through visible_to()."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q


class ObservationQuerySet(models.QuerySet):
    def alive(self) -> ObservationQuerySet:
        return self.filter(deleted_at__isnull=True, merged_into__isnull=True)

    def visible_to(self, user: Any) -> ObservationQuerySet:
        """Authorities (municipality, police) see all; other actors only their own organisation's."""
        from trygg.accounts import permissions

        if not permissions.is_member(user):
            return self.none()
        qs = self.alive()
        if permissions.is_authority(user):
            return qs
        return qs.filter(organisation_id__in=permissions.organisation_ids(user))

    def for_picture(self, user: Any) -> ObservationQuerySet:
        """What counts in a partner's lägesbild: all counted observations, shelters' only for authorities."""
        from trygg.accounts import permissions

        if not permissions.is_member(user):
            return self.none()
        qs = self.alive().exclude(moderation="hidden")
        if permissions.is_authority(user):
            return qs
        return qs.filter(Q(never_public=False) | Q(organisation_id__in=permissions.organisation_ids(user)))

    def public(self) -> ObservationQuerySet:
        """Approved, never from shelters or sensitive categories (reliability C6, F3, F5)."""
        return self.alive().filter(moderation="approved", never_public=False)

    def in_area(self, area: Any) -> ObservationQuerySet:
        return self.filter(area=area)

    def in_week(self, year: int, week: int) -> ObservationQuerySet:
        return self.filter(iso_year=year, iso_week=week)

    def between(self, start: Any, end: Any) -> ObservationQuerySet:
        return self.filter(observed_at__gte=start, observed_at__lt=end)
