"""The page that corrects a synced finding: who may use it, what it shows, what it keeps on error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from trygg.accounts.models import Role
from trygg.accounts.tests.factories import UserFactory
from trygg.core.models import AuditEntry
from trygg.safety_walks import services
from trygg.safety_walks.models import WalkFinding

from .factories import LAGERSBERG, SafetyWalkFactory, WalkFindingFactory

pytestmark = pytest.mark.django_db

# Every role may see walks, but only a walk's organisers and samordnare may change its findings.
REFUSED_ROLES = [role for role in Role.values if role != Role.SAMORDNARE]


@pytest.fixture
def organiser(make_member):
    return make_member(role="rapportor", username="arrangor")


@pytest.fixture
def finding(organiser):
    walk = SafetyWalkFactory.create_walked(organisers=[organiser],
                                           organisation=organiser.memberships.get().organisation)
    return WalkFindingFactory(walk=walk, number=1)


def edit_url(finding: WalkFinding) -> str:
    return reverse("safety_walks:finding_edit", args=[finding.pk])


def form_data(finding: WalkFinding, **overrides):
    data = {"checklist_item": finding.checklist_item, "lat": finding.lat, "lon": finding.lon,
            "comment": finding.comment, "proposed_action": finding.proposed_action, "back": "protocol"}
    data.update(overrides)
    return data


def test_finding_edit__anonymous__redirected_to_login(client, finding):
    for response in (client.get(edit_url(finding)), client.post(edit_url(finding), form_data(finding))):
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_finding_edit__member_not_organiser__forbidden_audited_unchanged(login, make_member, finding, role):
    client = login(make_member(role=role))
    assert client.get(edit_url(finding)).status_code == 403
    assert client.post(edit_url(finding), form_data(finding, comment="Ändrad av obehörig")).status_code == 403
    finding.refresh_from_db()
    assert finding.comment == "Trasig belysning i gångtunneln." and finding.edited_at is None
    assert AuditEntry.objects.filter(action="authz.denied").count() == 2


def test_finding_edit__non_member_forbidden_and_deleted_walk_not_found(login, organiser, finding):
    assert login(UserFactory()).get(edit_url(finding)).status_code == 403
    finding.walk.soft_delete()
    assert login(organiser).get(edit_url(finding)).status_code == 404
    assert login(organiser).get(reverse("safety_walks:finding_edit", args=[999999])).status_code == 404


def test_finding_edit__organiser__saves_and_returns_to_protocol(login, organiser, finding):
    client = login(organiser)
    page = client.get(edit_url(finding))
    assert page.status_code == 200
    assert page.context["form"].initial["comment"] == finding.comment
    response = client.post(edit_url(finding), form_data(finding, checklist_item=7, comment="Klotter på elskåpet",
                                                        lat=59.3522, lon=16.4762))
    assert response.status_code == 302
    assert response["Location"] == reverse("safety_walks:protocol", args=[finding.walk_id]) + "#finding-1"
    finding.refresh_from_db()
    assert (finding.checklist_item, finding.comment, finding.lat) == (7, "Klotter på elskåpet", 59.3522)
    assert finding.edited_by == organiser


def test_finding_edit__samordnare_of_other_organisation__may_edit_back_to_walk_page(login, make_member, finding):
    client = login(make_member(role="samordnare"))
    response = client.post(edit_url(finding), form_data(finding, comment="Rättad", back="walk"))
    assert response["Location"] == reverse("safety_walks:walk", args=[finding.walk_id]) + "#h-findings"
    finding.refresh_from_db()
    assert finding.comment == "Rättad"


def test_finding_edit__bad_input__errors_linked_to_fields_input_kept(login, organiser, finding):
    client = login(organiser)
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    response = client.post(edit_url(finding), form_data(
        finding, comment="", proposed_action="Nya lampor i hela tunneln", lat=59.3293, lon=18.0686,
        photo=SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["comment"] == ["Beskriv problemet med några ord."]
    assert "utanför Eskilstuna kommun" in form.errors["lat"][0]
    html = response.content.decode()
    # Everything typed is still there, the errors are tied to their fields and listed with links on top.
    assert "Nya lampor i hela tunneln" in html and 'value="59.3293"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_comment_error"' in html
    assert 'id="id_comment_error"' in html and 'href="#id_comment"' in html and 'href="#fs-point"' in html
    assert 'id="point-error"' in html
    assert response.context["photo_reselect"]  # the browser cannot keep a chosen file: the page says so
    finding.refresh_from_db()
    assert finding.comment == "Trasig belysning i gångtunneln." and finding.edited_at is None


def test_finding_edit__closed_protocol__explained_nothing_changed(login, organiser, finding):
    services.walk_close_protocol(walk=finding.walk, by=organiser)
    client = login(organiser)
    page = client.get(edit_url(finding))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Protokollet är fastställt, så fyndet kan inte längre ändras." in html
    assert 'id="finding-edit-form"' not in html
    client.post(edit_url(finding), form_data(finding, comment="För sent"))
    finding.refresh_from_db()
    assert finding.comment == "Trasig belysning i gångtunneln."
    protocol = client.get(reverse("safety_walks:protocol", args=[finding.walk_id])).content.decode()
    assert edit_url(finding) not in protocol


def test_finding_edit__after_report__protocol_notes_earlier_version_with_link(login, organiser, finding):
    services.finding_convert_to_report(finding=finding, by=organiser)
    client = login(organiser)
    protocol_url = reverse("safety_walks:protocol", args=[finding.walk_id])
    assert "tidigare version" not in client.get(protocol_url).content.decode()
    edit_page = client.get(edit_url(finding)).content.decode()
    assert "Dina ändringar sparas i protokollet, men rapporten eller insatsen ändras inte" in edit_page
    client.post(edit_url(finding), form_data(finding, comment="Rättad beskrivning"))
    finding.refresh_from_db()
    html = client.get(protocol_url).content.decode()
    assert "Rättad beskrivning" in html
    assert "Rapporten skapades från en tidigare version av fyndet" in html
    assert reverse("incidents:detail", args=[finding.observation_id]) in html
    assert WalkFinding.objects.get().conversion == "report"
    pdf = client.get(reverse("safety_walks:protocol_pdf", args=[finding.walk_id])).content
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Rättad beskrivning" in text and "skapades från en tidigare version av fyndet" in text


def test_finding_edit__report_not_visible_to_editor__note_without_link(login, make_member, organiser, finding):
    services.finding_convert_to_report(finding=finding, by=organiser)
    samordnare = make_member(role="samordnare", kind="skola")  # not an authority, another organisation
    client = login(samordnare)
    client.post(edit_url(finding), form_data(finding, comment="Rättad"))
    finding.refresh_from_db()
    html = client.get(reverse("safety_walks:protocol", args=[finding.walk_id])).content.decode()
    assert "Rapporten skapades från en tidigare version av fyndet" in html
    assert reverse("incidents:detail", args=[finding.observation_id]) not in html


def test_walk_page_and_sync__link_to_edit_synced_findings(login, organiser, finding):
    client = login(organiser)
    page = client.get(reverse("safety_walks:walk", args=[finding.walk_id])).content.decode()
    assert f'{edit_url(finding)}?back=walk' in page and "Ändra fynd 1" in page
    response = client.post(reverse("safety_walks:finding_sync", args=[finding.walk_id]), {
        "client_uuid": "8d7b5a52-6a9b-4bd1-8c6f-3f2b1e0c9d11", "kind": "good", "checklist_item": "16",
        "lat": LAGERSBERG[0], "lon": LAGERSBERG[1]}, HTTP_ACCEPT="application/json")
    created = response.json()["finding"]
    assert created["edit_url"] == reverse("safety_walks:finding_edit", args=[created["id"]]) + "?back=walk"
