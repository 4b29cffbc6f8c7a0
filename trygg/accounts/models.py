"""Organisations (aktörer), users, role memberships and invitations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    FORVALTNING = "forvaltning", _("Kommunal förvaltning")
    POLIS = "polis", _("Polis")
    BOSTADSBOLAG = "bostadsbolag", _("Bostadsbolag")
    FASTIGHETSAGARE = "fastighetsagare", _("Fastighetsägare")
    FORSAKRINGSBOLAG = "forsakringsbolag", _("Försäkringsbolag")
    FORENING = "forening", _("Förening")
    JOUR = "jour", _("Kvinno-, tjej- eller brottsofferjour")
    SKOLA = "skola", _("Skola")
    RADDNINGSTJANST = "raddningstjanst", _("Räddningstjänst")
    BEVAKNING = "bevakning", _("Bevakningsföretag")
    NARINGSLIV = "naringsliv", _("Näringsliv")


# Public authorities may process crime data (GDPR art. 10); everyone else sees redacted text.
AUTHORITY_KINDS = frozenset({OrganisationKind.FORVALTNING, OrganisationKind.POLIS})


class Organisation(models.Model):
    name = models.CharField(_("namn"), max_length=150, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("del av"),
    )
    email = models.EmailField(_("funktionsadress (e-post)"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")

    def __str__(self) -> str:
        return self.name

    @property
    def is_authority(self) -> bool:
        return self.kind in AUTHORITY_KINDS

    @property
    def is_shelter(self) -> bool:
        """Shelters' and victim support's reports are never public (reliability F5)."""
        return self.kind == OrganisationKind.JOUR


class User(AbstractUser):
    """A person with an organisation account. Residents and pupils never have one."""

    email = models.EmailField(_("e-post"), unique=True, null=True, blank=True)  # type: ignore[assignment]
    title = models.CharField(_("befattning"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    SAMORDNARE = "samordnare", _("Samordnare")
    ANALYTIKER = "analytiker", _("Analytiker")
    RAPPORTOR = "rapportor", _("Rapportör")
    ATGARDSANSVARIG = "atgardsansvarig", _("Åtgärdsansvarig")
    KOMMUNPOLIS = "kommunpolis", _("Kommunpolis")
    STYRGRUPP = "styrgrupp", _("Styrgrupp")
    SKOLKONTAKT = "skolkontakt", _("Skolkontakt")
    MODERATOR = "moderator", _("Moderator")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role"),
        ]
        ordering = ["organisation__name", "role"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation to join an organisation with a role. Only a hash of the token is stored."""

    email = models.EmailField(_("e-post"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
