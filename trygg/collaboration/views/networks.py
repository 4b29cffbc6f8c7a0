"""Network pages: members, meetings, shared interventions and documents (served only to members)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import deny, member_required
from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import forms as f
from .. import permissions as collab_permissions
from .. import services
from ..models import Network, NetworkDocument
from ..services.networks import can_upload, max_document_bytes
from .common import apply_errors, intervention_url


def _network_page(request: HttpRequest, network: Network, status: int = 200, **bound: object) -> HttpResponse:
    is_member = can_upload(request.user, network)
    documents = list(network.documents.select_related("uploaded_by"))
    # The same rule as permissions.can_delete_document, without a query per document.
    manages = collab_permissions.can_manage(request.user)
    removable = {d.pk for d in documents if manages or (is_member and d.uploaded_by_id == request.user.pk)}
    return render(request, "collaboration/network_detail.html", {
        "network": network,
        "members": network.members.all(),
        "meetings": network.meetings.order_by("-starts_at")[:20],
        "interventions": [(i, intervention_url(i)) for i in network.interventions.all()],
        "documents": documents,
        "removable_documents": removable,
        "can_upload": is_member,
        "max_mb": max_document_bytes() // (1024 * 1024),
        "document_form": bound.get("document_form") or f.DocumentForm(),
        "link_form": bound.get("link_form") or f.LinkInterventionForm(user=request.user),
    }, status=status)


def _get_network(request: HttpRequest, slug: str) -> Network:
    return get_object_or_404(Network.objects.visible_to(request.user), slug=slug)


@member_required
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _network_page(request, _get_network(request, slug))


@transaction.non_atomic_requests  # the upload service owns its transaction (it removes the file on rollback)
@require_POST
@member_required
def network_document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    network = _get_network(request, slug)
    if not can_upload(request.user, network):
        raise PermissionDenied
    form = f.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(network=network, title=form.cleaned_data["title"],
                                     upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Dokumentet är uppladdat."))
            return redirect("collaboration:network", slug=slug)
    return _network_page(request, network, status=400, document_form=form)


@member_required
def network_document(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The only way to a network document: members of the network (and samordnare)."""
    network = _get_network(request, slug)
    document = get_object_or_404(NetworkDocument, pk=pk, network=network)
    audit(action=AuditAction.EXPORT, actor=request.user, obj=document, request=request, kind="download")
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=f"dokument-{document.pk}.{document.extension}",
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required
def network_document_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (the uploader or the samordnare)."""
    network = _get_network(request, slug)
    document = get_object_or_404(NetworkDocument.objects.select_related("network"), pk=pk, network=network)
    if not collab_permissions.can_delete_document(request.user, document):
        deny(request, "collaboration.not_document_owner")
    if request.method == "POST":
        services.document_delete(document=document, by=request.user)
        messages.success(request, _("Dokumentet är borttaget."))
        return redirect("collaboration:network", slug=slug)
    return render(request, "collaboration/confirm.html", {
        "title": _("Ta bort dokumentet?"), "back_url": reverse("collaboration:network", args=[slug]),
        "back_label": network.name,
        "summary": f"{document.title} ({document.extension.upper()}, {filesizeformat(document.size)})",
        "consequence": _("Dokumentet och filen tas bort för alla i nätverket. Det går inte att ångra."),
        "submit": _("Ta bort dokumentet"), "refusal": [],
    })


@require_POST
@member_required
def network_link(request: HttpRequest, slug: str) -> HttpResponse:
    network = _get_network(request, slug)
    if not can_upload(request.user, network):
        raise PermissionDenied
    form = f.LinkInterventionForm(request.POST, user=request.user)
    if form.is_valid():
        services.network_link_intervention(network=network, intervention=form.cleaned_data["intervention"],
                                           by=request.user)
        messages.success(request, _("Insatsen är kopplad till nätverket."))
        return redirect("collaboration:network", slug=slug)
    return _network_page(request, network, status=400, link_form=form)
