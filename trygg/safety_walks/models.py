"""Trygghetsvandringar: a planned walk, its checklist answers and the findings recorded on the way."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import BaseModel, ReminderRecord

from .checklist import Answer, ChecklistItem
from .querysets import FindingQuerySet, SafetyWalkQuerySet

MAX_PARTICIPANTS = 20


class WalkKind(models.TextChoices):
    GENERAL = "allman", _("Allmän trygghetsvandring")
    YOUTH = "ungdom", _("Ungdomsvandring")
    SCHOOL = "skola", _("Skolvandring")


class WalkStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    CLOSED = "closed", _("Protokoll fastställt")


class AgeBand(models.TextChoices):
    """Youth walks count participants per age band; names are never recorded."""

    AGE_10_12 = "10-12", _("10–12 år")
    AGE_13_15 = "13-15", _("13–15 år")
    AGE_16_19 = "16-19", _("16–19 år")
    ADULTS = "vuxna", _("Vuxna")


class SafetyWalk(BaseModel):
    title = models.CharField(_("rubrik"), max_length=150)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="safety_walks",
                             verbose_name=_("område"))
    kind = models.CharField(_("typ av vandring"), max_length=10, choices=WalkKind.choices, default=WalkKind.GENERAL)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="safety_walks",
                                     verbose_name=_("ansvarig aktör"))
    premeeting_at = models.DateTimeField(_("förmöte"), null=True, blank=True)
    walk_at = models.DateTimeField(_("vandring"), db_index=True)
    followup_at = models.DateTimeField(_("uppföljande möte"), null=True, blank=True)
    meeting_place = models.CharField(_("samlingsplats"), max_length=200, blank=True)
    route = models.JSONField(_("vandringsslinga (GeoJSON LineString)"), null=True, blank=True)
    organisers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="organised_walks",
                                        verbose_name=_("arrangörer"))
    invited_organisations = models.ManyToManyField("accounts.Organisation", blank=True, related_name="+",
                                                   verbose_name=_("inbjudna aktörer"))
    invited_groups = models.CharField(_("inbjudna grupper"), max_length=300, blank=True,
                                      help_text=_("Till exempel ungdomar, seniorer, klass 6B."))
    max_participants = models.PositiveSmallIntegerField(_("högsta antal deltagare"), default=MAX_PARTICIPANTS)
    # {"10-12": 4, "13-15": 7, "vuxna": 3}: counts only, never names.
    participant_counts = models.JSONField(_("deltagare per åldersgrupp"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WalkStatus.choices, default=WalkStatus.PLANNED,
                              db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats",
                                 verbose_name=_("tidigare vandring på samma slinga"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = SafetyWalkQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["-walk_at", "-id"]
        verbose_name = _("trygghetsvandring")
        verbose_name_plural = _("trygghetsvandringar")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == WalkStatus.CLOSED

    @property
    def status_label(self) -> str:
        """"Planerad" before the walk, "Protokoll öppet" after it until the protocol is fixed."""
        if self.status == WalkStatus.PLANNED and not self.is_upcoming:
            return str(_("Genomförd – protokollet är öppet"))
        return str(self.get_status_display())

    @property
    def is_upcoming(self) -> bool:
        return self.walk_at >= timezone.now()

    @property
    def participant_total(self) -> int:
        return sum(int(v) for v in (self.participant_counts or {}).values())

    def participant_rows(self) -> list[tuple[str, int]]:
        counts = self.participant_counts or {}
        return [(str(band.label), int(counts[band.value])) for band in AgeBand if band.value in counts]


class ChecklistAnswer(models.Model):
    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE, related_name="checklist_answers")
    item = models.PositiveSmallIntegerField(_("punkt"), choices=ChecklistItem.choices)
    answer = models.CharField(_("bedömning"), max_length=12, choices=Answer.choices)
    comment = models.TextField(_("kommentar"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item"]
        constraints = [models.UniqueConstraint(fields=["walk", "item"], name="unique_checklist_answer")]

    def __str__(self) -> str:
        return f"{self.item}: {self.answer}"


class FindingKind(models.TextChoices):
    GOOD = "good", _("Bra – att bevara")
    PROBLEM = "problem", _("Problem")


class Conversion(models.TextChoices):
    NONE = "", _("Inte vald ännu")
    REPORT = "report", _("Rapport till ansvarig aktör")
    INTERVENTION = "intervention", _("Insats")


def finding_photo_path(instance: WalkFinding, filename: str) -> str:
    return f"walks/{filename}"


class WalkFinding(models.Model):
    """One place noted on a walk. Recorded on a phone, possibly offline: client_uuid makes sync idempotent."""

    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE, related_name="findings")
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    number = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("bra eller problem"), max_length=8, choices=FindingKind.choices)
    checklist_item = models.PositiveSmallIntegerField(_("punkt i checklistan"), choices=ChecklistItem.choices)
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))
    comment = models.TextField(_("kommentar"), max_length=2000, blank=True)
    proposed_action = models.TextField(_("förslag till åtgärd"), max_length=2000, blank=True)
    photo = models.FileField(_("foto"), upload_to=finding_photo_path, blank=True)
    recorded_at = models.DateTimeField(_("noterad"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # What became of it: one observation (the lägesbild and the routed report) and optionally one intervention.
    conversion = models.CharField(_("blir"), max_length=12, choices=Conversion.choices, blank=True, default="")
    observation = models.OneToOneField("incidents.Observation", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="walk_finding")
    intervention = models.OneToOneField("interventions.Intervention", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="walk_finding")
    converted_at = models.DateTimeField(null=True, blank=True)
    converted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # The last correction after syncing (finding_update); a report or intervention made before it keeps the
    # version it was made from.
    edited_at = models.DateTimeField(_("senast ändrad"), null=True, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["walk", "number"]
        constraints = [models.UniqueConstraint(fields=["walk", "number"], name="unique_finding_number")]
        verbose_name = _("fynd")
        verbose_name_plural = _("fynd")

    def __str__(self) -> str:
        return f"{self.walk} #{self.number}"

    @property
    def is_problem(self) -> bool:
        return self.kind == FindingKind.PROBLEM

    @property
    def report_from_earlier_version(self) -> bool:
        """The report (observation) was made before the finding's last correction and was not changed by it."""
        return bool(self.edited_at and self.observation is not None and self.observation.created_at < self.edited_at)

    @property
    def intervention_from_earlier_version(self) -> bool:
        """The intervention was made before the finding's last correction and was not changed by it."""
        return bool(self.edited_at and self.intervention is not None
                    and self.intervention.created_at < self.edited_at)

    @property
    def is_fixed(self) -> bool:
        from trygg.incidents.models import Status as ObservationStatus
        from trygg.interventions.models import Status as InterventionStatus

        if self.intervention is not None and self.intervention.status in (
            InterventionStatus.DONE, InterventionStatus.FOLLOWED_UP,
        ):
            return True
        return self.observation is not None and self.observation.status in (
            ObservationStatus.FIXED, ObservationStatus.CLOSED,
        )


class WalkStage(models.TextChoices):
    """The three dates of a walk, each reminded of (services/reminders.py)."""

    PREMEETING = "premeeting", _("Förmöte")
    WALK = "walk", _("Vandring")
    FOLLOWUP = "followup", _("Uppföljande möte")


class WalkReminder(ReminderRecord):
    """One reminder e-mailed before one of a walk's dates to one recipient: an organiser or an invited
    organisation's functional address. At most one per walk, date and recipient (written before the e-mail goes
    out, after commit)."""

    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=10, choices=WalkStage.choices)

    class Meta(ReminderRecord.Meta):
        constraints = [
            models.UniqueConstraint(fields=["walk", "stage", "organisation"],
                                    condition=models.Q(organisation__isnull=False),
                                    name="unique_walk_reminder_organisation"),
            models.UniqueConstraint(fields=["walk", "stage", "user"], condition=models.Q(user__isnull=False),
                                    name="unique_walk_reminder_user"),
            ReminderRecord.one_recipient("walk_reminder_one_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.walk} · {self.get_stage_display()} · {self.sent_at:%Y-%m-%d}"
