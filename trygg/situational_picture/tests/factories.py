"""Factories and scenarios for the lägesbild. Observations come from the incidents factories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from trygg.accounts.tests.factories import UserFactory
from trygg.areas.models import Area
from trygg.core.geo import STOCKHOLM, week_start
from trygg.incidents.models import Category
from trygg.incidents.tests.factories import ObservationFactory
from trygg.situational_picture.models import FocusItem

# Points inside areas (see trygg/areas/tests): Lagersberg and Fröslunda are prioritised, Centrum is not.
POINTS = {
    "lagersberg": (59.3520, 16.4760),
    "froslunda": (59.3572, 16.5251),
    "centrum": (59.3706, 16.5128),
    "skiftinge": (59.3931, 16.5411),
}


def at_week(year: int, week: int, day: int = 2, hour: int = 12) -> dt.datetime:
    """A moment inside ISO week (year, week): Wednesday noon Stockholm time by default."""
    return dt.datetime.combine(week_start(year, week) + dt.timedelta(days=day), dt.time(hour), tzinfo=STOCKHOLM)


def observations_in(area_slug: str, observed_at: dt.datetime, count: int = 1, category: str = "skadegorelse",
                    **kwargs: Any) -> list[Any]:
    lat, lon = POINTS[area_slug]
    cat = Category.objects.get(code=category)
    return [ObservationFactory(lat=lat, lon=lon, observed_at=observed_at, category=cat, **kwargs)
            for _ in range(count)]


class FocusItemFactory(DjangoModelFactory):
    class Meta:
        model = FocusItem

    iso_year = 2026
    iso_week = 48
    area = factory.LazyFunction(lambda: Area.objects.get(slug="froslunda"))
    note = "Extra kvällsvandringar vid centrum."
    created_by = factory.SubFactory(UserFactory)
