"""The tertial view counts whole ISO weeks from the weekly rollup and the rest from the observations; for any
period and viewer that must give exactly what counting the observations gives (selectors/tertial.py)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from trygg.accounts.models import OrganisationKind
from trygg.accounts.tests.factories import UserFactory
from trygg.areas.models import Area
from trygg.core.geo import STOCKHOLM, local_midnight
from trygg.incidents.models import Category, Moderation, Source
from trygg.incidents.tests.factories import ObservationFactory
from trygg.situational_picture.selectors.tertial import observed_counts, period_counts, tertial_periods

pytestmark = pytest.mark.django_db

FIRST, LAST = dt.date(2024, 12, 20), dt.date(2026, 12, 10)


def _observations(partner_org: Any, shelter_org: Any, rng: random.Random) -> None:
    areas = [*Area.objects.order_by("slug")[:5], None]
    categories = list(Category.objects.order_by("code")[:6])
    earlier = []
    span = (LAST - FIRST).days * 86400
    for _ in range(360):
        moment = local_midnight(FIRST) + dt.timedelta(
            seconds=rng.randrange(span))
        if rng.random() < 0.15:  # on a tertial's or week's first or last day, at the edges of the hour
            day = rng.choice([dt.date(2025, 1, 1), dt.date(2025, 4, 30), dt.date(2025, 5, 1), dt.date(2025, 9, 1),
                              dt.date(2026, 1, 1), dt.date(2026, 8, 31), dt.date(2026, 9, 1), dt.date(2026, 11, 26)])
            moment = dt.datetime.combine(day, rng.choice([dt.time.min, dt.time(23, 59, 59)]), tzinfo=STOCKHOLM)
        organisation = rng.choice([None, partner_org, shelter_org])
        restricted = organisation is not None and rng.random() < 0.5
        observation = ObservationFactory(
            observed_at=moment, area=rng.choice(areas), category=rng.choice(categories),
            organisation=organisation, never_public=restricted,
            source=Source.EST if organisation else Source.RESIDENT,
            moderation=rng.choice([Moderation.APPROVED, Moderation.APPROVED, Moderation.PENDING, Moderation.HIDDEN]),
            deleted_at=timezone.now() if rng.random() < 0.05 else None,
            merged_into=rng.choice(earlier) if earlier and rng.random() < 0.05 else None,
        )
        earlier.append(observation)


def test_period_counts__rollup_and_edges__equal_counting_every_observation(make_member: Any) -> None:
    authority = make_member(role="analytiker")
    partner = make_member(role="rapportor", kind=OrganisationKind.BOSTADSBOLAG)
    shelter = make_member(role="rapportor", kind=OrganisationKind.JOUR)
    _observations(partner.memberships.get().organisation, shelter.memberships.get().organisation,
                  random.Random(2026))
    stranger = UserFactory()  # no membership: counts nothing
    cases = [(2025, t, dt.date(2026, 6, 1)) for t in (1, 2, 3)] + [
        (2026, 1, dt.date(2026, 3, 4)), (2026, 2, dt.date(2026, 11, 26)), (2026, 3, dt.date(2026, 9, 1)),
        (2026, 3, dt.date(2026, 9, 7)), (2026, 3, dt.date(2026, 11, 26))]
    periods = []
    for year, tertial, today in cases:
        period = tertial_periods(year, tertial, today)
        periods += [(period["start"], period["end"]), (period["previous_start"], period["previous_end"])]
    periods += [(dt.date(2025, 3, 3), dt.date(2025, 3, 10)), (dt.date(2025, 3, 4), dt.date(2025, 3, 9))]
    checked = 0
    for user in (authority, partner, shelter, stranger):
        for start, end in periods:
            expected = observed_counts(user, Q(observed_at__gte=local_midnight(start),
                                               observed_at__lt=local_midnight(end)))
            assert period_counts(user, start, end) == expected, (user.username, start, end)
            checked += sum(expected.values())
    assert checked > 500  # the periods hold real data, not only empty cells
    everything = observed_counts(authority, Q())
    seen_by_partner = observed_counts(partner, Q())
    assert sum(seen_by_partner.values()) < sum(everything.values())  # the shelter's restricted reports
    assert observed_counts(stranger, Q()) == {}
