"""Forms for the EST pages. Every value is validated here and again by the services."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation
from trygg.areas.models import Area, Place
from trygg.core.geo import parse_week_label
from trygg.core.images import clean_image

from .models import Category, Extent, Setting, Source, Status
from .selectors import grouped_category_choices, reporting_organisations
from .services import MAX_PHOTOS

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
NO_PLACE = _("Välj platsen på kartan eller skriv namnet på en känd plats.")


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS JPEG/PNG files, each checked with core.images.clean_image."""

    widget = MultipleImageInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Du kan bifoga högst %(n)d bilder.") % {"n": MAX_PHOTOS}, code="too_many")
        errors = []
        for upload in files:
            try:
                clean_image(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
            finally:
                upload.seek(0)
        if errors:
            raise ValidationError(sorted(set(errors)))
        return files


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("nej", _("Nej")), ("ja", _("Ja"))], coerce=lambda v: v == "ja",
            widget=forms.RadioSelect, initial="nej", **kwargs,
        )


def _now_local() -> str:
    return timezone.localtime().strftime(DATETIME_LOCAL)


class ObservationForm(forms.Form):
    """The fields a reporter may set (and later correct within the edit window)."""

    category = forms.ChoiceField(label=_("Kategori"), choices=())
    observed_at = forms.DateTimeField(
        label=_("När hände det?"), input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"required": _("Ange när det hände."),
                        "invalid": _("Ange datum och tid, t.ex. 2026-03-14 21:30.")},
    )
    lat = forms.FloatField(label=_("Latitud"), required=False,
                           widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
                           error_messages={"invalid": _("Ange latituden som ett tal, t.ex. 59.3706.")})
    lon = forms.FloatField(label=_("Longitud"), required=False,
                           widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
                           error_messages={"invalid": _("Ange longituden som ett tal, t.ex. 16.5128.")})
    address = forms.CharField(
        label=_("Adress eller plats"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"list": "known-places", "autocomplete": "off"}),
        help_text=_("Till exempel ”Fröslunda centrum” eller ”Gångtunneln vid Lagersbergsskolan”."),
    )
    extent = forms.ChoiceField(label=_("Omfattning"), choices=Extent.choices, initial=Extent.ENSTAKA,
                               widget=forms.RadioSelect)
    setting = forms.ChoiceField(label=_("Miljö"), choices=Setting.choices, initial=Setting.UTOMHUS,
                                widget=forms.RadioSelect)
    police_reported = YesNoField(label=_("Polisanmält?"))
    description = forms.CharField(
        label=_("Beskrivning"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beskriv platsen och situationen – skriv aldrig namn eller personnummer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", _("Välj kategori")), *grouped_category_choices()]
        self.fields["category"].error_messages["required"] = _("Välj en kategori.")
        self.fields["category"].error_messages["invalid_choice"] = _("Välj en kategori i listan.")
        self.fields["observed_at"].widget.attrs["max"] = _now_local()
        self.place: Place | None = None

    def clean_category(self) -> Category:
        return Category.objects.get(code=self.cleaned_data["category"], is_est=True)

    def clean_observed_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["observed_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationError(_("Tidpunkten kan inte ligga i framtiden."), code="future")
        if value < timezone.now() - dt.timedelta(days=366):
            raise ValidationError(_("Tidpunkten ligger mer än ett år bakåt. Kontrollera datumet."), code="too_old")
        return value

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # Form.clean() returns self.cleaned_data
        if "lat" in self.errors or "lon" in self.errors:
            return data
        lat, lon = data.get("lat"), data.get("lon")
        if lat is None or lon is None:
            if (lat is None) != (lon is None):
                self.add_error("lat", NO_PLACE)
                return data
            name = (data.get("address") or "").strip()
            place = Place.objects.filter(name__iexact=name).first() if name else None
            if place is None:
                self.add_error("address" if name else "lat", NO_PLACE)
                return data
            self.place = place
            data["lat"], data["lon"] = place.lat, place.lon
        return data


class ObservationCreateForm(ObservationForm):
    organisation = forms.ModelChoiceField(
        label=_("Rapporterande aktör"), queryset=Organisation.objects.none(),  # narrowed per user in __init__
        error_messages={"required": _("Välj vilken aktör du rapporterar för."),
                        "invalid_choice": _("Du kan bara rapportera för din egen aktör.")},
    )
    photos = PhotosField(
        label=_("Bilder (valfritt, högst 3)"), required=False,
        help_text=_("JPEG eller PNG. Fotografera platsen, inte personer eller registreringsskyltar."),
    )

    field_order = ["organisation", "category", "observed_at", "lat", "lon", "address", "extent", "setting",
                   "police_reported", "description", "photos"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = reporting_organisations(user=user)
        field = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        field.queryset = organisations
        field.empty_label = _("Välj aktör")
        if len(organisations) == 1:
            self.initial["organisation"] = organisations[0].pk
            field.empty_label = None
        self.fields["photos"].widget.attrs["accept"] = "image/jpeg,image/png"
        if not self.is_bound:
            self.initial.setdefault("observed_at", timezone.localtime().replace(second=0, microsecond=0))


class ObservationEditForm(ObservationForm):
    """Correcting an observation: everything but the organisation and the photos."""


class ObservationFilterForm(forms.Form):
    """The only filters the list accepts (reliability C3); anything else in the query string is ignored."""

    area = forms.ChoiceField(label=_("Område"), required=False, choices=())
    category = forms.ChoiceField(label=_("Kategori"), required=False, choices=())
    week = forms.CharField(label=_("Vecka"), required=False, max_length=8,
                           widget=forms.TextInput(attrs={"placeholder": "2026-W07", "size": 9}),
                           help_text=_("ÅÅÅÅ-Vnn, t.ex. 2026-W07"))
    source = forms.ChoiceField(label=_("Källa"), required=False, choices=[("", _("Alla")), *Source.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alla")), *Status.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = cast(forms.ChoiceField, self.fields["area"])
        category = cast(forms.ChoiceField, self.fields["category"])
        area.choices = [("", _("Alla")), *Area.objects.order_by("name").values_list("slug", "name")]
        category.choices = [("", _("Alla")), *grouped_category_choices()]

    def clean_week(self) -> tuple[int, int] | None:
        label = self.cleaned_data.get("week", "").strip()
        if not label:
            return None
        try:
            return parse_week_label(label)
        except ValueError as exc:
            raise ValidationError(_("Skriv veckan som ÅÅÅÅ-Vnn, t.ex. 2026-W07."), code="invalid") from exc

    def apply(self, queryset: Any) -> Any:
        """Apply every valid, non-empty filter; an invalid one is reported on the form and not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("area"):
            queryset = queryset.filter(area__slug=data["area"])
        if data.get("category"):
            queryset = queryset.filter(category__code=data["category"])
        if data.get("week"):
            queryset = queryset.in_week(*data["week"])
        if data.get("source"):
            queryset = queryset.filter(source=data["source"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset
