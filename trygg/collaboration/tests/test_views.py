"""Views end to end (invite → RSVP → contribution → agenda → decision → intervention → minutes → public) and the
negative permission test for every view."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.collaboration.models import Decision, Invitation, Meeting, Promise, PromiseActivity
from trygg.core.models import AuditEntry

from .factories import DecisionFactory, MeetingFactory, NetworkFactory, PromiseFactory

pytestmark = pytest.mark.django_db


def test_meeting__whole_cycle_through_views__published_publicly(cast: dict[str, Any], login: Any) -> None:
    sam, partner = login(cast["samordnare"]), login(cast["partner"])
    start = (timezone.localtime() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    response = sam.post(reverse("collaboration:meeting_create"), {
        "kind": "trygghetsrad", "title": "Trygghetsråd december", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "place": "Stadshuset, sal A", "chair": cast["samordnare"].pk})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    sam.post(reverse("collaboration:meeting_invite", args=[meeting.pk]), {"organisations": [cast["partner_org"].pk]})
    partner.post(reverse("collaboration:meeting_rsvp", args=[meeting.pk]), {"answer": "attend", "attendees": 2})
    partner.post(reverse("collaboration:meeting_contribution", args=[meeting.pk]),
                 {"what_we_do": "Fastighetsvärdar", "can_contribute": "Belysning"})
    sam.post(reverse("collaboration:meeting_agenda_add", args=[meeting.pk]),
             {"order": 1, "title": "Välkommen", "presenter": cast["partner_org"].pk, "starts_at": "13:00",
              "ends_at": "13:10"})
    sam.post(reverse("collaboration:meeting_group_note", args=[meeting.pk]),
             {"theme": "Lagersberg", "notes": "Tunneln är mörk."})
    sam.post(reverse("collaboration:meeting_decision", args=[meeting.pk]),
             {"text": "Belysning i tunneln", "owner": cast["partner_org"].pk,
              "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat()})
    decision = Decision.objects.get()
    sam.post(reverse("collaboration:decision_convert", args=[meeting.pk, decision.pk]))
    sam.post(reverse("collaboration:meeting_minutes", args=[meeting.pk]),
             {"minutes": "Rådet beslutade om belysning.", "visibility": "public"})
    sam.post(reverse("collaboration:minutes_step", args=[meeting.pk, "approve"]))
    sam.post(reverse("collaboration:minutes_step", args=[meeting.pk, "publish"]))

    page = partner.get(reverse("collaboration:meeting", args=[meeting.pk])).content.decode()
    agenda = partner.get(reverse("collaboration:meeting_agenda", args=[meeting.pk])).content.decode()
    public_page = Client().get(reverse("collaboration_public:minutes", args=[meeting.pk]))
    decision.refresh_from_db()
    assert Invitation.objects.get().attendees == 2
    assert "Fastighetsvärdar" in page and "Tunneln är mörk." in page
    assert "Välkommen" in agenda and "13:00" in agenda
    assert decision.intervention is not None
    assert public_page.status_code == 200 and "Rådet beslutade om belysning." in public_page.content.decode()


def test_decision__past_due_date_via_form__error_tied_to_field(cast: dict[str, Any], login: Any) -> None:
    meeting = MeetingFactory()
    response = login(cast["samordnare"]).post(reverse("collaboration:meeting_decision", args=[meeting.pk]), {
        "text": "X", "owner": cast["partner_org"].pk,
        "due_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 400
    assert "Datumet har redan passerat" in response.content.decode()
    assert not Decision.objects.exists()


def test_rsvp__after_meeting_via_form__clear_error(cast: dict[str, Any], login: Any) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"], starts_at=timezone.now() - dt.timedelta(hours=2))
    response = login(cast["partner"]).post(reverse("collaboration:meeting_rsvp", args=[meeting.pk]),
                                           {"answer": "attend", "attendees": 2})
    assert response.status_code == 400
    assert "Mötet har redan börjat" in response.content.decode()
    assert Invitation.objects.get().rsvp == "pending"


def test_minutes__partners_only__not_public(cast: dict[str, Any], client: Any) -> None:
    meeting = MeetingFactory(minutes="Internt", minutes_status="published", minutes_visibility="partners")
    assert client.get(reverse("collaboration_public:minutes", args=[meeting.pk])).status_code == 404
    assert "Internt" not in client.get(reverse("collaboration_public:index")).content.decode()


def test_minutes__partners_only_published__readable_by_any_partner(cast: dict[str, Any], login: Any) -> None:
    meeting = MeetingFactory(minutes="För parter", minutes_status="published", minutes_visibility="partners")
    response = login(cast["other"]).get(reverse("collaboration:meeting", args=[meeting.pk]))
    assert response.status_code == 200 and "För parter" in response.content.decode()


def test_minutes__draft__hidden_from_invited_partner(cast: dict[str, Any], login: Any) -> None:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"], minutes="Utkasttext")
    response = login(cast["partner"]).get(reverse("collaboration:meeting", args=[meeting.pk]))
    assert response.status_code == 200 and "Utkasttext" not in response.content.decode()


def test_steering__export_pdf_and_xlsx__audited(cast: dict[str, Any], login: Any) -> None:
    PromiseFactory.create_with_activity()
    client = login(cast["styrgrupp"])
    pdf = client.get(reverse("collaboration:steering_export", args=["pdf"]))
    xlsx = client.get(reverse("collaboration:steering_export", args=["xlsx"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert AuditEntry.objects.filter(action="export", actor=cast["styrgrupp"]).count() == 2


def test_steering__page__shows_promise_progress(cast: dict[str, Any], login: Any) -> None:
    PromiseFactory.create_with_activity(target=272)
    body = login(cast["kommunpolis"]).get(reverse("collaboration:steering")).content.decode()
    assert "Fotpatrullering" in body and 'max="272"' in body


# ---- negative permissions: every view ---------------------------------------------------------------------

def _org_views(meeting: Meeting, decision: Decision, promise: Any, network: Any) -> list[tuple[str, str, list]]:
    goal_args = [promise.agreement_id or 1, 1]
    activity = promise.activities.first()
    return [
        ("get", "collaboration:index", []),
        ("get", "collaboration:meeting_create", []),
        ("get", "collaboration:meeting", [meeting.pk]),
        ("get", "collaboration:meeting_agenda", [meeting.pk]),
        ("get", "collaboration:meeting_edit", [meeting.pk]),
        ("post", "collaboration:agenda_item_remove", [meeting.pk, 1]),
        ("get", "collaboration:meeting_cancel", [meeting.pk]),
        ("post", "collaboration:meeting_cancel", [meeting.pk]),
        ("post", "collaboration:meeting_invite", [meeting.pk]),
        ("post", "collaboration:meeting_rsvp", [meeting.pk]),
        ("post", "collaboration:meeting_contribution", [meeting.pk]),
        ("post", "collaboration:meeting_agenda_add", [meeting.pk]),
        ("post", "collaboration:meeting_group_note", [meeting.pk]),
        ("post", "collaboration:meeting_decision", [meeting.pk]),
        ("post", "collaboration:decision_convert", [meeting.pk, decision.pk]),
        ("get", "collaboration:group_note_edit", [meeting.pk, 1]),
        ("post", "collaboration:group_note_edit", [meeting.pk, 1]),
        ("get", "collaboration:group_note_remove", [meeting.pk, 1]),
        ("post", "collaboration:group_note_remove", [meeting.pk, 1]),
        ("get", "collaboration:decision_edit", [meeting.pk, decision.pk]),
        ("post", "collaboration:decision_edit", [meeting.pk, decision.pk]),
        ("get", "collaboration:decision_remove", [meeting.pk, decision.pk]),
        ("post", "collaboration:decision_remove", [meeting.pk, decision.pk]),
        ("post", "collaboration:meeting_minutes", [meeting.pk]),
        ("post", "collaboration:minutes_step", [meeting.pk, "approve"]),
        ("get", "collaboration:agreement", [1]),
        ("post", "collaboration:goal_follow_up", goal_args),
        ("post", "collaboration:goal_link", goal_args),
        ("get", "collaboration:promise", [promise.pk]),
        ("post", "collaboration:promise_progress", [promise.pk, activity.pk]),
        ("post", "collaboration:promise_step", [promise.pk, "publish"]),
        ("get", "collaboration:network", [network.slug]),
        ("post", "collaboration:network_upload", [network.slug]),
        ("get", "collaboration:network_document", [network.slug, 1]),
        ("get", "collaboration:network_document_remove", [network.slug, 1]),
        ("post", "collaboration:network_document_remove", [network.slug, 1]),
        ("post", "collaboration:network_link", [network.slug]),
        ("get", "collaboration:steering", []),
        ("get", "collaboration:steering_export", ["pdf"]),
        ("get", "collaboration:agreement_create", []),
        ("post", "collaboration:agreement_add", [1, "goal"]),
        ("get", "collaboration:promise_create", []),
        ("post", "collaboration:activity_add", [promise.pk]),
        ("get", "collaboration:network_create", []),
    ]


@pytest.fixture
def objects(cast: dict[str, Any]) -> tuple[Meeting, Decision, Any, Any]:
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    decision = DecisionFactory(meeting=meeting, owner=cast["partner_org"])
    promise = PromiseFactory.create_with_activity()
    network = NetworkFactory(members=[cast["partner_org"]])
    return meeting, decision, promise, network


def test_every_view__anonymous__redirected_to_login(objects: tuple, client: Any) -> None:
    for method, name, args in _org_views(*objects):
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"], name


def test_every_view__other_organisation__403_or_404(objects: tuple, cast: dict[str, Any], login: Any) -> None:
    """A member of a non-invited, non-network organisation without a managing role reaches nothing that isn't
    shared by design (the index, agreements and promises are read-only for every partner)."""
    readable_by_all_partners = {"collaboration:index", "collaboration:agreement", "collaboration:promise"}
    client = login(cast["other"])
    for method, name, args in _org_views(*objects):
        if name in readable_by_all_partners:
            continue
        status = getattr(client, method)(reverse(name, args=args)).status_code
        assert status in (403, 404), f"{name}: {status}"


def test_manage_views__invited_partner__403(objects: tuple, cast: dict[str, Any], login: Any) -> None:
    meeting, decision, promise, _network = objects
    client = login(cast["partner"])
    for name, args in [("collaboration:meeting_create", []), ("collaboration:meeting_invite", [meeting.pk]),
                       ("collaboration:meeting_edit", [meeting.pk]),
                       ("collaboration:agenda_item_remove", [meeting.pk, 1]),
                       ("collaboration:meeting_agenda_add", [meeting.pk]),
                       ("collaboration:meeting_group_note", [meeting.pk]),
                       ("collaboration:meeting_decision", [meeting.pk]),
                       ("collaboration:decision_convert", [meeting.pk, decision.pk]),
                       ("collaboration:decision_edit", [meeting.pk, decision.pk]),
                       ("collaboration:decision_remove", [meeting.pk, decision.pk]),
                       ("collaboration:meeting_cancel", [meeting.pk]),
                       ("collaboration:meeting_minutes", [meeting.pk]),
                       ("collaboration:minutes_step", [meeting.pk, "approve"]),
                       ("collaboration:minutes_step", [meeting.pk, "publish"]),
                       ("collaboration:promise_step", [promise.pk, "publish"]),
                       ("collaboration:promise_progress", [promise.pk, promise.activities.first().pk]),
                       ("collaboration:steering", [])]:
        assert client.post(reverse(name, args=args)).status_code == 403, name
    assert not Decision.objects.exclude(pk=decision.pk).exists()
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert not Meeting.objects.get(pk=meeting.pk).is_cancelled


def test_public_views__unpublished__404(cast: dict[str, Any], client: Any) -> None:
    promise = PromiseFactory.create_with_activity()
    meeting = MeetingFactory(minutes="Utkast")
    assert client.get(reverse("collaboration_public:promise", args=[promise.pk])).status_code == 404
    assert client.get(reverse("collaboration_public:minutes", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("collaboration_public:index")).status_code == 200


def test_meeting__unverified_second_factor__sent_to_mfa(cast: dict[str, Any], login: Any, settings: Any) -> None:
    settings.TRYGG_REQUIRE_MFA = True
    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    response = login(cast["partner"], verified=False).get(reverse("collaboration:meeting", args=[meeting.pk]))
    assert response.status_code == 302


def test_meeting_page__other_apps_panels__rendered_with_meeting(cast: dict[str, Any], login: Any) -> None:
    from trygg.core import panels

    meeting = MeetingFactory.create_with_invited(cast["partner_org"])
    seen = []

    def attachment(request: Any, obj: Any) -> dict[str, Any]:
        seen.append(obj)
        return {"area": None}

    panels.register("meeting_attachments", "collaboration/tests/panel_probe.html", attachment)
    try:
        body = login(cast["partner"]).get(reverse("collaboration:meeting", args=[meeting.pk])).content.decode()
    finally:
        panels._PANELS[:] = [p for p in panels._PANELS if p.context is not attachment]
    assert seen == [meeting]
    assert "panel-probe" in body


def test_meeting_page__query_count__does_not_grow_with_rows(cast: dict[str, Any], login: Any,
                                                            django_assert_max_num_queries: Any) -> None:
    from trygg.accounts.tests.factories import OrganisationFactory
    from trygg.collaboration import services

    orgs = [OrganisationFactory() for _ in range(8)]
    meeting = MeetingFactory.create_with_invited(cast["partner_org"], *orgs)
    for i, org in enumerate(orgs, start=1):
        services.agenda_item_add(meeting=meeting, order=i, title=f"Punkt {i}", presenter=org, by=cast["samordnare"])
        decision = DecisionFactory(meeting=meeting, owner=org)
        services.decision_to_intervention(decision=decision, by=cast["samordnare"])
    client = login(cast["samordnare"])
    url = reverse("collaboration:meeting", args=[meeting.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more = [OrganisationFactory() for _ in range(6)]
    services.meeting_invite(meeting=meeting, organisations=more, by=cast["samordnare"], notify=False)
    for i, org in enumerate(more, start=len(orgs) + 1):
        services.agenda_item_add(meeting=meeting, order=i, title=f"Punkt {i}", presenter=org, by=cast["samordnare"])
        services.decision_to_intervention(decision=DecisionFactory(meeting=meeting, owner=org), by=cast["samordnare"])
    # Nothing per agenda item, decision or organisation (panels from other apps add a fixed number).
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_steering_page__query_count__bounded(cast: dict[str, Any], login: Any,
                                             django_assert_max_num_queries: Any) -> None:
    from trygg.areas.models import Area

    for slug in ("lagersberg", "froslunda", "skiftinge", "arby"):
        PromiseFactory.create_with_activity(area=Area.objects.get(slug=slug))
    client = login(cast["styrgrupp"])
    url = reverse("collaboration:steering")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for promise in Promise.objects.all():
        for n in range(3):
            PromiseActivity.objects.create(promise=promise, text=f"Aktivitet {n}", owner="kommun", target_count=10)
    # Per prioritised area each app's panel runs a fixed number of queries; nothing grows with rows.
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


def test_meeting__edit_place_and_remove_agenda_item__saved_and_audited(cast: dict[str, Any], login: Any) -> None:
    from trygg.collaboration import services

    meeting = MeetingFactory(title="EST-veckomöte", kind="est")
    item = services.agenda_item_add(meeting=meeting, order=1, title="Fel punkt", by=cast["samordnare"])
    client = login(cast["samordnare"])
    start = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("collaboration:meeting_edit", args=[meeting.pk]),
                           {"kind": "est", "title": "EST-veckomöte", "starts_at": start, "place": "Rum 412"})
    client.post(reverse("collaboration:agenda_item_remove", args=[meeting.pk, item.pk]))
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.place == "Rum 412"
    assert not meeting.agenda_items.exists()
    assert AuditEntry.objects.filter(action="deleted", object_type="collaboration.agendaitem").exists()


def test_meeting__edit_end_before_start__error_unchanged(cast: dict[str, Any], login: Any) -> None:
    meeting = MeetingFactory()
    start = timezone.localtime(meeting.starts_at)
    response = login(cast["samordnare"]).post(reverse("collaboration:meeting_edit", args=[meeting.pk]), {
        "kind": "trygghetsrad", "title": "Ny", "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "X",
        "ends_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")})
    meeting.refresh_from_db()
    assert response.status_code == 400 and "Mötet måste sluta efter att det börjar." in response.content.decode()
    assert meeting.title == "Trygghetsråd"


def test_every_view__signed_in_without_membership__403_or_404(objects: tuple, login: Any) -> None:
    from trygg.accounts.tests.factories import UserFactory

    client = login(UserFactory(username="utan-roll"))
    for method, name, args in _org_views(*objects):
        status = getattr(client, method)(reverse(name, args=args)).status_code
        assert status in (403, 404), f"{name}: {status}"
