"""Reports received over Open311: accepted at once, turned into observations in the background.

A machine client's POST is validated and stored as one ``ReceivedReport`` row (one short transaction) and
answered with a token, as GeoReport v2 intends for services whose requests are not created at once. The
``process_received_reports`` task turns pending rows into observations a batch per transaction (area, routing,
moderation state, weekly rollup, audit entry, e-mails after commit), oldest first. The token is the
observation's public id, so the client's ``tokens/<token>`` lookup works before and after processing.

- Nothing accepted is lost: the row is committed before the client gets its 2xx, and processing marks it done
  in the transaction that writes the observation. A row that cannot be processed keeps its content, counts
  its attempts and is reported by ``manage.py process_received_reports``.
- Retries: the idempotency key is unique among received rows, which keep a fingerprint of the content after
  processing (the content itself is removed then), so a retry is answered with the first token and a
  different report under the same key is refused, however long ago the first one was processed.
- Scheduling: after commit, a report enqueues the task unless one was enqueued in the last few seconds (a
  flag in the cache). With the immediate task backend (``make demo``, tests) the task runs right there;
  in production the database task worker (``manage.py db_worker``) runs it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import nullcontext
from functools import partial
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.core.inserts import insert

from ..models import Category, Observation, Source
from ..services import observation_build, observations_store, validate_point
from . import emails
from .models import ReceivedReport
from .services import IdempotencyConflictError, check_resident_category

log = logging.getLogger(__name__)

BATCH = 50  # reports per transaction: long enough to share the commit, short enough not to hold up intake
MAX_ATTEMPTS = 3
SCHEDULED = "trygg:intake:scheduled"
SCHEDULE_SECONDS = 5
GATHER_SECONDS = 0.2  # the background task's pause after a batch that was not full (process_all)
MAX_ADDRESS = Observation._meta.get_field("address").max_length or 200
MAX_DESCRIPTION = Observation._meta.get_field("description").max_length or 4000


def fingerprint(*, category: Category, lat: float, lon: float, description: str) -> str:
    """What a retry must repeat: category, place (to 5 decimals, about a metre) and text."""
    text = f"{category.pk}|{round(float(lat), 5):.5f}|{round(float(lon), 5):.5f}|{description.strip()}"
    return hashlib.sha256(text.encode()).hexdigest()


def resident_report_receive(*, category: Category, lat: float, lon: float, description: str, address: str = "",
                            contact_email: str = "", extent: str = "enstaka", idempotency_key: str | None = None,
                            channel: str = "open311", client_organisation: Any = None) -> tuple[ReceivedReport, bool]:
    """Validate and store a report for processing. Returns (received, created); a retry returns the first."""
    check_resident_category(category)
    flat, flon = validate_point(lat, lon)
    problems: dict[str, str] = {}
    if len(description.strip()) > MAX_DESCRIPTION:
        problems["description"] = _("Beskrivningen får vara högst %(n)d tecken.") % {"n": MAX_DESCRIPTION}
    if len(address.strip()) > MAX_ADDRESS:
        problems["address"] = _("Adressen får vara högst %(n)d tecken.") % {"n": MAX_ADDRESS}
    if problems:
        raise ValidationError(problems)
    print_ = fingerprint(category=category, lat=flat, lon=flon, description=description)
    received = ReceivedReport(idempotency_key=idempotency_key, fingerprint=print_, payload={
        "category": category.pk, "lat": flat, "lon": flon, "description": description.strip(),
        "address": address.strip(), "contact_email": contact_email.strip().lower(), "extent": extent,
        "observed_at": timezone.now().isoformat(), "channel": channel,
        "client_organisation": getattr(client_organisation, "pk", None),
    })
    try:
        # one statement: atomic by itself in autocommit mode; inside a caller's transaction, a savepoint keeps
        # that transaction usable after a refused duplicate
        with transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext():
            insert(received)
    except IntegrityError:
        first = ReceivedReport.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if first is None:
            raise
        if first.fingerprint != print_:
            raise IdempotencyConflictError(idempotency_key) from None
        return first, False
    transaction.on_commit(schedule_processing, robust=True)
    return received, True


def schedule_processing() -> None:
    """Enqueue the processing task unless it was enqueued in the last few seconds."""
    if cache.add(SCHEDULED, True, timeout=SCHEDULE_SECONDS):
        from ..tasks import process_received_reports

        process_received_reports.enqueue()


class _TakenError(Exception):
    """Another processor claimed some of the batch first."""


def _build(row: ReceivedReport, categories: dict[int, Category]) -> Observation:
    data = row.payload
    category = categories.get(data.get("category"))
    if category is None:
        raise ValidationError(_("Kategorin finns inte längre."), code="category_gone")
    observed_at = parse_datetime(data["observed_at"]) or row.received_at
    return observation_build(
        source=Source.RESIDENT, category=category, lat=data["lat"], lon=data["lon"], observed_at=observed_at,
        description=data["description"], address=data["address"], contact_email=data["contact_email"],
        extent=data["extent"], idempotency_key=row.idempotency_key, public_id=row.token,
    )


def _store(batch: list[tuple[ReceivedReport, Observation]], organisations: dict[int, Organisation]) -> None:
    now = timezone.now()
    with transaction.atomic():
        claimed = (ReceivedReport.objects.filter(pk__in=[row.pk for row, _obs in batch], processed_at__isnull=True)
                   .update(processed_at=now, payload={}, last_error=""))
        if claimed != len(batch):
            raise _TakenError
        observations_store([(observation, str(row.payload.get("channel", "open311")),
                             organisations.get(row.payload.get("client_organisation"))) for row, observation in batch])
        for _row, observation in batch:
            department = observation.responsible_organisation
            if observation.contact_email or (department is not None and department.email):
                transaction.on_commit(partial(emails.report_received, observation.pk), robust=True)


def _failed(row: ReceivedReport, error: Exception) -> None:
    message = "; ".join(error.messages) if isinstance(error, ValidationError) else error.__class__.__name__
    ReceivedReport.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=message[:200])
    log.error("received report %s could not be processed (attempt %d): %s", row.pk, row.attempts + 1, message)


def received_reports_process(*, batch: int = BATCH) -> int:
    """Turn up to ``batch`` pending received reports into observations; returns how many rows were handled
    (processed or failed), 0 when nothing is pending (or another processor took this batch)."""
    rows = list(ReceivedReport.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)[:batch])
    if not rows:
        return 0
    categories = {c.pk: c for c in Category.objects.filter(pk__in={r.payload.get("category") for r in rows})}
    organisations = {o.pk: o for o in Organisation.objects.filter(
        pk__in={r.payload.get("client_organisation") for r in rows} - {None})}
    built: list[tuple[ReceivedReport, Observation]] = []
    for row in rows:
        try:
            built.append((row, _build(row, categories)))
        except (ValidationError, KeyError, TypeError, ValueError) as exc:
            _failed(row, exc)
    if not built:
        return len(rows)
    try:
        _store(built, organisations)
    except _TakenError:
        return 0
    except IntegrityError as exc:
        if len(built) == 1:
            _failed(built[0][0], exc)
        else:  # find the row the database refuses: the others go through one at a time, built afresh
            for row, _observation in built:
                try:
                    _store([(row, _build(row, categories))], organisations)
                except _TakenError:
                    continue
                except IntegrityError as single:
                    _failed(row, single)
    return len(rows)


def process_all(*, gather: float = 0.0) -> int:
    """Process until nothing is pending; returns the number of rows handled.

    ``gather``: after a batch that was not full, wait this many seconds before looking again, so that under a
    steady stream of reports the next batch is a full one (one transaction and a few statements for up to
    ``BATCH`` reports, instead of one for every few). The first report after a quiet spell is processed at
    once; later ones wait at most ``gather`` seconds longer. The background task uses it; processing inline
    (the immediate backend, the management command) does not."""
    total = 0
    while True:
        handled = received_reports_process()
        if handled == 0:
            return total
        total += handled
        if handled < BATCH and gather:
            time.sleep(gather)


def pending() -> tuple[int, int]:
    """(waiting, failed at least once) among the unprocessed rows."""
    rows = ReceivedReport.objects.filter(processed_at__isnull=True)
    return rows.count(), rows.filter(attempts__gt=0).count()


def token_pending(token: Any) -> bool:
    """Received and not yet an observation."""
    return ReceivedReport.objects.filter(token=token, processed_at__isnull=True).exists()
