"""The samordnare's pages: organisations (aktörer), roles, invitations and the audit log."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core import retention
from trygg.core.audit import audit
from trygg.core.exports import csv_response
from trygg.core.geo import STOCKHOLM, local_midnight
from trygg.core.models import AuditAction, AuditEntry

from . import permissions, services
from .decorators import member_required, require
from .models import Invitation, Membership, Organisation
from .org_forms import AuditFilterForm, GrantRoleForm, InvitationForm, OrganisationForm

samordnare_required = require(permissions.is_samordnare)


def _flash_errors(request: HttpRequest, form: Form) -> None:
    """Forms posted from the organisation page report their errors there, as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@samordnare_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.annotate(members=Count("memberships__user", distinct=True)).select_related(
        "parent"
    )
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@samordnare_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            audit(action=AuditAction.CREATED, actor=request.user, obj=organisation, request=request)
        messages.success(request, _("Aktören %(name)s är skapad.") % {"name": organisation.name})
        return redirect("org_accounts:organisation", pk=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form})


@samordnare_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    edit_form = OrganisationForm(request.POST or None, instance=organisation, prefix="org")
    if request.method == "POST" and edit_form.is_valid():
        with transaction.atomic():
            edit_form.save()
            audit(action=AuditAction.UPDATED, actor=request.user, obj=organisation, request=request)
        messages.success(request, _("Ändringarna är sparade."))
        return redirect("org_accounts:organisation", pk=organisation.pk)
    return render(request, "accounts/organisation_detail.html", {
        "organisation": organisation,
        "edit_form": edit_form,
        "memberships": organisation.memberships.select_related("user").order_by("user__last_name", "role"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True).order_by("-created_at"),
        "grant_form": GrantRoleForm(prefix="grant"),
        "invite_form": InvitationForm(prefix="invite"),
        "now": timezone.now(),
    })


@samordnare_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = GrantRoleForm(request.POST, prefix="grant")
    if form.is_valid():
        services.membership_grant(user=form.cleaned_data["user"], organisation=organisation,
                                  role=form.cleaned_data["role"], granted_by=request.user)
        messages.success(request, _("Rollen är tilldelad."))
    else:
        _flash_errors(request, form)
    return redirect("org_accounts:organisation", pk=organisation.pk)


@samordnare_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_pk, organisation_id=pk)
    if membership.user_id == request.user.pk and membership.role == "samordnare":
        messages.error(request, _("Du kan inte ta bort din egen samordnarroll."))
    else:
        services.membership_revoke(membership=membership, revoked_by=request.user)
        messages.success(request, _("Rollen är borttagen och användarens inloggningar är avslutade."))
    return redirect("org_accounts:organisation", pk=pk)


@samordnare_required
@require_POST
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = InvitationForm(request.POST, prefix="invite")
    if form.is_valid():
        services.invitation_create(email=form.cleaned_data["email"], organisation=organisation,
                                   role=form.cleaned_data["role"], invited_by=request.user)
        messages.success(request, _("Inbjudan är skickad. Länken gäller i sju dagar."))
    else:
        _flash_errors(request, form)
    return redirect("org_accounts:organisation", pk=organisation.pk)


def _audit_queryset(form: AuditFilterForm):  # type: ignore[no-untyped-def]
    entries = AuditEntry.objects.select_related("actor", "organisation")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data["since"]:
            entries = entries.filter(at__gte=local_midnight(data["since"]))
        if data["until"]:
            end = local_midnight(data["until"]) + dt.timedelta(days=1)
            entries = entries.filter(at__lt=end)
    return entries


@samordnare_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = _audit_queryset(form)
    if request.GET.get("format") == "csv":
        audit(action=AuditAction.EXPORT, actor=request.user, request=request, what="audit_log")
        rows = ((e.at.astimezone(STOCKHOLM).isoformat(timespec="seconds"), e.action, e.actor_label,
                 e.organisation.name if e.organisation else "", e.object_type, e.object_id, e.path)
                for e in entries.iterator())
        return csv_response("granskningslogg", ["tid", "händelse", "användare", "aktör", "objekttyp", "objekt-id",
                                                 "sökväg"], rows)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/audit_log.html", {"form": form, "page": page, "query": query.urlencode(),
                                                       "retention": retention.overview()})


@member_required
def my_account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/my_account.html", {
        "memberships": request.user.memberships.select_related("organisation"),  # type: ignore[union-attr]
        "is_samordnare": permissions.is_samordnare(request.user),
    })


def pending_invitations_count() -> int:
    return Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()).count()
