"""Questions as forms, conditions, validation and the answer rows of a submission.

Answers travel in the pupil's session as {question code: {"v": [values], "lat", "lon", "t"}} until submit.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.geo import coarsen, distance_metres, is_valid_coordinate

from .models import DECLINED, Answer, Question, QuestionKind, Response, Survey, TextStatus

PLACE_RADIUS_METRES = 1500  # a map pick must lie in the school's surroundings
PLACE_GRID_METRES = 25  # picked points are stored snapped to a 25 m grid (data minimisation)
TEXT_MAX = 1000
DECLINE_LABEL = gettext_lazy("Vill inte svara")


def exclusive_values(question: Question) -> set[int]:
    """Options that cannot be combined with others: "Vill inte svara", and "Nej" (value 1) in yes/no-where lists."""
    return {DECLINED, 1} if question.kind == QuestionKind.MULTI else {DECLINED}


class QuestionForm(forms.Form):
    """One question: `answer` (radio or checkboxes with "Vill inte svara"), `lat`/`lon` for a map pick,
    or `text` for free text."""

    def __init__(self, *args: Any, question: Question, easy: bool = False, school: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question, self.school = question, school
        label = question.text_for(easy=easy)
        if question.kind == QuestionKind.TEXT:
            self.fields["text"] = forms.CharField(label=label, required=False, max_length=TEXT_MAX,
                                                  widget=forms.Textarea(attrs={"rows": 5}),
                                                  help_text=_("Frivilligt. Högst %(n)s tecken.") % {"n": TEXT_MAX})
            return
        choices = [(str(o.value), o.label) for o in question.options()]
        choices.append((str(DECLINED), str(DECLINE_LABEL)))
        error = {"required": _("Välj ett svar eller ”Vill inte svara”.")}
        if question.kind == QuestionKind.SINGLE:
            self.fields["answer"] = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                                                      error_messages=error)
        else:
            self.fields["answer"] = forms.MultipleChoiceField(label=label, choices=choices,
                                                              widget=forms.CheckboxSelectMultiple,
                                                              error_messages=error)
        if question.kind == QuestionKind.PLACE:
            self.fields["lat"] = forms.FloatField(required=False, widget=forms.HiddenInput)
            self.fields["lon"] = forms.FloatField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = data.get("answer")
        if isinstance(values, list) and len(values) > 1 and {int(v) for v in values} & exclusive_values(self.question):
            self.add_error("answer", _("”Vill inte svara” och ”Nej” kan inte kombineras med andra svar."))
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) or (lat is not None and not is_valid_coordinate(lat, lon)):
            self.add_error("answer", _("Platsen på kartan är ogiltig. Välj den igen eller ta bort den."))
        elif lat is not None and lon is not None and self.school is not None and \
                distance_metres(lat, lon, self.school.lat, self.school.lon) > PLACE_RADIUS_METRES:
            self.add_error("answer", _("Välj en plats i närheten av skolan."))
        return data

    def stored(self) -> dict[str, Any]:
        """The cleaned answer in the session format."""
        data = self.cleaned_data
        if self.question.kind == QuestionKind.TEXT:
            return {"v": [], "t": data.get("text", "").strip()}
        raw = data["answer"]
        values = sorted({int(v) for v in (raw if isinstance(raw, list) else [raw])})
        out: dict[str, Any] = {"v": values}
        if data.get("lat") is not None and DECLINED not in values:
            out["lat"], out["lon"] = data["lat"], data["lon"]
        return out

    @staticmethod
    def initial_from(stored: dict[str, Any] | None, question: Question) -> dict[str, Any]:
        if not stored:
            return {}
        if question.kind == QuestionKind.TEXT:
            return {"text": stored.get("t", "")}
        values = [str(v) for v in stored.get("v", [])]
        initial: dict[str, Any] = {"answer": values if question.kind != QuestionKind.SINGLE else
                                   (values[0] if values else None)}
        if "lat" in stored:
            initial.update(lat=stored["lat"], lon=stored["lon"])
        return initial


class AnswerSet:
    """The survey's questions in order, with conditions applied to a set of stored answers."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.questions = list(survey.questions.filter(is_active=True).select_related("scale", "condition")
                              .prefetch_related("scale__options").order_by("order", "code"))

    def visible(self, answers: dict[str, Any]) -> list[Question]:
        shown: list[Question] = []
        for question in self.questions:
            if question.condition is not None:
                given = set(answers.get(question.condition.code, {}).get("v", []))
                if not given & set(question.condition_values):
                    continue
            shown.append(question)
        return shown

    def clean_all(self, answers: Any, school: Any = None) -> dict[str, dict[str, Any]]:
        """Re-validate every visible answer; a required one missing is an error. Hidden answers are dropped."""
        if not isinstance(answers, dict):
            raise ValidationError(_("Svaren saknas."))
        cleaned: dict[str, dict[str, Any]] = {}
        for question in self.visible(answers):
            stored = answers.get(question.code)
            if not isinstance(stored, dict):
                if question.kind == QuestionKind.TEXT:
                    continue
                raise ValidationError(_("Fråga ”%(q)s” är inte besvarad.") % {"q": question.text_sv})
            data = {k: v for k, v in QuestionForm.initial_from(stored, question).items() if v is not None}
            form = QuestionForm(data=_as_post(data), question=question, school=school)
            if not form.is_valid():
                raise ValidationError(_("Fråga ”%(q)s” har ett ogiltigt svar.") % {"q": question.text_sv})
            cleaned[question.code] = form.stored()
            # conditions may hinge on cleaned values
            answers = {**answers, question.code: cleaned[question.code]}
        return cleaned

    def to_rows(self, response: Response, cleaned: dict[str, dict[str, Any]]) -> list[Answer]:
        by_code = {q.code: q for q in self.questions}
        rows: list[Answer] = []
        for code, stored in cleaned.items():
            question = by_code[code]
            if question.kind == QuestionKind.TEXT:
                if stored.get("t"):
                    rows.append(Answer(response=response, question=question, text=stored["t"],
                                       text_status=TextStatus.PENDING))
                continue
            rows.extend(Answer(response=response, question=question, value=v) for v in stored["v"])
            if "lat" in stored:
                lat, lon = coarsen(stored["lat"], stored["lon"], PLACE_GRID_METRES)
                rows.append(Answer(response=response, question=question, lat=lat, lon=lon))
        return rows


def _as_post(data: dict[str, Any]) -> Any:
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            post.setlist(key, [str(v) for v in value])
        else:
            post[key] = str(value)
    return post
