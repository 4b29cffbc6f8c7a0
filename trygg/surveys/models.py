"""Elevenkät: schools, classes, a question bank, surveys, one-time codes and anonymous responses.

Anonymity (reliability J3): `Response` and `Answer` carry no link to `AccessCode`, no user, no IP or user
agent and no timestamp; their primary keys are random UUIDs so insertion order cannot be read from them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .querysets import SchoolQuerySet, SurveyQuerySet

DECLINED = -1  # "Vill inte svara": always offered, never counted in shares


class School(models.Model):
    """A school (an organisation of kind "skola") placed in an area, with a point for its surroundings map."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="school",
                                        verbose_name=_("skola (aktör)"))
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="schools", verbose_name=_("område"))
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("skola")
        verbose_name_plural = _("skolor")

    def __str__(self) -> str:
        return self.organisation.name

    def clean(self) -> None:
        from trygg.accounts.models import OrganisationKind

        if self.organisation_id and self.organisation.kind != OrganisationKind.SKOLA:
            raise ValidationError({"organisation": _("Aktören måste vara av typen skola.")})


class SchoolClass(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("klass"), max_length=20)
    grade = models.PositiveSmallIntegerField(_("årskurs"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    pupil_count = models.PositiveSmallIntegerField(_("antal elever"),
                                                   validators=[MinValueValidator(1), MaxValueValidator(60)])

    class Meta:
        ordering = ["school", "grade", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="unique_class_name_in_school")]
        verbose_name = _("klass")
        verbose_name_plural = _("klasser")

    def __str__(self) -> str:
        return f"{self.school} {self.name}"

    @property
    def grade_label(self) -> str:
        from .labels import grade_label

        return grade_label(self.grade)


class Theme(models.TextChoices):
    WELLBEING = "trivsel", _("Trivsel")
    SAFETY_SCHOOL = "trygghet_skola", _("Trygghet i skolan")
    WAY_TO_SCHOOL = "skolvag", _("Vägen till och från skolan")
    PLACES = "platser", _("Otrygga platser i och runt skolan")
    VIOLATIONS = "krankningar", _("Kränkningar")
    VIOLENCE = "hot_vald_stold", _("Hot, våld och stöld")
    HARASSMENT = "sexuella_trakasserier", _("Sexuella trakasserier")
    ADULTS = "vuxna_agerar", _("Gör vuxna något?")
    OTHER = "ovrigt", _("Övrigt")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Ett svar")
    MULTI = "multi", _("Flera svar")
    PLACE = "place", _("Platser (lista och karta)")
    TEXT = "text", _("Fritext")


class Scale(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("svarsskala")
        verbose_name_plural = _("svarsskalor")

    def __str__(self) -> str:
        return self.name


class ScaleOption(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    value = models.PositiveSmallIntegerField()
    label_sv = models.CharField(max_length=80)
    label_en = models.CharField(max_length=80)
    is_dont_know = models.BooleanField(_("vet inte"), default=False)

    class Meta:
        ordering = ["scale", "value"]
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="unique_option_value")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if get_language() == "en" else self.label_sv


class Question(models.Model):
    """A question in the bank. `condition` shows it only when the condition question got one of `condition_values`.
    `headline_values` are the options whose share is the reported headline (e.g. the top two of a scale)."""

    code = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    theme = models.CharField(_("tema"), max_length=30, choices=Theme.choices)
    kind = models.CharField(_("typ"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    scale = models.ForeignKey(Scale, null=True, blank=True, on_delete=models.PROTECT, related_name="questions")
    text_sv = models.CharField(max_length=300)
    text_en = models.CharField(max_length=300)
    easy_sv = models.CharField(_("lättläst (sv)"), max_length=300)
    easy_en = models.CharField(_("lättläst (en)"), max_length=300)
    condition = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="dependents")
    condition_values = models.JSONField(default=list, blank=True)
    headline_values = models.JSONField(default=list, blank=True)
    headline_sv = models.CharField(max_length=120, blank=True)
    headline_en = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågebank")

    def __str__(self) -> str:
        return self.text_sv

    def text_for(self, *, easy: bool = False) -> str:
        english = get_language() == "en"
        if easy:
            return self.easy_en if english else self.easy_sv
        return self.text_en if english else self.text_sv

    def options(self) -> list[ScaleOption]:
        return list(self.scale.options.all()) if self.scale is not None else []

    @property
    def headline(self) -> str:
        return self.headline_en if get_language() == "en" else self.headline_sv


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class Survey(models.Model):
    name = models.CharField(_("namn"), max_length=150)
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    grades = models.JSONField(_("årskurser"), default=list)
    schools = models.ManyToManyField(School, related_name="surveys", verbose_name=_("skolor"))
    questions = models.ManyToManyField(Question, related_name="surveys", verbose_name=_("frågor"))
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    min_group_size = models.PositiveSmallIntegerField(
        _("minsta gruppstorlek (k)"), default=5, validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_("Grupper med färre svar visas inte."),
    )
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-opens_on", "name"]
        verbose_name = _("elevenkät")
        verbose_name_plural = _("elevenkäter")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Slutdatum kan inte vara före startdatum.")})
        if not self.grades:
            raise ValidationError({"grades": _("Välj minst en årskurs.")})

    @property
    def is_accepting(self) -> bool:
        today = timezone.localdate()
        return self.status == SurveyStatus.OPEN and self.opens_on <= today <= self.closes_on


class CodeKind(models.TextChoices):
    PUPIL = "pupil", _("En kod per elev")
    CLASS = "class", _("En kod per klass")


class AccessCode(models.Model):
    """A one-time code. Only an HMAC of the code is stored; `uses < max_uses` is consumed atomically.
    There is deliberately no relation from responses to codes and no time of use."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="codes")
    kind = models.CharField(max_length=10, choices=CodeKind.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    max_uses = models.PositiveSmallIntegerField(default=1)
    uses = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("svarskod")
        verbose_name_plural = _("svarskoder")
        constraints = [models.CheckConstraint(condition=models.Q(uses__lte=models.F("max_uses")),
                                              name="code_uses_within_max")]

    def __str__(self) -> str:
        return f"{self.survey} {self.school_class} ({self.uses}/{self.max_uses})"


class Response(models.Model):
    """One pupil's submitted answers: survey, school and grade only. No code, no time, no device."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="responses")
    grade = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.school_id}:{self.grade}"


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Väntar på granskning")
    APPROVED = "approved", _("Godkänd")
    REJECTED = "rejected", _("Avvisad")


class Answer(models.Model):
    """One answer: an option value (DECLINED for "Vill inte svara"), a place point or a moderated free text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    text_status = models.CharField(max_length=10, choices=TextStatus.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"
