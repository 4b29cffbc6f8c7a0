import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse
from freezegun import freeze_time

from trygg.accounts.models import OrganisationKind
from trygg.accounts.tests.factories import OrganisationFactory
from trygg.areas.models import Area, Place
from trygg.core.models import AuditEntry
from trygg.situational_picture.models import FocusItem, Snapshot
from trygg.situational_picture.services import snapshot_approve
from trygg.situational_picture.views.common import intervention_create_url

from .factories import FocusItemFactory, at_week, observations_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thursday_week_48():
    with freeze_time("2026-11-26 12:00:00"):
        yield

WEEK = reverse("situational_picture:week")
GET_URLS = [
    WEEK,
    reverse("situational_picture:area", args=["froslunda"]),
    reverse("situational_picture:tertial", args=[2026, 3]),
    reverse("situational_picture:tertial_current"),
]
EXPORT_URLS = [
    reverse("situational_picture:week_export", args=["csv"]) + "?week=2026-W47",
    reverse("situational_picture:week_export", args=["xlsx"]),
    reverse("situational_picture:tertial_export", args=[2026, 3, "csv"]),
    reverse("situational_picture:tertial_export", args=[2026, 3, "xlsx"]),
]
POST_URLS = [
    (reverse("situational_picture:approve"), {"week": "2026-W47"}),
    (reverse("situational_picture:focus_create"), {"week": "2026-W48", "area": "froslunda", "note": "x"}),
]


@pytest.fixture
def partner(make_member):
    return make_member(role="rapportor", kind=OrganisationKind.BOSTADSBOLAG, username="kim")


@pytest.fixture
def samordnare(make_member):
    return make_member(role="samordnare", username="sara")


@pytest.mark.parametrize("url", GET_URLS + EXPORT_URLS)
def test_pages__anonymous__login_redirect(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("url", "data"), POST_URLS)
def test_actions__anonymous__login_redirect(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", GET_URLS)
def test_pages__non_member__403(login, url):
    from trygg.accounts.tests.factories import UserFactory

    assert login(UserFactory()).get(url).status_code == 403


@pytest.mark.parametrize("url", EXPORT_URLS)
@pytest.mark.parametrize(("role", "kind"), [("rapportor", "bostadsbolag"), ("samordnare", "bostadsbolag"),
                                            ("rapportor", "forvaltning"), ("styrgrupp", "forvaltning")])
def test_exports__without_can_analyse__403(make_member, login, url, role, kind):
    response = login(make_member(role=role, kind=kind)).get(url)
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="authz.denied").exists()
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize(("url", "data"), POST_URLS)
def test_actions__partner_and_analytiker__403(make_member, login, partner, url, data):
    assert login(partner).post(url, data).status_code == 403
    assert login(make_member(role="analytiker")).post(url, data).status_code == 403
    assert not Snapshot.objects.exists() and not FocusItem.objects.exists()


def test_reopen_and_focus_delete__wrong_role_403_and_unknown_404(make_member, login, samordnare):
    snapshot = snapshot_approve(year=2026, week=47, by=samordnare)
    item = FocusItemFactory()
    analyst = login(make_member(role="analytiker"))
    assert analyst.post(reverse("situational_picture:reopen", args=[snapshot.pk])).status_code == 403
    assert analyst.post(reverse("situational_picture:focus_delete", args=[item.pk])).status_code == 403
    client = login(samordnare)
    assert client.post(reverse("situational_picture:reopen", args=[99999])).status_code == 404
    assert client.post(reverse("situational_picture:focus_delete", args=[99999])).status_code == 404
    assert client.get(reverse("situational_picture:reopen", args=[snapshot.pk])).status_code == 405
    snapshot.refresh_from_db()
    assert snapshot.reopened_at is None


def test_area_page__unknown_area__404(login, partner):
    assert login(partner).get(reverse("situational_picture:area", args=["atlantis"])).status_code == 404


@pytest.mark.parametrize("args", [(2026, 4), (2026, 0), (1999, 1)])
def test_tertial__out_of_range__404(login, partner, args):
    assert login(partner).get(reverse("situational_picture:tertial", args=args)).status_code == 404


def test_week_page__partner_sees_page_without_exports_or_approval(login, partner):
    observations_in("froslunda", at_week(2026, 48, day=1), 2)
    shelter = OrganisationFactory(kind=OrganisationKind.JOUR)
    observations_in("froslunda", at_week(2026, 48, day=1), 5, organisation=shelter, never_public=True)
    response = login(partner).get(WEEK)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lägesbild vecka 48, 2026" in body
    assert response.context["picture"]["total"]["count"] == 2
    assert len(response.context["points_geojson"]["features"]) == 2
    assert "Exportera CSV" not in body
    assert "Godkänn lägesbilden" not in body
    assert "Lägg till fokus" not in body
    assert "100 × 100 meter" in body


def test_week_page__samordnare_sees_approve_export_and_focus_form(login, samordnare):
    body = login(samordnare).get(WEEK + "?week=2026-W47").content.decode()
    assert "Godkänn lägesbilden för vecka 47" in body
    assert "Exportera CSV" in body
    assert "Lägg till fokus för nästa vecka" in body
    assert 'href="?week=2026-W46"' in body and 'href="?week=2026-W48"' in body


@pytest.mark.parametrize("raw", ["2026-W60", "2025-W53", "2026-W00", "0001-W01", "9999-W52", "abc", "2026-W4x"])
def test_week_page__invalid_week__current_week_with_message(login, partner, raw):
    for url in (WEEK, reverse("situational_picture:area", args=["arby"])):
        response = login(partner).get(url, {"week": raw})
        assert response.status_code == 200
        assert response.context["week"] == 48
        assert "Ogiltig vecka" in response.content.decode()


def test_week_page__iso_week_53_is_valid(login, partner):
    response = login(partner).get(WEEK, {"week": "2026-W53"})
    assert (response.context["year"], response.context["week"]) == (2026, 53)
    assert response.context["next_label"] == "2027-W01"


def test_approve__invalid_week__message_nothing_saved(login, samordnare):
    response = login(samordnare).post(reverse("situational_picture:approve"), {"week": "0001-W01"}, follow=True)
    assert "Ogiltig vecka" in response.content.decode()
    assert not Snapshot.objects.exists()


def test_reopen_and_focus_delete__anonymous__login_redirect(client, samordnare):
    snapshot = snapshot_approve(year=2026, week=47, by=samordnare)
    item = FocusItemFactory()
    for url in (reverse("situational_picture:reopen", args=[snapshot.pk]),
                reverse("situational_picture:focus_delete", args=[item.pk])):
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert FocusItem.objects.filter(pk=item.pk).exists()


def test_week_page__approve_then_banner_and_late_count(login, samordnare):
    client = login(samordnare)
    observations_in("lagersberg", at_week(2026, 47), 2)
    response = client.post(reverse("situational_picture:approve"), {"week": "2026-W47"})
    assert response.status_code == 302
    with freeze_time("2026-11-26 13:00:00"):
        observations_in("lagersberg", at_week(2026, 47), 1)
        body = client.get(WEEK + "?week=2026-W47").content.decode()
    assert "Godkänd lägesbild – siffrorna är frysta" in body
    assert "1 observation har kommit in efter godkännandet." in body
    assert "Återöppna lägesbilden" in body
    again = client.post(reverse("situational_picture:approve"), {"week": "2026-W47"}, follow=True)
    assert "redan godkänd" in again.content.decode()
    assert Snapshot.objects.count() == 1


def test_focus_create__valid__saved_for_next_week(login, make_member):
    polis = make_member(role="kommunpolis", kind="polis")
    place = Place.objects.create(name="Fröslunda centrum", area=Area.objects.get(slug="froslunda"),
                                 lat=59.3572, lon=16.5251)
    response = login(polis).post(reverse("situational_picture:focus_create"),
                                 {"week": "2026-W48", "area": "froslunda", "place": place.pk, "note": "Kvällsnärvaro"})
    assert response.status_code == 302
    item = FocusItem.objects.get()
    assert (item.iso_year, item.iso_week, item.place) == (2026, 49, place)


def test_focus_create__invalid__400_errors_tied_to_fields(login, samordnare):
    place = Place.objects.create(name="Torget", area=Area.objects.get(slug="centrum"), lat=59.37, lon=16.51)
    response = login(samordnare).post(reverse("situational_picture:focus_create"),
                                      {"week": "2026-W48", "area": "froslunda", "place": place.pk, "note": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_note_error"' in body and "Skriv en kort notering" in body
    assert 'id="id_place_error"' in body and "inte i det valda området" in body
    assert 'aria-describedby="id_note_helptext id_note_error"' in body or 'aria-invalid="true"' in body
    assert not FocusItem.objects.exists()


def _link_with_urlconf(settings, urlconf, item):
    settings.ROOT_URLCONF = urlconf
    clear_url_caches()
    try:
        return intervention_create_url(item)
    finally:
        clear_url_caches()


def test_focus_item__skapa_insats_link__prefilled_when_route_exists(settings):
    item = FocusItemFactory(place=Place.objects.create(name="Tunneln", area=Area.objects.get(slug="froslunda"),
                                                       lat=59.357, lon=16.525))
    url = _link_with_urlconf(settings, "trygg.situational_picture.tests.urls_with_interventions", item)
    assert url.startswith("/test-interventions/create/?origin_type=situational_picture.focusitem")
    assert f"origin_id={item.pk}" in url and "area=froslunda" in url and f"place={item.place.pk}" in url
    assert "title=Fokus+Tunneln+vecka+48" in url


def test_focus_item__skapa_insats_link__empty_without_route(settings):
    item = FocusItemFactory()
    assert _link_with_urlconf(settings, "trygg.situational_picture.tests.urls_without_interventions", item) == ""


@pytest.mark.parametrize("url", [WEEK + "?week=2026-W48", reverse("situational_picture:area", args=["froslunda"]),
                                 reverse("situational_picture:tertial", args=[2026, 3])])
def test_pages__query_count_constant_in_observations(login, samordnare, url):
    client = login(samordnare)
    observations_in("froslunda", at_week(2026, 48, day=1), 1)
    client.get(url)  # warm caches (session, roles)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for slug in ("lagersberg", "centrum", "skiftinge"):
        observations_in(slug, at_week(2026, 48, day=1), 4, category="klotter")
        observations_in(slug, at_week(2025, 45, day=1), 2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 20  # includes the fixed cost of other apps' "situation" panels


def test_area_page__shows_category_counts_and_series(login, samordnare):
    observations_in("froslunda", at_week(2026, 48, day=1), 2, category="klotter")
    FocusItemFactory(iso_week=48)
    response = login(samordnare).get(reverse("situational_picture:area", args=["froslunda"]))
    body = response.content.decode()
    assert response.context["row"]["count"] == 2
    assert "Klotter" in body
    assert "Extra kvällsvandringar" in body
    assert response.context["series"][-1] == ("2026-W48", 2)


def test_tertial_current__redirects_to_this_tertial(login, partner):
    response = login(partner).get(reverse("situational_picture:tertial_current"))
    assert response.status_code == 302
    assert response["Location"] == reverse("situational_picture:tertial", args=[2026, 3])


def test_week_page__residents_reports_shown_as_a_share_of_the_est_category(make_member, login):
    from trygg.core.geo import iso_week_of
    from trygg.incidents.tests.factories import earlier_this_week

    from .factories import observations_in

    moment = earlier_this_week()
    observations_in("lagersberg", moment, 1, category="klotter")
    observations_in("lagersberg", moment, 2, category="inv-klotter", source="resident", organisation=None,
                    reporter=None)
    year, week = iso_week_of(moment)
    html = login(make_member(role="samordnare")).get(f"/org/situation/?week={year}-W{week:02d}").content.decode()
    assert "varav invånare 2" in html
