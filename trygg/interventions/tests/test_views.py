import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.tests.factories import OrganisationFactory, UserFactory
from trygg.areas.models import Area, Place
from trygg.core.models import AuditEntry
from trygg.incidents.tests.factories import ObservationFactory
from trygg.interventions.models import Intervention, Status, StatusChange
from trygg.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:list")
OVERVIEW = reverse("interventions:overview")
OVERDUE = reverse("interventions:overdue")
CREATE = reverse("interventions:create")


def _detail(i):
    return reverse("interventions:detail", args=[i.pk])


def _edit(i):
    return reverse("interventions:edit", args=[i.pk])


def _transition(i):
    return reverse("interventions:transition", args=[i.pk])


def _form_data(owner, **overrides):
    today = timezone.localdate()
    data = {"title": "Beskära buskage vid gångtunneln", "description": "Skymd sikt kvällstid.", "owner": owner.pk,
            "responsible": "", "status": "proposed", "kind": "situational", "horizon": "short",
            "start_date": today.isoformat(), "due_date": (today + dt.timedelta(days=30)).isoformat(),
            "target_metric": "Färre rapporter om otrygg plats"}
    data.update(overrides)
    return data


# ---- permissions: anonymous → login, non-member → 403 --------------------------------------------

@pytest.mark.parametrize("name", ["list", "overview", "overdue", "create", "detail", "edit"])
def test_intervention_pages__anonymous__redirect_to_login(client, name):
    intervention = InterventionFactory()
    url = reverse(f"interventions:{name}", args=[intervention.pk] if name in {"detail", "edit"} else [])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_intervention_transition__anonymous__redirect_to_login(client):
    intervention = InterventionFactory()
    response = client.post(_transition(intervention), {"to_status": "in_progress"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    intervention.refresh_from_db()
    assert intervention.status == Status.PLANNED


@pytest.mark.parametrize("name", ["list", "overview", "overdue", "create", "detail", "edit"])
def test_intervention_pages__non_member__forbidden(login, name):
    intervention = InterventionFactory()
    url = reverse(f"interventions:{name}", args=[intervention.pk] if name in {"detail", "edit"} else [])
    assert login(UserFactory()).get(url).status_code == 403


def test_intervention_transition__non_member__forbidden(login):
    intervention = InterventionFactory()
    assert login(UserFactory()).post(_transition(intervention), {"to_status": "in_progress"}).status_code == 403


@pytest.mark.parametrize("name", ["detail", "edit", "transition"])
def test_intervention_object_pages__unknown_or_deleted__not_found(login, make_member, name):
    client = login(make_member(role="samordnare"))
    gone = InterventionFactory()
    gone.soft_delete()
    for pk in (gone.pk, 999999):
        url = reverse(f"interventions:{name}", args=[pk])
        response = client.post(url, {"to_status": "in_progress"}) if name == "transition" else client.get(url)
        assert response.status_code == 404


def test_intervention_edit__member_of_other_org__forbidden_and_audited(login, make_member):
    intervention = InterventionFactory()
    user = make_member(role="atgardsansvarig")
    assert login(user).get(_detail(intervention)).status_code == 200  # may see
    assert login(user).get(_edit(intervention)).status_code == 403  # may not change
    assert AuditEntry.objects.filter(action="authz.denied", actor=user).exists()


def test_intervention_transition__member_of_other_org__forbidden_nothing_changes(login, make_member):
    intervention = InterventionFactory(status=Status.PLANNED)
    response = login(make_member()).post(_transition(intervention), {"to_status": "in_progress"})
    assert response.status_code == 403
    intervention.refresh_from_db()
    assert intervention.status == Status.PLANNED


def test_intervention_transition__get__not_allowed(login, make_member):
    intervention = InterventionFactory()
    assert login(make_member(role="samordnare")).get(_transition(intervention)).status_code == 405


# ---- list ------------------------------------------------------------------------------------------

def test_intervention_list__filters_status_owner_area_overdue_mine(login, make_member):
    user = make_member(role="atgardsansvarig")
    own_org = user.memberships.get().organisation
    lagersberg = Area.objects.get(slug="lagersberg")
    mine = InterventionFactory(owner=own_org, title="Egen", areas=[lagersberg])
    late = InterventionFactory.create_overdue(title="Sen")
    done = InterventionFactory(status=Status.DONE, title="Klar")
    client = login(user)

    def titles(**params):
        return {i.title for i in client.get(LIST, params).context["interventions"]}

    assert titles() == {"Egen", "Sen", "Klar"}
    assert titles(status="done") == {"Klar"}
    assert titles(status="open") == {"Egen", "Sen"}
    assert titles(owner=late.owner.pk) == {"Sen"}
    assert titles(area="lagersberg") == {"Egen"}
    assert titles(overdue="on") == {"Sen"}
    assert titles(mine="on") == {"Egen"}
    assert titles(status="nonsense") == set()
    assert mine.pk and done.pk


def test_intervention_list__paginates(login, make_member):
    InterventionFactory.create_batch(30)
    client = login(make_member())
    first = client.get(LIST)
    assert len(first.context["interventions"]) == 25
    second = client.get(LIST, {"page": 2})
    assert len(second.context["interventions"]) == 5
    assert "Sida 2 av 2" in second.content.decode()


def test_intervention_list__query_count_does_not_grow_with_rows(login, make_member):
    client = login(make_member())
    area = Area.objects.get(slug="skiftinge")
    InterventionFactory.create_batch(3, areas=[area], responsible=UserFactory())
    client.get(LIST)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    InterventionFactory.create_batch(20, areas=[area], responsible=UserFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)
    assert len(few) <= 12


def test_intervention_overview__query_count_does_not_grow_with_rows(login, make_member):
    client = login(make_member())
    place = Place.objects.create(name="Torget", area=Area.objects.get(slug="arby"), lat=59.395, lon=16.5)
    InterventionFactory.create_batch(3, areas=[place.area], places=[place])
    client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as few:
        client.get(OVERVIEW)
    InterventionFactory.create_batch(20, areas=[place.area], places=[place])
    with CaptureQueriesContext(connection) as many:
        client.get(OVERVIEW)
    assert len(many) == len(few)


# ---- overview and overdue ------------------------------------------------------------------------------

def test_intervention_overview__groups_open_by_area_then_owner_with_map_data(login, make_member):
    lagersberg = Area.objects.get(slug="lagersberg")
    gata = OrganisationFactory(name="Gatuavdelningen")
    InterventionFactory(owner=gata, areas=[lagersberg], title="Ny belysning i tunneln")
    InterventionFactory(owner=gata, areas=[lagersberg], status=Status.FOLLOWED_UP, title="Gammal")
    InterventionFactory(owner=gata, title="Utan område")
    response = login(make_member()).get(OVERVIEW)
    groups = response.context["groups"]
    assert [g.area for g in groups] == [lagersberg, None]
    assert groups[0].by_owner == [(gata, [Intervention.objects.get(title="Ny belysning i tunneln")])]
    html = response.content.decode()
    assert "Gammal" not in html
    assert 'role="region"' in html
    feature = next(f for f in response.context["areas_geojson"]["features"] if f["properties"]["slug"] == "lagersberg")
    assert feature["properties"]["label"] == "Lagersberg: 1 öppna insatser"


def test_intervention_overdue__samordnare_sees_one_list(login, make_member):
    late = InterventionFactory.create_overdue(days=4)
    response = login(make_member(role="samordnare")).get(OVERDUE)
    assert response.context["others"] == [late]
    assert response.context["mine"] == []
    assert "is-mine" not in response.content.decode()


def test_intervention_overdue__member_sees_own_highlighted_first(login, make_member):
    user = make_member(role="atgardsansvarig")
    own = InterventionFactory.create_overdue(days=2, owner=user.memberships.get().organisation)
    other = InterventionFactory.create_overdue(days=9)
    InterventionFactory()  # not overdue
    response = login(user).get(OVERDUE)
    assert response.context["mine"] == [own]
    assert response.context["others"] == [other]
    html = response.content.decode()
    assert 'class="is-mine"' in html
    assert ">9<" in html  # days overdue


# ---- detail ------------------------------------------------------------------------------------------

def test_intervention_detail__shows_history_transitions_and_origin_link(login, make_member, settings):
    user = make_member(role="samordnare")
    observation = ObservationFactory()
    intervention = InterventionFactory(status=Status.DONE, origin_label="Observation: Skadegörelse")
    intervention.origin = observation
    intervention.save()
    StatusChange.objects.create(intervention=intervention, from_status="in_progress", to_status="done", note="Klart")
    response = login(user).get(_detail(intervention))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Klart" in html
    assert "Observation: Skadegörelse" in html
    assert [s for s, _f in response.context["transitions"]] == [Status.FOLLOWED_UP, Status.IN_PROGRESS]
    assert "Vad blev resultatet?" in html


def test_intervention_detail__origin_not_visible__label_without_link(login, make_member):
    observation = ObservationFactory()  # another (non-authority) organisation's
    intervention = InterventionFactory(origin_label="Observation 1")
    intervention.origin = observation
    intervention.save()
    viewer = make_member(kind="bostadsbolag")
    response = login(viewer).get(_detail(intervention))
    origin = response.context["origin"]
    assert origin.label == "Observation 1"
    assert origin.url == ""
    assert response.context["transitions"] == []
    html = response.content.decode()
    assert "Ändra insatsen" not in html
    assert f"Insatsen ändras av {intervention.owner.name} eller en samordnare." in html


# ---- create -------------------------------------------------------------------------------------------

def test_intervention_create__prefills_from_query(login, make_member):
    place = Place.objects.create(name="Årby centrum", area=Area.objects.get(slug="arby"), lat=59.395, lon=16.5)
    response = login(make_member()).get(CREATE, {"area": "skiftinge", "place": place.pk, "title": "Kamera"})
    initial = response.context["form"].initial
    assert initial["title"] == "Kamera"
    assert initial["places"] == [place.pk]
    assert initial["areas"] == [Area.objects.get(slug="skiftinge").pk]
    assert 'data-orgs="' in response.content.decode()  # lets the page narrow responsible to the owner's people


def test_intervention_create__with_visible_origin__links_it_and_audits(
    login, make_member, django_capture_on_commit_callbacks
):
    user = make_member(role="samordnare")
    org = user.memberships.get().organisation
    observation = ObservationFactory()
    query = f"?origin_type=incidents.observation&origin_id={observation.pk}"
    client = login(user)
    page = client.get(CREATE + query)
    assert page.context["form"].initial["areas"] == [observation.area.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE + query, _form_data(org, status="planned", areas=[observation.area.pk]))
    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(intervention)
    assert intervention.origin == observation
    assert intervention.origin_label.startswith("Observation: ")
    assert intervention.status == Status.PLANNED
    assert AuditEntry.objects.filter(action="created", object_id=str(intervention.pk), actor=user).exists()


@pytest.mark.parametrize("query", [
    "?origin_type=incidents.observation&origin_id=999999",
    "?origin_type=incidents.observation&origin_id=abc",
    "?origin_type=nosuch.model&origin_id=1",

    "?origin_type=incidents.observation",
])
def test_intervention_create__unknown_origin__not_found(login, make_member, query):
    assert login(make_member()).get(CREATE + query).status_code == 404


def test_intervention_create__origin_outside_origin_apps__not_found(login, make_member):
    user = make_member()
    assert login(user).get(f"{CREATE}?origin_type=accounts.user&origin_id={user.pk}").status_code == 404


def test_intervention_create__invisible_origin__not_found(login, make_member):
    observation = ObservationFactory()  # another organisation's; a housing company may not see it
    client = login(make_member(kind="bostadsbolag"))
    url = f"{CREATE}?origin_type=incidents.observation&origin_id={observation.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_intervention_create__responsible_not_in_owner__swedish_error_nothing_saved(login, make_member):
    user = make_member(role="samordnare")
    owner = OrganisationFactory(name="Kfast")
    outsider = make_member(username="utomstaende", first_name="Ola", last_name="Ut")
    response = login(user).post(CREATE, _form_data(owner, responsible=outsider.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["responsible"] == [
        "Ola Ut tillhör inte Kfast. Välj någon från den ägande aktören."]
    assert not Intervention.objects.exists()


def test_intervention_create__due_before_start__error_on_due_date(login, make_member):
    user = make_member()
    data = _form_data(user.memberships.get().organisation, start_date="2026-05-02", due_date="2026-05-01")
    response = login(user).post(CREATE, data)
    assert response.context["form"].errors["due_date"] == ["Slutdatum kan inte vara före startdatum."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Intervention.objects.exists()


def test_intervention_create__plan_for_other_org_without_samordnare__refused(login, make_member):
    response = login(make_member()).post(CREATE, _form_data(OrganisationFactory(), status="planned"))
    assert "status" in response.context["form"].errors
    assert not Intervention.objects.exists()


def test_intervention_create__propose_for_other_org__allowed(login, make_member):
    other = OrganisationFactory()
    response = login(make_member()).post(CREATE, _form_data(other))
    assert response.status_code == 302
    assert Intervention.objects.get().owner == other


def test_intervention_create__missing_title_and_dates__errors(login, make_member):
    user = make_member()
    response = login(user).post(CREATE, _form_data(user.memberships.get().organisation, title="", due_date=""))
    assert set(response.context["form"].errors) == {"title", "due_date"}


# ---- edit ---------------------------------------------------------------------------------------------

def test_intervention_edit__owner_member__saves_and_audits(login, make_member):
    user = make_member(role="atgardsansvarig")
    org = user.memberships.get().organisation
    intervention = InterventionFactory(owner=org)
    data = _form_data(org, title="Ny rubrik", responsible=user.pk)
    data.pop("status")
    response = login(user).post(_edit(intervention), data)
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.title == "Ny rubrik"
    assert intervention.responsible == user
    assert AuditEntry.objects.filter(action="updated", object_id=str(intervention.pk)).exists()


# ---- transitions -------------------------------------------------------------------------------------------

def test_intervention_transition__allowed__moves_and_records_note(login, make_member):
    user = make_member(role="samordnare")
    intervention = InterventionFactory(status=Status.PLANNED)
    response = login(user).post(_transition(intervention), {"to_status": "in_progress", "note": "Start i dag"})
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == Status.IN_PROGRESS
    assert intervention.status_changes.get().note == "Start i dag"


def test_intervention_transition__illegal__clear_message_nothing_changes(login, make_member):
    intervention = InterventionFactory(status=Status.PROPOSED)
    response = login(make_member(role="samordnare")).post(_transition(intervention), {"to_status": "done"})
    assert response.status_code == 400
    assert "Insatsen kan inte gå från Föreslagen till Genomförd." in response.content.decode()
    intervention.refresh_from_db()
    assert intervention.status == Status.PROPOSED
    assert not StatusChange.objects.exists()


def test_intervention_transition__follow_up_without_note__field_error(login, make_member):
    intervention = InterventionFactory(status=Status.DONE)
    response = login(make_member(role="samordnare")).post(_transition(intervention), {"to_status": "followed_up"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv vad uppföljningen visade: vad blev resultatet?" in html
    assert 'id="id_followed_up_note_error"' in html
    intervention.refresh_from_db()
    assert intervention.status == Status.DONE
