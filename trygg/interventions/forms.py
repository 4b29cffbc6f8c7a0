"""Forms for interventions. Every rule is checked on the server, with a Swedish message on the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation, User
from trygg.areas.models import Area, Place

from .models import Horizon, Intervention, Kind, Status

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResponsibleSelect(forms.Select):
    """Each person carries their organisations (data-orgs) so the page can narrow the list to the owner's."""

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int, subindex: Any = None,
                      attrs: Any = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        user = getattr(value, "instance", None)
        if user is not None:
            option["attrs"]["data-orgs"] = " ".join(str(m.organisation_id) for m in user.memberships.all())
        return option


class ResponsibleChoiceField(forms.ModelChoiceField):
    widget = ResponsibleSelect

    def label_from_instance(self, obj: Any) -> str:
        orgs = ", ".join(sorted({m.organisation.name for m in obj.memberships.all()}))
        name = obj.get_full_name() or obj.username
        return f"{name} ({orgs})" if orgs else name


class PlaceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.area.name})"


class InterventionForm(forms.ModelForm):
    owner = forms.ModelChoiceField(label=_("Ägande aktör"), queryset=Organisation.objects.none(),
                                   help_text=_("Den aktör som ansvarar för att insatsen blir av."))
    responsible = ResponsibleChoiceField(
        label=_("Ansvarig person"), queryset=User.objects.none(), required=False, empty_label=_("Ingen vald ännu"),
        help_text=_("Måste tillhöra den ägande aktören. Personen får ett e-postmeddelande."))
    areas = forms.ModelMultipleChoiceField(label=_("Områden"), queryset=Area.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    places = PlaceChoiceField(label=_("Platser"), queryset=Place.objects.none(), required=False,
                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Intervention
        fields = ["title", "description", "owner", "responsible", "kind", "horizon", "start_date", "due_date",
                  "areas", "places", "target_metric"]
        labels = {
            "title": _("Rubrik"), "description": _("Beskrivning"), "kind": _("Typ av insats"),
            "horizon": _("Tidshorisont"), "start_date": _("Startdatum"), "due_date": _("Klart senast"),
            "target_metric": _("Mål eller indikator"),
        }
        help_texts = {
            "title": _("Vad ska göras, kort. Till exempel ”Byta belysning i gångtunneln”."),
            "description": _("Skriv om platsen och situationen – aldrig namn på enskilda personer."),
            "target_metric": _("Hur ni ser att det fungerat, till exempel ”Färre rapporter om otrygg plats”."),
        }
        widgets = {
            "start_date": DATE_INPUT, "due_date": DATE_INPUT, "kind": forms.RadioSelect,
            "horizon": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["owner"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        fields["responsible"].queryset = (
            User.objects.filter(is_active=True, memberships__organisation__is_active=True).distinct()
            .prefetch_related("memberships__organisation").order_by("first_name", "last_name", "username")
        )
        fields["areas"].queryset = Area.objects.all()
        fields["places"].queryset = Place.objects.select_related("area")
        fields["kind"].choices = Kind.choices
        fields["horizon"].choices = Horizon.choices
        for name in ("start_date", "due_date"):
            fields[name].input_formats = ["%Y-%m-%d"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner, responsible = data.get("owner"), data.get("responsible")
        if owner is not None and responsible is not None and not responsible.memberships.filter(
                organisation=owner).exists():
            self.add_error("responsible", _("%(person)s tillhör inte %(org)s. Välj någon från den ägande aktören.")
                           % {"person": responsible.get_full_name() or responsible.username, "org": owner.name})
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("Slutdatum kan inte vara före startdatum."))
        return data


class InterventionCreateForm(InterventionForm):
    status = forms.ChoiceField(
        label=_("Status från början"), choices=[(Status.PROPOSED, Status.PROPOSED.label),
                                                (Status.PLANNED, Status.PLANNED.label)],
        initial=Status.PROPOSED, widget=forms.RadioSelect,
        help_text=_("Föreslå en insats till en annan aktör, eller planera en som din aktör redan beslutat."))

    class Meta(InterventionForm.Meta):
        fields = [*InterventionForm.Meta.fields[:4], "status", *InterventionForm.Meta.fields[4:]]

    def __init__(self, *args: Any, may_plan_for: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # None: may plan for every owner (samordnare); otherwise a set of organisation ids.
        self.may_plan_for = may_plan_for

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        owner = data.get("owner")
        if (data.get("status") == Status.PLANNED and owner is not None and self.may_plan_for is not None
                and owner.pk not in self.may_plan_for):
            self.add_error("status", _("Bara den ägande aktören eller en samordnare kan planera insatsen. "
                                       "Välj ”Föreslagen”."))
        return data


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Kommentar (valfri)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, to_status: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = to_status or (self.data.get("to_status") if self.is_bound else None)
        if target == Status.FOLLOWED_UP:
            self.fields["note"].label = _("Vad blev resultatet?")
            self.fields["note"].help_text = _("Krävs: vad visade uppföljningen, och vad händer nu?")


class InterventionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alla")), ("open", _("Alla öppna")), *Status.choices])
    owner = forms.ModelChoiceField(label=_("Ägande aktör"), required=False, empty_label=_("Alla aktörer"),
                                   queryset=Organisation.objects.filter(is_active=True).order_by("name"))
    area = forms.ModelChoiceField(label=_("Område"), required=False, empty_label=_("Alla områden"),
                                  queryset=Area.objects.all(), to_field_name="slug")
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    mine = forms.BooleanField(label=_("Bara mina (min aktör eller jag ansvarig)"), required=False)

    def filter(self, qs: Any, user: Any) -> Any:
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["status"] == "open":
            qs = qs.open()
        elif data["status"]:
            qs = qs.filter(status=data["status"])
        if data["owner"]:
            qs = qs.owned_by(data["owner"])
        if data["area"]:
            qs = qs.in_area(data["area"])
        if data["overdue"]:
            qs = qs.overdue()
        if data["mine"]:
            qs = qs.mine(user)
        return qs
