"""Gallring rules for observations (registered in IncidentsConfig.ready(); see trygg.core.retention)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.retention import Rule

from .models import OPEN_STATUSES, Observation, ObservationPhoto, ReceivedReport, Source, StatusUpdate


def purge_contact_emails(*, before: dt.datetime | None, dry_run: bool) -> int:
    """A resident's e-mail is only for status updates: it goes once the report is closed (or merged)."""
    rows = (Observation.objects.filter(source=Source.RESIDENT, modified_at__lt=before)
            .filter(~Q(status__in=OPEN_STATUSES) | Q(merged_into__isnull=False)).exclude(contact_email=""))
    return rows.count() if dry_run else rows.update(contact_email="")


def purge_text_and_photos(*, before: dt.datetime | None, dry_run: bool) -> int:
    """Old observations keep their place, category and time (the lägesbild counts them) but lose free text,
    addresses, status notes and photos."""
    observations = Observation.objects.filter(observed_at__lt=before).filter(
        ~Q(description="") | ~Q(description_redacted="") | ~Q(address="") | ~Q(status_note=""))
    notes = StatusUpdate.objects.filter(observation__observed_at__lt=before).exclude(note="")
    photos = ObservationPhoto.objects.filter(observation__observed_at__lt=before)
    if dry_run:
        return observations.count() + notes.count() + photos.count()
    changed = observations.update(description="", description_redacted="", address="", status_note="")
    changed += notes.update(note="")
    for photo in photos:
        photo.image.delete(save=False)  # the file first: a row without a file is never left pointing at one
        photo.delete()
        changed += 1
    return changed


def purge_received_reports(*, before: dt.datetime | None, dry_run: bool) -> int:
    """Open311 receipts (already emptied of content) are kept only as long as a client may retry."""
    rows = ReceivedReport.objects.filter(processed_at__lt=before)
    return rows.count() if dry_run else rows.delete()[0]


RULES = (
    Rule("resident-contact-email", _("E-postadress till invånare som rapporterat, när rapporten är avslutad"),
         "TRYGG_RETAIN_CONTACT_DAYS", purge_contact_emails),
    Rule("observation-text", _("Fritext, adress, statuskommentarer och foton i observationer"),
         "TRYGG_RETAIN_TEXT_DAYS", purge_text_and_photos),
    Rule("open311-receipts", _("Kvitton på rapporter mottagna via Open311 (för omförsök)"),
         "TRYGG_RETAIN_RECEIVED_DAYS", purge_received_reports),
)
