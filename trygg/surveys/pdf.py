"""Printable code slips as PDF (reportlab): one cut-out slip per code, ten per A4 page."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from .models import SchoolClass, Survey

COLUMNS, ROWS = 2, 5


def code_slips_pdf(*, survey: Survey, school_class: SchoolClass, codes: Sequence[str]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("Svarskoder %(klass)s") % {"klass": school_class.name})
    width, height = A4
    margin = 12 * mm
    slip_w, slip_h = (width - 2 * margin) / COLUMNS, (height - 2 * margin) / ROWS
    address = settings.TRYGG_SITE_URL.rstrip("/") + "/enkat/"
    per_page = COLUMNS * ROWS
    for index, code in enumerate(codes):
        if index and index % per_page == 0:
            pdf.showPage()
        slot = index % per_page
        x = margin + (slot % COLUMNS) * slip_w
        y = height - margin - (slot // COLUMNS + 1) * slip_h
        pdf.setDash(4, 3)
        pdf.setLineWidth(0.5)
        pdf.rect(x, y, slip_w, slip_h)
        pdf.setDash()
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(x + 6 * mm, y + slip_h - 10 * mm, survey.name[:48])
        pdf.setFont("Helvetica", 9)
        pdf.drawString(x + 6 * mm, y + slip_h - 15 * mm, f"{school_class.school} – {school_class.name}"[:60])
        pdf.setFont("Courier-Bold", 20)
        pdf.drawString(x + 6 * mm, y + slip_h / 2 - 4 * mm, code)
        pdf.setFont("Helvetica", 9)
        pdf.drawString(x + 6 * mm, y + 12 * mm, _("Gå till %(url)s och skriv in koden.") % {"url": address})
        pdf.drawString(x + 6 * mm, y + 7 * mm, _("Koden fungerar en gång. Dina svar är anonyma."))
    if not codes:
        pdf.drawString(margin, height - margin, _("Inga koder."))
    pdf.save()
    return buffer.getvalue()
