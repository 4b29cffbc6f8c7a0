"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over residents' reports. A thin adapter:
reads come from the public queryset; a POST is received (trygg.incidents.residents.intake) and processed into an
observation in the background, so it answers with a token."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from trygg.core.geo import STOCKHOLM, is_valid_coordinate
from trygg.core.public_cache import public_cache
from trygg.incidents.models import OPEN_STATUSES, Extent
from trygg.incidents.residents import intake
from trygg.incidents.residents.intake import resident_report_receive
from trygg.incidents.residents.services import IdempotencyConflictError
from trygg.public import abuse

from . import selectors
from .render import errors, respond
from .services import api_key_lookup

WINDOW = dt.timedelta(days=90)
MAX_REQUESTS = 1000
MAX_DESCRIPTION = 4000
CHANGESET = "2026-11-26T00:00:00+01:00"


def _param(request: HttpRequest, name: str) -> str:
    """An empty parameter is the same as an absent one (spec)."""
    source = request.POST if request.method == "POST" else request.GET
    # `in` first: QueryDict.get() raises and catches a KeyError for every absent name (most optional ones)
    return (source[name] or "").strip() if name in source else ""


def _wrong_jurisdiction(request: HttpRequest) -> bool:
    jurisdiction = _param(request, "jurisdiction_id")
    return bool(jurisdiction) and jurisdiction != selectors.JURISDICTION


def _method_not_allowed(fmt: str) -> HttpResponse:
    return errors(fmt, 405, "Method not allowed.")


# Reference reads: the same for every anonymous client, polled by machines (trygg.core.public_cache).
PUBLIC_SECONDS = 60
reference_read = public_cache(PUBLIC_SECONDS, depends_on=["incidents.Category"])


@reference_read
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method != "GET":
        return _method_not_allowed(fmt)
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"])).rsplit("/discovery.json", 1)[0]
    return respond(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": "Eskilstuna kommun, Stadshuset, Fristadstorget, 631 86 Eskilstuna",
        "key_service": "API-nycklar för att skicka in rapporter lämnas av Trygga Eskilstuna (samordnaren).",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": base,
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    })


@reference_read
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method != "GET":
        return _method_not_allowed(fmt)
    if _wrong_jurisdiction(request):
        return errors(fmt, 404, "jurisdiction_id not found")
    return respond(fmt, "services", [selectors.service_dict(c) for c in selectors.services()])


@reference_read
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if request.method != "GET":
        return _method_not_allowed(fmt)
    if _wrong_jurisdiction(request):
        return errors(fmt, 404, "jurisdiction_id not found")
    category = selectors.service(code)
    if category is None:
        return errors(fmt, 404, f"service_code {code} not found")
    return respond(fmt, "service_definition", selectors.definition_dict(category))


def _parse_moment(value: str) -> dt.datetime | None:
    moment = parse_datetime(value) if value else None
    if moment is not None and timezone.is_naive(moment):
        moment = moment.replace(tzinfo=STOCKHOLM)
    return moment


@csrf_exempt
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        return _method_not_allowed(fmt)
    if _wrong_jurisdiction(request):
        return errors(fmt, 404, "jurisdiction_id not found")
    qs = selectors.public_requests()
    ids = _param(request, "service_request_id")
    if ids:  # overrides every other filter (spec)
        wanted = []
        for part in ids.split(","):
            try:
                wanted.append(uuid.UUID(part.strip()))
            except ValueError:
                continue
        return respond(fmt, "service_requests",
                       [selectors.request_dict(o) for o in qs.filter(public_id__in=wanted)[:MAX_REQUESTS]])
    problems = []
    start_raw, end_raw = _param(request, "start_date"), _param(request, "end_date")
    start, end = _parse_moment(start_raw), _parse_moment(end_raw)
    if start_raw and start is None:
        problems.append("start_date must be a W3C datetime, e.g. 2026-01-01T00:00:00Z")
    if end_raw and end is None:
        problems.append("end_date must be a W3C datetime, e.g. 2026-01-31T00:00:00Z")
    if start and end and end < start:
        problems.append("end_date must be after start_date")
    if start and end and end - start > WINDOW:
        problems.append("the date range may span at most 90 days")
    statuses = [s.strip() for s in _param(request, "status").split(",") if s.strip()]
    if any(s not in ("open", "closed") for s in statuses):
        problems.append("status must be open, closed or both")
    if problems:
        return errors(fmt, 400, *problems)
    if end is None:
        end = start + WINDOW if start is not None else timezone.now()
    if start is None:
        start = end - WINDOW
    qs = qs.filter(observed_at__gte=start, observed_at__lte=end)
    codes = [c.strip() for c in _param(request, "service_code").split(",") if c.strip()]
    if codes:
        qs = qs.filter(category__code__in=codes)
    if statuses == ["open"]:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif statuses == ["closed"]:
        qs = qs.exclude(status__in=OPEN_STATUSES)
    return respond(fmt, "service_requests", [selectors.request_dict(o) for o in qs[:MAX_REQUESTS]])


def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if request.method != "GET":
        return _method_not_allowed(fmt)
    if _wrong_jurisdiction(request):
        return errors(fmt, 404, "jurisdiction_id not found")
    try:
        public_id = uuid.UUID(request_id)
    except ValueError:
        return errors(fmt, 404, "service_request_id not found")
    observation = selectors.public_requests().filter(public_id=public_id).first()
    if observation is None:
        return errors(fmt, 404, "service_request_id not found")
    return respond(fmt, "service_requests", [selectors.request_dict(observation)])  # a one-element list (spec)


def token(request: HttpRequest, token_id: str, fmt: str) -> HttpResponse:
    """A token resolves to its service_request_id once a moderator has approved the report."""
    if request.method != "GET":
        return _method_not_allowed(fmt)
    try:
        public_id = uuid.UUID(token_id)
    except ValueError:
        return errors(fmt, 404, "token not found")
    from trygg.incidents.residents.selectors import report_for_status_page

    observation = report_for_status_page(public_id)
    if observation is None:
        if intake.token_pending(public_id):  # received, not yet an observation: no id yet
            return respond(fmt, "service_requests", [{"token": token_id}])
        return errors(fmt, 404, "token not found")
    public = selectors.public_requests().filter(pk=observation.pk).exists()
    item: dict[str, Any] = {"token": token_id}
    if public:
        item = {"service_request_id": str(observation.public_id), "token": token_id}
    return respond(fmt, "service_requests", [item])


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if abuse.over_limit(request, group="open311.post", setting="TRYGG_OPEN311_POST_RATE", default="120/m"):
        response = errors(fmt, 429, "Too many requests; retry later.")
        response["Retry-After"] = "60"
        return response
    key = api_key_lookup(_param(request, "api_key"))
    if key is None:
        return errors(fmt, 403, "api_key is missing or invalid")
    if _wrong_jurisdiction(request):
        return errors(fmt, 404, "jurisdiction_id not found")
    code = _param(request, "service_code")
    if not code:
        return errors(fmt, 400, "service_code is required")
    category = selectors.service(code)
    if category is None:
        return errors(fmt, 404, f"service_code {code} not found")
    problems = []
    lat, lon = _param(request, "lat"), _param(request, "long")
    if not (lat and lon):
        problems.append("lat and long are required (address-only requests are not supported)")
    elif not is_valid_coordinate(lat, lon):
        problems.append("lat and long must be WGS84 decimal degrees")
    description = _param(request, "description")
    if len(description) > MAX_DESCRIPTION:
        problems.append("description may be at most 4000 characters")
    email = _param(request, "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("email is not a valid e-mail address")
    extent = _param(request, f"attribute[{selectors.EXTENT_ATTRIBUTE}]") or Extent.ENSTAKA
    if extent not in Extent.values:
        problems.append(f"attribute[{selectors.EXTENT_ATTRIBUTE}] must be one of {', '.join(Extent.values)}")
    if problems:
        return errors(fmt, 400, *problems)
    header = request.headers.get("Idempotency-Key", "").strip()
    idempotency_key = None
    if header:
        idempotency_key = "o311:" + hashlib.sha256(f"{key.pk}:{header}".encode()).hexdigest()[:40]
    try:
        received, _created = resident_report_receive(
            category=category, lat=float(lat), lon=float(lon), description=description,
            address=_param(request, "address_string"), contact_email=email, idempotency_key=idempotency_key,
            extent=extent, channel="open311", client_organisation=key.organisation,
        )
    except IdempotencyConflictError:
        return errors(fmt, 422, "Idempotency-Key was already used for a different request")
    except ValidationError as exc:
        return errors(fmt, 400, *exc.messages)
    return respond(fmt, "service_requests", [{
        "token": str(received.token),
        "service_notice": "Rapporten granskas innan den publiceras.",
        "account_id": None,
    }])
