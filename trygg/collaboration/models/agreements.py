"""Samverkansöverenskommelse: parties, period, signatories, focus problems, measurable goals."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    title = models.CharField(_("rubrik"), max_length=200)
    parties = models.ManyToManyField("accounts.Organisation", related_name="+", verbose_name=_("parter"))
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))
    documentation_method = models.TextField(_("hur arbetet dokumenteras"), max_length=4000, blank=True)
    follow_up_method = models.TextField(_("hur uppföljningen görs"), max_length=4000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan inte sluta innan den börjar.")})


class Signatory(models.Model):
    """Names as text: signatories (LPO-chef, kommunstyrelsens ordförande) need no user account."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("namn"), max_length=150)
    role = models.CharField(_("roll"), max_length=150)
    signed_on = models.DateField(_("undertecknat"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class FocusProblem(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="problems")
    title = models.CharField(_("problem i fokus"), max_length=200)
    likely_causes = models.TextField(_("troliga orsaker"), max_length=4000, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("fokusproblem")
        verbose_name_plural = _("fokusproblem")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A measurable goal. With a category (and optionally an area) its value is computed from observations."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goals")
    problem = models.ForeignKey(FocusProblem, null=True, blank=True, on_delete=models.SET_NULL, related_name="goals",
                                verbose_name=_("fokusproblem"))
    indicator = models.CharField(_("indikator"), max_length=200)
    baseline = models.DecimalField(_("utgångsvärde"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("målvärde"), max_digits=12, decimal_places=2)
    how_measured = models.TextField(_("hur det mäts"), max_length=2000, blank=True)
    category = models.ForeignKey("incidents.Category", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("kategori (beräknas ur observationer)"))
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("område"))
    interventions = models.ManyToManyField("interventions.Intervention", blank=True, related_name="+",
                                           verbose_name=_("insatser"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.indicator


class GoalFollowUp(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="follow_ups")
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2)
    measured_on = models.DateField(_("mätdatum"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-measured_on", "-id"]
        verbose_name = _("uppföljningsvärde")
        verbose_name_plural = _("uppföljningsvärden")

    def __str__(self) -> str:
        return f"{self.goal}: {self.value} ({self.measured_on})"
