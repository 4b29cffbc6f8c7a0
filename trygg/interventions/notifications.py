"""E-mails about interventions. Called after commit by services; they never raise into a request."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _send(*, subject: str, template: str, context: dict[str, Any], to: str) -> bool:
    body = render_to_string(template, {"site_url": settings.TRYGG_SITE_URL, **context})
    subject = " ".join(subject.split())[:150]  # a title with line breaks must not break the header
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # a mail server outage must not break the caller; the log says what failed
        logger.exception("Could not send intervention e-mail")
        return False
    return True


def send_assignment(*, intervention_id: int) -> bool:
    """Tell the responsible person that an intervention is theirs."""
    from .models import Intervention

    intervention = (Intervention.objects.alive().select_related("owner", "responsible")
                    .filter(pk=intervention_id).first())
    if intervention is None or intervention.responsible is None or not intervention.responsible.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            subject=_("Du är ansvarig för en insats: %(title)s") % {"title": intervention.title},
            template="interventions/email/assigned.txt",
            context={"intervention": intervention, "user": intervention.responsible},
            to=intervention.responsible.email,
        )


def send_overdue_reminder(*, user: Any, interventions: Sequence[Any]) -> bool:
    """One e-mail per person listing their overdue interventions."""
    if not interventions or not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            subject=_("Påminnelse: %(count)d försenade insatser") % {"count": len(interventions)}
            if len(interventions) > 1 else _("Påminnelse: försenad insats – %(title)s") % {
                "title": interventions[0].title},
            template="interventions/email/overdue.txt",
            context={"interventions": interventions, "user": user},
            to=user.email,
        )
