"""Forms for next week's focus."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.areas.models import Area, Place


class FocusItemForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Område"), queryset=Area.objects.all(), to_field_name="slug",
        error_messages={"required": _("Välj ett område."), "invalid_choice": _("Välj ett område i listan.")},
    )
    place = forms.ModelChoiceField(
        label=_("Plats (valfri)"), queryset=Place.objects.select_related("area"), required=False,
        error_messages={"invalid_choice": _("Välj en plats i listan.")},
        help_text=_("Platsen måste ligga i det valda området."),
    )
    note = forms.CharField(
        label=_("Kort notering"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv en kort notering om vad fokus gäller."),
                        "max_length": _("Högst 300 tecken.")},
        help_text=_("Vad ska aktörerna göra? Skriv om platsen och situationen, aldrig om enskilda personer."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        area, place = cleaned.get("area"), cleaned.get("place")
        if area is not None and place is not None and place.area_id != area.pk:
            self.add_error("place", _("Platsen ligger inte i det valda området."))
        return cleaned
