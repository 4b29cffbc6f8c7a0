"""Residents' reports for tests and the demo: scenario constructors over the incidents factory."""

from __future__ import annotations

from typing import Any

from trygg.incidents.models import Category, Moderation, Source
from trygg.incidents.tests.factories import LAGERSBERG, ObservationFactory
from trygg.public.models import PageFeedback


def resident_category(code: str = "inv-belysning") -> Category:
    return Category.objects.get(code=code)


class ResidentReportFactory(ObservationFactory):
    """A resident's report stored directly (intake itself is tested through resident_report_submit)."""

    source = Source.RESIDENT
    organisation = None
    reporter = None
    category = None
    moderation = Moderation.APPROVED
    description = "Lampan i gångtunneln är trasig sedan en vecka."

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("category") is None:
            kwargs["category"] = resident_category()
        return super()._create(model_class, *args, **kwargs)

    @classmethod
    def create_public(cls, **kwargs: Any) -> Any:
        return cls(moderation=Moderation.APPROVED, **kwargs)

    @classmethod
    def create_pending(cls, **kwargs: Any) -> Any:
        return cls(moderation=Moderation.PENDING, **kwargs)

    @classmethod
    def create_hidden(cls, **kwargs: Any) -> Any:
        return cls(moderation=Moderation.HIDDEN, **kwargs)


def feedback(path: str = "/", helpful: bool = True, comment: str = "") -> PageFeedback:
    from django.utils import timezone

    return PageFeedback.objects.create(path=path, helpful=helpful, comment=comment, created_on=timezone.localdate())


__all__ = ["LAGERSBERG", "ResidentReportFactory", "feedback", "resident_category"]
