"""POST actions: approve/reopen a week, add/remove focus items. Each calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import require
from trygg.core.geo import shift_week, week_label

from ..models import FocusItem, Snapshot
from ..permissions import can_approve, can_set_focus
from ..services import focus_item_create, focus_item_delete, snapshot_approve, snapshot_reopen
from .common import parse_week
from .weekly import focus_form, render_week


def _week_url(year: int, week: int, anchor: str = "") -> str:
    return f"{reverse('situational_picture:week')}?week={week_label(year, week)}{anchor}"


def _posted_week(request: HttpRequest) -> tuple[int, int] | None:
    return parse_week(request.POST.get("week", ""))


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@require_POST
@require(can_approve)
def approve(request: HttpRequest) -> HttpResponse:
    posted = _posted_week(request)
    if posted is None:
        messages.error(request, _("Ogiltig vecka."))
        return redirect("situational_picture:week")
    try:
        snapshot_approve(year=posted[0], week=posted[1], by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Lägesbilden är godkänd och siffrorna är frysta."))
    return redirect(_week_url(*posted))


@require_POST
@require(can_approve)
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(Snapshot, pk=pk)
    try:
        snapshot_reopen(snapshot=snapshot, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Lägesbilden är återöppnad. Siffrorna visas nu som de ser ut just nu."))
    return redirect(_week_url(snapshot.iso_year, snapshot.iso_week))


@require_POST
@require(can_set_focus)
def focus_create(request: HttpRequest) -> HttpResponse:
    """Focus for the week after the page's week."""
    posted = _posted_week(request)
    if posted is None:
        messages.error(request, _("Ogiltig vecka."))
        return redirect("situational_picture:week")
    form = focus_form(data=request.POST)
    if not form.is_valid():
        return render_week(request, posted[0], posted[1], form=form, status=400)
    target = shift_week(posted[0], posted[1], 1)
    try:
        focus_item_create(year=target[0], week=target[1], area=form.cleaned_data["area"],
                          place=form.cleaned_data["place"], note=form.cleaned_data["note"],
                          created_by=request.user)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return render_week(request, posted[0], posted[1], form=form, status=400)
    messages.success(request, _("Fokus för vecka %(week)d är sparat.") % {"week": target[1]})
    return redirect(_week_url(*posted, anchor="#fokus"))


@require_POST
@require(can_set_focus)
def focus_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FocusItem.objects.select_related("area"), pk=pk)
    page_week = shift_week(item.iso_year, item.iso_week, -1)
    focus_item_delete(item=item, by=request.user)
    messages.success(request, _("Fokuspunkten är borttagen."))
    return redirect(_week_url(*page_week, anchor="#fokus"))
