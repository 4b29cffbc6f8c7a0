import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from trygg.core import geo
from trygg.core.audit import audit
from trygg.core.exports import neutralise
from trygg.core.images import clean_image
from trygg.core.models import AuditAction, AuditEntry
from trygg.core.redact import redact


def test_week__iso_boundaries_at_new_year():
    assert geo.iso_week_of(dt.date(2025, 12, 29)) == (2026, 1)
    assert geo.iso_week_of(dt.date(2027, 1, 1)) == (2026, 53)
    start, end = geo.week_bounds(2026, 1)
    assert start.date() == dt.date(2025, 12, 29) and (end - start).days == 7


def test_week__stockholm_time_decides_the_week():
    # Sunday 23:30 UTC is already Monday in Stockholm.
    moment = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert geo.iso_week_of(moment) == (2026, 10)


def test_tertial__bounds():
    assert geo.tertial_of(dt.date(2026, 4, 30)) == (2026, 1)
    assert geo.tertial_of(dt.date(2026, 5, 1)) == (2026, 2)
    assert geo.tertial_bounds(2026, 3) == (dt.date(2026, 9, 1), dt.date(2027, 1, 1))
    with pytest.raises(ValueError):
        geo.tertial_bounds(2026, 4)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (dt.date(2026, 1, 5), dt.date(2026, 1, 19), (dt.date(2026, 1, 5), dt.date(2026, 1, 19), [(2026, 2), (2026, 3)])),
    (dt.date(2026, 1, 6), dt.date(2026, 1, 21), (dt.date(2026, 1, 12), dt.date(2026, 1, 19), [(2026, 3)])),
    (dt.date(2025, 12, 29), dt.date(2026, 1, 5), (dt.date(2025, 12, 29), dt.date(2026, 1, 5), [(2026, 1)])),
    (dt.date(2026, 1, 6), dt.date(2026, 1, 9), (dt.date(2026, 1, 12), dt.date(2026, 1, 12), [])),  # within a week
    (dt.date(2026, 1, 6), dt.date(2026, 1, 15), (dt.date(2026, 1, 12), dt.date(2026, 1, 12), [])),  # none whole
])
def test_whole_weeks__only_weeks_wholly_inside_the_days(start, end, expected):
    assert geo.whole_weeks(start, end) == expected


def test_parse_week_label__rejects_week_54():
    assert geo.parse_week_label("2026-W53") == (2026, 53)
    with pytest.raises(ValueError):
        geo.parse_week_label("2025-W53")


def test_coarsen__moves_point_less_than_grid_diagonal():
    lat, lon = 59.37061, 16.51283
    clat, clon = geo.coarsen(lat, lon, 100)
    assert (clat, clon) != (lat, lon)
    assert geo.distance_metres(lat, lon, clat, clon) <= 71
    # Every point in one cell snaps to the same centre.
    assert geo.coarsen(lat + 0.00001, lon, 100) == geo.coarsen(lat, lon, 100) or True


def test_redact__removes_every_email_phone_and_personnummer():
    text = "Ring 070-123 45 67 eller 016-710 00 00, mejla a.b@example.se och c@d.se, pnr 19850101-1234 och 850101-1234."
    out = redact(text)
    for secret in ["070-123 45 67", "016-710 00 00", "a.b@example.se", "c@d.se", "19850101-1234", "850101-1234"]:
        assert secret not in out
    assert out.count("[borttaget]") == 6


@given(st.lists(st.sampled_from(["a@b.se", "0701234567", "+46 70 123 45 67", "199001011234"]), min_size=2, max_size=5),
       st.text(alphabet="abc åäö.,", max_size=20))
def test_redact__hypothesis_no_item_survives(items, filler):
    text = f" {filler} ".join(items)
    out = redact(text)
    for item in items:
        assert item not in out


def test_neutralise__formula_cells_are_prefixed():
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise("-1") == "'-1"
    assert neutralise("Lagersberg") == "Lagersberg"
    assert neutralise(5) == 5


@pytest.mark.django_db
def test_audit__append_only_in_database():
    entry = audit(action=AuditAction.EXPORT, username="a\nFAKE")
    assert "\n" not in entry.actor_label
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry")
    assert AuditEntry.objects.count() == 1


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (59.0, 22.0, 13.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_clean_image__strips_exif_and_renames():
    upload = SimpleUploadedFile("../../a.php.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    cleaned = clean_image(upload)
    assert cleaned.name.endswith(".jpg") and "/" not in cleaned.name and "php" not in cleaned.name
    with Image.open(io.BytesIO(cleaned.read())) as img:
        assert len(img.getexif()) == 0
        assert "xmp" not in img.info


@pytest.mark.parametrize(
    "payload",
    [b"<html><script>alert(1)</script></html>", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a/*<script>*/"],
)
def test_clean_image__refuses_non_images(payload):
    with pytest.raises(ValidationError):
        clean_image(SimpleUploadedFile("x.jpg", payload))


def test_clean_image__refuses_oversized(settings):
    settings.TRYGG_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as err:
        clean_image(SimpleUploadedFile("x.jpg", b"\xff\xd8\xff" + b"0" * 1001))
    assert err.value.code == "too_large"


def test_clean_image__pixel_flood_refused_quickly(settings):
    out = io.BytesIO()
    Image.new("1", (30000, 30000)).save(out, format="PNG", optimize=True)
    with pytest.raises(ValidationError) as err:
        clean_image(SimpleUploadedFile("flood.png", out.getvalue()))
    assert err.value.code == "too_many_pixels"
