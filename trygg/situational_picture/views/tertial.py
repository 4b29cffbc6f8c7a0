"""The tertial view (Jan–Apr, May–Aug, Sep–Dec) against the same tertial last year."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from trygg.accounts import permissions
from trygg.accounts.decorators import member_required
from trygg.core.geo import local_date, tertial_of

from .. import rules
from ..charts import paired_bars
from ..selectors import tertial_picture

MIN_YEAR, MAX_YEAR = 2000, 2100


def tertial_label(year: int, tertial: int) -> str:
    return f"{year}-{tertial}"


def _neighbours(year: int, tertial: int) -> tuple[str, str]:
    prev = (year - 1, 3) if tertial == 1 else (year, tertial - 1)
    nxt = (year + 1, 1) if tertial == 3 else (year, tertial + 1)
    return tertial_label(*prev), tertial_label(*nxt)


@member_required
def tertial_current(request: HttpRequest) -> HttpResponse:
    year, tertial = tertial_of(local_date(timezone.now()))
    return redirect("situational_picture:tertial", year=year, tertial=tertial)


def check_tertial(year: int, tertial: int) -> None:
    if tertial not in (1, 2, 3) or not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404


@member_required
def tertial_view(request: HttpRequest, year: int, tertial: int) -> HttpResponse:
    check_tertial(year, tertial)
    picture = tertial_picture(user=request.user, year=year, tertial=tertial)
    prev_label, next_label = _neighbours(year, tertial)
    chart_rows = [(a["name"], a["current"], a["previous"]) for a in picture["areas"] if a["current"] or a["previous"]]
    return render(request, "situational_picture/tertial.html", {
        "picture": picture, "year": year, "tertial": tertial,
        "prev": prev_label.split("-"), "next": next_label.split("-"),
        "chart": paired_bars(chart_rows),
        "empty_areas": [a["name"] for a in picture["areas"]
                        if not (a["prioritised"] or a["current"] or a["previous"])],
        "can_analyse": permissions.can_analyse(request.user),
        "rules": {"relative": round(rules.TERTIAL_RELATIVE * 100), "absolute": rules.TERTIAL_ABSOLUTE},
    })
