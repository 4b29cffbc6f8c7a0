"""finding_update: correcting a synced finding while the protocol is open."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.core.models import AuditEntry
from trygg.incidents.models import Observation
from trygg.interventions.models import Intervention
from trygg.safety_walks import services
from trygg.safety_walks.models import Conversion, WalkFinding

from .factories import WalkFindingFactory

pytestmark = pytest.mark.django_db

TUNNEL = (59.3522, 16.4762)  # ~30 m from the factory's point, inside Lagersberg


def jpeg_with_gps(name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (59.0, 21.0, 7.0)}
    out = io.BytesIO()
    Image.new("RGB", (48, 32), (30, 90, 200)).save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def with_photo(finding: WalkFinding) -> WalkFinding:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, format="JPEG")
    finding.photo.save("old.jpg", ContentFile(out.getvalue()), save=True)
    return finding


def update(finding: WalkFinding, user, **overrides):
    fields = {"checklist_item": finding.checklist_item, "lat": finding.lat, "lon": finding.lon,
              "comment": finding.comment, "proposed_action": finding.proposed_action}
    fields.update(overrides)
    return services.finding_update(finding=finding, by=user, **fields)


def test_finding__update__corrects_item_texts_and_place_and_audits(make_member):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory()
    updated = update(finding, user, checklist_item=7, lat=str(TUNNEL[0]), lon=str(TUNNEL[1]),
                     comment="  Klotter på elskåpet vid tunneln ", proposed_action="Sanera inom 24 timmar")
    finding.refresh_from_db()
    assert (finding.checklist_item, finding.lat, finding.lon) == (7, TUNNEL[0], TUNNEL[1])
    assert (finding.comment, finding.proposed_action) == ("Klotter på elskåpet vid tunneln", "Sanera inom 24 timmar")
    assert updated.edited_by == user and updated.edited_at is not None
    assert finding.kind == "problem" and finding.number == updated.number
    entry = AuditEntry.objects.get(action="updated", object_type="safety_walks.walkfinding")
    assert entry.detail["fields"] == "checklist_item+lat+lon+comment+proposed_action"
    assert "Klotter" not in str(entry.detail)  # free text never goes into the audit log


def test_finding__update_nothing_changed__no_op_not_audited(make_member):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory()
    update(finding, user)
    finding.refresh_from_db()
    assert finding.edited_at is None
    assert not AuditEntry.objects.filter(action="updated", object_type="safety_walks.walkfinding").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lat": 59.3293, "lon": 18.0686}, "point"),  # Stockholm: outside the municipality
        ({"lat": "abc"}, "point"),
        ({"checklist_item": 17}, "checklist_item"),
        ({"checklist_item": ""}, "checklist_item"),
        ({"comment": "   "}, "comment"),  # a problem needs a comment
        ({"comment": "x" * 2001}, "comment"),
        ({"proposed_action": "x" * 2001}, "proposed_action"),
        ({"photo": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")}, "photo"),
    ],
)
def test_finding__update_bad_input__field_error_nothing_changed(make_member, overrides, field):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory()
    before = WalkFinding.objects.values().get(pk=finding.pk)
    with pytest.raises(ValidationError) as exc:
        update(finding, user, **overrides)
    assert field in exc.value.message_dict
    assert WalkFinding.objects.values().get(pk=finding.pk) == before


def test_finding__update_bad_photo_and_text__both_reported_at_once(make_member):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory()
    with pytest.raises(ValidationError) as exc:
        update(finding, user, comment="", photo=SimpleUploadedFile("x.jpg", b"GIF89a", content_type="image/jpeg"))
    assert {"comment", "photo"} <= set(exc.value.message_dict)


def test_finding__update_good_finding__comment_may_be_empty(make_member):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory(kind="good", checklist_item=16, comment="Fin park")
    update(finding, user, comment="")
    finding.refresh_from_db()
    assert finding.comment == "" and finding.kind == "good"


def test_finding__update_after_protocol_closed__refused_with_explanation(make_member):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory()
    services.walk_close_protocol(walk=finding.walk, by=user)
    with pytest.raises(ValidationError) as exc:
        update(finding, user, comment="Rättad text")
    assert exc.value.code == "closed"
    assert "Protokollet är fastställt" in exc.value.messages[0]
    finding.refresh_from_db()
    assert finding.comment == "Trasig belysning i gångtunneln." and finding.edited_at is None


def test_finding__update_after_report__report_unchanged_still_converts_once(make_member):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory()
    services.finding_convert_to_report(finding=finding, by=user)
    observation = Observation.objects.get()
    snapshot = (observation.description, observation.lat, observation.lon, observation.category_id)
    update(finding, user, checklist_item=7, comment="Klotter, inte belysning", lat=TUNNEL[0], lon=TUNNEL[1])
    finding = WalkFinding.objects.select_related("observation").get(pk=finding.pk)
    observation.refresh_from_db()
    assert (observation.description, observation.lat, observation.lon, observation.category_id) == snapshot
    assert finding.conversion == Conversion.REPORT and finding.observation == observation
    assert finding.report_from_earlier_version and not finding.intervention_from_earlier_version
    assert AuditEntry.objects.get(action="updated", object_id=str(finding.pk)).detail["after_conversion"] is True
    # The same conversion again is a no-op; another is refused; closing adds no second observation.
    services.finding_convert_to_report(finding=finding, by=user)
    with pytest.raises(ValidationError):
        services.finding_convert_to_intervention(finding=finding, by=user, owner=OrganisationFactory(),
                                                 due_date=timezone.localdate())
    services.walk_close_protocol(walk=finding.walk, by=user)
    assert Observation.objects.count() == 1 and not Intervention.objects.exists()


def test_finding__update_after_intervention__intervention_unchanged_close_reports_new_version(make_member):
    user = make_member(role="samordnare")
    finding = WalkFindingFactory()
    services.finding_convert_to_intervention(finding=finding, by=user, owner=OrganisationFactory(),
                                             due_date=timezone.localdate() + dt.timedelta(days=30))
    intervention = Intervention.objects.get()
    update(finding, user, comment="Tre armaturer trasiga, inte två")
    intervention.refresh_from_db()
    assert "Tre armaturer" not in intervention.description
    services.walk_close_protocol(walk=finding.walk, by=user)
    finding = WalkFinding.objects.select_related("observation", "intervention").get(pk=finding.pk)
    # The observation made at the close is made from the corrected finding.
    assert "Tre armaturer trasiga, inte två" in finding.observation.description
    assert finding.intervention_from_earlier_version and not finding.report_from_earlier_version
    assert finding.conversion == Conversion.INTERVENTION


def test_finding__update_photo__replaced_without_exif_old_file_deleted(make_member, django_capture_on_commit_callbacks):
    user = make_member(role="samordnare")
    finding = with_photo(WalkFindingFactory())
    old_name = finding.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        update(finding, user, photo=jpeg_with_gps())
    finding.refresh_from_db()
    assert finding.photo.name != old_name and finding.photo.name.startswith("walks/")
    assert "IMG_0001" not in finding.photo.name
    with finding.photo.open("rb") as handle, Image.open(handle) as img:
        assert img.format == "JPEG" and len(img.getexif()) == 0
    assert not default_storage.exists(old_name)
    assert AuditEntry.objects.get(action="updated", object_id=str(finding.pk)).detail["fields"] == "photo"


def test_finding__update_remove_photo__file_deleted(make_member, django_capture_on_commit_callbacks):
    user = make_member(role="samordnare")
    finding = with_photo(WalkFindingFactory())
    old_name = finding.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        update(finding, user, remove_photo=True)
    finding.refresh_from_db()
    assert not finding.photo
    assert not default_storage.exists(old_name)


def test_finding__update_photo_after_report__report_keeps_its_own_copy(make_member,
                                                                       django_capture_on_commit_callbacks):
    user = make_member(role="samordnare")
    finding = with_photo(WalkFindingFactory())
    services.finding_convert_to_report(finding=finding, by=user)
    copy = Observation.objects.get().photos.get()
    with django_capture_on_commit_callbacks(execute=True):
        update(finding, user, remove_photo=True)
    copy.refresh_from_db()
    assert copy.image and default_storage.exists(copy.image.name)
