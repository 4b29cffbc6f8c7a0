"""Demo walks: a youth walk in Skiftinge with Ung fritid and a school class, a Lagersberg walk and its repeat
(showing a problem that remains), and a walk planned for next week in Fröslunda."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from trygg.core.geo import STOCKHOLM
from trygg.demo.context import DemoContext
from trygg.interventions.services import intervention_transition

from . import services
from .models import SafetyWalk, WalkFinding

ORDER = 70

SKIFTINGE_ROUTE = [[16.5409, 59.3933], [16.5443, 59.3952], [16.5468, 59.3905]]
LAGERSBERG_ROUTE = [[16.4762, 59.3522], [16.4731, 59.3508], [16.4795, 59.3531]]
FROSLUNDA_ROUTE = [[16.5251, 59.3572], [16.5302, 59.3551], [16.5233, 59.3584]]


def _photo(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([60, 60, 420, 260], outline=(255, 255, 255), width=6)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def _finding(walk: SafetyWalk, by: object, minutes: int, kind: str, item: int, lat: float, lon: float,
             comment: str, action: str = "", photo: SimpleUploadedFile | None = None) -> WalkFinding:
    finding, _created = services.finding_record(
        walk=walk, by=by, client_uuid=uuid.uuid5(uuid.NAMESPACE_URL, f"trygg-demo-{walk.pk}-{minutes}"),
        kind=kind, checklist_item=item, lat=lat, lon=lon, comment=comment, proposed_action=action, photo=photo,
        recorded_at=walk.walk_at + dt.timedelta(minutes=minutes),
    )
    return finding


def _local_evening(now: dt.datetime, *, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """`days` from now at hour:minute Swedish time (an evening walk is in the evening, whenever the demo loads)."""
    day = timezone.localtime(now, STOCKHOLM).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


def build(ctx: DemoContext) -> None:
    if SafetyWalk.objects.exists():
        return
    users, orgs, areas = ctx.users, ctx.organisations, ctx.areas
    samordnare, polis, fritid = users["samordnare"], users["kommunpolis"], users["rapportor.fritid"]
    now = ctx.now.replace(minute=0, second=0, microsecond=0)

    # 1. Youth walk in Skiftinge (as in 2019): Ung fritid and a school class, counted by age band only.
    youth = services.walk_create(
        title="Ungdomsvandring Skiftinge", area=areas["skiftinge"], kind="ungdom", organisation=orgs["kof"],
        created_by=fritid, organisers=[samordnare, polis], premeeting_at=now - dt.timedelta(days=124, hours=2),
        walk_at=now - dt.timedelta(days=120, hours=-19 + now.hour), followup_at=now - dt.timedelta(days=100),
        meeting_place="Skiftinge centrum, vid biblioteket", route={"type": "LineString",
                                                                   "coordinates": SKIFTINGE_ROUTE},
        invited_organisations=[orgs["kof"], orgs["skola-skiftinge"], orgs["polis"], orgs["gata"]],
        invited_groups="Klass 8B på Skiftingehus skola, fritidsgården", max_participants=20,
        participant_counts={"13-15": 9, "16-19": 4, "vuxna": 5},
    )
    f1 = _finding(youth, fritid, 10, "problem", 1, 59.3950, 16.5440, "Skolgården är helt mörk efter 18.",
                  "Sätt upp belysning längs gången mot idrottshallen.", _photo((40, 40, 70)))
    f2 = _finding(youth, fritid, 25, "problem", 2, 59.3912, 16.5462, "Täta buskar längs cykelbanan mot Ekeby.",
                  "Beskär buskarna till knähöjd.")
    _finding(youth, fritid, 35, "problem", 12, 59.3934, 16.5412, "Ungdomar samlas i trappan bakom centrum.",
             "Fler vuxna i rörelse kvällstid, fritidsgården öppen längre.")
    _finding(youth, fritid, 45, "good", 16, 59.3931, 16.5408, "Nya torget känns tryggt och välbesökt.")
    services.checklist_save(walk=youth, by=fritid, answers={1: ("brist", "Mörkt vid skolan"),
                                                            2: ("brist", "Buskar vid cykelbanan"),
                                                            7: ("bra", ""), 16: ("bra", "Torget")})
    lighting = services.finding_convert_to_intervention(
        finding=f1, by=samordnare, owner=orgs["gata"], due_date=(now + dt.timedelta(days=1)).date(),
        title="Belysning på Skiftingehus skolgård")
    services.finding_convert_to_report(finding=f2, by=samordnare, responsible_organisation=orgs["gata"])
    services.walk_close_protocol(walk=youth, by=samordnare)
    assert lighting.intervention is not None  # noqa: S101  (set by the conversion above)
    for status in ("planned", "in_progress", "done"):
        intervention_transition(intervention=lighting.intervention, to_status=status, by=samordnare)

    # 2. Lagersberg walk, then the same route again: one lighting problem remains.
    first = services.walk_create(
        title="Trygghetsvandring Lagersberg", area=areas["lagersberg"], kind="allman", organisation=orgs["klk"],
        created_by=samordnare, organisers=[polis], walk_at=now - dt.timedelta(days=70, hours=-19 + now.hour),
        followup_at=now - dt.timedelta(days=50), meeting_place="Lagersbergs centrum",
        route={"type": "LineString", "coordinates": LAGERSBERG_ROUTE},
        invited_organisations=[orgs["kfast"], orgs["hgf"], orgs["polis"]], invited_groups="Boende, seniorer",
    )
    _finding(first, samordnare, 5, "problem", 9, 59.3509, 16.4732, "Gångtunneln vid skolan: två lampor trasiga.",
             "Byt armaturer och måla om tunneln.")
    litter = _finding(first, samordnare, 20, "problem", 8, 59.3530, 16.4793, "Nedskräpat vid parkeringen.",
                      "Fler papperskorgar, tätare tömning.")
    _finding(first, polis, 30, "problem", 13, 59.3532, 16.4797, "Trasig dörr till garaget.", "Laga låset.")
    services.finding_convert_to_intervention(finding=litter, by=samordnare, owner=orgs["kfast"],
                                             due_date=(now + dt.timedelta(days=14)).date(),
                                             title="Papperskorgar vid Tandläkargatan")
    services.walk_close_protocol(walk=first, by=samordnare)
    repeat = services.walk_repeat(walk=first, by=samordnare, walk_at=now - dt.timedelta(days=6, hours=-19 + now.hour))
    _finding(repeat, polis, 5, "problem", 9, 59.3508, 16.4731, "Tunneln fortfarande mörk.", "Prioritera belysning.")
    _finding(repeat, polis, 15, "good", 16, 59.3522, 16.4762, "Centrumet har fått ny belysning.")

    # 3. Planned for next week in Fröslunda.
    services.walk_create(
        title="Kvällsvandring Fröslunda", area=areas["froslunda"], kind="allman", organisation=orgs["klk"],
        created_by=samordnare, organisers=[polis], premeeting_at=_local_evening(now, days=5, hour=17),
        walk_at=_local_evening(now, days=7, hour=18, minute=30), followup_at=now + dt.timedelta(days=28),
        meeting_place="Fröslunda torg", route={"type": "LineString", "coordinates": FROSLUNDA_ROUTE},
        invited_organisations=[orgs["kfast"], orgs["riksbyggen"], orgs["hgf"], orgs["social"]],
        invited_groups="Boende, föreningar",
    )
    ctx.log(f" {SafetyWalk.objects.count()} trygghetsvandringar")
