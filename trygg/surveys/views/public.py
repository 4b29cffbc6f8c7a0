"""Pupils' pages at /enkat/: enter a code, answer (one question per screen or all at once), submit.

Nothing is written to the survey tables before submit: answers live in the pupil's session, which is
emptied at submit. No IP address, user agent or time is stored with a response.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from .. import services
from ..answers import AnswerSet, QuestionForm
from ..forms import CodeEntryForm
from ..models import School, Survey

SESSION_KEY = "trygg_survey"
CODE_RATE = "10/15m"
PUPIL_SESSION_SECONDS = 2 * 60 * 60


def _state(request: HttpRequest) -> dict[str, Any] | None:
    state = request.session.get(SESSION_KEY)
    return state if isinstance(state, dict) else None


def _save(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = state
    request.session.modified = True


def _context(request: HttpRequest) -> tuple[dict[str, Any], Survey, AnswerSet, School] | None:
    state = _state(request)
    if state is None:
        return None
    survey = Survey.objects.filter(pk=state["survey"]).first()
    school = School.objects.select_related("organisation").filter(pk=state["school"]).first()
    if survey is None or school is None or not survey.is_accepting:
        request.session.pop(SESSION_KEY, None)
        return None
    return state, survey, AnswerSet(survey), school


def _school_point(school: School) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [school.lon, school.lat]},
        "properties": {"label": str(school), "color": "#1f6fa8"}}]}


def code_entry(request: HttpRequest) -> HttpResponse:
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST":
        limited = is_ratelimited(request, group="surveys:code", key="ip", rate=CODE_RATE, method="POST",
                                 increment=True)
        if limited:
            form.is_valid()
            form.add_error("code", _("För många försök. Vänta en stund och försök igen."))
            return render(request, "surveys/public/code.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                code = services.code_lookup(code=form.cleaned_data["code"])
            except services.CodeUnavailableError:
                form.add_error("code", _("Koden fungerar inte. Kontrollera att du skrivit rätt, "
                                         "eller fråga din lärare om en ny kod."))
            else:
                request.session.cycle_key()
                request.session.set_expiry(PUPIL_SESSION_SECONDS)
                _save(request, {"survey": code.survey_id, "code_hash": code.code_hash,
                                "school": code.school_class.school_id, "answers": {},
                                "easy": form.cleaned_data["easy"], "step": form.cleaned_data["one_per_screen"]})
                return redirect("surveys_public:answer")
    return render(request, "surveys/public/code.html", {"form": form})


def answer(request: HttpRequest) -> HttpResponse:
    """All questions on one page, or the first unanswered question in one-question-per-screen mode."""
    ctx = _context(request)
    if ctx is None:
        return redirect("surveys_public:code")
    state, survey, answer_set, school = ctx
    visible = answer_set.visible(state["answers"])
    if state.get("step"):
        first_open = next((i for i, q in enumerate(visible, 1) if q.code not in state["answers"]), len(visible))
        return redirect("surveys_public:step", number=first_open)
    forms = []
    valid = True
    for question in visible:
        stored = state["answers"].get(question.code)
        form = QuestionForm(request.POST if request.method == "POST" else None, question=question,
                            easy=state["easy"], school=school, prefix=question.code,
                            initial=QuestionForm.initial_from(stored, question))
        if request.method == "POST":
            if form.is_valid():
                state["answers"][question.code] = form.stored()
            else:
                valid = False
        forms.append(form)
    if request.method == "POST":
        _save(request, state)
        if valid and len(answer_set.visible(state["answers"])) == len(visible):
            return redirect("surveys_public:review")
        if valid:  # a follow-up question appeared (e.g. "Var?" after "Ja")
            return redirect(reverse("surveys_public:answer") + "?ny=1")
    return render(request, "surveys/public/all.html", {"survey": survey, "forms": forms, "state": state,
                                                       "school_point": _school_point(school),
                                                       "follow_up": request.GET.get("ny") == "1"})


def step(request: HttpRequest, number: int) -> HttpResponse:
    ctx = _context(request)
    if ctx is None:
        return redirect("surveys_public:code")
    state, survey, answer_set, school = ctx
    visible = answer_set.visible(state["answers"])
    if not 1 <= number <= len(visible):
        return redirect("surveys_public:answer")
    question = visible[number - 1]
    stored = state["answers"].get(question.code)
    form = QuestionForm(request.POST if request.method == "POST" else None, question=question, easy=state["easy"],
                        school=school, initial=QuestionForm.initial_from(stored, question))
    if request.method == "POST":
        if request.POST.get("go") == "back":
            return redirect("surveys_public:step", number=max(number - 1, 1))
        if form.is_valid():
            state["answers"][question.code] = form.stored()
            _save(request, state)
            visible = answer_set.visible(state["answers"])
            if number < len(visible):
                return redirect("surveys_public:step", number=number + 1)
            return redirect("surveys_public:review")
    return render(request, "surveys/public/step.html", {
        "survey": survey, "form": form, "question": question, "number": number, "total": len(visible),
        "state": state, "school_point": _school_point(school), "percent": round(100 * (number - 1) / len(visible)),
    })


@require_POST
def settings_toggle(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state is None:
        return redirect("surveys_public:code")
    if request.POST.get("setting") in ("easy", "step"):
        key = request.POST["setting"]
        state[key] = not state.get(key)
        _save(request, state)
    return redirect("surveys_public:answer")


def review(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    if ctx is None:
        return redirect("surveys_public:code")
    state, survey, answer_set, _school = ctx
    visible = answer_set.visible(state["answers"])
    missing = [i for i, q in enumerate(visible, 1) if q.code not in state["answers"] and q.kind != "text"]
    error = ""
    if request.method == "POST" and not missing:
        try:
            services.response_submit(code_hash=state["code_hash"], answers=state["answers"])
        except services.CodeUnavailableError:
            error = _("Koden har redan använts eller enkäten har stängt. Dina svar skickades inte.")
        except ValidationError:
            error = _("Några svar behöver ses över innan du skickar.")
        else:
            request.session.pop(SESSION_KEY, None)
            request.session.cycle_key()
            return redirect("surveys_public:thanks")
    return render(request, "surveys/public/review.html", {
        "survey": survey, "state": state, "answered": len(visible) - len(missing), "total": len(visible),
        "missing": missing, "error": error})


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/thanks.html")


@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("surveys_public:code")
