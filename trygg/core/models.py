"""Shared base model and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseQuerySet(models.QuerySet):
    def alive(self) -> BaseQuerySet:
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> BaseQuerySet:
        return self.filter(deleted_at__isnull=False)

    def public(self) -> BaseQuerySet:
        return self.alive().filter(published=True)


class BaseModel(models.Model):
    """Timestamps, a published flag and soft delete (after kerrokantasi's democracy BaseModel).

    Do not use for anonymous survey responses: they must carry no fine timestamps.
    """

    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False, db_index=True)
    modified_at = models.DateTimeField(_("ändrad"), auto_now=True)
    published = models.BooleanField(_("publicerad"), default=False)
    deleted_at = models.DateTimeField(_("borttagen"), null=True, blank=True, editable=False)

    objects = BaseQuerySet.as_manager()

    class Meta:
        abstract = True

    def soft_delete(self) -> None:
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "modified_at"])


class ReminderRecord(models.Model):
    """One reminder e-mailed to one recipient: an organisation's functional address or a person, exactly one of
    them (``one_recipient``). Written before the e-mail goes out, after commit (``trygg.core.reminders``); each app
    adds what it reminds of and a unique constraint per recipient."""

    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-sent_at", "-id"]

    @staticmethod
    def one_recipient(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(condition=(models.Q(organisation__isnull=False, user__isnull=True)
                                                 | models.Q(organisation__isnull=True, user__isnull=False)), name=name)


class AuditAction(models.TextChoices):
    LOGIN = "auth.login", _("Inloggning")
    LOGIN_FAILED = "auth.login_failed", _("Misslyckad inloggning")
    LOGOUT = "auth.logout", _("Utloggning")
    LOCKED_OUT = "auth.locked_out", _("Spärrad efter för många försök")
    MFA_ENROLLED = "auth.mfa_enrolled", _("Tvåstegsverifiering aktiverad")
    PERMISSION_DENIED = "authz.denied", _("Åtkomst nekad")
    ROLE_GRANTED = "role.granted", _("Roll tilldelad")
    ROLE_REVOKED = "role.revoked", _("Roll borttagen")
    INVITATION_SENT = "invitation.sent", _("Inbjudan skickad")
    INVITATION_ACCEPTED = "invitation.accepted", _("Inbjudan accepterad")
    OBSERVATION_CREATED = "observation.created", _("Observation registrerad")
    OBSERVATION_UPDATED = "observation.updated", _("Observation ändrad")
    MODERATED = "moderation.decided", _("Moderering")
    EXPORT = "export", _("Export")
    APPROVED = "approved", _("Godkänd")
    STATUS_CHANGED = "status.changed", _("Status ändrad")
    CREATED = "created", _("Skapad")
    UPDATED = "updated", _("Ändrad")
    DELETED = "deleted", _("Borttagen")
    PUBLISHED = "published", _("Publicerad")
    RETENTION = "retention.purged", _("Gallring")


class AuditEntry(models.Model):
    """Who did what, when (UTC) and where. Append-only: database triggers refuse UPDATE and DELETE.

    Never holds free text, passwords or tokens: `detail` takes short codes and ids only.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("granskningspost")
        verbose_name_plural = _("granskningslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The audit log is append-only.")
