"""E-mails about residents' reports. Called only after commit; a failing mail server never loses a report."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Observation
from .models import StatusUpdate

log = logging.getLogger(__name__)


def status_url(observation: Observation) -> str:
    return settings.TRYGG_SITE_URL.rstrip("/") + reverse("public:report_status", args=[observation.public_id])


def queue_url(observation: Observation) -> str:
    return settings.TRYGG_SITE_URL.rstrip("/") + reverse("routing:detail", args=[observation.pk])


def _send(subject: str, template: str, context: dict, to: str) -> None:
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # the report is stored; the mail is best effort and logged without content
        log.exception("mail to reporter/department failed (observation %s)", context.get("observation_id"))


def _load(observation_id: int) -> Observation:
    return Observation.objects.select_related("category", "area", "responsible_organisation").get(pk=observation_id)


def report_received(observation_id: int) -> None:
    observation = _load(observation_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Tack för din rapport till Trygga Eskilstuna")
    _send(subject, "incidents/residents/email_received.txt",
          {"observation": observation, "observation_id": observation_id, "url": status_url(observation)},
          observation.contact_email)
    _notify_department(observation)


def department_notified(observation_id: int, reopened_update_id: int | None = None) -> None:
    """Tell the responsible organisation's function address that a report is in its queue (no reporter data)."""
    observation = _load(observation_id)
    _notify_department(observation, reopened=bool(reopened_update_id))


def _notify_department(observation: Observation, reopened: bool = False) -> None:
    organisation = observation.responsible_organisation
    if organisation is None or not organisation.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = (_("Invånarrapport öppnad igen: %(category)s") if reopened
                   else _("Ny invånarrapport: %(category)s")) % {"category": observation.category.name}
    _send(subject, "incidents/residents/email_department.txt",
          {"observation": observation, "observation_id": observation.pk, "url": queue_url(observation),
           "reopened": reopened},
          organisation.email)


def status_changed(update_id: int) -> None:
    update = StatusUpdate.objects.select_related("observation__category", "observation__merged_into").get(
        pk=update_id)
    observation = update.observation
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Ny status för din rapport: %(status)s") % {"status": observation.get_status_display()}
    _send(subject, "incidents/residents/email_status.txt",
          {"observation": observation, "update": update, "observation_id": observation.pk,
           "url": status_url(observation)},
          observation.contact_email)
