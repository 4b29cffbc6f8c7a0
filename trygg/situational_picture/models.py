"""Focus for next week and approved (frozen) weekly lägesbilder."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.geo import week_label


class FocusItem(models.Model):
    """An area (and optionally a place) the weekly meeting chose to focus on in a given ISO week."""

    iso_year = models.PositiveSmallIntegerField(_("år"))
    iso_week = models.PositiveSmallIntegerField(_("vecka"))
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="focus_items",
                             verbose_name=_("område"))
    place = models.ForeignKey("areas.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("plats"))
    note = models.CharField(_("kort notering"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("skapad av"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["iso_year", "iso_week", "area__name", "id"]
        indexes = [models.Index(fields=["iso_year", "iso_week"], name="focus_week")]
        verbose_name = _("fokus")
        verbose_name_plural = _("fokus")

    def __str__(self) -> str:
        return f"{week_label(self.iso_year, self.iso_week)} {self.area}"

    @property
    def week_label(self) -> str:
        return week_label(self.iso_year, self.iso_week)


class Snapshot(models.Model):
    """A week's approved lägesbild: the figures as they were at approval, for each audience."""

    iso_year = models.PositiveSmallIntegerField(_("år"))
    iso_week = models.PositiveSmallIntegerField(_("vecka"))
    figures = models.JSONField(_("frysta siffror"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("godkänd av"))
    approved_at = models.DateTimeField(_("godkänd"))
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("återöppnad av"))
    reopened_at = models.DateTimeField(_("återöppnad"), null=True, blank=True)

    class Meta:
        ordering = ["-iso_year", "-iso_week", "-approved_at"]
        constraints = [
            # One approval in force per week; a reopened snapshot stays as history.
            models.UniqueConstraint(fields=["iso_year", "iso_week"], condition=Q(reopened_at__isnull=True),
                                    name="one_approved_snapshot_per_week"),
        ]
        verbose_name = _("godkänd lägesbild")
        verbose_name_plural = _("godkända lägesbilder")

    def __str__(self) -> str:
        return week_label(self.iso_year, self.iso_week)

    @property
    def week_label(self) -> str:
        return week_label(self.iso_year, self.iso_week)
