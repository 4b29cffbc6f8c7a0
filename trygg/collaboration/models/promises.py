"""Medborgarlöften: the yearly cycle, the promise, its activities and their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import PromiseQuerySet


class PromiseStage(models.TextChoices):
    DIALOGUE = "dialogue", _("Medborgardialog")
    PICTURE = "picture", _("Lägesbild")
    CHOICE = "choice", _("Val av område och problem")
    PROMISE = "promise", _("Löfte")
    FOLLOW_UP = "follow_up", _("Uppföljning")


STAGE_ORDER = [s.value for s in PromiseStage]


class ActivityOwner(models.TextChoices):
    KOMMUN = "kommun", _("Kommunen")
    POLIS = "polis", _("Polisen")
    BOTH = "both", _("Kommunen och polisen")


class Promise(models.Model):
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("område"))
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=200)
    problem = models.TextField(_("problem"), max_length=4000)
    agreement = models.ForeignKey("collaboration.Agreement", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="promises", verbose_name=_("samverkansöverenskommelse"))
    stage = models.CharField(_("steg"), max_length=10, choices=PromiseStage.choices, default=PromiseStage.DIALOGUE)
    dialogue_input = models.TextField(_("vad invånarna sa i dialogen"), max_length=4000, blank=True)
    picture_summary = models.TextField(_("lägesbild"), max_length=4000, blank=True)
    follow_up = models.TextField(_("uppföljning"), max_length=4000, blank=True)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    follow_up_published_at = models.DateTimeField(_("uppföljning publicerad"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "area__name"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="unique_promise_area_year")]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")

    def __str__(self) -> str:
        return f"{self.title} ({self.area}, {self.year})"

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class PromiseActivity(models.Model):
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="activities")
    text = models.CharField(_("aktivitet"), max_length=200)
    owner = models.CharField(_("ansvar"), max_length=8, choices=ActivityOwner.choices)
    target_count = models.PositiveIntegerField(_("mål (antal)"))
    achieved_count = models.PositiveIntegerField(_("genomfört (antal)"), default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.text

    @property
    def percent(self) -> int:
        if not self.target_count:
            return 0
        return min(100, round(100 * self.achieved_count / self.target_count))


class ProgressUpdate(models.Model):
    activity = models.ForeignKey(PromiseActivity, on_delete=models.CASCADE, related_name="updates")
    on_date = models.DateField(_("datum"))
    increment = models.PositiveIntegerField(_("antal genomförda"))
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-on_date", "-id"]
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")

    def __str__(self) -> str:
        return f"{self.activity}: +{self.increment} ({self.on_date})"
