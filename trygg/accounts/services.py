"""Writes for organisations, memberships and invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .models import Invitation, Membership, Organisation, User
from .permissions import forget_roles


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: str, granted_by: Any = None) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit(
            action=AuditAction.ROLE_GRANTED, actor=granted_by, obj=membership, organisation=organisation,
            role=role, user_id=user.pk,
        )
    forget_roles(user)
    return membership


def kill_sessions(user: User) -> int:
    """End every session of a user (logout, deactivation, removal from an organisation)."""
    killed = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            killed += 1
    return killed


@transaction.atomic
def membership_revoke(*, membership: Membership, revoked_by: Any = None) -> None:
    user, organisation, role = membership.user, membership.organisation, membership.role
    audit(
        action=AuditAction.ROLE_REVOKED, actor=revoked_by, obj=membership, organisation=organisation,
        role=role, user_id=user.pk,
    )
    membership.delete()
    forget_roles(user)
    transaction.on_commit(lambda: kill_sessions(user))


@transaction.atomic
def invitation_create(
    *, email: str, organisation: Organisation, role: str, invited_by: Any
) -> tuple[Invitation, str]:
    """Create an invitation; returns it with the clear token (only sent by e-mail, never stored)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email.strip().lower(),
        organisation=organisation,
        role=role,
        token_hash=_hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + dt.timedelta(days=settings.TRYGG_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit(action=AuditAction.INVITATION_SENT, actor=invited_by, obj=invitation, organisation=organisation, role=role)
    link = settings.TRYGG_SITE_URL + reverse("accounts:accept_invitation", args=[token])
    transaction.on_commit(
        lambda: send_mail(
            _("Inbjudan till Trygg – %(org)s") % {"org": organisation.name},
            _("Du har bjudits in till Trygg som %(role)s för %(org)s.\n\nÖppna länken inom %(days)d dagar: %(link)s")
            % {
                "role": invitation.get_role_display(),
                "org": organisation.name,
                "days": settings.TRYGG_INVITATION_DAYS,
                "link": link,
            },
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
        )
    )
    return invitation, token


def invitation_by_token(token: str) -> Invitation | None:
    """The usable (unexpired, unaccepted) invitation for a token, or None."""
    invitation = Invitation.objects.filter(token_hash=_hash_token(token)).select_related("organisation").first()
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, first_name: str, last_name: str) -> User:
    invitation = invitation_by_token(token)
    if invitation is None:
        raise ValueError("invitation expired or unknown")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValueError("invitation expired or unknown")
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        user = User(username=username, email=invitation.email, first_name=first_name, last_name=last_name)
        user.set_password(password)
        user.full_clean()
        user.save()
    membership_grant(user=user, organisation=invitation.organisation, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(action=AuditAction.INVITATION_ACCEPTED, actor=user, obj=invitation, organisation=invitation.organisation)
    return user
