"""Organisation forms: survey set-up, schools, classes, code sheets. Pupil forms live in answers.py."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Organisation, OrganisationKind
from trygg.areas.models import Area

from .labels import grade_label_lazy
from .models import CodeKind, Question, School, SchoolClass

GRADE_CHOICES = [(g, grade_label_lazy(g)) for g in range(1, 13)]


class DateInput(forms.DateInput):
    input_type = "date"


class SurveyForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=150)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    grades = forms.TypedMultipleChoiceField(label=_("Årskurser"), choices=GRADE_CHOICES, coerce=int,
                                            widget=forms.CheckboxSelectMultiple, initial=[5, 8])
    schools = forms.ModelMultipleChoiceField(label=_("Skolor"), queryset=School.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    opens_on = forms.DateField(label=_("Öppnar"), widget=DateInput)
    closes_on = forms.DateField(label=_("Stänger"), widget=DateInput)
    min_group_size = forms.IntegerField(label=_("Minsta gruppstorlek (k)"), min_value=3, max_value=50, initial=5,
                                        help_text=_("Grupper med färre svar visas som ”–” (för få svar)."))
    questions = forms.ModelMultipleChoiceField(label=_("Frågor"), queryset=Question.objects.none(),
                                               widget=forms.CheckboxSelectMultiple, required=False,
                                               help_text=_("Alla frågor i frågebanken är valda från början."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["schools"]).queryset = School.objects.select_related(
            "organisation")
        questions = Question.objects.filter(is_active=True)
        question_field = cast(forms.ModelMultipleChoiceField, self.fields["questions"])
        question_field.queryset = questions
        question_field.initial = list(questions)
        question_field.label_from_instance = lambda q: q.text_for()  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Slutdatum kan inte vara före startdatum."))
        chosen = data.get("questions")
        if chosen is not None and not chosen:
            self.add_error("questions", _("Välj minst en fråga."))
        if chosen:
            missing = {q.condition for q in chosen if q.condition_id} - set(chosen)
            if missing:
                self.add_error("questions", _("En följdfråga kräver att frågan den hänger på också är vald."))
        return data


class SchoolForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Skola (aktör)"), queryset=Organisation.objects.none())
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all())
    lat = forms.FloatField(label=_("Latitud"), min_value=55, max_value=70,
                           help_text=_("Klicka på kartan eller skriv in koordinaten."))
    lon = forms.FloatField(label=_("Longitud"), min_value=10, max_value=25)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.filter(
            kind=OrganisationKind.SKOLA, is_active=True, school__isnull=True)


class SchoolClassForm(forms.Form):
    name = forms.CharField(label=_("Klass"), max_length=20, help_text=_("Till exempel 5A."))
    grade = forms.TypedChoiceField(label=_("Årskurs"), choices=GRADE_CHOICES, coerce=int)
    pupil_count = forms.IntegerField(label=_("Antal elever"), min_value=1, max_value=60)


def _class_label(school_class: SchoolClass) -> str:
    return f"{school_class.school} – {school_class.name} ({school_class.pupil_count})"


class CodesForm(forms.Form):
    school_class = forms.ModelChoiceField(label=_("Klass"), queryset=SchoolClass.objects.none())
    kind = forms.ChoiceField(label=_("Typ av kod"), choices=CodeKind.choices, initial=CodeKind.PUPIL,
                             widget=forms.RadioSelect)
    output = forms.ChoiceField(label=_("Utskrift"), widget=forms.RadioSelect, initial="html", choices=[
        ("html", _("Utskriftssida i webbläsaren")), ("pdf", _("PDF med en klipplapp per kod"))])

    def __init__(self, *args: Any, classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        class_field = cast(forms.ModelChoiceField, self.fields["school_class"])
        class_field.queryset = classes
        class_field.label_from_instance = _class_label  # type: ignore[method-assign,assignment]


class CodeEntryForm(forms.Form):
    code = forms.CharField(label=_("Din kod"), max_length=20, help_text=_("Koden står på lappen du fått, "
                           "till exempel ABCDE-23456."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))
    easy = forms.BooleanField(label=_("Lättläst: enklare frågor"), required=False)
    one_per_screen = forms.BooleanField(label=_("En fråga i taget"), required=False, initial=True)
