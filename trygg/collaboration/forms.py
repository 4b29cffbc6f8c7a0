"""Forms: input parsing only; the services validate the rules and write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation, User
from trygg.areas.models import Area

from .models import MeetingKind, MinutesVisibility, Network, Rsvp

if TYPE_CHECKING:
    from trygg.incidents.models import Category

    from .models import Agreement, Decision, FocusProblem


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class TimeInput(forms.TimeInput):
    input_type = "time"


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Mötestyp"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Börjar"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Slutar"), widget=DateTimeInput, required=False)
    place = forms.CharField(label=_("Plats"), max_length=200)
    chair = forms.ModelChoiceField(label=_("Ordförande"), queryset=User.objects.filter(is_active=True),
                                   required=False)
    secretary = forms.ModelChoiceField(label=_("Sekreterare"), queryset=User.objects.filter(is_active=True),
                                       required=False)
    network = forms.ModelChoiceField(label=_("Nätverk (för nätverksmöten)"), queryset=Network.objects.all(),
                                     required=False)


class InviteForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Aktörer att bjuda in"), queryset=Organisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple)


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(label=_("Svar"), choices=[(Rsvp.ATTEND, Rsvp.ATTEND.label),
                                                         (Rsvp.DECLINE, Rsvp.DECLINE.label)],
                               widget=forms.RadioSelect)
    attendees = forms.IntegerField(label=_("Antal deltagare"), min_value=0, max_value=50, initial=1)


class ContributionForm(forms.Form):
    what_we_do = forms.CharField(label=_("Vad vi gör"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    can_contribute = forms.CharField(label=_("Vad vi kan bidra med"), max_length=4000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))


class AgendaItemForm(forms.Form):
    order = forms.IntegerField(label=_("Ordning"), min_value=1, max_value=99)
    title = forms.CharField(label=_("Punkt"), max_length=200)
    presenter = forms.ModelChoiceField(label=_("Föredragande aktör"), queryset=Organisation.objects.all(),
                                       required=False)
    starts_at = forms.TimeField(label=_("Från"), widget=TimeInput, required=False)
    ends_at = forms.TimeField(label=_("Till"), widget=TimeInput, required=False)


class GroupNoteForm(forms.Form):
    theme = forms.CharField(label=_("Grupp eller tema"), max_length=150)
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all(), required=False)
    notes = forms.CharField(label=_("Anteckningar"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Beslut"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Ansvarig aktör"), queryset=Organisation.objects.filter(is_active=True))
    due_date = forms.DateField(label=_("Klart senast"), widget=DateInput)
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all(), required=False)

    def __init__(self, *args: Any, decision: Decision | None = None, **kwargs: Any) -> None:
        """With a decision: its values are the initial ones (its organisation stays a choice even if it is no
        longer active); once it is an insats only the text can be changed here."""
        if decision is not None:
            kwargs.setdefault("initial", {"text": decision.text, "owner": decision.owner_id,
                                          "due_date": decision.due_date, "area": decision.area_id})
        super().__init__(*args, **kwargs)
        if decision is not None:
            owner = cast("forms.ModelChoiceField[Organisation]", self.fields["owner"])
            owner.queryset = Organisation.objects.filter(Q(is_active=True) | Q(pk=decision.owner_id))
            if decision.intervention_id is not None:
                for name in ("owner", "due_date", "area"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Ändras på insatsen.")


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Protokoll"), max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))
    visibility = forms.ChoiceField(label=_("Vem får läsa protokollet när det publiceras?"),
                                   choices=MinutesVisibility.choices, widget=forms.RadioSelect)


class GoalFollowUpForm(forms.Form):
    value = forms.DecimalField(label=_("Värde"), max_digits=12, decimal_places=2)
    measured_on = forms.DateField(label=_("Mätdatum"), widget=DateInput)


class LinkInterventionForm(forms.Form):
    """An intervention by its number; only one the user may see (cleaned_data holds the Intervention)."""

    intervention = forms.IntegerField(label=_("Insatsens nummer"), min_value=1)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_intervention(self) -> Any:
        from trygg.interventions.models import Intervention

        found = Intervention.objects.visible_to(self.user).filter(pk=self.cleaned_data["intervention"]).first()
        if found is None:
            raise forms.ValidationError(_("Det finns ingen insats med det numret."))
        return found


class ProgressForm(forms.Form):
    on_date = forms.DateField(label=_("Datum"), widget=DateInput)
    increment = forms.IntegerField(label=_("Antal genomförda"), min_value=1, max_value=10000)
    note = forms.CharField(label=_("Kommentar"), max_length=300, required=False)


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("Uppföljning till invånarna"), max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 5}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    file = forms.FileField(label=_("Fil (PDF, DOCX, XLSX eller ODT)"))


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    parties = forms.ModelMultipleChoiceField(label=_("Parter"), queryset=Organisation.objects.filter(is_active=True),
                                             widget=forms.CheckboxSelectMultiple)
    period_start = forms.DateField(label=_("Gäller från"), widget=DateInput)
    period_end = forms.DateField(label=_("Gäller till"), widget=DateInput)
    documentation_method = forms.CharField(label=_("Hur arbetet dokumenteras"), max_length=4000, required=False,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_method = forms.CharField(label=_("Hur uppföljningen görs"), max_length=4000, required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=150)
    role = forms.CharField(label=_("Roll (t.ex. lokalpolisområdeschef)"), max_length=150)
    signed_on = forms.DateField(label=_("Undertecknat"), widget=DateInput, required=False)


class FocusProblemForm(forms.Form):
    title = forms.CharField(label=_("Problem i fokus"), max_length=200)
    likely_causes = forms.CharField(label=_("Troliga orsaker"), max_length=4000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(forms.Form):
    indicator = forms.CharField(label=_("Indikator"), max_length=200)
    problem: forms.ModelChoiceField[FocusProblem] = forms.ModelChoiceField(label=_("Fokusproblem"), queryset=None,
                                                                           required=False)
    baseline = forms.DecimalField(label=_("Utgångsvärde"), max_digits=12, decimal_places=2)
    target = forms.DecimalField(label=_("Målvärde"), max_digits=12, decimal_places=2)
    how_measured = forms.CharField(label=_("Hur det mäts"), max_length=2000, required=False)
    category: forms.ModelChoiceField[Category] = forms.ModelChoiceField(
        label=_("Kategori (värdet räknas då ur observationer)"), queryset=None, required=False)
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all(), required=False)

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        from trygg.incidents.models import Category

        from .models import FocusProblem

        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[FocusProblem]", self.fields["problem"]).queryset = FocusProblem.objects.filter(
            agreement=agreement)
        cast("forms.ModelChoiceField[Category]", self.fields["category"]).queryset = Category.objects.all()


class PromiseForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all())
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    problem = forms.CharField(label=_("Problem"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    agreement: forms.ModelChoiceField[Agreement] = forms.ModelChoiceField(
        label=_("Samverkansöverenskommelse"), queryset=None, required=False)
    dialogue_input = forms.CharField(label=_("Vad invånarna sa i dialogen"), max_length=4000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    picture_summary = forms.CharField(label=_("Lägesbild"), max_length=4000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import Agreement

        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Agreement]", self.fields["agreement"]).queryset = Agreement.objects.all()


class ActivityForm(forms.Form):
    text = forms.CharField(label=_("Aktivitet (t.ex. fotpatrullering)"), max_length=200)
    owner = forms.ChoiceField(label=_("Ansvar"), choices=[("kommun", _("Kommunen")), ("polis", _("Polisen")),
                                                          ("both", _("Kommunen och polisen"))])
    target_count = forms.IntegerField(label=_("Mål (antal)"), min_value=1, max_value=100000)


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=150)
    slug = forms.SlugField(label=_("Kortnamn i adressen"), max_length=60)
    description = forms.CharField(label=_("Beskrivning"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    members = forms.ModelMultipleChoiceField(label=_("Medlemmar"), queryset=Organisation.objects.filter(is_active=True),
                                             widget=forms.CheckboxSelectMultiple)
