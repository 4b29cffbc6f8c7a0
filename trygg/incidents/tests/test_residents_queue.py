"""The department queue: accept, re-route, merge, fixed, not fixed; status updates, audit, e-mails, permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.core.models import AuditEntry
from trygg.core.panels import render_panels
from trygg.incidents.models import Observation, Status, StatusUpdate, WeeklyCount
from trygg.incidents.residents import services
from trygg.public.tests.factories import LAGERSBERG, ResidentReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(make_member: Any) -> Any:
    handler = make_member(role="atgardsansvarig", username="handler")
    organisation = handler.memberships.get().organisation
    organisation.email = "gata@eskilstuna.example"
    organisation.save()
    return handler


def report_for(handler: Any, **kwargs: Any) -> Observation:
    return ResidentReportFactory.create_public(
        responsible_organisation=handler.memberships.get().organisation, contact_email="boende@example.se",
        description="Trasig lampa, ring 070-123 45 67", **kwargs)


def test_queue__handler__sees_only_own_organisations_reports(department: Any, login: Any) -> None:
    mine = report_for(department)
    other = ResidentReportFactory.create_public(responsible_organisation=OrganisationFactory())
    response = login(department).get(reverse("routing:queue"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [mine]
    assert login(department).get(reverse("routing:detail", args=[other.pk])).status_code == 404


def test_queue__coordinator__sees_all(make_member: Any, login: Any) -> None:
    ResidentReportFactory.create_public(responsible_organisation=OrganisationFactory())
    ResidentReportFactory.create_pending()
    response = login(make_member(role="samordnare")).get(reverse("routing:queue"))
    assert response.context["page"].paginator.count == 2


def test_queue_detail__non_authority_handler__reads_redacted_text(make_member: Any, login: Any) -> None:
    handler = make_member(role="atgardsansvarig", kind="bostadsbolag")
    report = report_for(handler)
    body = login(handler).get(reverse("routing:detail", args=[report.pk])).content.decode()
    assert "070-123 45 67" not in body and "Trasig lampa" in body
    assert "boende@example.se" not in body


def test_queue__anonymous__login_redirect(client: Any, department: Any) -> None:
    report = report_for(department)
    for url in (reverse("routing:queue"), reverse("routing:detail", args=[report.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("routing:act", args=[report.pk, "fixed"]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.NEW


@pytest.mark.parametrize("role", ["rapportor", "styrgrupp", "analytiker"])
def test_queue__wrong_role__403(make_member: Any, login: Any, role: str, department: Any) -> None:
    report = report_for(department)
    client = login(make_member(role=role))
    assert client.get(reverse("routing:queue")).status_code == 403
    assert client.get(reverse("routing:detail", args=[report.pk])).status_code == 403
    assert client.post(reverse("routing:act", args=[report.pk, "fixed"]), {"fixed-note": ""}).status_code == 403
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_queue_act__other_organisations_report__404_unchanged(department: Any, make_member: Any,
                                                             login: Any) -> None:
    report = report_for(make_member(role="atgardsansvarig"))
    response = login(department).post(reverse("routing:act", args=[report.pk, "fixed"]), {"fixed-note": "x"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_accept_then_fixed__status_updates_audit_and_mail(department: Any, login: Any,
                                                           django_capture_on_commit_callbacks: Any) -> None:
    report = report_for(department)
    client = login(department)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("routing:act", args=[report.pk, "accept"]), {"accept-note": ""}).status_code == 302
        client.post(reverse("routing:act", args=[report.pk, "fixed"]),
                    {"fixed-note": "Ny lampa uppsatt. Frågor: gata@eskilstuna.example"})
    report.refresh_from_db()
    assert report.status == Status.FIXED
    assert [u.kind for u in report.status_updates.all()] == ["accepted", "fixed"]
    assert "gata@eskilstuna.example" not in report.status_updates.last().note  # notes are redacted
    assert AuditEntry.objects.filter(action="status.changed", object_id=str(report.pk)).count() == 2
    assert [m.to for m in mail.outbox] == [["boende@example.se"], ["boende@example.se"]]
    assert str(report.public_id) in mail.outbox[-1].body and "Åtgärdad" in mail.outbox[-1].subject


def test_not_fixed__requires_explanation(department: Any, login: Any) -> None:
    report = report_for(department)
    response = login(department).post(reverse("routing:act", args=[report.pk, "not-fixed"]), {"notfixed-note": ""})
    assert response.status_code == 400
    assert "Förklara varför det inte åtgärdas." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEW and not StatusUpdate.objects.exists()
    login(department).post(reverse("routing:act", args=[report.pk, "not-fixed"]),
                           {"notfixed-note": "Privat mark, vi har kontaktat fastighetsägaren."})
    report.refresh_from_db()
    assert report.status == Status.NOT_FIXED


def test_reroute__moves_to_other_organisation_and_notifies_it(department: Any, login: Any,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    report = report_for(department)
    park = OrganisationFactory(email="park@eskilstuna.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(department).post(reverse("routing:act", args=[report.pk, "reroute"]),
                                          {"reroute-organisation": park.pk, "reroute-note": "Parkens ansvar"})
    assert response.status_code == 302 and response["Location"] == reverse("routing:queue")
    report.refresh_from_db()
    assert report.responsible_organisation == park and report.status == Status.NEW
    assert sorted(m.to[0] for m in mail.outbox) == ["boende@example.se", "park@eskilstuna.example"]


def test_merge__duplicate_leaves_lists_and_points_to_main(department: Any, login: Any, client: Any) -> None:
    main = report_for(department)
    duplicate = report_for(department, lat=LAGERSBERG[0] + 0.0002)
    detail = login(department).get(reverse("routing:detail", args=[duplicate.pk]))
    assert main in detail.context["candidates"]
    login(department).post(reverse("routing:act", args=[duplicate.pk, "merge"]), {"merge-into": main.pk})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == main and duplicate.status == Status.DUPLICATE
    assert not Observation.objects.alive().filter(pk=duplicate.pk).exists()
    page = client.get(reverse("public:report_status", args=[duplicate.public_id])).content.decode()
    assert reverse("public:report_status", args=[main.public_id]) in page


def test_merge__into_itself_or_closed__rejected(department: Any) -> None:
    report = report_for(department)
    with pytest.raises(ValidationError):
        services.report_merge(observation=report, into=report, by=department)


def test_transition__stale_status__rejected(department: Any) -> None:
    report = report_for(department)
    services.report_mark_fixed(observation=report, by=department)
    with pytest.raises(ValidationError):
        services.report_accept(observation=report, by=department)


def test_transition__not_responsible__permission_error(department: Any, make_member: Any) -> None:
    report = report_for(make_member(role="atgardsansvarig"))
    with pytest.raises(PermissionError):
        services.report_mark_fixed(observation=report, by=department)


def test_submit__exception_before_commit__no_row_no_mail(monkeypatch: Any,
                                                         django_capture_on_commit_callbacks: Any) -> None:
    from trygg.incidents import services as incidents_services
    from trygg.incidents.residents import services as residents_services
    from trygg.public.tests.factories import resident_category

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(incidents_services, "_audit_created", boom)  # the last write inside the transaction
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        residents_services.resident_report_submit(category=resident_category(), lat=LAGERSBERG[0],
                                                  lon=LAGERSBERG[1], description="x", contact_email="a@example.se")
    assert not Observation.objects.exists()
    assert mail.outbox == []


def test_observation_panel__resident_report__history_for_handler_only(department: Any, make_member: Any) -> None:
    report = report_for(department)
    services.report_accept(observation=report, by=department, note="Vi tittar på det")
    request = RequestFactory().get("/")
    request.user = department
    html = "".join(render_panels("observation", request, report))  # other apps add their own panels too
    assert "Vi tittar på det" in html and reverse("routing:detail", args=[report.pk]) in html
    request.user = make_member(role="atgardsansvarig")
    html = "".join(render_panels("observation", request, report))
    assert "Vi tittar på det" not in html and reverse("routing:detail", args=[report.pk]) not in html


def test_submit__same_key_again__database_constraint_returns_first_report() -> None:
    """No look-before-insert: the unique constraint refuses the second row (a retry or a concurrent request,
    whichever commits second) and the service answers with the first report, or a conflict for other content."""
    from trygg.incidents.residents import services as residents_services
    from trygg.public.tests.factories import resident_category

    kwargs = {"category": resident_category(), "lat": LAGERSBERG[0], "lon": LAGERSBERG[1],
              "description": "Mörkt", "idempotency_key": "race-key"}
    first, created = residents_services.resident_report_submit(**kwargs)
    assert created
    again, created = residents_services.resident_report_submit(**kwargs)
    assert (again, created) == (first, False)
    with pytest.raises(residents_services.IdempotencyConflictError):
        residents_services.resident_report_submit(**{**kwargs, "description": "Något annat"})
    assert Observation.objects.count() == 1
    assert WeeklyCount.objects.get().n == 1  # the refused inserts left no count behind


def test_submit__no_reporter_email__department_still_notified(department: Any,
                                                               django_capture_on_commit_callbacks: Any) -> None:
    from trygg.public.tests.factories import resident_category

    services.routing_rule_set(category=resident_category(), organisation=department.memberships.get().organisation,
                              by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.resident_report_submit(category=resident_category(), lat=LAGERSBERG[0], lon=LAGERSBERG[1],
                                        description="Mörkt")
    assert [m.to for m in mail.outbox] == [["gata@eskilstuna.example"]]
