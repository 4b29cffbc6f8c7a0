"""Results, exports and free-text moderation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import require
from trygg.core.audit import audit
from trygg.core.exports import csv_response, xlsx_response
from trygg.core.models import AuditAction

from .. import services
from ..charts import bar_chart
from ..models import Answer, QuestionKind, School, Survey, TextStatus
from ..permissions import can_moderate_texts, can_use_surveys
from ..selectors import SurveyResults, previous_survey, year_comparison
from ..selectors.results import pending_texts

SUPPRESSED = "–"


def _results_for(request: HttpRequest, pk: int) -> tuple[Survey, SurveyResults]:
    survey = get_object_or_404(Survey.objects.visible_to(request.user), pk=pk)
    schools = School.objects.visible_to(request.user).filter(surveys=survey)
    return survey, SurveyResults(survey, schools=schools)


@require(can_use_surveys)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey, current = _results_for(request, pk)
    questions = [q for q in survey.questions.select_related("scale").prefetch_related("scale__options")
                 .order_by("order") if q.kind != QuestionKind.TEXT]
    if not questions:
        raise Http404
    question = next((q for q in questions if q.code == request.GET.get("q")), questions[0])
    before = previous_survey(survey)
    previous = SurveyResults(before, schools=current.schools) if before is not None else None
    pairs = year_comparison(current, previous, question)
    groups = [now for now, _before in pairs]
    chart = bar_chart([(g.label, g.share, g.depth) for g in groups]) if question.headline_values else None
    return render(request, "surveys/results.html", {
        "survey": survey, "results": current, "question": question, "questions": questions, "groups": groups,
        "pairs": pairs, "previous": before, "chart": chart, "total_rate": current.total_rate(),
        "options": question.options(),
        "texts": current.approved_texts(), "suppressed": SUPPRESSED,
    })


def _export_rows(survey: Survey, current: SurveyResults) -> tuple[list[str], list[list[Any]]]:
    header = [_("Fråga"), _("Nivå"), _("Grupp"), _("Antal svarande"), _("Nyckeltal"), _("Andel (%)")]
    rows: list[list[Any]] = []
    for question in survey.questions.exclude(kind=QuestionKind.TEXT).order_by("order").prefetch_related(
            "scale__options"):
        for group in current.question_groups(question):
            rows.append([question.text_for(), group.level, group.label,
                         group.n if group.published else SUPPRESSED, question.headline,
                         group.share if group.share is not None else SUPPRESSED])
    return header, rows


@require(can_use_surveys)
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey, current = _results_for(request, pk)
    header, rows = _export_rows(survey, current)
    audit(action=AuditAction.EXPORT, actor=request.user, obj=survey, request=request, format=fmt,
          rows=len(rows))
    name = f"elevenkat-{survey.year}-{survey.pk}"
    if fmt == "csv":
        return csv_response(name, header, rows)
    return xlsx_response(name, {_("Resultat"): (header, rows)})


@require(can_moderate_texts)
def texts(request: HttpRequest) -> HttpResponse:
    pending = pending_texts(Survey.objects.visible_to(request.user))[:50]
    return render(request, "surveys/texts.html", {"pending": pending})


@require_POST
@require(can_moderate_texts)
def text_decide(request: HttpRequest, pk: str) -> HttpResponse:
    answer = get_object_or_404(Answer.objects.filter(
        response__survey__in=Survey.objects.visible_to(request.user), text_status=TextStatus.PENDING), pk=pk)
    try:
        services.text_moderate(answer=answer, approve=request.POST.get("decision") == "approve", by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Svaret är granskat."))
    return redirect("surveys:texts")
