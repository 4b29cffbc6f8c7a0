"""Meetings: invitations with RSVP, agenda, contributions, group work, decisions and minutes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import ReminderRecord

from ..querysets import MeetingQuerySet


class MeetingKind(models.TextChoices):
    TRYGGHETSRAD = "trygghetsrad", _("Trygghetsråd")
    EST = "est", _("EST-veckomöte")
    STYRGRUPP = "styrgrupp", _("Politisk styrgrupp")
    NETWORK = "network", _("Nätverksmöte")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Justerat")
    PUBLISHED = "published", _("Publicerat")


class MinutesVisibility(models.TextChoices):
    PUBLIC = "public", _("Offentligt")
    PARTNERS = "partners", _("Endast samverkansparter")


class Rsvp(models.TextChoices):
    PENDING = "pending", _("Ej svarat")
    ATTEND = "attend", _("Kommer")
    DECLINE = "decline", _("Kommer inte")


class Meeting(models.Model):
    kind = models.CharField(_("mötestyp"), max_length=15, choices=MeetingKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("ordförande"))
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("sekreterare"))
    network = models.ForeignKey("collaboration.Network", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="meetings", verbose_name=_("nätverk"))
    minutes = models.TextField(_("protokoll"), max_length=20000, blank=True)
    minutes_status = models.CharField(_("protokollets status"), max_length=10, choices=MinutesStatus.choices,
                                      default=MinutesStatus.DRAFT)
    minutes_visibility = models.CharField(_("protokollet är"), max_length=10, choices=MinutesVisibility.choices,
                                          default=MinutesVisibility.PARTNERS)
    minutes_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(_("inställt"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def minutes_are_draft(self) -> bool:
        """Group work and decisions can change only while the minutes are a draft (approved minutes are a record)."""
        return self.minutes_status == MinutesStatus.DRAFT

    @property
    def minutes_are_public(self) -> bool:
        return (self.minutes_status == MinutesStatus.PUBLISHED
                and self.minutes_visibility == MinutesVisibility.PUBLIC)


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("aktör"))
    rsvp = models.CharField(_("svar"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    attendees = models.PositiveSmallIntegerField(_("antal deltagare"), default=0)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="unique_meeting_invitation")]
        verbose_name = _("inbjudan till möte")
        verbose_name_plural = _("inbjudningar till möten")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.meeting}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("ordning"))
    title = models.CharField(_("punkt"), max_length=200)
    presenter = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("föredragande aktör"))
    starts_at = models.TimeField(_("från"), null=True, blank=True)
    ends_at = models.TimeField(_("till"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Contribution(models.Model):
    """"Vad vi gör och vad vi kan bidra med": one per invited organisation and meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    what_we_do = models.TextField(_("Vad vi gör"), max_length=4000)
    can_contribute = models.TextField(_("Vad vi kan bidra med"), max_length=4000, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"],
                                               name="unique_meeting_contribution")]
        verbose_name = _("bidrag")
        verbose_name_plural = _("bidrag")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.meeting}"


class GroupNote(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="group_notes")
    theme = models.CharField(_("grupp eller tema"), max_length=150)
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("område"))
    notes = models.TextField(_("anteckningar"), max_length=8000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["theme", "id"]
        verbose_name = _("grupparbete")
        verbose_name_plural = _("grupparbeten")

    def __str__(self) -> str:
        return self.theme


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("beslut"), max_length=2000)
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("ansvarig aktör"))
    due_date = models.DateField(_("klart senast"))
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("område"))
    intervention = models.OneToOneField("interventions.Intervention", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+", verbose_name=_("insats"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return self.text[:80]


class MeetingReminder(ReminderRecord):
    """One reminder e-mailed before a meeting to one recipient: an invited organisation's functional address or
    the person who answered that it attends. At most one per meeting and recipient (written before the e-mail
    goes out, after commit)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")

    class Meta(ReminderRecord.Meta):
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], condition=models.Q(organisation__isnull=False),
                                    name="unique_meeting_reminder_organisation"),
            models.UniqueConstraint(fields=["meeting", "user"], condition=models.Q(user__isnull=False),
                                    name="unique_meeting_reminder_user"),
            ReminderRecord.one_recipient("meeting_reminder_one_recipient"),
        ]
        verbose_name = _("påminnelse om möte")
        verbose_name_plural = _("påminnelser om möten")

    def __str__(self) -> str:
        return f"{self.meeting_id} → {self.organisation_id or self.user_id} @ {self.sent_at:%Y-%m-%d}"
