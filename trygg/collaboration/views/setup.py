"""The samordnare sets up agreements (signatories, problems, goals), promises (activities) and networks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import require

from .. import forms as f
from .. import permissions as collab_permissions
from .. import services
from ..models import Agreement, Promise
from .agreements import _agreement_page, _promise_page
from .common import apply_errors


def _create(request: HttpRequest, form: forms.Form, title: Any, create: Callable[[dict], Any],
            done: Callable[[Any], HttpResponse]) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            obj = create(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Sparat."))
            return done(obj)
    return render(request, "collaboration/create_form.html", {"form": form, "title": title},
                  status=400 if form.is_bound else 200)


@require(collab_permissions.can_manage)
def agreement_create(request: HttpRequest) -> HttpResponse:
    return _create(request, f.AgreementForm(request.POST or None), gettext_lazy("Ny samverkansöverenskommelse"),
                   lambda d: services.agreement_create(by=request.user, **d),
                   lambda a: redirect("collaboration:agreement", pk=a.pk))


@require(collab_permissions.can_manage)
def promise_create(request: HttpRequest) -> HttpResponse:
    return _create(request, f.PromiseForm(request.POST or None), gettext_lazy("Nytt medborgarlöfte"),
                   lambda d: services.promise_create(by=request.user, **d),
                   lambda p: redirect("collaboration:promise", pk=p.pk))


@require(collab_permissions.can_manage)
def network_create(request: HttpRequest) -> HttpResponse:
    return _create(request, f.NetworkForm(request.POST or None), gettext_lazy("Nytt nätverk"),
                   lambda d: services.network_create(by=request.user, **d),
                   lambda n: redirect("collaboration:network", slug=n.slug))


@require_POST
@require(collab_permissions.can_manage)
def agreement_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    parts: dict[str, tuple[str, forms.Form, Callable[..., Any]]] = {
        "signatory": ("signatory_form", f.SignatoryForm(request.POST, prefix="s"), services.signatory_add),
        "problem": ("problem_form", f.FocusProblemForm(request.POST, prefix="p"), services.focus_problem_add),
        "goal": ("goal_form", f.GoalForm(request.POST, prefix="n", agreement=agreement), services.goal_add),
    }
    if part not in parts:
        raise Http404
    name, form, service = parts[part]
    if form.is_valid():
        try:
            service(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Sparat."))
            return redirect("collaboration:agreement", pk=pk)
    # status and bound passed positionally so that the form can only go to **forms
    return _agreement_page(request, agreement, 400, None, **{name: form})


@require_POST
@require(collab_permissions.can_manage)
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(Promise, pk=pk)
    form = f.ActivityForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.activity_add(promise=promise, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Aktiviteten är tillagd."))
            return redirect("collaboration:promise", pk=pk)
    return _promise_page(request, promise, status=400, activity_form=form)
