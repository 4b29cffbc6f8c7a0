"""Reminders sent at most once per recipient, shared by the apps that remind (meetings, safety walks).

The row that records a reminder is written first, in the caller's transaction, and the e-mail goes out after
commit: neither a crash nor two concurrent runs send one twice (a unique constraint per recipient is the last
word), and a failed e-mail is not sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from trygg.core.geo import local_midnight

logger = logging.getLogger(__name__)

R = TypeVar("R")


def due_before(now: dt.datetime, days: int) -> dt.datetime:
    """The end of the reminder window: what starts before this, and after ``now``, is due for its reminder.
    Calendar days in Swedish time, today counting as day 0: with 3, a Thursday event is due from Monday."""
    return local_midnight(timezone.localdate(now) + dt.timedelta(days=days + 1))


def record_once(recipients: Iterable[R], *, sent: set[Hashable], key: Callable[[R], Hashable],
                record: Callable[[R], object]) -> list[R]:
    """The recipients not in ``sent`` whose reminder row ``record`` could write (each in a savepoint: a row
    written meanwhile by a concurrent run is skipped). Call inside ``transaction.atomic()``."""
    recorded = []
    for recipient in recipients:
        if key(recipient) in sent:
            continue
        try:
            with transaction.atomic():
                record(recipient)
        except IntegrityError:  # reminded already by a concurrent run
            continue
        sent.add(key(recipient))
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
