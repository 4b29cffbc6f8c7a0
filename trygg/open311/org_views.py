"""API keys for Open311 clients, managed by an authority samordnare (mounted under /org/public/api-nycklar/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import require
from trygg.accounts.models import Organisation
from trygg.core.audit import audit
from trygg.core.models import AuditAction
from trygg.incidents.residents.selectors import is_coordinator

from .models import ApiKey
from .services import api_key_create


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Klientens namn"), max_length=120,
                           error_messages={"required": gettext_lazy("Ange vilken klient nyckeln är till.")})
    organisation = forms.ModelChoiceField(label=gettext_lazy("Aktör som nyckeln tillhör"),
                                          queryset=Organisation.objects.filter(is_active=True),
                                          error_messages={"required": gettext_lazy("Välj en aktör.")})


@require_http_methods(["GET", "POST"])
@require(is_coordinator)
def api_keys(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    raw = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _key, raw = api_key_create(name=form.cleaned_data["name"],
                                       organisation=form.cleaned_data["organisation"], by=request.user)
            form = ApiKeyForm()
        else:
            status = 400
    response = render(request, "open311/org/api_keys.html", {
        "form": form, "raw": raw, "keys": ApiKey.objects.select_related("organisation"),
    }, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require(is_coordinator)
@transaction.atomic
def api_key_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=pk)
    key.is_active = False
    key.save(update_fields=["is_active"])
    audit(action=AuditAction.UPDATED, actor=request.user, obj=key, organisation=key.organisation, active=False)
    messages.success(request, _("Nyckeln är spärrad."))
    return redirect("public_org:api_keys")
