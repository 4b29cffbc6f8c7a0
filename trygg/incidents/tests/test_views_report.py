"""The EST report form and the weekly view: happy paths, bad input, permissions."""

import datetime as dt
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.areas.models import Area, Place
from trygg.areas.selectors import point_in_municipality
from trygg.core.geo import iso_week_of, week_label
from trygg.incidents.models import Observation, ObservationPhoto, WeeklyReport
from trygg.incidents.tests.factories import FROSLUNDA, STOCKHOLM, ObservationFactory, png_bytes

pytestmark = pytest.mark.django_db

CREATE = reverse("incidents:create")
WEEK = reverse("incidents:week")


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _post_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk, "category": "klotter",
        "observed_at": _local(timezone.now() - dt.timedelta(hours=1)),
        "lat": FROSLUNDA[0], "lon": FROSLUNDA[1], "address": "", "extent": "enstaka", "setting": "utomhus",
        "police_reported": "nej", "description": "Klotter på busskuren, ring 070-1234567",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def reporter(make_member):
    return make_member(role="rapportor", kind="bostadsbolag", username="kim")


def _org(user):
    return user.memberships.get().organisation


def test_observation__create_form__preselects_the_only_organisation_and_groups_categories(reporter, login):
    response = login(reporter).get(CREATE)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{_org(reporter).pk}" selected>' in html
    assert html.count("<optgroup") == 7
    assert 'data-picker="id_lat,id_lon"' in html
    assert "skriv aldrig namn eller personnummer" in html


def test_observation__create_form__organisation_preselected_from_week_view_link(make_member, login):
    user = make_member(role="rapportor", kind="bostadsbolag")
    second = OrganisationFactory()
    MembershipFactory(user=user, organisation=second, role="rapportor")
    html = login(user).get(f"{CREATE}?organisation={second.pk}").content.decode()
    assert f'<option value="{second.pk}" selected>' in html
    assert "Välj aktör" in html


def test_observation__create__saves_with_reporter_and_redirects_to_week(reporter, login):
    response = login(reporter).post(CREATE, _post_data(_org(reporter), police_reported="ja"))
    obs = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{WEEK}?week={obs.week_label}"
    assert (obs.reporter, obs.organisation, obs.source) == (reporter, _org(reporter), "est")
    assert obs.area.slug == "froslunda"
    assert obs.police_reported is True
    assert "070-1234567" not in obs.description_redacted


def test_observation__create__known_place_name_gives_point_and_link(reporter, login):
    place = Place.objects.create(name="Fröslunda centrum", area=Area.objects.get(slug="froslunda"),
                                 lat=FROSLUNDA[0], lon=FROSLUNDA[1])
    login(reporter).post(CREATE, _post_data(_org(reporter), lat="", lon="", address="fröslunda CENTRUM"))
    obs = Observation.objects.get()
    assert obs.place == place
    assert (obs.lat, obs.lon) == FROSLUNDA


def test_observation__create__with_photos_stores_reencoded_files(reporter, login):
    photos = [SimpleUploadedFile(f"../../{i}.png", png_bytes(), content_type="image/png") for i in range(2)]
    response = login(reporter).post(CREATE, {**_post_data(_org(reporter)), "photos": photos})
    assert response.status_code == 302
    names = list(ObservationPhoto.objects.values_list("image", flat=True))
    assert len(names) == 2
    assert all(".." not in n and n.endswith(".png") for n in names)


def test_observation__create__extra_fields_are_ignored(reporter, login):
    login(reporter).post(CREATE, {**_post_data(_org(reporter)), "status": "fixed", "moderation": "hidden",
                                  "never_public": "on", "source": "resident"})
    obs = Observation.objects.get()
    assert (obs.status, obs.moderation, obs.never_public, obs.source) == ("new", "approved", False, "est")


def _oversized():
    """A valid PNG one byte over the (lowered) limit."""
    data = png_bytes()
    return SimpleUploadedFile("big.png", data + b"\0" * (201 - len(data)), content_type="image/png")


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"lat": STOCKHOLM[0], "lon": STOCKHOLM[1]}, "lat", "utanför Eskilstuna kommun"),
    ({"lat": "NaN", "lon": "16.5"}, "lat", "latituden som ett tal"),
    ({"lat": "59.36", "lon": "-inf"}, "lon", "longituden som ett tal"),
    ({"lat": "abc", "lon": "16.5"}, "lat", "latituden som ett tal"),
    ({"lat": "", "lon": "", "address": ""}, "lat", "Välj platsen på kartan eller skriv namnet på en känd plats"),
    ({"lat": "", "lon": "", "address": "Okänd gata 1"}, "address", "Välj platsen på kartan"),
    ({"lat": "59.36", "lon": ""}, "lat", "Välj platsen på kartan"),
    ({"observed_at": "2999-01-01T10:00"}, "observed_at", "framtiden"),
    ({"observed_at": "igår kväll"}, "observed_at", "Ange datum och tid"),
    ({"category": "finns-inte"}, "category", "Välj en kategori i listan"),
    ({"category": ""}, "category", "Välj en kategori"),
    ({"extent": "massor"}, "extent", "giltigt alternativ"),
    ({"description": "x" * 4001}, "description", "4000"),
    ({"photos": "html"}, "photos", "Filen är ingen bild"),
    ({"photos": "big"}, "photos", "för stor"),
    ({"photos": "four"}, "photos", "högst 3 bilder"),
])
def test_observation__create__bad_input_shows_field_error_and_saves_nothing(
    reporter, login, settings, overrides, field, message
):
    settings.TRYGG_MAX_UPLOAD_BYTES = 200
    photos = {
        "html": [SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")],
        "big": [_oversized()],
        "four": [SimpleUploadedFile(f"{i}.png", png_bytes(), content_type="image/png") for i in range(4)],
    }
    data = _post_data(_org(reporter), **{k: v for k, v in overrides.items() if k != "photos"})
    if "photos" in overrides:
        data["photos"] = photos[overrides["photos"]]
    response = login(reporter).post(CREATE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message.lower() in " ".join(form.errors.get(field, [])).lower()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Observation.objects.count() == 0
    assert ObservationPhoto.objects.count() == 0


def test_observation__create__error_keeps_entered_values_and_asks_for_photos_again(reporter, login):
    data = {**_post_data(_org(reporter), observed_at="2999-01-01T10:00", description="Trasig lampa i tunneln"),
            "photos": [SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")]}
    html = login(reporter).post(CREATE, data).content.decode()
    assert "Trasig lampa i tunneln" in html
    assert f'value="{FROSLUNDA[0]}"' in html
    assert "Välj bilden igen" in html


def test_observation__create__for_another_organisation_refused(reporter, login):
    other = OrganisationFactory()
    response = login(reporter).post(CREATE, _post_data(other))
    assert "Du kan bara rapportera för din egen aktör" in " ".join(response.context["form"].errors["organisation"])
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("url", [CREATE, WEEK])
def test_report_pages__anonymous_redirected_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [CREATE, WEEK])
@pytest.mark.parametrize("role", [None, "styrgrupp", "atgardsansvarig"])
def test_report_pages__non_reporters_get_403(make_member, login, url, role):
    user = make_member(role=role) if role else UserFactory()
    assert login(user).get(url).status_code == 403


def test_week__shows_this_weeks_observations_and_reporting_buttons(reporter, login):
    mine = ObservationFactory(organisation=_org(reporter), reporter=reporter)
    ObservationFactory()  # another organisation's
    old = ObservationFactory(organisation=_org(reporter), observed_at=timezone.now() - dt.timedelta(days=21))
    response = login(reporter).get(WEEK)
    html = response.content.decode()
    assert reverse("incidents:detail", args=[mine.pk]) in html
    assert reverse("incidents:detail", args=[old.pk]) not in html
    assert "Rapportera observation" in html
    assert response.context["organisations"][0].observations == [mine]
    assert response.context["status_rows"] is None  # not a samordnare


def test_week__previous_week_parameter_and_bad_week_falls_back(reporter, login):
    old = ObservationFactory(organisation=_org(reporter), observed_at=timezone.now() - dt.timedelta(days=7))
    client = login(reporter)
    label = old.week_label
    assert reverse("incidents:detail", args=[old.pk]) in client.get(f"{WEEK}?week={label}").content.decode()
    response = client.get(f"{WEEK}?week=2026-W99")
    assert response.context["week_label"] == week_label(*iso_week_of(timezone.now()))


def test_week__nothing_to_report_records_weekly_report(reporter, login):
    label = week_label(*iso_week_of(timezone.now()))
    client = login(reporter)
    response = client.post(reverse("incidents:nothing"), {"organisation": _org(reporter).pk, "week": label})
    assert response.status_code == 302
    report = WeeklyReport.objects.get()
    assert (report.organisation, report.nothing_to_report, report.submitted_by) == (_org(reporter), True, reporter)
    assert "Inget att rapportera" in client.get(WEEK).content.decode()


def test_week__nothing_to_report_for_other_organisation_is_404(reporter, login):
    label = week_label(*iso_week_of(timezone.now()))
    response = login(reporter).post(reverse("incidents:nothing"), {"organisation": OrganisationFactory().pk,
                                                                   "week": label})
    assert response.status_code == 404
    assert WeeklyReport.objects.count() == 0


@pytest.mark.parametrize(("organisation", "week"), [("abc", "2026-W01"), ("", "2026-W01"), (None, "vecka 7")])
def test_week__nothing_to_report_bad_input_changes_nothing(reporter, login, organisation, week):
    data = {"organisation": organisation if organisation is not None else _org(reporter).pk, "week": week}
    response = login(reporter).post(reverse("incidents:nothing"), data)
    assert response.status_code in (302, 404)
    assert WeeklyReport.objects.count() == 0


def test_week__nothing_to_report_needs_post_and_a_reporter(make_member, login, client):
    assert login(make_member(role="rapportor")).get(reverse("incidents:nothing")).status_code == 405
    assert login(make_member(role="styrgrupp")).post(reverse("incidents:nothing")).status_code == 403
    assert client.post(reverse("incidents:nothing")).status_code == 302


def test_week__samordnare_sees_reminder_list(make_member, login):
    samordnare = make_member(role="samordnare", kind="forvaltning")
    reported = OrganisationFactory(name="A-bolaget")
    quiet = OrganisationFactory(name="B-föreningen")
    missing = OrganisationFactory(name="C-jouren")
    for org in (reported, quiet, missing):
        MembershipFactory(organisation=org, role="rapportor")
    ObservationFactory.create_batch(2, organisation=reported)
    year, week = iso_week_of(timezone.now())
    WeeklyReport.objects.create(organisation=quiet, iso_year=year, iso_week=week, nothing_to_report=True)
    response = login(samordnare).get(WEEK)
    rows = {r.organisation.name: (r.state, r.count) for r in response.context["status_rows"]}
    assert rows == {"A-bolaget": ("reported", 2), "B-föreningen": ("nothing", 0), "C-jouren": ("missing", 0)}
    html = response.content.decode()
    assert "saknas" in html
    assert "inget att rapportera" in html


@given(lat=st.floats(allow_nan=True, allow_infinity=True), lon=st.floats(allow_nan=True, allow_infinity=True))
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_observation__create__any_point_outside_municipality_refused(reporter, login, lat, lon):
    """Hypothesis: every non-finite, out-of-range or out-of-municipality point gets a field error."""
    finite = math.isfinite(lat) and math.isfinite(lon)
    assume(not (finite and -90 <= lat <= 90 and -180 <= lon <= 180 and point_in_municipality(lat=lat, lon=lon)))
    response = login(reporter).post(CREATE, _post_data(_org(reporter), lat=repr(lat), lon=repr(lon)))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() & {"lat", "lon"}
    assert Observation.objects.count() == 0
