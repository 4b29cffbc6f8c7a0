"""Meeting pages: detail with invitations, RSVP, contributions, agenda, group work, decisions and minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts import permissions
from trygg.accounts.decorators import member_required, require
from trygg.accounts.models import Organisation

from .. import forms as f
from .. import permissions as collab_permissions
from .. import selectors, services
from ..models import AgendaItem, Decision, Meeting
from ..services.meetings import check_cancellable
from .common import apply_errors, intervention_url, refusal_of


@member_required
def index(request: HttpRequest) -> HttpResponse:
    from ..models import Agreement, Network, Promise

    return render(request, "collaboration/index.html", {
        "meetings": selectors.meetings_for(user=request.user),
        "agreements": Agreement.objects.all()[:10],
        "promises": Promise.objects.visible_to(request.user).select_related("area")[:10],
        "networks": Network.objects.visible_to(request.user),
        "can_manage": collab_permissions.can_manage(request.user),
        "can_view_steering": collab_permissions.can_view_steering(request.user),
    })


@require(collab_permissions.can_manage)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = f.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Mötet är skapat. Bjud in aktörerna."))
            return redirect("collaboration:meeting", pk=meeting.pk)
    return render(request, "collaboration/meeting_form.html", {"form": form},
                  status=400 if form.is_bound else 200)


@require(collab_permissions.can_manage)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    initial = {"kind": meeting.kind, "title": meeting.title, "starts_at": timezone.localtime(meeting.starts_at),
               "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None, "place": meeting.place,
               "chair": meeting.chair_id, "secretary": meeting.secretary_id, "network": meeting.network_id}
    form = f.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Mötet är ändrat."))
            return redirect("collaboration:meeting", pk=meeting.pk)
    return render(request, "collaboration/meeting_form.html", {"form": form, "meeting": meeting},
                  status=400 if form.is_bound else 200)


@require(collab_permissions.can_manage)
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (or says why the meeting cannot be cancelled); POST cancels it."""
    meeting = _get_meeting(request, pk)
    refusal, status = refusal_of(check_cancellable, meeting), 200
    if request.method == "POST":
        try:
            services.meeting_cancel(meeting=meeting, by=request.user)
        except ValidationError as error:
            refusal, status = list(error.messages), 400
        else:
            messages.success(request, _("Mötet är inställt. De inbjudna aktörerna får ett meddelande."))
            return redirect("collaboration:meeting", pk=meeting.pk)
    return render(request, "collaboration/confirm.html", {
        "title": _("Ställa in mötet?"),
        "summary": "\n".join((meeting.title, date_format(timezone.localtime(meeting.starts_at), "l j F Y, H:i"),
                              meeting.place)),
        "back_url": reverse("collaboration:meeting", args=[meeting.pk]), "back_label": meeting.title,
        "refusal": refusal, "submit": _("Ställ in mötet"),
        "consequence": _("De inbjudna aktörerna får ett meddelande om att mötet är inställt, och inga påminnelser "
                         "skickas. Det går inte att ångra."),
    }, status=status)


@require_POST
@require(collab_permissions.can_manage)
def agenda_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    services.agenda_item_remove(item=get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting), by=request.user)
    messages.success(request, _("Punkten är borttagen."))
    return redirect("collaboration:meeting", pk=meeting.pk)


def _my_invited_org(user: Any, meeting: Meeting) -> Organisation | None:
    orgs = permissions.organisation_ids(user)
    invitation = meeting.invitations.select_related("organisation").filter(organisation_id__in=orgs).first()
    return invitation.organisation if invitation else None


def _meeting_page(request: HttpRequest, meeting: Meeting, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    my_org = _my_invited_org(user, meeting)
    my_invitation = meeting.invitations.filter(organisation=my_org).first() if my_org else None
    my_contribution = meeting.contributions.filter(organisation=my_org).first() if my_org else None
    can_manage = collab_permissions.can_manage(user)
    can_edit_minutes = collab_permissions.can_edit_minutes(user, meeting)
    decisions = list(meeting.decisions.select_related("owner", "intervention", "area"))
    for decision in decisions:  # a template-only attribute, which mypy cannot know of
        decision.intervention_url = (  # type: ignore[attr-defined]
            intervention_url(decision.intervention) if decision.intervention else None)
    forms_ctx = {
        "invite_form": f.InviteForm(),
        "rsvp_form": f.RsvpForm(initial={"answer": my_invitation.rsvp if my_invitation else None,
                                         "attendees": (my_invitation.attendees or 1) if my_invitation else 1}),
        "contribution_form": f.ContributionForm(initial={
            "what_we_do": my_contribution.what_we_do if my_contribution else "",
            "can_contribute": my_contribution.can_contribute if my_contribution else ""}),
        "agenda_form": f.AgendaItemForm(initial={"order": meeting.agenda_items.count() + 1}),
        "group_form": f.GroupNoteForm(),
        "decision_form": f.DecisionForm(),
        "minutes_form": f.MinutesForm(initial={"minutes": meeting.minutes, "visibility": meeting.minutes_visibility}),
    }
    forms_ctx.update(bound)
    invitations = list(meeting.invitations.select_related("organisation"))
    return render(request, "collaboration/meeting_detail.html", {
        "meeting": meeting,
        "invitations": invitations,
        "attending": sum(i.attendees for i in invitations),
        "agenda": meeting.agenda_items.select_related("presenter"),
        "contributions": meeting.contributions.select_related("organisation"),
        "group_notes": meeting.group_notes.select_related("area"),
        "decisions": decisions,
        "my_org": my_org,
        "my_invitation": my_invitation,
        "can_manage": can_manage,
        "can_edit_minutes": can_edit_minutes,
        "can_change_record": can_edit_minutes and meeting.minutes_are_draft,
        "can_approve": collab_permissions.can_approve_minutes(user, meeting),
        "can_read_minutes": collab_permissions.can_read_minutes(user, meeting),
        "editable_before_start": not meeting.has_started and not meeting.is_cancelled,
        **forms_ctx,
    }, status=status)


def _get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("chair", "secretary", "network"),
                             pk=pk)


@member_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _get_meeting(request, pk))


@member_required
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    return render(request, "collaboration/meeting_agenda.html", {
        "meeting": meeting, "agenda": meeting.agenda_items.select_related("presenter"),
        "invitations": meeting.invitations.select_related("organisation"),
    })


def _post(request: HttpRequest, pk: int, form_class: type, context_name: str, action: Any,
          success: str) -> HttpResponse:
    """Validate one form on the meeting page, run the service, re-render with errors tied to fields on failure."""
    meeting = _get_meeting(request, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            action(meeting, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("collaboration:meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, status=400, **{context_name: form})


@require_POST
@require(collab_permissions.can_manage)
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, f.InviteForm, "invite_form",
                 lambda m, d: services.meeting_invite(meeting=m, organisations=d["organisations"], by=request.user),
                 _("Inbjudningarna är skickade."))


def _my_org_or_404(request: HttpRequest, pk: int) -> Organisation:
    meeting = _get_meeting(request, pk)
    org = _my_invited_org(request.user, meeting)
    if org is None:
        raise PermissionDenied
    return org


@require_POST
@member_required
def meeting_rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    org = _my_org_or_404(request, pk)
    return _post(request, pk, f.RsvpForm, "rsvp_form",
                 lambda m, d: services.meeting_rsvp(meeting=m, organisation=org, answer=d["answer"],
                                                    attendees=d["attendees"], by=request.user),
                 _("Ert svar är sparat."))


@require_POST
@member_required
def meeting_contribution(request: HttpRequest, pk: int) -> HttpResponse:
    org = _my_org_or_404(request, pk)
    return _post(request, pk, f.ContributionForm, "contribution_form",
                 lambda m, d: services.contribution_save(meeting=m, organisation=org, by=request.user, **d),
                 _("Ert bidrag är sparat."))


@require_POST
@require(collab_permissions.can_manage)
def meeting_agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, f.AgendaItemForm, "agenda_form",
                 lambda m, d: services.agenda_item_add(meeting=m, by=request.user, **d),
                 _("Punkten är tillagd på dagordningen."))


def _minutes_editor(request: HttpRequest, pk: int) -> None:
    if not collab_permissions.can_edit_minutes(request.user, _get_meeting(request, pk)):
        raise PermissionDenied


@require_POST
@member_required
def meeting_group_note(request: HttpRequest, pk: int) -> HttpResponse:
    _minutes_editor(request, pk)
    return _post(request, pk, f.GroupNoteForm, "group_form",
                 lambda m, d: services.group_note_add(meeting=m, by=request.user, **d),
                 _("Anteckningarna är sparade."))


@require_POST
@member_required
def meeting_decision(request: HttpRequest, pk: int) -> HttpResponse:
    _minutes_editor(request, pk)
    return _post(request, pk, f.DecisionForm, "decision_form",
                 lambda m, d: services.decision_create(meeting=m, by=request.user, **d),
                 _("Beslutet är sparat."))


@require_POST
@member_required
def decision_convert(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    if not collab_permissions.can_edit_minutes(request.user, meeting):
        raise PermissionDenied
    decision = get_object_or_404(Decision, pk=decision_pk, meeting=meeting)
    try:
        services.decision_to_intervention(decision=decision, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Beslutet är nu en insats."))
    return redirect("collaboration:meeting", pk=meeting.pk)


@require_POST
@member_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    _minutes_editor(request, pk)
    return _post(request, pk, f.MinutesForm, "minutes_form",
                 lambda m, d: services.minutes_save(meeting=m, minutes=d["minutes"], visibility=d["visibility"],
                                                    by=request.user),
                 _("Protokollet är sparat."))


@require_POST
@member_required
def meeting_minutes_transition(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    if step == "approve" and collab_permissions.can_approve_minutes(request.user, meeting):
        service, done = services.minutes_approve, _("Protokollet är justerat.")
    elif step == "publish" and collab_permissions.can_manage(request.user):
        service, done = services.minutes_publish, _("Protokollet är publicerat.")
    else:
        raise PermissionDenied
    try:
        service(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("collaboration:meeting", pk=meeting.pk)

