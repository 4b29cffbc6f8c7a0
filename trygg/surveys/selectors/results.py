"""Results of a survey: response rates, suppressed group shares per question, year comparisons, free text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from ..labels import grade_label
from ..models import (
    DECLINED,
    AccessCode,
    Answer,
    Question,
    QuestionKind,
    Response,
    School,
    SchoolClass,
    Survey,
    SurveyStatus,
    TextStatus,
)
from .suppression import Key, Tree, build_tree, published_groups

PRELIMINARY_RATE = 0.5


@dataclass
class Group:
    key: Key
    level: str  # total, grade (all schools), area, school, cell
    label: str
    n: int
    published: bool
    depth: int
    share: int | None = None  # headline share in percent, None when suppressed
    options: list[int | None] = field(default_factory=list)


@dataclass
class RateRow:
    school: School
    grade: int | None
    expected: int
    consumed: int

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade) if self.grade is not None else ""

    @property
    def rate(self) -> int | None:
        return round(100 * self.consumed / self.expected) if self.expected else None


class SurveyResults:
    """Everything about one survey's results computed once per request; `schools` limits what is shown."""

    def __init__(self, survey: Survey, *, schools: Any = None) -> None:
        self.survey = survey
        self.k = survey.min_group_size
        self.all_schools = list(survey.schools.select_related("organisation", "area"))
        allowed = {s.pk for s in (schools if schools is not None else self.all_schools)}
        self.schools = [s for s in self.all_schools if s.pk in allowed]
        leaves = {(r["school_id"], r["grade"]): r["n"] for r in
                  Response.objects.filter(survey=survey).values("school_id", "grade").annotate(n=Count("id"))}
        self.tree: Tree = build_tree(leaves, {s.pk: s.area_id for s in self.all_schools},
                                     grades=survey.grades if len(survey.grades) > 1 else ())
        self.published = published_groups(self.tree, self.k)
        self._school = {s.pk: s for s in self.all_schools}
        self._area = {s.area_id: s.area for s in self.all_schools}

    # ---- response rates (counts of consumed codes, not answers: never suppressed) --------------
    def rates(self) -> list[RateRow]:
        expected = {(r["school_id"], r["grade"]): r["n"] for r in SchoolClass.objects.filter(
            school__in=self.schools, grade__in=self.survey.grades).values("school_id", "grade")
            .annotate(n=Sum("pupil_count"))}
        consumed = {(r["school_class__school_id"], r["school_class__grade"]): r["n"] for r in
                    AccessCode.objects.filter(survey=self.survey, school_class__school__in=self.schools)
                    .values("school_class__school_id", "school_class__grade").annotate(n=Sum("uses"))}
        rows = []
        for school in self.schools:
            grade_rows = [RateRow(school, g, expected.get((school.pk, g), 0), consumed.get((school.pk, g), 0))
                          for g in self.survey.grades]
            rows.append(RateRow(school, None, sum(r.expected for r in grade_rows), sum(r.consumed for r in grade_rows)))
            rows.extend(grade_rows)
        return rows

    def total_rate(self) -> int | None:
        school_rows = [r for r in self.rates() if r.grade is None]
        expected = sum(r.expected for r in school_rows)
        return round(100 * sum(r.consumed for r in school_rows) / expected) if expected else None

    @property
    def is_preliminary(self) -> bool:
        rate = self.total_rate()
        return self.survey.status != SurveyStatus.CLOSED or rate is None or rate < 100 * PRELIMINARY_RATE

    # ---- groups ------------------------------------------------------------------------------
    def groups(self, *, include_all: bool = False) -> list[Group]:
        """Groups in tree order; a school contact sees only their own school's groups (unless include_all,
        for callers that pick one already-checked aggregate such as an area)."""
        own = {s.pk for s in self.schools}
        everything = include_all or own == {s.pk for s in self.all_schools}
        out: list[Group] = []

        def add(key: Key, depth: int) -> None:
            out.append(Group(key, key[0], self.label(key), self.tree.counts[key], key in self.published, depth))

        def visit(key: Key, depth: int) -> None:
            if everything or (key[0] in ("school", "cell") and key[1] in own):
                add(key, depth)
            if key == self.tree.root and everything:  # all schools, one grade at a time
                for grade_key in self.tree.other_partitions.get(key, [[]])[0]:
                    add(grade_key, depth + 1)
            for child in self.tree.children.get(key, []):
                visit(child, depth + 1)

        visit(self.tree.root, 0)
        return out

    def label(self, key: Key) -> str:
        if key[0] == "total":
            return _("Alla skolor")
        if key[0] == "grade":
            return _("Alla skolor, %(grade)s") % {"grade": grade_label(key[1])}
        if key[0] == "area":
            return str(self._area[key[1]])
        if key[0] == "school":
            return str(self._school[key[1]])
        return f"{self._school[key[1]]}, {grade_label(key[2])}"

    def question_groups(self, question: Question, *, include_all: bool = False) -> list[Group]:
        """Groups with the headline share and the option shares (percent of those who answered)."""
        groups = self.groups(include_all=include_all)
        if question.kind == QuestionKind.TEXT:
            return groups
        base = Answer.objects.filter(question=question, response__survey=self.survey)
        per_cell = base.values("response__school_id", "response__grade")
        answered = _cells(per_cell.filter(value__gte=1).annotate(n=Count("response", distinct=True)))
        headline = _cells(per_cell.filter(value__in=question.headline_values or [0])
                          .annotate(n=Count("response", distinct=True)))
        option_counts: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
        for row in per_cell.filter(value__gte=1).values("response__school_id", "response__grade", "value") \
                .annotate(n=Count("response", distinct=True)):
            option_counts[int(row["value"] or 0)][(row["response__school_id"], row["response__grade"])] = row["n"]
        values = [o.value for o in question.options()]
        for group in groups:
            if not group.published:
                group.options = [None for _ in values]
                continue
            cells = self._cells_of(group.key)
            denominator = sum(answered.get(c, 0) for c in cells)
            if denominator < self.k:
                group.options = [None for _ in values]
                continue
            if question.headline_values:
                group.share = round(100 * sum(headline.get(c, 0) for c in cells) / denominator)
            group.options = [round(100 * sum(option_counts[v].get(c, 0) for c in cells) / denominator)
                             for v in values]
        return groups

    def _cells_of(self, key: Key) -> list[tuple[int, int]]:
        return [(cell[1], cell[2]) for cell in self.tree.cells(key)]

    def approved_texts(self) -> dict[str, list[str]]:
        """Moderated free text, only for published schools (never per grade)."""
        shown = [s for s in self.schools if ("school", s.pk) in self.published]
        by_school: dict[int, list[str]] = defaultdict(list)
        for school_id, text in Answer.objects.filter(
                response__survey=self.survey, response__school__in=shown, text_status=TextStatus.APPROVED
        ).values_list("response__school_id", "text"):
            by_school[school_id].append(text)
        return {str(s): sorted(by_school[s.pk]) for s in shown if by_school.get(s.pk)}


def _cells(rows: Any) -> dict[tuple[int, int], int]:
    return {(r["response__school_id"], r["response__grade"]): r["n"] for r in rows}


def previous_survey(survey: Survey) -> Survey | None:
    return (Survey.objects.filter(year__lt=survey.year, status=SurveyStatus.CLOSED,
                                  schools__in=survey.schools.all()).distinct().order_by("-year").first())


def year_comparison(current: SurveyResults, previous: SurveyResults | None, question: Question
                    ) -> list[tuple[Group, Group | None]]:
    """Pairs (this year, the previous survey) per group; each year suppressed on its own."""
    now = current.question_groups(question)
    if previous is None:
        return [(g, None) for g in now]
    before = {g.key: g for g in previous.question_groups(question)}
    return [(g, before.get(g.key)) for g in now]


def declined_share(survey: Survey, question: Question) -> int | None:
    total = Response.objects.filter(survey=survey).count()
    if total < survey.min_group_size:
        return None
    declined = Answer.objects.filter(response__survey=survey, question=question, value=DECLINED).count()
    return round(100 * declined / total)


def pending_texts(surveys: Any) -> Any:
    return Answer.objects.filter(response__survey__in=surveys, text_status=TextStatus.PENDING).select_related(
        "response__survey", "response__school__organisation")


