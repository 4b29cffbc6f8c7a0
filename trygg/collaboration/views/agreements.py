"""Samverkansöverenskommelse and medborgarlöfte pages for partners."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import member_required, require

from .. import forms as f
from .. import permissions as collab_permissions
from .. import selectors, services
from ..models import Agreement, Goal, Promise, PromiseActivity, PromiseStage
from ..services.promises import can_report_progress
from .common import apply_errors, intervention_url


def _agreement_page(request: HttpRequest, agreement: Agreement, status: int = 200,
                    bound: tuple[int, str, object] | None = None, **forms: object) -> HttpResponse:
    goals = list(agreement.goals.select_related("problem", "category", "area").prefetch_related("interventions"))
    for goal in goals:  # template-only attributes on the instances, which mypy cannot know of
        goal.current = selectors.goal_current_value(goal=goal, user=request.user)  # type: ignore[attr-defined]
        goal.linked = [(i, intervention_url(i)) for i in goal.interventions.all()]  # type: ignore[attr-defined]
        goal.follow_up_form = f.GoalFollowUpForm(prefix=f"g{goal.pk}")  # type: ignore[attr-defined]
        goal.link_form = f.LinkInterventionForm(prefix=f"l{goal.pk}", user=request.user)  # type: ignore[attr-defined]
        if bound and bound[0] == goal.pk:
            setattr(goal, bound[1], bound[2])
    return render(request, "collaboration/agreement_detail.html", {
        "agreement": agreement, "goals": goals, "problems": agreement.problems.all(),
        "signatories": agreement.signatories.all(), "parties": agreement.parties.all(),
        "promises": agreement.promises.select_related("area"),
        "can_manage": collab_permissions.can_manage(request.user),
        "signatory_form": forms.get("signatory_form") or f.SignatoryForm(prefix="s"),
        "problem_form": forms.get("problem_form") or f.FocusProblemForm(prefix="p"),
        "goal_form": forms.get("goal_form") or f.GoalForm(prefix="n", agreement=agreement),
    }, status=status)


@member_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _agreement_page(request, get_object_or_404(Agreement, pk=pk))


@require_POST
@require(collab_permissions.can_manage)
def goal_follow_up(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=goal_pk, agreement_id=pk)
    form = f.GoalFollowUpForm(request.POST, prefix=f"g{goal.pk}")
    if form.is_valid():
        try:
            services.goal_follow_up_record(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Uppföljningsvärdet är sparat."))
            return redirect("collaboration:agreement", pk=pk)
    return _agreement_page(request, goal.agreement, status=400, bound=(goal.pk, "follow_up_form", form))


@require_POST
@require(collab_permissions.can_manage)
def goal_link(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=goal_pk, agreement_id=pk)
    form = f.LinkInterventionForm(request.POST, prefix=f"l{goal.pk}", user=request.user)
    if form.is_valid():
        services.goal_link_intervention(goal=goal, intervention=form.cleaned_data["intervention"], by=request.user)
        messages.success(request, _("Insatsen är kopplad till målet."))
        return redirect("collaboration:agreement", pk=pk)
    return _agreement_page(request, goal.agreement, status=400, bound=(goal.pk, "link_form", form))


def _promise_page(request: HttpRequest, promise: Promise, status: int = 200,
                  bound: tuple[int, object] | None = None, follow_up_form: object = None,
                  activity_form: object = None) -> HttpResponse:
    activities = list(promise.activities.prefetch_related("updates"))
    for activity in activities:  # a template-only attribute, which mypy cannot know of
        activity.form = (  # type: ignore[attr-defined]
            bound[1] if bound and bound[0] == activity.pk else f.ProgressForm(prefix=f"a{activity.pk}"))
    stages = [(value, label, i < promise.stage_index, i == promise.stage_index)
              for i, (value, label) in enumerate(PromiseStage.choices)]
    next_stage = PromiseStage.choices[promise.stage_index + 1] if promise.stage_index + 1 < len(stages) else None
    return render(request, "collaboration/promise_detail.html", {
        "promise": promise, "activities": activities, "stages": stages, "next_stage": next_stage,
        "can_manage": collab_permissions.can_manage(request.user),
        "can_report": can_report_progress(request.user),
        "follow_up_form": follow_up_form or f.FollowUpForm(initial={"follow_up": promise.follow_up}),
        "activity_form": activity_form or f.ActivityForm(prefix="new"),
    }, status=status)


def _get_promise(request: HttpRequest, pk: int) -> Promise:
    return get_object_or_404(Promise.objects.visible_to(request.user).select_related("area", "agreement"), pk=pk)


@member_required
def promise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _promise_page(request, _get_promise(request, pk))


@require_POST
@member_required
def promise_progress(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    if not can_report_progress(request.user):
        raise PermissionDenied
    promise = _get_promise(request, pk)
    activity = get_object_or_404(PromiseActivity, pk=activity_pk, promise=promise)
    form = f.ProgressForm(request.POST, prefix=f"a{activity.pk}")
    if form.is_valid():
        try:
            services.progress_record(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Lägesrapporten är sparad."))
            return redirect("collaboration:promise", pk=pk)
    return _promise_page(request, promise, status=400, bound=(activity.pk, form))


@require_POST
@require(collab_permissions.can_manage)
def promise_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    promise = _get_promise(request, pk)
    try:
        if step == "advance":
            services.promise_advance(promise=promise, to_stage=request.POST.get("to_stage", ""), by=request.user)
        elif step == "publish":
            services.promise_publish(promise=promise, by=request.user)
        elif step == "follow-up":
            form = f.FollowUpForm(request.POST)
            if not form.is_valid():
                return _promise_page(request, promise, status=400, follow_up_form=form)
            try:
                services.follow_up_publish(promise=promise, text=form.cleaned_data["follow_up"], by=request.user)
            except ValidationError as error:
                apply_errors(form, error)
                return _promise_page(request, promise, status=400, follow_up_form=form)
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Medborgarlöftet är uppdaterat."))
    return redirect("collaboration:promise", pk=pk)
