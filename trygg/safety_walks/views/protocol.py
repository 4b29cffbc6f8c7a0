"""The protocol (HTML and PDF), closing it, converting problem findings, and the follow-up meeting view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import member_required
from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import selectors, services
from ..checklist import ChecklistItem
from ..forms import InterventionConversionForm, ReportConversionForm
from ..models import SafetyWalk
from ..pdf import protocol_pdf
from .common import editable_finding, editable_walk, visible_walk


def _protocol_context(request: HttpRequest, walk: SafetyWalk) -> dict[str, object]:
    findings = selectors.findings_of(walk)
    answers = {a.item: a for a in walk.checklist_answers.all()}
    return {
        "walk": walk, "findings": findings,
        "can_edit": SafetyWalk.objects.editable_by(request.user).filter(pk=walk.pk).exists(),
        "checklist": [(item, answers.get(item.value)) for item in ChecklistItem],
        "comparison": selectors.compare_with_earlier(walk, findings),
        "map_areas": selectors.walk_map_areas(walk), "map_points": selectors.findings_geojson(findings),
        "visible_reports": selectors.visible_report_ids(
            user=request.user, findings=[f for f in findings if f.report_from_earlier_version]),
        "report_form": ReportConversionForm(), "intervention_form": InterventionConversionForm(),
        "organisers": list(walk.organisers.all()), "invited": list(walk.invited_organisations.all()),
    }


@member_required
def protocol(request: HttpRequest, pk: int) -> HttpResponse:
    walk = visible_walk(request, pk)
    return render(request, "safety_walks/protocol.html", _protocol_context(request, walk))


@member_required
def protocol_download(request: HttpRequest, pk: int) -> HttpResponse:
    walk = visible_walk(request, pk)
    findings = selectors.findings_of(walk)
    content = protocol_pdf(walk=walk, findings=findings, comparison=selectors.compare_with_earlier(walk, findings))
    audit(action=AuditAction.EXPORT, actor=request.user, obj=walk, request=request, format="pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="trygghetsvandring-{walk.pk}.pdf"'
    return response


@require_POST
@member_required
def protocol_close(request: HttpRequest, pk: int) -> HttpResponse:
    walk = editable_walk(request, pk)
    try:
        services.walk_close_protocol(walk=walk, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Protokollet är fastställt. Problemen är skickade till ansvariga aktörer."))
    return redirect("safety_walks:protocol", pk=walk.pk)


def _conversion_errors(request: HttpRequest, form_errors: Mapping[str, Any] | None,
                       exc: ValidationError | None) -> None:
    if exc is not None:
        for message in exc.messages:
            messages.error(request, message)
    for field_errors in (form_errors or {}).values():
        for message in field_errors:
            messages.error(request, message)


@require_POST
@member_required
def finding_to_report(request: HttpRequest, pk: int) -> HttpResponse:
    finding = editable_finding(request, pk)
    form = ReportConversionForm(request.POST)
    if form.is_valid():
        try:
            services.finding_convert_to_report(
                finding=finding, by=request.user,
                responsible_organisation=form.cleaned_data["responsible_organisation"])
        except ValidationError as exc:
            _conversion_errors(request, None, exc)
        else:
            messages.success(request, _("Fynd %(n)d är skickat som rapport.") % {"n": finding.number})
    else:
        _conversion_errors(request, form.errors, None)
    return redirect(f"{_protocol_url(finding.walk_id)}#finding-{finding.number}")


@require_POST
@member_required
def finding_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    finding = editable_finding(request, pk)
    try:
        services.finding_withdraw(finding=finding, by=request.user)
    except ValidationError as exc:
        _conversion_errors(request, None, exc)
    else:
        messages.success(request, _("Fynd %(n)d är borttaget.") % {"n": finding.number})
    return redirect("safety_walks:protocol", pk=finding.walk_id)


@require_POST
@member_required
def finding_to_intervention(request: HttpRequest, pk: int) -> HttpResponse:
    finding = editable_finding(request, pk)
    form = InterventionConversionForm(request.POST)
    if form.is_valid():
        try:
            services.finding_convert_to_intervention(
                finding=finding, by=request.user, owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"], title=form.cleaned_data["title"])
        except ValidationError as exc:
            _conversion_errors(request, None, exc)
        else:
            messages.success(request, _("Fynd %(n)d är nu en insats.") % {"n": finding.number})
    else:
        _conversion_errors(request, form.errors, None)
    return redirect(f"{_protocol_url(finding.walk_id)}#finding-{finding.number}")


def _protocol_url(walk_id: int) -> str:
    from django.urls import reverse

    return reverse("safety_walks:protocol", kwargs={"pk": walk_id})


@member_required
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    walk = visible_walk(request, pk)
    findings = [f for f in selectors.findings_of(walk) if f.is_problem]
    fixed = sum(1 for f in findings if f.is_fixed)
    return render(request, "safety_walks/followup.html", {
        "walk": walk, "findings": findings, "fixed": fixed, "comparison": selectors.compare_with_earlier(walk),
        "visible_reports": selectors.visible_report_ids(user=request.user, findings=findings),
    })
