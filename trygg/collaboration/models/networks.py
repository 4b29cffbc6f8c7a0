"""Networks (sexuella trakasserier, ANDT/dopning och narkotika): members, interventions, documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import NetworkQuerySet


class Network(models.Model):
    name = models.CharField(_("namn"), max_length=150, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    description = models.TextField(_("beskrivning"), max_length=4000, blank=True)
    members = models.ManyToManyField("accounts.Organisation", related_name="+", verbose_name=_("medlemmar"))
    interventions = models.ManyToManyField("interventions.Intervention", blank=True, related_name="+",
                                           verbose_name=_("gemensamma insatser"))

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")

    def __str__(self) -> str:
        return self.name


def document_path(instance: NetworkDocument, filename: str) -> str:
    # The stored name never comes from the uploader (reliability E2).
    return f"collaboration/networks/{instance.network_id}/{uuid.uuid4().hex}.{instance.extension}"


class NetworkDocument(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("rubrik"), max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")

    def __str__(self) -> str:
        return self.title
