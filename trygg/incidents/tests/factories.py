import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from trygg.accounts.tests.factories import OrganisationFactory, UserFactory
from trygg.areas.selectors import area_for_point
from trygg.core.geo import iso_week_of, week_bounds
from trygg.core.redact import redact
from trygg.incidents import rollups
from trygg.incidents.models import Category, Moderation, Observation, Source

# Inside Lagersberg, a prioritised area.
LAGERSBERG = (59.3520, 16.4760)


def earlier_this_week() -> dt.datetime:
    """Two hours ago, but never before this ISO week began (tests that read "this week" run at any hour)."""
    now = timezone.now()
    return max(now - dt.timedelta(hours=2), week_bounds(*iso_week_of(now))[0])


class ObservationFactory(DjangoModelFactory):
    """Direct ORM factory for tests and bulk demo data; real intake goes through services.observation_create."""

    class Meta:
        model = Observation

    source = Source.EST
    organisation = factory.SubFactory(OrganisationFactory)
    reporter = factory.SubFactory(UserFactory)
    category = factory.LazyFunction(lambda: Category.objects.get(code="skadegorelse"))
    observed_at = factory.LazyFunction(earlier_this_week)
    iso_year = factory.LazyAttribute(lambda o: iso_week_of(o.observed_at)[0])
    iso_week = factory.LazyAttribute(lambda o: iso_week_of(o.observed_at)[1])
    lat = LAGERSBERG[0]
    lon = LAGERSBERG[1]
    area = factory.LazyAttribute(lambda o: area_for_point(lat=o.lat, lon=o.lon))
    description = "Krossad ruta i cykelrummet."
    description_redacted = factory.LazyAttribute(lambda o: redact(o.description))
    moderation = Moderation.APPROVED

    @classmethod
    def _create(cls, model_class: type[Observation], *args: object, **kwargs: object) -> Observation:
        # Keep the weekly rollup exact, as the services do, so pictures built from it are truthful in tests.
        observation = super()._create(model_class, *args, **kwargs)
        rollups.apply(None, rollups.counted_key(observation))
        return observation

    @classmethod
    def create_for_moderation(cls, **kwargs: object) -> Observation:
        return cls(source=Source.RESIDENT, organisation=None, reporter=None, moderation=Moderation.PENDING, **kwargs)


# Inside Fröslunda and outside the municipality (Stockholm), for form tests.
FROSLUNDA = (59.3572, 16.5251)
STOCKHOLM = (59.3293, 18.0686)


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def create_with_photo(**kwargs: object) -> Observation:
    """An observation with one unapproved photo, as a reporter's upload leaves it."""
    from django.core.files.base import ContentFile

    from trygg.incidents.models import ObservationPhoto

    observation = ObservationFactory(**kwargs)
    ObservationPhoto.objects.create(observation=observation, image=ContentFile(png_bytes(), name="a1b2.png"))
    return observation
