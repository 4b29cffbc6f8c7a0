"""Models for residents' reports: routing rules, the public status history and reports received over Open311.

Defined here and imported by trygg/incidents/models.py so they belong to the incidents app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoutingRule(models.Model):
    """Category (optionally within one area) → the organisation that acts on it. Set by the samordnare."""

    category = models.ForeignKey("incidents.Category", on_delete=models.CASCADE, related_name="routing_rules",
                                 verbose_name=_("kategori"))
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("område (tomt = hela kommunen)"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="routing_rules",
                                     verbose_name=_("ansvarig aktör"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__order", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "area"], name="unique_routing_rule_category_area"),
            models.UniqueConstraint(fields=["category"], condition=models.Q(area__isnull=True),
                                    name="unique_routing_rule_category_everywhere"),
        ]
        verbose_name = _("fördelningsregel")
        verbose_name_plural = _("fördelningsregler")

    def __str__(self) -> str:
        return f"{self.category} → {self.organisation}"


class UpdateKind(models.TextChoices):
    ACCEPTED = "accepted", _("Mottagen")
    REROUTED = "rerouted", _("Skickad till annan aktör")
    MERGED = "merged", _("Sammanslagen med en annan rapport")
    FIXED = "fixed", _("Åtgärdad")
    NOT_FIXED = "not_fixed", _("Åtgärdas inte")
    REOPENED = "reopened", _("Fortfarande inte åtgärdat")


class StatusUpdate(models.Model):
    """One step in a report's public history. The note is redacted before it is stored."""

    observation = models.ForeignKey("incidents.Observation", on_delete=models.CASCADE,
                                    related_name="status_updates")
    kind = models.CharField(_("händelse"), max_length=12, choices=UpdateKind.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(_("kommentar"), max_length=2000, blank=True)
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("statusuppdatering")
        verbose_name_plural = _("statusuppdateringar")

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.kind}"


class ReceivedReport(models.Model):
    """A report accepted over Open311: validated and stored at once, turned into an observation in the
    background (trygg.incidents.residents.intake). The row stays after that, without the report's content, so
    a client's retry with the same Idempotency-Key is answered with the same token."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the observation's public_id
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)  # what a retry must repeat, hashed
    payload = models.JSONField(default=dict, blank=True)  # the validated fields; emptied once processed
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["id"], condition=models.Q(processed_at__isnull=True), name="received_pending")]
        verbose_name = _("mottagen rapport")
        verbose_name_plural = _("mottagna rapporter")

    def __str__(self) -> str:
        return str(self.token)
