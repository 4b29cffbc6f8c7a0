"""The walk protocol as a real PDF (reportlab): a drawn map (area outline, route, numbered findings;
no tiles), the findings with photos, the checklist and earlier problems that remain."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from shapely.geometry import Polygon as ShapelyPolygon
from shapely.geometry import box

from trygg.core.geo import to_sweref

from .checklist import ChecklistItem

MAP_WIDTH = 170 * mm
MAP_HEIGHT = 110 * mm


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def map_drawing(*, walk: Any, findings: list[Any], width: float = MAP_WIDTH, height: float = MAP_HEIGHT,
                overview: bool = False) -> Drawing:
    """Project to SWEREF99 TM and fit the route and the findings (the overview: the whole area) into the
    drawing; the area is clipped to the view."""
    rings = [[to_sweref(lat, lon) for lon, lat in ring] for ring in _rings(walk.area.geometry)]
    route = [to_sweref(lat, lon) for lon, lat in (walk.route or {}).get("coordinates", [])]
    points = [(f, to_sweref(f.lat, f.lon)) for f in findings]
    area_points = [p for ring in rings for p in ring]
    focus = (area_points + route) if overview else (route + [p for _f, p in points] or area_points)
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#f1f5f9"), strokeColor=colors.HexColor("#94a3b8")))
    if not focus:
        return drawing
    xs, ys = [p[0] for p in focus], [p[1] for p in focus]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    pad = 4 * mm if overview else 8 * mm
    # Points per metre, keeping the aspect ratio; at least ~250 m across so single points get context.
    scale = min((width - 2 * pad) / max(max(xs) - min(xs), 250.0),
                (height - 2 * pad) / max(max(ys) - min(ys), 250.0 * height / width))
    view = box(cx - width / 2 / scale, cy - height / 2 / scale, cx + width / 2 / scale, cy + height / 2 / scale)

    def project(coords: Any) -> list[float]:
        return [c for x, y in coords for c in (width / 2 + (x - cx) * scale, height / 2 + (y - cy) * scale)]

    def parts(geometry: Any) -> list[Any]:
        return [] if geometry.is_empty else list(getattr(geometry, "geoms", [geometry]))

    for ring in (r for r in rings if len(r) >= 3):
        shape = ShapelyPolygon(ring)
        for part in parts(shape.intersection(view)):
            if part.geom_type == "Polygon":
                drawing.add(Polygon(project(part.exterior.coords), fillColor=colors.HexColor("#dbeafe"),
                                    strokeColor=None))
        for part in parts(shape.exterior.intersection(view)):
            if part.geom_type == "LineString":
                drawing.add(PolyLine(project(part.coords), strokeColor=colors.HexColor("#1f6fa8"), strokeWidth=1.5))
    if len(route) >= 2:
        drawing.add(PolyLine(project(route), strokeColor=colors.HexColor("#7c2d12"), strokeWidth=1.5 if overview
                             else 2.5))
    for finding, p in points:
        x, y = project([p])
        fill = colors.HexColor("#b91c1c") if finding.is_problem else colors.HexColor("#15803d")
        drawing.add(Circle(x, y, 2 if overview else 6, fillColor=fill, strokeColor=colors.white, strokeWidth=0.8))
        if not overview:
            drawing.add(String(x, y - 2.5, str(finding.number), fontName="Helvetica-Bold", fontSize=7,
                               fillColor=colors.white, textAnchor="middle"))
    drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=colors.HexColor("#94a3b8")))
    if not overview:
        bar = 100 * scale  # a 100 m scale bar
        drawing.add(Line(pad, pad / 2, pad + bar, pad / 2, strokeColor=colors.black, strokeWidth=2))
        drawing.add(String(pad + bar + 3, pad / 2 - 3, "100 m", fontName="Helvetica", fontSize=7))
    return drawing


def _photo(finding: Any) -> Any:
    if not finding.photo:
        return ""
    try:
        with finding.photo.open("rb") as handle:
            data = io.BytesIO(handle.read())
        image = Image(data)
        ratio = image.imageHeight / max(image.imageWidth, 1)
        image.drawWidth, image.drawHeight = 40 * mm, 40 * mm * ratio
        return image
    except (OSError, ValueError):
        return ""


def protocol_pdf(*, walk: Any, findings: list[Any], comparison: Any = None) -> bytes:
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)

    def p(text: Any, style: Any = body) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=_("Protokoll: %(t)s") % {"t": walk.title},
                            author="Trygga Eskilstuna")
    when = date_format(timezone.localtime(walk.walk_at), "DATETIME_FORMAT")
    story: list[Any] = [
        p(_("Protokoll från trygghetsvandring"), styles["Title"]),
        p(walk.title, styles["Heading2"]),
        p(f"{_('Område')}: {walk.area.name} · {walk.get_kind_display()} · {_('Vandring')}: {when}"),
        p(f"{_('Status')}: {walk.status_label} · {_('Ansvarig aktör')}: {walk.organisation.name}"),
    ]
    if walk.followup_at:
        story.append(p(f"{_('Uppföljande möte')}: "
                       f"{date_format(timezone.localtime(walk.followup_at), 'DATETIME_FORMAT')}"))
    if walk.participant_counts:
        story.append(p(_("Deltagare: ") + ", ".join(f"{label}: {n}" for label, n in walk.participant_rows())))
    maps = Table([[map_drawing(walk=walk, findings=findings, width=118 * mm, height=90 * mm),
                   map_drawing(walk=walk, findings=findings, width=50 * mm, height=50 * mm, overview=True)]],
                  colWidths=[120 * mm, 52 * mm])
    maps.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 4 * mm), maps,
              p(_("Kartan: slingan (brun) med numrerade problem (röda) och bra platser (gröna); till höger hela "
                  "området (blå gräns)."), small),
              p(_("Fynd"), styles["Heading2"])]
    if findings:
        rows = [[p(_("Nr"), small), p(_("Fynd"), small), p(_("Foto"), small)]]
        for f in findings:
            text = f"{f.get_kind_display()} – {f.get_checklist_item_display()}\n{f.comment}"
            if f.proposed_action:
                text += f"\n{_('Förslag till åtgärd')}: {f.proposed_action}"
            if f.conversion:
                text += f"\n{_('Blir')}: {f.get_conversion_display()}"
            if f.report_from_earlier_version or f.intervention_from_earlier_version:
                text += "\n" + _("Rapporten eller insatsen skapades från en tidigare version av fyndet.")
            rows.append([p(f.number), p(text), _photo(f)])
        table = Table(rows, colWidths=[12 * mm, 113 * mm, 45 * mm], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0"))]))
        story.append(table)
    else:
        story.append(p(_("Inga fynd registrerade.")))
    if comparison is not None and comparison.remaining:
        story.append(p(_("Kvarstående problem från tidigare vandring"), styles["Heading2"]))
        for item in comparison.remaining:
            story.append(p(_("Fynd %(new)d: samma problem som fynd %(old)d den %(date)s (%(m)d m bort): %(text)s") % {
                "new": item.current.number, "old": item.earlier.number,
                "date": date_format(timezone.localtime(item.earlier.walk.walk_at), "DATE_FORMAT"),
                "m": item.distance, "text": item.earlier.comment}))
    story.append(p(_("Checklista"), styles["Heading2"]))
    answers = {a.item: a for a in walk.checklist_answers.all()}
    rows = [[p(_("Punkt"), small), p(_("Bedömning"), small), p(_("Kommentar"), small)]]
    for item in ChecklistItem:
        answer = answers.get(item.value)
        rows.append([p(f"{item.value}. {item.label}", small), p(answer.get_answer_display() if answer else "–", small),
                     p(answer.comment if answer else "", small)])
    table = Table(rows, colWidths=[80 * mm, 25 * mm, 65 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0"))]))
    story.append(table)
    doc.build(story)
    return out.getvalue()
