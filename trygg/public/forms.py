"""Public forms: the resident's report and the page feedback widget."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.areas.models import Place
from trygg.incidents.residents.selectors import resident_categories

from . import abuse


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Vad gäller det?"), queryset=resident_categories(), widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("Välj vad det gäller."), "invalid_choice": _("Välj en av kategorierna.")},
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    place = forms.ModelChoiceField(
        label=_("…eller välj en känd plats"), queryset=Place.objects.select_related("area"), required=False,
        empty_label=_("Ingen vald"),
    )
    address = forms.CharField(
        label=_("Adress eller beskrivning av platsen (valfritt)"), max_length=200, required=False,
        help_text=_("Till exempel ”gångtunneln vid Årby centrum”."),
    )
    description = forms.CharField(
        label=_("Beskriv vad som är otryggt"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Skriv inte namn, telefonnummer, e-postadresser eller personnummer. Beskriv platsen, inte "
                    "personer. Sådana uppgifter tas bort innan rapporten visas."),
        error_messages={"required": _("Beskriv kort vad som är otryggt.")},
    )
    photo = forms.FileField(
        label=_("Bild (valfritt)"), required=False,
        help_text=_("JPEG eller PNG. Undvik ansikten och registreringsskyltar. Platsuppgifter i bilden tas bort."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    contact_email = forms.EmailField(
        label=_("Din e-post (valfritt)"), required=False,
        help_text=_("Bara för statusbesked om rapporten. Den visas aldrig offentligt."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Anti-abuse: a field people never see, the time the form was shown, the key that makes a retry idempotent.
    website = forms.CharField(label=_("Lämna det här fältet tomt"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    started = forms.CharField(widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    seen_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", abuse.issue_started_token())
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon, place = data.get("lat"), data.get("lon"), data.get("place")
        if (lat is None or lon is None) and place is not None:
            data["lat"], data["lon"] = place.lat, place.lon
        elif lat is None or lon is None:
            self.add_error("place", ValidationError(
                _("Välj platsen på kartan, använd din position eller välj en känd plats i listan."), code="no_point"))
        return data

    @property
    def is_spam(self) -> bool:
        """A filled honeypot or a form sent faster than a person can fill it in (reliability F2)."""
        return bool(self.data.get("website")) or abuse.filled_too_fast(self.data.get("started", ""))


class FeedbackForm(forms.Form):
    path = forms.CharField(max_length=200, widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label=_("Hjälpte informationen på den här sidan dig?"), choices=[("yes", _("Ja")), ("no", _("Nej"))],
        coerce=lambda v: v == "yes",
    )
    comment = forms.CharField(
        label=_("Vad kan vi göra bättre? (valfritt)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv inga personuppgifter. Vi kan inte svara på kommentarer här."),
    )
