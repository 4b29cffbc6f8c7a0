"""Insatser/åtgärder: who does what, where, until when, and whether it worked."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel

from .querysets import InterventionQuerySet


class Kind(models.TextChoices):
    SITUATIONAL = "situational", _("Situationell (platsen)")
    SOCIAL = "social", _("Social (människorna)")


class Horizon(models.TextChoices):
    SHORT = "short", _("Kort sikt")
    LONG = "long", _("Lång sikt")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Föreslagen")
    PLANNED = "planned", _("Planerad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomförd")
    FOLLOWED_UP = "followed_up", _("Uppföljd")
    CANCELLED = "cancelled", _("Avbruten")


OPEN_STATUSES = (Status.PROPOSED, Status.PLANNED, Status.IN_PROGRESS)

# Allowed transitions of the status workflow: one service per transition (services.intervention_transition).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PROPOSED: (Status.PLANNED, Status.CANCELLED),
    Status.PLANNED: (Status.IN_PROGRESS, Status.CANCELLED),
    Status.IN_PROGRESS: (Status.DONE, Status.CANCELLED),
    Status.DONE: (Status.FOLLOWED_UP, Status.IN_PROGRESS),
    Status.FOLLOWED_UP: (),
    Status.CANCELLED: (Status.PROPOSED,),
}


class Intervention(BaseModel):
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=4000, blank=True)
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="interventions",
                              verbose_name=_("ägande aktör"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="interventions", verbose_name=_("ansvarig person"))
    areas = models.ManyToManyField("areas.Area", blank=True, related_name="interventions", verbose_name=_("områden"))
    places = models.ManyToManyField("areas.Place", blank=True, related_name="interventions",
                                    verbose_name=_("platser"))
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices, default=Kind.SITUATIONAL)
    horizon = models.CharField(_("tidshorisont"), max_length=6, choices=Horizon.choices, default=Horizon.SHORT)
    start_date = models.DateField(_("startdatum"), default=timezone.localdate)
    due_date = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED,
                              db_index=True)
    # Where it came from: an observation, a lägesbild focus, a walk finding, a meeting decision, a promise...
    origin_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    origin_id = models.CharField(max_length=64, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    origin_label = models.CharField(_("ursprung"), max_length=200, blank=True)
    follow_up_note = models.TextField(_("uppföljning"), max_length=4000, blank=True)
    target_metric = models.CharField(_("mål/indikator"), max_length=200, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = InterventionQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="intervention_status_due")]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("interventions:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_date).days) if self.is_open else 0

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.due_date < timezone.localdate()


class StatusChange(models.Model):
    """History of an intervention's status, with an optional note."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    note = models.TextField(max_length=2000, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class OverdueReminder(models.Model):
    """One overdue reminder e-mailed about an intervention: at most one per intervention and week."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("påminnelse om försenad insats")
        verbose_name_plural = _("påminnelser om försenade insatser")

    def __str__(self) -> str:
        return f"{self.intervention_id} @ {self.sent_at:%Y-%m-%d}"
