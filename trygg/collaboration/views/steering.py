"""Steering-group overview per prioritised area, exportable as PDF and XLSX for the politicians."""

from __future__ import annotations

import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.decorators import require
from trygg.core.audit import audit
from trygg.core.exports import xlsx_response
from trygg.core.models import AuditAction

from .. import permissions as collab_permissions
from .. import selectors


@require(collab_permissions.can_view_steering)
def steering(request: HttpRequest) -> HttpResponse:
    return render(request, "collaboration/steering.html", {"blocks": selectors.steering_overview(user=request.user)})


def _rows(user: Any) -> dict[str, list[list[Any]]]:
    from trygg.interventions.models import Intervention

    blocks = selectors.steering_overview(user=user)
    promise_rows, overdue_rows, trend_rows = [], [], []
    trend = _trend_function()
    for block in blocks:
        area = block["area"]
        for promise in block["promises"]:
            for activity in promise.activities.all():
                promise_rows.append([area.name, promise.year, promise.title, activity.text,
                                     activity.get_owner_display(), activity.target_count, activity.achieved_count,
                                     activity.percent])
        for intervention in Intervention.objects.visible_to(user).overdue().in_area(area).select_related("owner"):
            overdue_rows.append([area.name, intervention.pk, intervention.title, intervention.owner.name,
                                 intervention.due_date.isoformat(), intervention.get_status_display()])
        if trend is not None:
            for week, count in trend(area=area, user=user, weeks=12):
                trend_rows.append([area.name, week, count])
    return {"promises": promise_rows, "overdue": overdue_rows, "trend": trend_rows}


def _trend_function() -> Any:
    """The lägesbild app's weekly counts (the single place they are computed), when installed."""
    try:
        from trygg.situational_picture.selectors import area_trend
    except ImportError:
        return None
    return area_trend


PROMISE_HEADER = ["Område", "År", "Löfte", "Aktivitet", "Ansvar", "Mål", "Genomfört", "Procent"]
OVERDUE_HEADER = ["Område", "Insats nr", "Insats", "Ägare", "Klart senast", "Status"]
TREND_HEADER = ["Område", "Vecka", "Antal observationer"]


@require(collab_permissions.can_view_steering)
def steering_export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = _rows(request.user)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = xlsx_response(f"styrgrupp-{stamp}", {
            _("Medborgarlöften"): ([_(h) for h in PROMISE_HEADER], rows["promises"]),
            _("Försenade insatser"): ([_(h) for h in OVERDUE_HEADER], rows["overdue"]),
            _("Trend"): ([_(h) for h in TREND_HEADER], rows["trend"]),
        })
    elif fmt == "pdf":
        response = HttpResponse(_pdf(rows, stamp), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="styrgrupp-{stamp}.pdf"'
    else:
        raise Http404
    audit(action=AuditAction.EXPORT, actor=request.user, request=request, kind="steering", format=fmt)
    return response


def _pdf(rows: dict[str, list[list[Any]]], stamp: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title=_("Styrgruppens översikt"), author="Trygg")
    story: list[Any] = [Paragraph(_("Styrgruppens översikt – prioriterade områden"), styles["Title"]),
                        Paragraph(_("Utskriven %(date)s") % {"date": stamp}, styles["Normal"]), Spacer(1, 12)]
    for heading, header, key in ((_("Medborgarlöften"), PROMISE_HEADER, "promises"),
                                 (_("Försenade insatser"), OVERDUE_HEADER, "overdue"),
                                 (_("Trend, observationer per vecka"), TREND_HEADER, "trend")):
        story.append(Paragraph(heading, styles["Heading2"]))
        if not rows[key]:
            story.append(Paragraph(_("Inga uppgifter."), styles["Normal"]))
            continue
        data = [[_(h) for h in header]] + [[Paragraph(str(v), styles["BodyText"]) for v in row] for row in rows[key]]
        table = Table(data, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [table, Spacer(1, 12)]
    doc.build(story)
    return out.getvalue()
