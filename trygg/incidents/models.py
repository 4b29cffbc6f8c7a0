"""Observations: EST reports from actors, residents' reports, safety-walk findings, survey places."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.geo import week_label
from trygg.core.models import BaseModel

from .querysets import ObservationQuerySet


class CategoryGroup(models.TextChoices):
    ORDNING = "ordning", _("Ordning och trygghet")
    SKADEGORELSE = "skadegorelse", _("Skadegörelse och miljö")
    NARKOTIKA = "narkotika", _("Alkohol och narkotika")
    VALD = "vald", _("Våld, hot och brott")
    TRAFIK = "trafik", _("Trafik")
    MILJO = "miljo", _("Fysisk miljö")
    OVRIGT = "ovrigt", _("Övrigt")


class Category(models.Model):
    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name_sv = models.CharField(_("namn (svenska)"), max_length=120)
    name_en = models.CharField(_("namn (engelska)"), max_length=120)
    group = models.CharField(_("grupp"), max_length=20, choices=CategoryGroup.choices)
    order = models.PositiveSmallIntegerField(default=100)
    is_est = models.BooleanField(_("EST-kategori"), default=True)
    is_public_reportable = models.BooleanField(_("kan rapporteras av invånare"), default=False)
    is_sensitive = models.BooleanField(_("känslig (aldrig publik)"), default=False)
    default_responsible = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("ansvarig aktör"),
    )
    # A residents' category is counted under an EST category in the lägesbild (the same problem, another source).
    counts_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", limit_choices_to={"is_est": True},
        verbose_name=_("räknas i lägesbilden som"),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return str(self.name_en if (get_language() or "sv").startswith("en") else self.name_sv)


class Source(models.TextChoices):
    EST = "est", _("EST-rapport")
    RESIDENT = "resident", _("Invånare")
    WALK = "walk", _("Trygghetsvandring")
    SURVEY = "survey", _("Elevenkät")


class Extent(models.TextChoices):
    ENSTAKA = "enstaka", _("Enstaka händelse")
    ATERKOMMANDE = "aterkommande", _("Återkommande")
    OMFATTANDE = "omfattande", _("Omfattande")


class Setting(models.TextChoices):
    UTOMHUS = "utomhus", _("Utomhus")
    HALVOFFENTLIG = "halvoffentlig", _("Halvoffentlig miljö (trapphus, butik)")
    INOMHUS = "inomhus", _("Inomhus")


class Status(models.TextChoices):
    NEW = "new", _("Ny")
    ASSESSED = "assessed", _("Bedömd")
    ASSIGNED = "assigned", _("Tilldelad")
    IN_PROGRESS = "in_progress", _("Åtgärd pågår")
    FIXED = "fixed", _("Åtgärdad")
    NOT_FIXED = "not_fixed", _("Åtgärdas inte")
    DUPLICATE = "duplicate", _("Dubblett")
    CLOSED = "closed", _("Avslutad")


OPEN_STATUSES = (Status.NEW, Status.ASSESSED, Status.ASSIGNED, Status.IN_PROGRESS)


class Moderation(models.TextChoices):
    PENDING = "pending", _("Väntar på granskning")
    APPROVED = "approved", _("Godkänd")
    HIDDEN = "hidden", _("Dold")


class Observation(BaseModel):
    """One observation of a place and situation (never of a named individual)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.EST)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="observations",
        verbose_name=_("rapporterande aktör"), db_index=False,  # obs_org_week starts with it
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="observations",
        verbose_name=_("rapportör"), db_index=False,  # partial index obs_reporter
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="observations",
                                 verbose_name=_("kategori"))
    observed_at = models.DateTimeField(_("när"), db_index=True)
    iso_year = models.PositiveSmallIntegerField(editable=False)
    iso_week = models.PositiveSmallIntegerField(editable=False)
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="observations", verbose_name=_("område"),
                             db_index=False)  # obs_area_time starts with it
    place = models.ForeignKey("areas.Place", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="observations", verbose_name=_("plats"), db_index=False)  # obs_place
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))
    address = models.CharField(_("adress eller platsbeskrivning"), max_length=200, blank=True)
    extent = models.CharField(_("omfattning"), max_length=15, choices=Extent.choices, default=Extent.ENSTAKA)
    setting = models.CharField(_("miljö"), max_length=15, choices=Setting.choices, default=Setting.UTOMHUS)
    police_reported = models.BooleanField(_("polisanmält"), default=False)
    description = models.TextField(_("beskrivning"), max_length=4000, blank=True)
    description_redacted = models.TextField(editable=False, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    status_note = models.TextField(_("kommentar till status"), max_length=2000, blank=True)
    moderation = models.CharField(_("granskning"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.PENDING, db_index=False)  # partial index obs_pending
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", db_index=False)  # partial index obs_moderated_by
    moderated_at = models.DateTimeField(null=True, blank=True)
    never_public = models.BooleanField(default=False, editable=False)
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_observations",
        verbose_name=_("ansvarig aktör"),
    )
    # Residents only: optional address for status updates, and the key that makes a retry idempotent.
    contact_email = models.EmailField(_("e-post för statusbesked"), blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
                                    db_index=False)  # partial index obs_merged_into

    objects = ObservationQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["-observed_at", "-id"]
        indexes = [
            models.Index(fields=["iso_year", "iso_week", "area"], name="obs_week_area"),
            models.Index(fields=["area", "observed_at"], name="obs_area_time"),
            models.Index(fields=["organisation", "iso_year", "iso_week"], name="obs_org_week"),
            # Sparse references: only the rows that have one are indexed, so an anonymous report (none of
            # them set) updates none of these indexes.
            *(models.Index(fields=[name], condition=models.Q(**{f"{name}__isnull": False}), name=f"obs_{name}")
              for name in ("reporter", "place", "merged_into", "moderated_by")),
            # The moderation queue and its count on the dashboard: the few reports waiting, in arrival order
            # (an index on the whole column would hold a million "approved" for a few dozen "pending").
            models.Index(fields=["created_at", "id"], condition=models.Q(moderation="pending"), name="obs_pending"),
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observationer")

    def __str__(self) -> str:
        return f"{self.category} {self.observed_at:%Y-%m-%d}"

    @property
    def week_label(self) -> str:
        return week_label(self.iso_year, self.iso_week)

    def soft_delete(self) -> None:
        """Soft delete that keeps the weekly rollup (WeeklyCount) exact."""
        from . import rollups

        with transaction.atomic():
            before = rollups.counted_key(self)
            super().soft_delete()
            rollups.apply(before, rollups.counted_key(self))


def photo_path(instance: ObservationPhoto, filename: str) -> str:
    return f"observations/{filename}"


class ObservationPhoto(models.Model):
    """A re-encoded photo without metadata. Served only through an authorising view."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path)
    approved = models.BooleanField(_("godkänd för visning"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.image.name)


class WeeklyReminder(models.Model):
    """An e-mail reminding an organisation's rapportörer of a week without a report: at most one per week."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "iso_year", "iso_week"], name="unique_weekly_reminder"),
        ]
        ordering = ["-sent_at"]
        verbose_name = _("påminnelse om veckorapport")
        verbose_name_plural = _("påminnelser om veckorapport")

    def __str__(self) -> str:
        return f"{self.organisation_id} {week_label(self.iso_year, self.iso_week)}"


class WeeklyReport(models.Model):
    """An organisation's weekly EST submission; "nothing to report" is a valid answer."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="weekly_reports")
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    nothing_to_report = models.BooleanField(_("inget att rapportera"), default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "iso_year", "iso_week"], name="unique_weekly_report"),
        ]
        ordering = ["-iso_year", "-iso_week"]

    def __str__(self) -> str:
        return f"{self.organisation} {week_label(self.iso_year, self.iso_week)}"


class WeeklyCount(models.Model):
    """Rollup of counted observations per area × category × ISO week × source, maintained on write.

    Counted = not deleted, not merged into another report, not hidden by a moderator. `restricted` marks
    observations that are never public (shelters, sensitive categories): partners' pictures leave them out.
    Kept exact by trygg.incidents.rollups; `manage.py rebuild_weekly_counts --check` verifies it.
    """

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    restricted = models.BooleanField(default=False)
    # For restricted cells the reporting organisation's id (its members still see their own reports);
    # 0 otherwise. A plain integer, not a foreign key, so the upsert's conflict target never holds NULL.
    owner_key = models.IntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "category", "iso_year", "iso_week", "source", "restricted", "owner_key"],
                name="unique_weekly_count_owner",
            ),
        ]
        indexes = [models.Index(fields=["iso_year", "iso_week"], name="weeklycount_week")]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.category_id} {week_label(self.iso_year, self.iso_week)}: {self.n}"


# Residents' reports: routing rules, status history and received reports live in trygg/incidents/residents/.
from .residents.models import ReceivedReport, RoutingRule, StatusUpdate, UpdateKind  # noqa: E402, F401
