"""Samverkansöverenskommelse goals (computed and recorded values) and network documents."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trygg.collaboration import selectors, services
from trygg.collaboration.models import GoalFollowUp, NetworkDocument
from trygg.incidents.models import Category
from trygg.incidents.tests.factories import ObservationFactory

from .factories import AgreementFactory, GoalFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_goal__with_category__counts_observations_in_period(cast: dict[str, Any]) -> None:
    from trygg.areas.models import Area

    lagersberg = Area.objects.get(slug="lagersberg")
    category = Category.objects.get(code="skadegorelse")
    agreement = AgreementFactory(period_start=timezone.localdate() - dt.timedelta(days=30))
    goal = GoalFactory(agreement=agreement, category=category, area=lagersberg)
    ObservationFactory.create_batch(3, category=category)
    ObservationFactory(category=category, observed_at=timezone.now() - dt.timedelta(days=90))
    value = selectors.goal_current_value(goal=goal, user=cast["samordnare"])
    assert value is not None and value.computed and value.value == 3


def test_goal__manual_follow_up__latest_value_shown(cast: dict[str, Any], login: Any) -> None:
    goal = GoalFactory()
    services.goal_follow_up_record(goal=goal, value=Decimal("31"), measured_on=dt.date(2025, 6, 1),
                                   by=cast["samordnare"])
    services.goal_follow_up_record(goal=goal, value=Decimal("27"), measured_on=dt.date(2025, 12, 1),
                                   by=cast["samordnare"])
    page = login(cast["partner"]).get(reverse("collaboration:agreement", args=[goal.agreement.pk])).content.decode()
    assert selectors.goal_current_value(goal=goal, user=cast["partner"]).value == Decimal("27")
    assert "2025-12-01" in page


def test_goal__follow_up_in_future_via_form__error_nothing_saved(cast: dict[str, Any], login: Any) -> None:
    goal = GoalFactory()
    response = login(cast["samordnare"]).post(
        reverse("collaboration:goal_follow_up", args=[goal.agreement.pk, goal.pk]),
        {f"g{goal.pk}-value": "12",
         f"g{goal.pk}-measured_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat()})
    assert response.status_code == 400
    assert "Mätdatumet kan inte ligga i framtiden." in response.content.decode()
    assert not GoalFollowUp.objects.exists()


def test_goal__link_intervention__shown_on_agreement(cast: dict[str, Any], login: Any) -> None:
    from trygg.interventions.services import intervention_create

    goal = GoalFactory()
    intervention = intervention_create(title="Narkotikaspaning Lagersberg", owner=cast["partner_org"],
                                       due_date=timezone.localdate() + dt.timedelta(days=40),
                                       created_by=cast["samordnare"])
    client = login(cast["samordnare"])
    client.post(reverse("collaboration:goal_link", args=[goal.agreement.pk, goal.pk]),
                {f"l{goal.pk}-intervention": intervention.pk})
    assert list(goal.interventions.all()) == [intervention]
    assert "Narkotikaspaning Lagersberg" in client.get(
        reverse("collaboration:agreement", args=[goal.agreement.pk])).content.decode()


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_document__pdf_by_member__stored_and_served_only_to_members(cast: dict[str, Any], login: Any) -> None:
    network = NetworkFactory(members=[cast["partner_org"]])
    member = login(cast["partner"])
    response = member.post(reverse("collaboration:network_upload", args=[network.slug]), {
        "title": "Handlingsplan", "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n%test", "application/pdf")})
    document = NetworkDocument.objects.get()
    url = reverse("collaboration:network_document", args=[network.slug, document.pk])
    download = member.get(url)
    assert response.status_code == 302 and document.extension == "pdf"
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Content-Type"] == "application/pdf"
    assert login(cast["other"]).get(url).status_code == 404


def test_document__docx__accepted(cast: dict[str, Any]) -> None:
    network = NetworkFactory(members=[cast["partner_org"]])
    document = services.document_upload(network=network, title="Protokoll", by=cast["partner"],
                                        upload=SimpleUploadedFile("p.docx", _docx()))
    assert document.extension == "docx"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("evil.exe", b"MZ\x90\x00", "Filtypen stöds inte"),
    ("fake.pdf", b"<html>not a pdf</html>", "inte en giltig PDF"),
    ("fake.docx", b"%PDF-1.4 renamed", "inte ett giltigt DOCX"),
])
def test_document__wrong_kind__clear_error_nothing_saved(cast: dict[str, Any], login: Any, name: str, content: bytes,
                                                        message: str) -> None:
    network = NetworkFactory(members=[cast["partner_org"]])
    response = login(cast["partner"]).post(reverse("collaboration:network_upload", args=[network.slug]),
                                           {"title": "X", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not NetworkDocument.objects.exists()


def test_document__oversized__refused(cast: dict[str, Any], settings: Any) -> None:
    settings.TRYGG_MAX_UPLOAD_BYTES = 1024
    network = NetworkFactory(members=[cast["partner_org"]])
    with pytest.raises(ValidationError) as error:
        services.document_upload(network=network, title="Stor", by=cast["partner"],
                                 upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2048))
    assert "för stor" in " ".join(error.value.message_dict["file"])
    assert not NetworkDocument.objects.exists()


def test_network__non_member_page__404(cast: dict[str, Any], login: Any) -> None:
    network = NetworkFactory(members=[cast["partner_org"]])
    assert login(cast["other"]).get(reverse("collaboration:network", args=[network.slug])).status_code == 404
    assert login(cast["partner"]).get(reverse("collaboration:network", args=[network.slug])).status_code == 200
