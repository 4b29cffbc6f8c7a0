import datetime as dt
import io
import json
import uuid

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from trygg.areas.models import Area
from trygg.core.models import AuditEntry
from trygg.core.panels import render_panels
from trygg.incidents.models import Observation
from trygg.safety_walks import services
from trygg.safety_walks.models import SafetyWalk, WalkFinding

from .factories import LAGERSBERG, ROUTE, SafetyWalkFactory, WalkFindingFactory

pytestmark = pytest.mark.django_db

GET_VIEWS = ["detail", "edit", "walk", "protocol", "protocol_pdf", "followup"]
POST_VIEWS = ["repeat", "finding_sync", "close"]


@pytest.fixture
def organiser(make_member):
    return make_member(role="rapportor", username="arrangor")


@pytest.fixture
def walk(organiser):
    return SafetyWalkFactory.create_walked(organisers=[organiser],
                                           organisation=organiser.memberships.get().organisation)


def test_walk_views__anonymous__redirected_to_login(client, walk):
    finding = WalkFindingFactory(walk=walk)
    urls = [reverse(f"safety_walks:{name}", args=[walk.pk]) for name in GET_VIEWS + POST_VIEWS]
    urls += [reverse("safety_walks:list"), reverse("safety_walks:create")]
    urls += [reverse(f"safety_walks:{n}", args=[finding.pk]) for n in ("finding_photo", "finding_report",
                                                                        "finding_intervention", "finding_withdraw")]
    for url in urls:
        response = client.post(url) if any(p in url for p in ("repeat", "findings/", "close", "report",
                                                              "intervention", "withdraw")) else client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url


def test_walk_views__non_member__forbidden_or_not_found(login, walk):
    from trygg.accounts.tests.factories import UserFactory

    client = login(UserFactory())
    assert client.get(reverse("safety_walks:list")).status_code == 403
    assert client.get(reverse("safety_walks:create")).status_code == 403
    for name in GET_VIEWS:
        assert client.get(reverse(f"safety_walks:{name}", args=[walk.pk])).status_code == 403, name


def test_walk_edit_views__member_not_organiser__forbidden_and_audited(login, make_member, walk):
    finding = WalkFindingFactory(walk=walk)
    client = login(make_member(role="rapportor"))
    for name in ("detail", "protocol", "protocol_pdf", "followup"):
        assert client.get(reverse(f"safety_walks:{name}", args=[walk.pk])).status_code == 200, name
    for name in ("edit", "walk"):
        assert client.get(reverse(f"safety_walks:{name}", args=[walk.pk])).status_code == 403, name
    for name in POST_VIEWS:
        assert client.post(reverse(f"safety_walks:{name}", args=[walk.pk])).status_code == 403, name
    for name in ("finding_report", "finding_intervention", "finding_withdraw"):
        assert client.post(reverse(f"safety_walks:{name}", args=[finding.pk])).status_code == 403, name
    assert AuditEntry.objects.filter(action="authz.denied").count() >= 8
    assert not Observation.objects.exists()
    assert WalkFinding.objects.filter(pk=finding.pk).exists()


def test_walk_views__unknown_or_deleted_walk__not_found(login, organiser, walk):
    client = login(organiser)
    walk.soft_delete()
    for name in GET_VIEWS:
        assert client.get(reverse(f"safety_walks:{name}", args=[walk.pk])).status_code == 404, name
    assert client.get(reverse("safety_walks:finding_photo", args=[999999])).status_code == 404


def test_walk_create__styrgrupp__forbidden(login, make_member):
    client = login(make_member(role="styrgrupp"))
    assert client.get(reverse("safety_walks:create")).status_code == 403


def test_walk_create__organiser_plans_walk_with_route(login, organiser):
    client = login(organiser)
    walk_at = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("safety_walks:create"), {
        "title": "Ungdomsvandring", "area": Area.objects.get(slug="lagersberg").pk, "kind": "ungdom",
        "walk_at": walk_at, "route": json.dumps(ROUTE), "max_participants": 18, "count_13-15": 6, "count_vuxna": 2,
        "invited_groups": "Klass 8B",
    })
    walk = SafetyWalk.objects.get()
    assert response.status_code == 302
    assert walk.participant_counts == {"13-15": 6, "vuxna": 2}
    assert list(walk.organisers.all()) == [organiser]
    page = client.get(reverse("safety_walks:detail", args=[walk.pk]))
    assert "Klass 8B" in page.content.decode()


def test_walk_create__bad_input__errors_on_fields_nothing_saved(login, organiser):
    client = login(organiser)
    response = client.post(reverse("safety_walks:create"), {
        "title": "", "area": Area.objects.get(slug="lagersberg").pk, "kind": "allman", "walk_at": "i morgon",
        "route": json.dumps({"type": "LineString", "coordinates": [[18.06, 59.33], [18.07, 59.33]]}),
        "max_participants": 50,
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert {"title", "walk_at", "max_participants"} <= set(form.errors)
    assert SafetyWalk.objects.count() == 0


def test_walk_create__route_outside_municipality__error_on_route(login, organiser):
    client = login(organiser)
    walk_at = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("safety_walks:create"), {
        "title": "X", "area": Area.objects.get(slug="lagersberg").pk, "kind": "allman", "walk_at": walk_at,
        "route": json.dumps({"type": "LineString", "coordinates": [[18.06, 59.33], [18.07, 59.33]]}),
        "max_participants": 10,
    })
    assert "utanför Eskilstuna kommun" in " ".join(response.context["form"].errors["route"])
    assert SafetyWalk.objects.count() == 0


def test_finding_sync__json_retry__one_row_same_finding(login, organiser, walk):
    client = login(organiser)
    url = reverse("safety_walks:finding_sync", args=[walk.pk])
    data = {"client_uuid": str(uuid.uuid4()), "kind": "problem", "checklist_item": "2", "lat": LAGERSBERG[0],
            "lon": LAGERSBERG[1], "comment": "Tät häck skymmer", "recorded_at": timezone.now().isoformat()}
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    second = client.post(url, data, HTTP_ACCEPT="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["finding"]["id"] == second.json()["finding"]["id"]
    assert WalkFinding.objects.count() == 1


def test_finding_sync__outside_municipality__swedish_error_json(login, organiser, walk):
    client = login(organiser)
    response = client.post(reverse("safety_walks:finding_sync", args=[walk.pk]), {
        "client_uuid": str(uuid.uuid4()), "kind": "problem", "checklist_item": "1", "lat": 59.3293, "lon": 18.0686,
        "comment": "x"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "utanför Eskilstuna kommun" in response.json()["errors"]["point"][0]
    assert WalkFinding.objects.count() == 0


def test_checklist__post__saved_and_bad_answer_refused(login, organiser, walk):
    client = login(organiser)
    url = reverse("safety_walks:walk", args=[walk.pk])
    assert client.post(url, {"item_1": "brist", "comment_1": "Mörkt"}).status_code == 302
    assert walk.checklist_answers.get().answer == "brist"
    response = client.post(url, {"item_3": "kanske"})
    assert response.status_code == 200
    assert "Välj bra, brist eller ej relevant." in response.content.decode()


def test_protocol__conversions_close_and_followup(login, organiser, walk, make_member):
    client = login(organiser)
    owner = make_member(role="atgardsansvarig").memberships.get().organisation
    a = WalkFindingFactory(walk=walk, number=1, comment="Trasig lampa vid tunneln")
    b = WalkFindingFactory(walk=walk, number=2, checklist_item=8, comment="Överfulla papperskorgar")
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    assert client.post(reverse("safety_walks:finding_report", args=[a.pk]),
                       {"responsible_organisation": owner.pk}).status_code == 302
    client.post(reverse("safety_walks:finding_intervention", args=[b.pk]), {"owner": owner.pk, "due_date": due,
                                                                             "title": "Töm korgar"})
    client.post(reverse("safety_walks:finding_intervention", args=[b.pk]), {"owner": owner.pk, "due_date": due})
    client.post(reverse("safety_walks:close", args=[walk.pk]))
    walk.refresh_from_db()
    assert walk.is_closed
    assert Observation.objects.filter(source="walk").count() == 2
    page = client.get(reverse("safety_walks:followup", args=[walk.pk])).content.decode()
    assert "Töm korgar" in page and owner.name in page and "0 / 2" in page
    a.refresh_from_db()
    b.refresh_from_db()
    report_link = f'<a href="{reverse("incidents:detail", args=[a.observation_id])}">Rapport från fynd 1</a>'
    assert report_link in page
    assert f'<a href="{reverse("interventions:detail", args=[b.intervention_id])}">Töm korgar</a>' in page
    Observation.objects.filter(pk=a.observation_id).update(deleted_at=timezone.now())  # no longer to be opened
    page = client.get(reverse("safety_walks:followup", args=[walk.pk])).content.decode()
    assert report_link not in page and "Rapport" in page


def test_protocol_pdf__real_pdf_with_findings_and_photo(login, organiser, walk):
    finding = WalkFindingFactory(walk=walk, comment="Buskaget vid lekplatsen skymmer sikten")
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 10)).save(out, format="JPEG")
    finding.photo.save("x.jpg", ContentFile(out.getvalue()), save=True)
    WalkFindingFactory(walk=walk, kind="good", checklist_item=16, comment="Välskött torg")
    services.checklist_save(walk=walk, by=organiser, answers={1: ("brist", "Trasiga lampor")})
    response = login(organiser).get(reverse("safety_walks:protocol_pdf", args=[walk.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Buskaget vid lekplatsen skymmer sikten", "Välskött torg", "Trasiga lampor", walk.title):
        assert expected in " ".join(text.split()), expected
    assert AuditEntry.objects.filter(action="export", object_id=str(walk.pk)).exists()


def test_panels__area_and_dashboard(make_member, organiser, walk):
    WalkFindingFactory(walk=walk)
    upcoming = SafetyWalkFactory(organisers=[organiser], title="Planerad vandring Fröslunda")
    request = RequestFactory().get("/org/")
    request.user = organiser
    area_html = "".join(render_panels("area", request, walk.area))
    assert walk.title in area_html
    assert upcoming.title in "".join(render_panels("dashboard", request, None))
    request.user = make_member(role="styrgrupp")
    # Other apps contribute their own dashboard panels; this app's panel must not show for a non-organiser.
    assert upcoming.title not in "".join(render_panels("dashboard", request, None))


def test_walk_list_and_protocol__query_count_does_not_grow_with_findings(login, organiser, walk,
                                                                         django_assert_max_num_queries):
    client = login(organiser)
    for n in range(1, 4):
        WalkFindingFactory(walk=walk, number=n)
    services.walk_close_protocol(walk=walk, by=organiser)
    SafetyWalkFactory.create_batch(5)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("safety_walks:list")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("safety_walks:protocol", args=[walk.pk])).status_code == 200
    for n in range(4, 12):
        WalkFindingFactory(walk=walk, number=n)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("safety_walks:protocol", args=[walk.pk])).status_code == 200


def test_finding_photo__member_gets_image_not_cached(login, make_member, walk):
    finding = WalkFindingFactory(walk=walk)
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, format="JPEG")
    finding.photo.save("a.jpg", ContentFile(out.getvalue()), save=True)
    response = login(make_member(role="rapportor")).get(reverse("safety_walks:finding_photo", args=[finding.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xff\xd8")


def test_walk_edit_and_repeat__samordnare_of_other_organisation_may_edit(login, make_member, walk):
    client = login(make_member(role="samordnare"))
    page = client.get(reverse("safety_walks:edit", args=[walk.pk]))
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items() if k not in ("organisers", "invited_organisations")}
    data.update({"title": "Ny rubrik", "area": walk.area_id, "walk_at": data["walk_at"].strftime("%Y-%m-%dT%H:%M"),
                 "route": json.dumps(walk.route), "count_10-12": 4})
    data = {k: v for k, v in data.items() if v is not None}
    assert client.post(reverse("safety_walks:edit", args=[walk.pk]), data).status_code == 302
    walk.refresh_from_db()
    assert (walk.title, walk.participant_counts) == ("Ny rubrik", {"10-12": 4})
    when = (timezone.localtime() + dt.timedelta(days=90)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("safety_walks:repeat", args=[walk.pk]), {"walk_at": when})
    repeat = SafetyWalk.objects.get(previous=walk)
    assert response["Location"] == reverse("safety_walks:detail", args=[repeat.pk])
    assert repeat.route == walk.route


def test_finding_withdraw__before_conversion_only(login, organiser, walk):
    client = login(organiser)
    keep, remove = WalkFindingFactory(walk=walk, number=1), WalkFindingFactory(walk=walk, number=2)
    services.finding_convert_to_report(finding=keep, by=organiser)
    client.post(reverse("safety_walks:finding_withdraw", args=[keep.pk]))
    client.post(reverse("safety_walks:finding_withdraw", args=[remove.pk]))
    assert list(WalkFinding.objects.values_list("number", flat=True)) == [1]
    assert AuditEntry.objects.filter(action="deleted", object_id=str(remove.pk)).exists()


def test_service_worker__the_same_code_for_everyone__scope_covers_the_walk_pages(client, organiser, login):
    url = reverse("safety_walks:service_worker")
    assert url.startswith(reverse("safety_walks:list"))  # its scope: /org/walks/ and below
    anonymous = client.get(url)
    assert anonymous.status_code == 200 and anonymous["Content-Type"].startswith("text/javascript")
    assert anonymous["Cache-Control"] == "no-cache"  # a new version is picked up at the next visit
    body = anonymous.content.decode()
    assert '"trygg-walks-v1"' in body and 'request.method !== "GET"' in body  # only GETs are ever answered
    assert login(organiser).get(url).content.decode() == body  # nothing about the user in it
