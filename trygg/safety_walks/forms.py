"""Forms for planning, walking and converting. They parse input; the services validate and write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation, User
from trygg.areas.models import Area

from .checklist import ChecklistItem
from .models import MAX_PARTICIPANTS, AgeBand, FindingKind, WalkKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _local_dt(required: bool, label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, input_formats=DATETIME_FORMATS,
                               widget=DateTimeLocalInput(), help_text=help_text)


class OrganiserChoiceField(forms.ModelMultipleChoiceField):
    """People are told apart by their organisation (two colleagues may share a name)."""

    def label_from_instance(self, obj: Any) -> str:
        organisations = sorted({m.organisation.name for m in obj.memberships.all()})
        name = obj.get_full_name() or obj.username
        return f"{name} ({', '.join(organisations)})" if organisations else name


class WalkPlanForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=150)
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all(), empty_label=_("Välj område"))
    kind = forms.ChoiceField(label=_("Typ av vandring"), choices=WalkKind.choices)
    premeeting_at = _local_dt(False, _("Förmöte"), _("Genomgång av trygghet och planering av slingan."))
    walk_at = _local_dt(True, _("Vandring"), _("Gärna när det är mörkt."))
    followup_at = _local_dt(False, _("Uppföljande möte"), _("Ansvariga berättar vad de gör, ofta 2–3 veckor senare."))
    meeting_place = forms.CharField(label=_("Samlingsplats"), max_length=200, required=False)
    route = forms.CharField(label=_("Slinga (GeoJSON)"), required=False, widget=forms.HiddenInput)
    organisers = OrganiserChoiceField(
        label=_("Arrangörer"), required=False,
        queryset=User.objects.filter(is_active=True, memberships__isnull=False).distinct().order_by(
            "first_name", "last_name").prefetch_related("memberships__organisation"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Du blir själv arrangör. Håll ner Ctrl (eller Cmd) för att välja flera."),
    )
    invited_organisations = forms.ModelMultipleChoiceField(
        label=_("Inbjudna aktörer"), required=False, queryset=Organisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    invited_groups = forms.CharField(label=_("Inbjudna grupper"), max_length=300, required=False,
                                     help_text=_("Till exempel ungdomar, seniorer, klass 6B. Inga namn."))
    max_participants = forms.IntegerField(label=_("Högsta antal deltagare"), min_value=1,
                                          max_value=MAX_PARTICIPANTS, initial=MAX_PARTICIPANTS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for band in AgeBand:
            self.fields[f"count_{band.value}"] = forms.IntegerField(
                label=band.label, required=False, min_value=0, max_value=200,
            )

    def band_fields(self) -> list[Any]:
        return [self[f"count_{band.value}"] for band in AgeBand]

    def clean_route(self) -> Any:
        raw = self.cleaned_data.get("route") or ""
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("Slingan kunde inte läsas. Rita den igen.")) from exc

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        counts = {band.value: data.get(f"count_{band.value}") for band in AgeBand}
        return {
            "title": data["title"], "area": data["area"], "kind": data["kind"],
            "premeeting_at": data.get("premeeting_at"), "walk_at": data["walk_at"],
            "followup_at": data.get("followup_at"), "meeting_place": data.get("meeting_place", ""),
            "route": data.get("route"), "invited_groups": data.get("invited_groups", ""),
            "max_participants": data["max_participants"],
            "participant_counts": {k: v for k, v in counts.items() if v is not None},
        }

    @classmethod
    def initial_for(cls, walk: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": walk.title, "area": walk.area_id, "kind": walk.kind, "meeting_place": walk.meeting_place,
            "route": json.dumps(walk.route) if walk.route else "", "invited_groups": walk.invited_groups,
            "max_participants": walk.max_participants, "organisers": list(walk.organisers.all()),
            "invited_organisations": list(walk.invited_organisations.all()),
        }
        for name in ("premeeting_at", "walk_at", "followup_at"):
            value = getattr(walk, name)
            initial[name] = timezone.localtime(value) if value else None
        for band, count in (walk.participant_counts or {}).items():
            initial[f"count_{band}"] = count
        return initial


class FindingForm(forms.Form):
    """Rendered on the walk page; walks.js sends the same fields (queued offline) to the sync endpoint."""

    kind = forms.ChoiceField(label=_("Bra eller problem"), choices=FindingKind.choices, widget=forms.RadioSelect,
                             initial=FindingKind.PROBLEM)
    checklist_item = forms.TypedChoiceField(label=_("Punkt i checklistan"), coerce=int,
                                            choices=[("", _("Välj punkt")), *ChecklistItem.choices])
    lat = forms.FloatField(label=_("Latitud"), widget=forms.HiddenInput)
    lon = forms.FloatField(label=_("Longitud"), widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Kommentar"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    proposed_action = forms.CharField(label=_("Förslag till åtgärd"), required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(label=_("Foto (valfritt)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png",
                                                                   "capture": "environment"}))


PLACE_ERRORS = {"required": _("Välj en plats på kartan."), "invalid": _("Välj en plats på kartan.")}


class FindingEditForm(forms.Form):
    """Correct a synced finding (finding_update). The place uses the same map picker as recording."""

    checklist_item = forms.TypedChoiceField(label=_("Punkt i checklistan"), coerce=int,
                                            choices=[("", _("Välj punkt")), *ChecklistItem.choices])
    lat = forms.FloatField(label=_("Latitud"), widget=forms.HiddenInput, error_messages=PLACE_ERRORS)
    lon = forms.FloatField(label=_("Longitud"), widget=forms.HiddenInput, error_messages=PLACE_ERRORS)
    comment = forms.CharField(label=_("Kommentar"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    proposed_action = forms.CharField(label=_("Förslag till åtgärd"), required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    # No capture attribute: a phone offers both the camera and the photo library.
    photo = forms.FileField(label=_("Nytt foto (valfritt)"), required=False,
                            help_text=_("JPEG eller PNG. Ersätter ett tidigare foto. Platsuppgifter och annan "
                                        "metadata tas bort ur bilden."),
                            widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}))
    remove_photo = forms.BooleanField(label=_("Ta bort det nuvarande fotot"), required=False)
    back = forms.ChoiceField(choices=[("protocol", "protocol"), ("walk", "walk")], required=False,
                             widget=forms.HiddenInput)

    # The service names the place "point"; the form shows it with the map (lat).
    SERVICE_FIELDS = {"point": "lat"}

    @classmethod
    def initial_for(cls, finding: Any, back: str = "") -> dict[str, Any]:
        return {"checklist_item": finding.checklist_item, "lat": finding.lat, "lon": finding.lon,
                "comment": finding.comment, "proposed_action": finding.proposed_action,
                "back": back if back in ("protocol", "walk") else "protocol"}

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"checklist_item": data["checklist_item"], "lat": data["lat"], "lon": data["lon"],
                "comment": data.get("comment", ""), "proposed_action": data.get("proposed_action", ""),
                "photo": data.get("photo"), "remove_photo": bool(data.get("remove_photo"))}


class ReportConversionForm(forms.Form):
    responsible_organisation = forms.ModelChoiceField(
        label=_("Ansvarig aktör"), required=False, queryset=Organisation.objects.filter(is_active=True),
        empty_label=_("Enligt routingen för kategorin"),
    )


class InterventionConversionForm(forms.Form):
    title = forms.CharField(label=_("Rubrik för insatsen"), max_length=200, required=False)
    owner = forms.ModelChoiceField(label=_("Ägande aktör"), queryset=Organisation.objects.filter(is_active=True),
                                   empty_label=_("Välj aktör"))
    due_date = forms.DateField(label=_("Klart senast"), widget=forms.DateInput(attrs={"type": "date"}))


class RepeatForm(forms.Form):
    walk_at = _local_dt(True, _("Ny vandring"))
