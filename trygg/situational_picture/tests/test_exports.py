import csv
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from trygg.core.models import AuditEntry
from trygg.incidents.models import Category

from .factories import at_week, observations_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thursday_week_48():
    with freeze_time("2026-11-26 12:00:00"):
        yield


@pytest.fixture
def formula_category():
    return Category.objects.create(code="formel", name_sv="=HYPERLINK(\"http://x\")", name_en="=1+1", group="ovrigt")


def _csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_week_export__csv__counts_and_formula_neutralised(make_member, login, formula_category):
    observations_in("lagersberg", at_week(2026, 47), 2, category="formel")
    observations_in("lagersberg", at_week(2026, 47), 1, category="klotter")
    response = login(make_member(role="analytiker")).get(
        reverse("situational_picture:week_export", args=["csv"]) + "?week=2026-W47")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lagesbild-2026-W47.csv"'
    rows = _csv_rows(response)
    assert rows[0][:4] == ["Vecka", "Område", "Kategori", "Antal"]
    by_category = {r[2]: r for r in rows[1:]}
    assert by_category["'=HYPERLINK(\"http://x\")"][3] == "2"
    assert by_category["Klotter"][1] == "Lagersberg"
    entry = AuditEntry.objects.get(action="export")
    assert entry.detail == {"kind": "week", "format": "csv", "period": "2026-W47"}


def test_week_export__xlsx__sheets_and_formula_neutralised(make_member, login, formula_category):
    observations_in("froslunda", at_week(2026, 48, day=1), 1, category="formel")
    response = login(make_member(role="kommunpolis", kind="polis")).get(
        reverse("situational_picture:week_export", args=["xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Område och kategori", "Områden", "Kategorier"]
    cells = [c.value for row in book["Område och kategori"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    areas = {r[1].value: r for r in book["Områden"].iter_rows(min_row=2)}
    assert areas["Fröslunda"][3].value == 1
    assert AuditEntry.objects.filter(action="export").count() == 1


def test_week_export__frozen_figures_after_approval(make_member, login):
    from trygg.situational_picture.services import snapshot_approve

    samordnare = make_member(role="samordnare")
    observations_in("froslunda", at_week(2026, 47), 1)
    snapshot_approve(year=2026, week=47, by=samordnare)
    observations_in("froslunda", at_week(2026, 47), 4)
    rows = _csv_rows(login(samordnare).get(reverse("situational_picture:week_export", args=["csv"])
                                           + "?week=2026-W47"))
    assert [r[3] for r in rows[1:]] == ["1"]


def test_tertial_export__csv_and_xlsx(make_member, login, formula_category):
    observations_in("skiftinge", at_week(2026, 40), 3, category="formel")
    observations_in("skiftinge", at_week(2025, 40), 1, category="formel")
    client = login(make_member(role="analytiker"))
    rows = _csv_rows(client.get(reverse("situational_picture:tertial_export", args=[2026, 3, "csv"])))
    assert rows[0] == ["Tertial", "Område", "Kategori", "Antal", "Samma period förra året"]
    assert rows[1] == ["2026-T3", "Skiftinge", "'=HYPERLINK(\"http://x\")", "3", "1"]
    response = client.get(reverse("situational_picture:tertial_export", args=[2026, 3, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    areas = {r[1].value: [c.value for c in r] for r in book["Områden"].iter_rows(min_row=2)}
    assert areas["Skiftinge"][3:6] == [3, 1, 2]
    assert AuditEntry.objects.filter(action="export").count() == 2


def test_export__unknown_format__404(make_member, login):
    response = login(make_member(role="analytiker")).get(reverse("situational_picture:week_export", args=["pdf"]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()
