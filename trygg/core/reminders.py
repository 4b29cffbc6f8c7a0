"""Reminders sent at most once per recipient, shared by the apps that remind (meetings, safety walks).

The row that records a reminder is written first, in the caller's transaction, and the e-mail goes out after
commit: neither a crash nor two concurrent runs send one twice (a unique constraint per recipient is the last
word), and a failed e-mail is not sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from trygg.core.geo import local_midnight

logger = logging.getLogger(__name__)

R = TypeVar("R", bound="Recipient")


def due_before(now: dt.datetime, days: int) -> dt.datetime:
    """The end of the reminder window: what starts before this, and after ``now``, is due for its reminder.
    Calendar days in Swedish time, today counting as day 0: with 3, a Thursday event is due from Monday."""
    return local_midnight(timezone.localdate(now) + dt.timedelta(days=days + 1))


class Recipient(Protocol):
    """A person (``user`` set) or an organisation's functional address (``user`` None)."""

    @property
    def user(self) -> Any: ...

    @property
    def organisation(self) -> Any: ...


def record_once(recipients: Iterable[R], *, sent: QuerySet[Any], now: dt.datetime, **target: Any) -> list[R]:
    """Write a reminder row (a ``core.models.ReminderRecord``: ``sent.model(**target)`` with the recipient) for
    each recipient not among ``sent`` — the rows already written for this target — and return those recipients.
    Each row goes in a savepoint, so one written meanwhile by a concurrent run is skipped. Call inside
    ``transaction.atomic()``."""
    done = set(sent.values_list("organisation_id", "user_id"))
    recorded = []
    for recipient in recipients:
        person = recipient.user
        key = (None, person.pk) if person is not None else (recipient.organisation.pk, None)
        if key in done:
            continue
        try:
            with transaction.atomic():
                sent.model.objects.create(**target, sent_at=now, user=person,
                                          organisation=None if person is not None else recipient.organisation)
        except IntegrityError:  # reminded already by a concurrent run
            continue
        done.add(key)
        recorded.append(recipient)
    return recorded


def mail_each(messages: Iterable[tuple[str, str, str]], *, what: str) -> None:
    """Send (subject, body, address) as one e-mail per address, each address once (a person whose address is
    also an organisation's functional one), so recipients do not see each other's addresses. A mail server
    outage is logged, not raised: the caller's work is done."""
    seen: set[str] = set()
    outgoing = []
    for subject, body, address in messages:
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        outgoing.append((subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    try:
        send_mass_mail(outgoing)
    except Exception:
        logger.exception("Could not send %s", what)
