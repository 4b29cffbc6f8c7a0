"""CSV and XLSX exports of the week and the tertial: analysts only, formula-neutralised, audited."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from trygg.accounts import permissions
from trygg.accounts.decorators import require
from trygg.core.audit import audit
from trygg.core.exports import csv_response, xlsx_response
from trygg.core.geo import week_label
from trygg.core.models import AuditAction

from ..selectors import tertial_picture, week_picture
from .common import trend_word, week_from_request
from .tertial import check_tertial

Rows = tuple[Sequence[str], Iterable[Sequence[Any]]]


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nej")


def week_tables(picture: dict[str, Any]) -> dict[str, Rows]:
    label = picture["label"]
    area_cat = ([_("Vecka"), _("Område"), _("Kategori"), _("Antal"), _("Snitt föregående 4 veckor"), _("Trend")], [
        [label, a["name"], c["name"], c["count"], c["prev_mean"], trend_word(c["trend"])]
        for a in picture["areas"] for c in a["categories"]
    ])
    areas = ([_("Vecka"), _("Område"), _("Prioriterat"), _("Antal"), _("Snitt föregående 4 veckor"), _("Trend"),
              _("Senaste 4 veckorna"), _("Snitt per 4 veckor, 12 veckor innan"), _("Fel riktning")], [
        [label, a["name"], _yes_no(a["prioritised"]), a["count"], a["prev_mean"], trend_word(a["trend"]),
         a["recent4"], a["baseline4"], _yes_no(a["flag"])]
        for a in picture["areas"]
    ])
    categories = ([_("Vecka"), _("Kategori"), _("Antal"), _("Snitt föregående 4 veckor"), _("Trend")], [
        [label, c["name"], c["count"], c["prev_mean"], trend_word(c["trend"])] for c in picture["categories"]
    ])
    return {_("Område och kategori"): area_cat, _("Områden"): areas, _("Kategorier"): categories}


def tertial_tables(picture: dict[str, Any]) -> dict[str, Rows]:
    period = f"{picture['year']}-T{picture['tertial']}"
    cats = picture["matrix_categories"]
    matrix = ([_("Tertial"), _("Område"), _("Kategori"), _("Antal"), _("Samma period förra året")], [
        [period, a["name"], cat["name"], cur, prev]
        for a in picture["areas"] for cat, (cur, prev) in zip(cats, a["cells"], strict=True) if cur or prev
    ])
    areas = ([_("Tertial"), _("Område"), _("Prioriterat"), _("Antal"), _("Samma period förra året"),
              _("Förändring"), _("Behöver större insatser")], [
        [period, a["name"], _yes_no(a["prioritised"]), a["current"], a["previous"], a["change"],
         _yes_no(a["needs_efforts"])]
        for a in picture["areas"]
    ])
    return {_("Område och kategori"): matrix, _("Områden"): areas}


def _respond(request: HttpRequest, fmt: str, name: str, tables: dict[str, Rows], kind: str,
             period: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    audit(action=AuditAction.EXPORT, actor=request.user, request=request, kind=kind, format=fmt, period=period)
    if fmt == "csv":
        header, rows = next(iter(tables.values()))
        return csv_response(name, header, rows)
    return xlsx_response(name, tables)


def _export(fn: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    return require(permissions.can_analyse)(fn)


@_export
def week_export(request: HttpRequest, fmt: str) -> HttpResponse:
    year, week = week_from_request(request)
    picture = week_picture(user=request.user, year=year, week=week)
    label = week_label(year, week)
    return _respond(request, fmt, f"lagesbild-{label}", week_tables(picture), "week", label)


@_export
def tertial_export(request: HttpRequest, year: int, tertial: int, fmt: str) -> HttpResponse:
    check_tertial(year, tertial)
    picture = tertial_picture(user=request.user, year=year, tertial=tertial)
    period = f"{year}-T{tertial}"
    return _respond(request, fmt, f"tertial-{period}", tertial_tables(picture), "tertial", period)
