from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from trygg.accounts.decorators import deny

from ..models import SafetyWalk, WalkFinding


def visible_walk(request: HttpRequest, pk: int) -> SafetyWalk:
    return get_object_or_404(SafetyWalk.objects.visible_to(request.user).select_related("area", "organisation"),
                             pk=pk)


def editable_walk(request: HttpRequest, pk: int) -> SafetyWalk:
    """A walk the user may see (else 404) and change (else an audited 403)."""
    walk = visible_walk(request, pk)
    if not SafetyWalk.objects.editable_by(request.user).filter(pk=walk.pk).exists():
        deny(request, "walk_not_organiser")
    return walk


def editable_finding(request: HttpRequest, pk: int) -> WalkFinding:
    finding = get_object_or_404(
        WalkFinding.objects.filter(walk__in=SafetyWalk.objects.visible_to(request.user)).select_related("walk"),
        pk=pk,
    )
    editable_walk(request, finding.walk_id)
    return finding


def add_errors(form: Any, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields (or to the form if the field is unknown)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
