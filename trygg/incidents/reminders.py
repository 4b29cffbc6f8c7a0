"""The EST weekly rhythm: e-mail the rapportörer of organisations that have not reported a week.

``weekly_reminders_send`` is run from cron (Thursday morning, before the lägesbild meeting) or by the
samordnare from the week page. An organisation counts as reported when it has an EST observation in the week
or answered "Inget att rapportera". Each organisation is reminded at most once per week (a ``WeeklyReminder``
row, written before the e-mail goes out after commit, so a crash never sends a reminder twice).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership, Organisation, Role
from trygg.core.audit import audit
from trygg.core.geo import iso_week_of, week_label
from trygg.core.models import AuditAction

from .models import WeeklyReminder
from .selectors import reporting_status

logger = logging.getLogger(__name__)


def recipients(organisation: Organisation) -> list[str]:
    """E-mail addresses of the organisation's active rapportörer."""
    emails = (Membership.objects.filter(organisation=organisation, role=Role.RAPPORTOR, user__is_active=True)
              .exclude(user__email="").values_list("user__email", flat=True))
    return sorted({str(e) for e in emails if e})


def weekly_reminders_send(*, year: int | None = None, week: int | None = None, by: Any = None) -> int:
    """Remind every organisation that has not reported ISO week (year, week) (default: this week) and was not
    reminded of it yet. Returns the number of organisations reminded."""
    if year is None or week is None:
        year, week = iso_week_of(timezone.now())
    reminded = 0
    for row in reporting_status(year=year, week=week):
        if row.state != "missing":
            continue
        to = recipients(row.organisation)
        if not to:
            continue
        try:
            with transaction.atomic():
                WeeklyReminder.objects.create(organisation=row.organisation, iso_year=year, iso_week=week,
                                              recipients=len(to))
                audit(action=AuditAction.CREATED, actor=by, obj=row.organisation, organisation=row.organisation,
                      kind="weekly_reminder", week=week_label(year, week), recipients=len(to))
                transaction.on_commit(partial(_send, organisation=row.organisation, year=year, week=week, to=to))
        except IntegrityError:  # reminded already (or by a concurrent run)
            continue
        reminded += 1
    return reminded


def _send(*, organisation: Organisation, year: int, week: int, to: list[str]) -> None:
    url = settings.TRYGG_SITE_URL.rstrip("/") + reverse("incidents:week") + f"?week={week_label(year, week)}"
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Påminnelse: veckorapport %(week)s för %(organisation)s") % {
            "week": week_label(year, week), "organisation": organisation.name}
        body = render_to_string("incidents/email/weekly_reminder.txt", {
            "organisation": organisation, "week": week, "week_label": week_label(year, week), "url": url})
    try:  # one message per person: rapportörer do not see each other's addresses
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to])
    except Exception:  # a mail server outage must not break the caller; the log says what failed
        logger.exception("Could not send the weekly reminder (organisation %s)", organisation.pk)
