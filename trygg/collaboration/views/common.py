"""Small helpers shared by the collaboration views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Tie a service's ValidationError to the form's fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def intervention_url(intervention: Any) -> str | None:
    """The interventions app's detail page, when it is mounted."""
    try:
        return reverse("interventions:detail", args=[intervention.pk])
    except NoReverseMatch:
        return None


def refusal_of(check: Callable[[Any], None], obj: Any) -> list[str]:
    """The explanation a service's check gives why obj cannot change (to show before the user tries), or []."""
    try:
        check(obj)
    except ValidationError as error:
        return list(error.messages)
    return []
