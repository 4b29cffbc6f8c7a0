"""List, detail, photos, edit window and moderation: scoping, field rules, negative permissions."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from trygg.accounts.tests.factories import MembershipFactory, UserFactory
from trygg.core.models import AuditEntry
from trygg.core.panels import render_panels
from trygg.incidents.models import Moderation, Observation
from trygg.incidents.selectors import field_access
from trygg.incidents.tests.factories import ObservationFactory, create_with_photo

pytestmark = pytest.mark.django_db

LIST = reverse("incidents:list")
MODERATION = reverse("incidents:moderation")


@pytest.fixture
def housing(make_member):
    """A housing company's reporter (not an authority)."""
    return make_member(role="rapportor", kind="bostadsbolag")


def _org(user):
    return user.memberships.first().organisation


def test_observation__list__non_authority_sees_only_own_organisation(housing, login):
    mine = ObservationFactory.create_batch(2, organisation=_org(housing))
    ObservationFactory.create_batch(3)
    response = login(housing).get(LIST)
    assert {o.pk for o in response.context["page"].object_list} == {o.pk for o in mine}


def test_observation__list__authority_sees_all(make_member, login):
    ObservationFactory.create_batch(3)
    assert login(make_member(role="analytiker")).get(LIST).context["page"].paginator.count == 3


def test_observation__list__undeclared_filters_are_ignored(make_member, login):
    ObservationFactory(reporter=UserFactory(email="anna@example.se"))
    ObservationFactory(reporter=UserFactory(email="bo@example.se"))
    client = login(make_member(role="analytiker"))
    assert client.get(LIST).context["page"].paginator.count == 2
    assert client.get(LIST + "?reporter__email__startswith=a").context["page"].paginator.count == 2
    assert client.get(LIST + "?description__icontains=x&o=-reporter__email").context["page"].paginator.count == 2


def test_observation__list__declared_filters_apply(make_member, login):
    hit = ObservationFactory()
    ObservationFactory(lat=59.3572, lon=16.5251)  # Fröslunda
    ObservationFactory(observed_at=timezone.now() - dt.timedelta(days=30))
    client = login(make_member(role="analytiker"))
    query = f"?area=lagersberg&category=skadegorelse&week={hit.week_label}&source=est&status=new"
    response = client.get(LIST + query)
    assert [o.pk for o in response.context["page"].object_list] == [hit.pk]
    assert "area=lagersberg" in response.context["filter_query"]


def test_observation__list__bad_week_filter_reported_not_applied(make_member, login):
    ObservationFactory()
    response = login(make_member(role="analytiker")).get(LIST + "?week=vecka-7")
    assert "week" in response.context["form"].errors
    assert response.context["page"].paginator.count == 1


def test_observation__list__query_count_is_constant(make_member, login, django_assert_num_queries):
    client = login(make_member(role="analytiker"))
    client.get(LIST)  # warm session and role caches of the middleware
    ObservationFactory.create_batch(5)
    # session, user, otp device, roles, area choices, category choices, count, page,
    # and the idle-timeout session touch (savepoint, update, release)
    with django_assert_num_queries(11):
        client.get(LIST)
    ObservationFactory.create_batch(20)
    with django_assert_num_queries(11):
        client.get(LIST + "?area=lagersberg")


def test_observation__list__paginates(make_member, login):
    ObservationFactory.create_batch(55)
    client = login(make_member(role="analytiker"))
    assert len(client.get(LIST).context["page"].object_list) == 50
    assert len(client.get(LIST + "?page=2").context["page"].object_list) == 5


def _urls(obs, photo_pk=1):
    return [
        reverse("incidents:detail", args=[obs.pk]),
        reverse("incidents:edit", args=[obs.pk]),
        reverse("incidents:photo", args=[obs.pk, photo_pk]),
    ]


def test_observation_pages__anonymous_redirected_to_login(client):
    obs = create_with_photo()
    for url in [LIST, MODERATION, *_urls(obs, obs.photos.get().pk)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    assert client.post(reverse("incidents:moderate", args=[obs.pk]), {"decision": "hidden"}).status_code == 302
    obs.refresh_from_db()
    assert obs.moderation == Moderation.APPROVED


def test_observation_pages__user_without_membership_gets_403(login):
    obs = create_with_photo()
    client = login(UserFactory())
    for url in [LIST, *_urls(obs, obs.photos.get().pk)]:
        assert client.get(url).status_code == 403, url


def test_observation_pages__other_organisations_observation_is_404(housing, login):
    obs = create_with_photo()  # another organisation's
    client = login(housing)
    for url in _urls(obs, obs.photos.get().pk):
        assert client.get(url).status_code == 404, url


def test_observation__detail__owning_organisation_sees_reporter_and_raw_text(housing, login):
    colleague = UserFactory(first_name="Kim", last_name="Larsson")
    MembershipFactory(user=colleague, organisation=_org(housing))
    obs = ObservationFactory(organisation=_org(housing), reporter=colleague, description="Ring 070-1234567")
    html = login(housing).get(reverse("incidents:detail", args=[obs.pk])).content.decode()
    assert "Kim Larsson" in html
    assert "070-1234567" in html


def test_observation__detail__authority_sees_raw_text_but_not_reporter(make_member, login):
    obs = ObservationFactory(reporter=UserFactory(first_name="Kim", last_name="Larsson"),
                             description="Ring 070-1234567", contact_email="x@example.se")
    html = login(make_member(role="analytiker")).get(reverse("incidents:detail", args=[obs.pk])).content.decode()
    assert "070-1234567" in html
    assert "Kim Larsson" not in html
    assert "x@example.se" not in html


def test_observation__detail__moderator_sees_reporter_and_contact(make_member, login):
    obs = ObservationFactory.create_for_moderation(contact_email="boende@example.se")
    html = login(make_member(role="moderator")).get(reverse("incidents:detail", args=[obs.pk])).content.decode()
    assert "boende@example.se" in html


def test_observation__field_access__others_get_redacted_text_only(housing):
    access = field_access(user=housing, observation=ObservationFactory())
    assert (access.reporter, access.raw_description, access.unapproved_photos) == (False, False, False)


def test_observation__detail__renders_observation_panels(housing, login, monkeypatch):
    from trygg.core import panels

    monkeypatch.setattr(panels, "_PANELS", [])
    panels.register("observation", "incidents/panels/area.html",
                    lambda request, obj: {"area": obj.area, "weeks": [], "rows": []})
    obs = ObservationFactory(organisation=_org(housing))
    html = login(housing).get(reverse("incidents:detail", args=[obs.pk])).content.decode()
    assert "Inga observationer i området de senaste fyra veckorna." in html


def test_observation__photo__served_with_safe_headers(housing, login):
    obs = create_with_photo(organisation=_org(housing))
    photo = obs.photos.get()
    response = login(housing).get(reverse("incidents:photo", args=[obs.pk, photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_observation__photo__wrong_observation_pair_is_404(housing, login):
    mine = create_with_photo(organisation=_org(housing))
    other = create_with_photo()
    url = reverse("incidents:photo", args=[mine.pk, other.photos.get().pk])
    assert login(housing).get(url).status_code == 404


def test_observation__edit__reporter_within_window_updates(housing, login):
    obs = ObservationFactory(organisation=_org(housing), reporter=housing)
    data = {"category": "klotter", "observed_at": timezone.localtime(obs.observed_at).strftime("%Y-%m-%dT%H:%M"),
            "lat": obs.lat, "lon": obs.lon, "address": "Tunneln", "extent": "aterkommande", "setting": "utomhus",
            "police_reported": "ja", "description": "Nytt klotter"}
    response = login(housing).post(reverse("incidents:edit", args=[obs.pk]), data)
    assert response.status_code == 302
    obs.refresh_from_db()
    assert (obs.category.code, obs.extent, obs.police_reported, obs.address) == ("klotter", "aterkommande", True,
                                                                                  "Tunneln")
    assert AuditEntry.objects.filter(action="observation.updated", object_id=str(obs.pk)).exists()


def test_observation__edit__bad_point_refused_nothing_changed(housing, login):
    obs = ObservationFactory(organisation=_org(housing), reporter=housing)
    data = {"category": "klotter", "observed_at": timezone.localtime(obs.observed_at).strftime("%Y-%m-%dT%H:%M"),
            "lat": 59.3293, "lon": 18.0686, "extent": "enstaka", "setting": "utomhus", "police_reported": "nej"}
    response = login(housing).post(reverse("incidents:edit", args=[obs.pk]), data)
    assert "utanför Eskilstuna kommun" in response.content.decode()
    obs.refresh_from_db()
    assert obs.category.code == "skadegorelse"


def test_observation__edit__after_window_is_403_with_explanation(housing, login):
    with freeze_time(timezone.now() - dt.timedelta(days=8)):
        obs = ObservationFactory(organisation=_org(housing), reporter=housing)
    response = login(housing).get(reverse("incidents:edit", args=[obs.pk]))
    assert response.status_code == 403
    assert "Redigeringsfönstret (7 dagar) har stängt – kontakta samordnaren" in response.content.decode()


def test_observation__edit__colleague_is_403(housing, login):
    obs = ObservationFactory(organisation=_org(housing))
    assert login(housing).get(reverse("incidents:edit", args=[obs.pk])).status_code == 403


def test_moderation__non_moderators_get_403(make_member, login):
    obs = ObservationFactory.create_for_moderation()
    users = [make_member(role=role, kind=kind) for role, kind in
             [("rapportor", "forvaltning"), ("analytiker", "forvaltning"), ("samordnare", "bostadsbolag")]]
    for user in [*users, UserFactory()]:  # the last one has no membership at all
        client = login(user)
        assert client.get(MODERATION).status_code == 403
        assert client.post(reverse("incidents:moderate", args=[obs.pk]), {"decision": "approved"}).status_code == 403
    obs.refresh_from_db()
    assert obs.moderation == Moderation.PENDING


def test_moderation__queue_shows_pending_with_raw_and_redacted_text(make_member, login):
    pending = ObservationFactory.create_for_moderation(description="Ring mig på 070-1234567")
    ObservationFactory()  # approved staff observation: not in the queue
    response = login(make_member(role="moderator")).get(MODERATION)
    assert [o.pk for o in response.context["page"].object_list] == [pending.pk]
    html = response.content.decode()
    assert "070-1234567" in html
    assert pending.description_redacted in html


@pytest.mark.parametrize("decision", ["approved", "hidden"])
def test_moderation__decision_is_saved_and_audited(make_member, login, decision):
    moderator = make_member(role="samordnare")
    obs = ObservationFactory.create_for_moderation()
    response = login(moderator).post(reverse("incidents:moderate", args=[obs.pk]), {"decision": decision})
    assert response.status_code == 302
    obs.refresh_from_db()
    assert (obs.moderation, obs.moderated_by) == (decision, moderator)
    assert AuditEntry.objects.filter(action="moderation.decided", object_id=str(obs.pk)).count() == 1


def test_moderation__unknown_decision_changes_nothing(make_member, login):
    obs = ObservationFactory.create_for_moderation()
    login(make_member(role="moderator")).post(reverse("incidents:moderate", args=[obs.pk]), {"decision": "new"})
    obs.refresh_from_db()
    assert obs.moderation == Moderation.PENDING


def _request(user):
    request = RequestFactory().get("/org/")
    request.user = user
    return request


def test_panels__dashboard_for_reporter_and_moderator(make_member):
    reporter = make_member(role="rapportor", kind="bostadsbolag")
    ObservationFactory(organisation=_org(reporter))
    html = "".join(render_panels("dashboard", _request(reporter)))
    assert "1 observation" in html
    assert reverse("incidents:create") in html
    moderator = make_member(role="moderator")
    ObservationFactory.create_for_moderation()
    html = "".join(render_panels("dashboard", _request(moderator)))
    assert "1 observation väntar på granskning" in html
    # Other apps add their own dashboard panels; this app's panel is absent for a non-reporter non-moderator.
    html = "".join(render_panels("dashboard", _request(make_member(role="styrgrupp", kind="bostadsbolag"))))
    assert reverse("incidents:create") not in html and "väntar på granskning" not in html


def test_panels__area_counts_last_four_weeks_by_category(make_member):
    from trygg.areas.models import Area

    lagersberg = Area.objects.get(slug="lagersberg")
    ObservationFactory.create_batch(2)
    ObservationFactory(observed_at=timezone.now() - dt.timedelta(days=60))
    ObservationFactory(observed_at=timezone.now() - dt.timedelta(days=8), moderation=Moderation.HIDDEN)
    html = "".join(render_panels("area", _request(make_member(role="analytiker")), lagersberg))
    assert "Skadegörelse" in html
    assert f"{LIST}?area=lagersberg&amp;category=skadegorelse" in html
    from trygg.incidents.selectors import area_recent_counts

    counts = area_recent_counts(user=make_member(role="analytiker"), area=lagersberg)
    assert counts["total"] == 2
    assert len(counts["weeks"]) == 4


def test_observations__deleted_rows_never_listed(make_member, login):
    obs = ObservationFactory()
    obs.soft_delete()
    client = login(make_member(role="analytiker"))
    assert client.get(LIST).context["page"].paginator.count == 0
    assert client.get(reverse("incidents:detail", args=[obs.pk])).status_code == 404
    assert Observation.objects.count() == 1


def test_observation__edit__named_place_relinked_or_dropped_with_the_point(housing, login):
    from trygg.areas.models import Area, Place
    from trygg.incidents.tests.factories import FROSLUNDA

    square = Place.objects.create(name="Fröslunda torg", area=Area.objects.get(slug="froslunda"),
                                  lat=FROSLUNDA[0], lon=FROSLUNDA[1])
    obs = ObservationFactory(organisation=_org(housing), reporter=housing)
    client = login(housing)
    base = {"category": "klotter", "observed_at": timezone.localtime(obs.observed_at).strftime("%Y-%m-%dT%H:%M"),
            "extent": "enstaka", "setting": "utomhus", "police_reported": "nej", "description": "x"}
    # the place typed by name, no point: linked, and the point and area follow it
    response = client.post(reverse("incidents:edit", args=[obs.pk]), {**base, "address": "fröslunda torg"})
    assert response.status_code == 302
    obs.refresh_from_db()
    assert obs.place == square and (obs.lat, obs.lon) == FROSLUNDA and obs.area.slug == "froslunda"
    # the same point again keeps the link; a new point on the map drops it
    client.post(reverse("incidents:edit", args=[obs.pk]), {**base, "lat": obs.lat, "lon": obs.lon})
    obs.refresh_from_db()
    assert obs.place == square
    client.post(reverse("incidents:edit", args=[obs.pk]), {**base, "lat": 59.3520, "lon": 16.4760})
    obs.refresh_from_db()
    assert obs.place is None and obs.area.slug == "lagersberg"
