"""Scoped reads: every organisation read of surveys goes through visible_to(user)."""

from __future__ import annotations

from typing import Any

from django.db import models


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SchoolQuerySet:
        from .permissions import contact_school_org_ids, sees_all_schools

        if sees_all_schools(user):
            return self.all()
        return self.filter(organisation_id__in=contact_school_org_ids(user))


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SurveyQuerySet:
        from .permissions import contact_school_org_ids, sees_all_schools

        if sees_all_schools(user):
            return self.all()
        return self.filter(schools__organisation_id__in=contact_school_org_ids(user)).distinct()
