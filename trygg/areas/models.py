"""Districts (bostadsområden/stadsdelar) as GeoJSON polygons in WGS84, and named places."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    STADSDEL = "stadsdel", _("Stadsdel/bostadsområde")
    TATORT = "tatort", _("Tätort")
    REGSO = "regso", _("RegSO")
    DESO = "deso", _("DeSO")


class AreaQuerySet(models.QuerySet):
    def prioritised(self) -> AreaQuerySet:
        return self.filter(is_prioritised=True)


class Area(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=AreaKind.choices, default=AreaKind.STADSDEL)
    code = models.CharField(_("kod (RegSO/DeSO)"), max_length=20, blank=True)
    geometry = models.JSONField(_("geometri (GeoJSON, WGS84)"))
    centre_lat = models.FloatField()
    centre_lon = models.FloatField()
    is_prioritised = models.BooleanField(_("prioriterat område"), default=False)
    description = models.TextField(_("beskrivning"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    modified_at = models.DateTimeField(auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["-is_prioritised", "name"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .geometry import shape_of

        try:
            shape = shape_of(self.geometry)
        except Exception as exc:
            raise ValidationError({"geometry": _("Ogiltig GeoJSON-geometri.")}) from exc
        if not shape.is_valid or shape.is_empty:
            raise ValidationError({"geometry": _("Geometrin är inte en giltig yta.")})

    def geojson_feature(self, **properties: Any) -> dict[str, Any]:
        return {
            "type": "Feature",
            "id": self.pk,
            "properties": {"name": self.name, "slug": self.slug, "prioritised": self.is_prioritised, **properties},
            "geometry": self.geometry,
        }


class Place(models.Model):
    """A named place inside an area: a square, a tunnel, a school yard; hotspot candidates."""

    name = models.CharField(_("namn"), max_length=150)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="places")
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["area__name", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="unique_place_name_in_area")]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")

    def __str__(self) -> str:
        return f"{self.name} ({self.area.name})"
