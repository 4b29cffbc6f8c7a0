"""Headline figures for other apps' pages (area page, steering group, meeting attachments)."""

from __future__ import annotations

from typing import Any

from ..models import Question, Survey, SurveyStatus
from .results import SurveyResults

HEADLINE_QUESTIONS = ("trygg-skolan", "trygg-skolvag", "krankt-elever", "otrygga-platser")


def latest_survey(*, schools: Any = None, year: int | None = None) -> Survey | None:
    surveys = Survey.objects.exclude(status=SurveyStatus.DRAFT)
    if schools is not None:
        surveys = surveys.filter(schools__in=schools).distinct()
    if year is not None:
        surveys = surveys.filter(year__lte=year)
    return surveys.order_by("-year", "-opens_on").first()


def headline_figures(results: SurveyResults, key: Any) -> list[dict[str, Any]]:
    questions = {q.code: q for q in Question.objects.filter(code__in=HEADLINE_QUESTIONS)
                 .prefetch_related("scale__options")}
    out = []
    for code in HEADLINE_QUESTIONS:
        question = questions.get(code)
        if question is None or not results.survey.questions.filter(pk=question.pk).exists():
            continue
        group = next((g for g in results.question_groups(question, include_all=True) if g.key == key), None)
        out.append({"code": code, "question": question.text_for(), "label": question.headline,
                    "share": group.share if group is not None else None})
    return out


def survey_summary(*, survey: Survey, key: Any = ("total",), schools: Any = None) -> dict[str, Any]:
    results = SurveyResults(survey, schools=schools)
    published = key in results.published
    return {
        "survey": survey, "year": survey.year, "k": results.k, "preliminary": results.is_preliminary,
        "response_rate": results.total_rate(),
        "respondents": results.tree.counts.get(key) if published else None,
        "headlines": headline_figures(results, key) if published else [],
    }


def area_summary(*, area: Any, year: int) -> dict[str, Any] | None:
    """The latest survey (of `year` or earlier) for the schools in `area`, with figures for the area group.
    Figures for groups under the survey's k (or secondarily suppressed) are None. None if there is no survey."""
    from ..models import School

    schools = School.objects.filter(area=area)
    survey = latest_survey(schools=schools, year=year)
    if survey is None:
        return None
    summary = survey_summary(survey=survey, key=("area", area.pk), schools=schools.filter(surveys=survey))
    summary["schools"] = [str(s) for s in schools.filter(surveys=survey).select_related("organisation")]
    return summary
