"""Correcting and removing a meeting's group work and decisions (while the minutes are a draft)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trygg.accounts.decorators import deny, member_required

from .. import forms as f
from .. import permissions as collab_permissions
from .. import services
from ..models import Decision, GroupNote, Meeting
from ..services.decisions import check_decision_removable, check_record_open
from .common import apply_errors, intervention_url, refusal_of
from .meetings import _get_meeting


def _editable_meeting(request: HttpRequest, pk: int) -> Meeting:
    """The meeting, if the user sees it (404) and writes its minutes (403)."""
    meeting = _get_meeting(request, pk)
    if not collab_permissions.can_edit_minutes(request.user, meeting):
        deny(request, "collaboration.not_minutes_editor")
    return meeting


def _back(meeting: Meeting, anchor: str) -> str:
    return reverse("collaboration:meeting", args=[meeting.pk]) + anchor


def _edit_page(request: HttpRequest, *, meeting: Meeting, form: Any, title: str, anchor: str, remove_url: str,
               remove_label: str, removal_refusal: list[str], decision: Decision | None = None) -> HttpResponse:
    intervention = decision.intervention if decision is not None else None
    return render(request, "collaboration/record_form.html", {
        "meeting": meeting, "form": form, "title": title, "back_url": _back(meeting, anchor),
        "refusal": refusal_of(check_record_open, meeting), "remove_url": remove_url, "remove_label": remove_label,
        "removal_refusal": removal_refusal, "intervention": intervention,
        "intervention_url": intervention_url(intervention) if intervention else None,
    }, status=400 if form.is_bound else 200)


def _confirm_page(request: HttpRequest, *, meeting: Meeting, title: str, summary: str, anchor: str,
                  refusal: list[str], consequence: str, submit: str, decision: Decision | None = None,
                  status: int = 200) -> HttpResponse:
    intervention = decision.intervention if decision is not None else None
    return render(request, "collaboration/confirm.html", {
        "title": title, "summary": summary, "back_url": _back(meeting, anchor), "back_label": meeting.title,
        "refusal": refusal, "consequence": consequence, "submit": submit, "intervention": intervention,
        "intervention_url": intervention_url(intervention) if intervention else None,
    }, status=status)


@member_required
def group_note_edit(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    note = get_object_or_404(GroupNote, pk=note_pk, meeting=meeting)
    form = f.GroupNoteForm(request.POST or None,
                           initial={"theme": note.theme, "area": note.area_id, "notes": note.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_note_update(note=note, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Anteckningarna är ändrade."))
            return redirect(_back(meeting, "#h-groups"))
    return _edit_page(request, meeting=meeting, form=form, title=_("Ändra grupparbete"), anchor="#h-groups",
                      remove_url=reverse("collaboration:group_note_remove", args=[meeting.pk, note.pk]),
                      remove_label=_("Ta bort grupparbetet"), removal_refusal=[])


@member_required
def group_note_remove(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    note = get_object_or_404(GroupNote, pk=note_pk, meeting=meeting)
    page: dict[str, Any] = {
        "meeting": meeting, "title": _("Ta bort grupparbetet?"), "summary": f"{note.theme}\n\n{note.notes}",
        "anchor": "#h-groups", "submit": _("Ta bort grupparbetet"),
        "consequence": _("Anteckningarna tas bort från mötet. Det går inte att ångra.")}
    if request.method == "POST":
        try:
            services.group_note_remove(note=note, by=request.user)
        except ValidationError as error:
            return _confirm_page(request, refusal=list(error.messages), status=400, **page)
        messages.success(request, _("Grupparbetet är borttaget."))
        return redirect(_back(meeting, "#h-groups"))
    return _confirm_page(request, refusal=refusal_of(check_record_open, meeting), **page)


def _decision(meeting: Meeting, decision_pk: int) -> Decision:
    return get_object_or_404(Decision.objects.select_related("owner", "area", "intervention", "meeting"),
                             pk=decision_pk, meeting=meeting)


@member_required
def decision_edit(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    decision = _decision(meeting, decision_pk)
    form = f.DecisionForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Beslutet är ändrat."))
            return redirect(_back(meeting, "#h-decisions"))
    return _edit_page(request, meeting=meeting, form=form, title=_("Ändra beslut"), anchor="#h-decisions",
                      remove_url=reverse("collaboration:decision_remove", args=[meeting.pk, decision.pk]),
                      remove_label=_("Ta bort beslutet"), decision=decision,
                      removal_refusal=refusal_of(check_decision_removable, decision))


@member_required
def decision_remove(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    decision = _decision(meeting, decision_pk)
    page: dict[str, Any] = {
        "meeting": meeting, "title": _("Ta bort beslutet?"), "summary": decision.text, "anchor": "#h-decisions",
        "submit": _("Ta bort beslutet"), "decision": decision,
        "consequence": _("Beslutet tas bort från mötet. Det går inte att ångra.")}
    if request.method == "POST":
        try:
            services.decision_remove(decision=decision, by=request.user)
        except ValidationError as error:
            return _confirm_page(request, refusal=list(error.messages), status=400, **page)
        messages.success(request, _("Beslutet är borttaget."))
        return redirect(_back(meeting, "#h-decisions"))
    return _confirm_page(request, refusal=refusal_of(check_decision_removable, decision), **page)
