"""Demo pupil surveys for the four demo schools: this year's (open, ~60 % answered, so preliminary) and last
year's (closed), åk 5 and åk 8, with differences between schools and years, unsafe places clustered at a few
spots and a tiny group (Fröslunda åk 8 this year) that is suppressed. Demo code for trying it: TRYGG-ELEV8."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from trygg.demo.context import DemoContext

from . import codes as code_utils
from .bank import ensure_question_bank
from .models import DECLINED, AccessCode, Answer, Question, Response, School, SchoolClass, Survey, SurveyStatus

ORDER = 80
DEMO_CODE = "TRYGG-ELEV8"

# org slug, area slug, school point, unsafe spots (lat, lon), safety this year, last year
SCHOOLS = [
    ("skola-arby", "arby", (59.3962, 16.4985), [(59.3966, 16.4970), (59.3985, 16.5025)], 0.60, 0.66),
    ("skola-skiftinge", "skiftinge", (59.3950, 16.5440), [(59.3953, 16.5446), (59.3930, 16.5410)], 0.72, 0.68),
    ("skola-lagersberg", "lagersberg", (59.3515, 16.4745), [(59.3508, 16.4731), (59.3528, 16.4790)], 0.55, 0.62),
    ("skola-froslunda", "froslunda", (59.3565, 16.5262), [(59.3573, 16.5250)], 0.74, 0.71),
]
POSITIVE_SCALES = {"trivsel", "trygg", "frekvens", "frekvens-vetinte"}
PLACE_WEIGHTS = [(3, 5), (1, 4), (2, 3), (4, 2), (6, 3), (5, 1), (7, 1)]  # value, weight
TEXTS = ["Det är mörkt vid cykelstället på vintern.", "Någon borde vara ute på rasterna bakom idrottshallen.",
         "Bussen är alltid full och folk knuffas.", "Toaletterna går inte att låsa.",
         "Det känns bättre i år när det finns rastvakter."]


def build(ctx: DemoContext) -> None:
    ensure_question_bank()
    questions = list(Question.objects.filter(is_active=True).select_related("scale").prefetch_related(
        "scale__options"))
    scale = 0.5 if ctx.size == "small" else 1.0
    schools, classes = [], []
    for slug, area_slug, (lat, lon), _spots, _now, _before in SCHOOLS:
        school, _ = School.objects.update_or_create(
            organisation=ctx.organisations[slug], defaults={"area": ctx.areas[area_slug], "lat": lat, "lon": lon})
        schools.append(school)
        for grade, names in ((5, ("A", "B")), (8, ("A", "B", "C"))):
            for name in names:
                pupils = max(int(ctx.rng.randint(20, 27) * scale), 8)
                school_class, _ = SchoolClass.objects.get_or_create(
                    school=school, name=f"{grade}{name}", defaults={"grade": grade, "pupil_count": pupils})
                classes.append(school_class)
    today = timezone.localdate()
    coordinator = ctx.users.get("samordnare")
    last_year = _survey(ctx, f"Elevenkät {today.year - 1}", today.year - 1, SurveyStatus.CLOSED,
                        dt.date(today.year - 1, 3, 1), dt.date(today.year - 1, 4, 10), schools, questions, coordinator)
    this_year = _survey(ctx, f"Elevenkät {today.year}", today.year, SurveyStatus.OPEN,
                        today - dt.timedelta(days=20), today + dt.timedelta(days=14), schools, questions, coordinator)
    if not Response.objects.filter(survey__in=[last_year, this_year]).exists():
        for survey, rate in ((last_year, 0.78), (this_year, 0.68)):
            for school_class in classes:
                slug, _a, _p, spots, now, before = next(s for s in SCHOOLS if ctx.organisations[s[0]].pk ==
                                                        school_class.school.organisation_id)
                safety = now if survey is this_year else before
                share = rate
                if survey is this_year and slug == "skola-froslunda" and school_class.grade == 8:
                    share = 0.0 if school_class.name != "8A" else 4 / school_class.pupil_count  # tiny group
                count = round(school_class.pupil_count * min(1.0, share * ctx.rng.uniform(0.85, 1.15)))
                _responses(ctx, survey, school_class, count, questions, safety - 0.08 * (school_class.grade == 8),
                           spots)
        _demo_code(this_year, classes[2])
    ctx.log(f" {len(schools)} skolor, {len(classes)} klasser, {Response.objects.count()} enkätsvar "
            f"(demokod {DEMO_CODE})")


def _survey(ctx: DemoContext, name: str, year: int, status: str, opens: dt.date, closes: dt.date,
            schools: list[School], questions: list[Question], by: Any) -> Survey:
    survey, created = Survey.objects.get_or_create(name=name, defaults={
        "year": year, "grades": [5, 8], "opens_on": opens, "closes_on": closes, "status": status,
        "min_group_size": 5, "created_by": by})
    if created:
        survey.schools.set(schools)
        survey.questions.set(questions)
    return survey


def _demo_code(survey: Survey, school_class: SchoolClass) -> None:
    AccessCode.objects.get_or_create(code_hash=code_utils.hash_code(DEMO_CODE), defaults={
        "survey": survey, "school_class": school_class, "kind": "class", "max_uses": 500})


def _pick_single(ctx: DemoContext, question: Question, safety: float) -> int:
    if ctx.rng.random() < 0.03:
        return DECLINED
    values = [o.value for o in question.options() if not o.is_dont_know]
    if question.scale is not None and question.scale.code in POSITIVE_SCALES:
        good, bad = values[:2], values[2:]
        chance = safety + (0.1 if question.code == "trivsel" else 0) - (0.05 if question.code == "trygg-skolvag" else 0)
    else:  # "Nej" is the good answer in exposure questions
        good, bad = values[:1], values[1:]
        chance = min(0.97, safety + 0.2 - (0.1 if question.code == "krankt-elever" else 0))
    if ctx.rng.random() < chance:
        return ctx.rng.choice(good)
    return ctx.rng.choice(bad)


def _responses(ctx: DemoContext, survey: Survey, school_class: SchoolClass, count: int, questions: list[Question],
               safety: float, spots: list[tuple[float, float]]) -> None:
    if count <= 0:
        return
    AccessCode.objects.create(survey=survey, school_class=school_class, kind="class",
                              code_hash=code_utils.hash_code(code_utils.new_code()),
                              max_uses=school_class.pupil_count, uses=count)
    responses = Response.objects.bulk_create([
        Response(survey=survey, school_id=school_class.school_id, grade=school_class.grade) for _ in range(count)])
    rows: list[Answer] = []
    for response in responses:
        unsafe = ctx.rng.random() < (1 - safety) * 0.9
        for question in questions:
            if question.code == "otrygga-platser":
                rows.append(Answer(response=response, question=question, value=2 if unsafe else 1))
            elif question.code == "otrygga-platser-var":
                if not unsafe:
                    continue
                chosen = {ctx.rng.choices([v for v, _w in PLACE_WEIGHTS], [w for _v, w in PLACE_WEIGHTS])[0]
                          for _ in range(ctx.rng.randint(1, 2))}
                rows.extend(Answer(response=response, question=question, value=v) for v in chosen)
                if ctx.rng.random() < 0.75:
                    lat, lon = ctx.rng.choices(spots, [3] + [1] * (len(spots) - 1))[0]
                    rows.append(Answer(response=response, question=question, lat=lat + ctx.rng.uniform(-2e-4, 2e-4),
                                       lon=lon + ctx.rng.uniform(-3e-4, 3e-4)))
            elif question.kind == "multi":
                if ctx.rng.random() < min(0.95, safety + 0.2):
                    rows.append(Answer(response=response, question=question, value=1))
                else:
                    rows.extend(Answer(response=response, question=question, value=v)
                                for v in {ctx.rng.choice([2, 3, 4]) for _ in range(ctx.rng.randint(1, 2))})
            elif question.kind == "text":
                if ctx.rng.random() < 0.06:
                    status = "approved" if survey.status == SurveyStatus.CLOSED or ctx.rng.random() < 0.5 else "pending"
                    rows.append(Answer(response=response, question=question, text=ctx.rng.choice(TEXTS),
                                       text_status=status))
            else:
                rows.append(Answer(response=response, question=question, value=_pick_single(ctx, question, safety)))
    Answer.objects.bulk_create(rows, batch_size=2000)
