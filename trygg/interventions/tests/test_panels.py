import pytest
from django.test import RequestFactory
from django.urls import reverse

from trygg.accounts.tests.factories import UserFactory
from trygg.areas.models import Area
from trygg.core import nav
from trygg.core.panels import render_panels
from trygg.incidents.tests.factories import ObservationFactory
from trygg.interventions.models import Status
from trygg.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/org/")
    request.user = user
    return request


def _html(page, user, obj=None):
    return "\n".join(render_panels(page, _request(user), obj))


def test_dashboard_panel__lists_my_orgs_open_and_overdue(make_member):
    user = make_member(role="atgardsansvarig")
    org = user.memberships.get().organisation
    InterventionFactory.create_overdue(owner=org, title="Sen gallring", days=5)
    InterventionFactory(owner=org, title="Kommande belysning")
    InterventionFactory(title="Någon annans")
    html = _html("dashboard", user)
    assert "Mina insatser" in html
    assert "Sen gallring" in html and "5 dagar sen" in html
    assert "Kommande belysning" in html
    assert "Någon annans" not in html


def test_dashboard_panel__non_member__hidden():
    assert "Mina insatser" not in _html("dashboard", UserFactory())


def test_area_panel__open_and_finished_in_area(make_member):
    lagersberg = Area.objects.get(slug="lagersberg")
    InterventionFactory(areas=[lagersberg], title="Fotpatrull kvällstid")
    InterventionFactory(areas=[lagersberg], title="Klar kamera", status=Status.DONE)
    InterventionFactory(areas=[Area.objects.get(slug="skiftinge")], title="Annat område")
    html = _html("area", make_member(), lagersberg)
    assert "Insatser i området" in html
    assert "Fotpatrull kvällstid" in html and "Klar kamera" in html
    assert "Annat område" not in html
    assert reverse("interventions:create") + "?area=lagersberg" in html


def test_observation_panel__linked_interventions_and_create_link(make_member):
    observation = ObservationFactory()
    linked = InterventionFactory(title="Från observationen")
    linked.origin = observation
    linked.save()
    InterventionFactory(title="Inte kopplad")
    html = _html("observation", make_member(role="samordnare"), observation)
    assert "Från observationen" in html and "Inte kopplad" not in html
    assert f"origin_type=incidents.observation&amp;origin_id={observation.pk}" in html
    assert "Skapa insats från observationen" in html


def test_observation_panel__observation_not_visible__hidden(make_member):
    observation = ObservationFactory()
    assert _html("observation", make_member(kind="bostadsbolag"), observation) == ""


def test_steering_area_panel__counts_open_and_overdue(make_member):
    area = Area.objects.get(slug="froslunda")
    InterventionFactory.create_overdue(areas=[area], title="Sen insats")
    InterventionFactory(areas=[area])
    html = _html("steering_area", make_member(role="styrgrupp"), area)
    assert "2 öppna insatser" in html and "1 försenad" in html and "Sen insats" in html


def test_nav__insatser_for_members_only(make_member):
    assert any(i["name"] == "interventions:list" for i in nav.items_for(make_member(), "org"))
    assert not any(i["name"] == "interventions:list" for i in nav.items_for(UserFactory(), "org"))
