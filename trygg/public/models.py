"""Answers to "Hjälpte informationen på den här sidan dig?". No personal data: no IP, no user, a day not a time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageFeedback(models.Model):
    path = models.CharField(_("sida"), max_length=200, db_index=True)
    helpful = models.BooleanField(_("hjälpte"))
    comment = models.TextField(_("kommentar"), max_length=1000, blank=True)  # redacted before it is stored
    created_on = models.DateField(_("datum"), db_index=True)

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = _("sidrespons")
        verbose_name_plural = _("sidrespons")

    def __str__(self) -> str:
        return f"{self.path}: {'ja' if self.helpful else 'nej'}"
