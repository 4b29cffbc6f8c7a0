"""Demo interventions (~60): who does what where in Eskilstuna's prioritised areas, in every state."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from trygg.accounts.models import Membership
from trygg.demo.context import DemoContext
from trygg.demo.story import LED_TUNNEL

from .models import Horizon, Intervention, Kind, Status, StatusChange

ORDER = 50
STOCKHOLM = ZoneInfo("Europe/Stockholm")

SIT, SOC = Kind.SITUATIONAL, Kind.SOCIAL
SHORT, LONG = Horizon.SHORT, Horizon.LONG

# title, owner, preferred responsible, kind, horizon, areas, place name (or ""), target metric, description
TEMPLATES = [
    ("Byta till LED-belysning i gångtunneln", "gata", "atgard.gata", SIT, SHORT, ["lagersberg"],
     "Gångtunneln vid Lagersbergsskolan", "Färre rapporter om otrygg plats (mörker) vid tunneln",
     "Tunneln är mörk kvällstid och flera armaturer är trasiga. Byt till vandalsäker LED."),
    ("Förstärkt belysning på gångstråket", "gata", "rapportor.gata", SIT, SHORT, ["arby"],
     "Gångstråket mot Torshällavägen", "Andel elever som känner sig trygga på väg till skolan",
     "Stråket upplevs mörkt enligt trygghetsvandringen; komplettera med fler stolpar."),
    ("Fotpatrullering kvällstid vid centrum", "polis", "kommunpolis2", SIT, SHORT, ["skiftinge"],
     "Skiftinge centrum", "Antal rapporter om ordningsstörning fredag–lördag",
     "Synlig närvaro fredag och lördag 19–23 under tolv veckor, i samråd med Securitas."),
    ("Fotpatrullering vid torget", "polis", "kommunpolis", SIT, SHORT, ["froslunda"],
     "Fröslunda centrum", "Antal rapporter om öppen droghantering",
     "Riktade pass mot platsen som pekades ut i veckans lägesbild."),
    ("Trafikkontroller mot buskörning med EPA-traktorer", "polis", "kommunpolis", SIT, SHORT, ["lagersberg"],
     "", "Antal kontroller (mål: 20 under perioden)", "Medborgarlöfte: minst fyra trafikinsatser per tertial."),
    ("Beskära buskage och sänka häckar", "kfast", "atgard.kfast", SIT, SHORT, ["lagersberg"],
     "Parkeringen Tandläkargatan", "Färre rapporter om skymd sikt och tillhåll",
     "Buskagen skymmer sikten mellan parkeringen och entréerna."),
    ("Gallra vegetation vid lekplatsen", "kfast", "rapportor.kfast", SIT, SHORT, ["froslunda"],
     "Brunnsbacken, lekplatsen", "Upplevd trygghet vid lekplatsen (trygghetsvandring)",
     "Föräldrar upplever lekplatsen som instängd; gallra och öppna siktlinjer."),
    ("Låsbyte och passersystem i trapphus", "kfast", "atgard.kfast", SIT, LONG, ["skiftinge"],
     "", "Antal rapporter om obehöriga i trapphus", "Återkommande rapporter om personer som övernattar i trapphus."),
    ("Fältarbetande socialsekreterare – kvällsnärvaro", "social", "rapportor.social", SOC, SHORT, ["arby"],
     "Årby centrum", "Antal kontakter med ungdomar per kväll",
     "Fältarna finns på plats tisdag–torsdag kvällar och samverkar med fritidsgården."),
    ("Fältarbete vid busshållplatsen", "social", "rapportor.social", SOC, SHORT, ["froslunda"],
     "Busshållplatsen Fröslunda torg", "Färre rapporter om ungdomsgrupper som stör",
     "Uppsökande arbete där ungdomsgrupper samlas efter skoltid."),
    ("Kamerabevakning vid Årby centrum", "klk", "samordnare", SIT, LONG, ["arby"], "Årby centrum",
     "Antal anmälda brott på platsen, före och efter", "Tillstånd söks hos IMY; samråd med fastighetsägaren."),
    ("Sommarjobb för unga 15–17 år", "kof", "rapportor.fritid", SOC, LONG, ["skiftinge", "arby", "froslunda"],
     "", "Antal ungdomar med sommarjobb i området", "Kommunala feriejobb riktade till prioriterade områden."),
    ("Öppen fritidsgård fredagskvällar", "kof", "rapportor.fritid", SOC, LONG, ["lagersberg"], "",
     "Antal besökare per kväll", "Utökade öppettider under hösten."),
    ("Nattvandring helger", "nattvandrarna", "", SOC, SHORT, ["centrum"], "Fristadstorget",
     "Antal vandringar och vuxna per pass", "Vuxna på stan fredag och lördag natt."),
    ("Klottersanering inom 24 timmar", "gata", "atgard.gata", SIT, SHORT, ["nyfors"], "Nyforsparken",
     "Andel klotter sanerat inom ett dygn", "Snabb sanering minskar nytt klotter."),
    ("Fler papperskorgar och tätare tömning", "gata", "rapportor.gata", SIT, SHORT, ["froslunda"], "",
     "Färre rapporter om nedskräpning", "Nedskräpning vid centrum och hållplatser."),
    ("Ordningsvakter vid resecentrum", "securitas", "rapportor.securitas", SIT, SHORT, ["centrum"],
     "Resecentrum", "Antal ingripanden och rapporter om ordningsstörning", "Förordnande enligt LOV 3 §."),
    ("Trygghetsvandring med åk 9-elever", "klk", "samordnare2", SIT, SHORT, ["skiftinge"],
     "Skiftingehus skolgård", "Antal åtgärdade brister efter vandringen", "Med fältarna och skolans kurator."),
    ("Föräldravandring och föräldramöte", "buf", "", SOC, SHORT, ["arby"], "Årbyskolan, baksidan",
     "Antal föräldrar som deltar", "Informationsmöte om ungdomars oro i sociala medier."),
    ("Medborgardialog om trygghet i centrum", "klk", "samordnare", SOC, SHORT, ["lagersberg"],
     "Lagersbergs centrum", "Antal deltagare och förslag", "Underlag till nästa medborgarlöfte."),
    ("Flytta bänkar från tillhållet", "gata", "atgard.gata", SIT, SHORT, ["skiftinge"], "Cykelbanan mot Ekeby",
     "Färre rapporter om samlingar nattetid", "Platsen har blivit tillhåll sena kvällar."),
    ("Farthinder på Tandläkargatan", "gata", "rapportor.gata", SIT, LONG, ["lagersberg"], "",
     "Uppmätt hastighet", "Boende rapporterar höga hastigheter nära skolan."),
    ("Samverkan mot öppen droghantering (SSPF)", "polis", "kommunpolis", SOC, LONG, ["froslunda", "nyfors"],
     "", "Antal ungdomar i SSPF-samverkan", "Skola, socialtjänst, polis och fritid."),
    ("Trapphusvandringar med hyresgästföreningen", "hgf", "", SOC, SHORT, ["skiftinge"], "",
     "Antal genomförda vandringar", "Boende går husen tillsammans med Kfast."),
    ("Ny belysning på skolgården", "kfast", "atgard.kfast", SIT, SHORT, ["arby"], "Årbyskolan, baksidan",
     "Färre rapporter om skadegörelse på skolan", "Skolgården är mörk efter klockan 17 vintertid."),
]

FOLLOW_UP_NOTES = [
    "Målet nåddes. Uppföljt mot ”{metric}”: tydlig förbättring under de åtta veckorna efter insatsen. "
    "Platsen följs vidare i veckans lägesbild.",
    "Delvis. Uppföljt mot ”{metric}”: bättre de första veckorna, sedan tillbaka på ungefär samma nivå. "
    "En ny gemensam insats föreslås på EST-mötet.",
    "Ingen tydlig skillnad mot ”{metric}”, men deltagarna i trygghetsvandringen upplever platsen som tryggare. "
    "Följs upp igen i nästa tertialanalys.",
]

# Weighted statuses so every state is present; index 0 of every template gets the first status.
PLAN = [Status.FOLLOWED_UP, Status.IN_PROGRESS, Status.PLANNED, Status.DONE, Status.IN_PROGRESS, Status.PROPOSED,
        Status.FOLLOWED_UP, Status.PLANNED, Status.CANCELLED, Status.IN_PROGRESS, Status.DONE, Status.PLANNED]

PATHS: dict[str, list[Status]] = {
    Status.PROPOSED: [],
    Status.PLANNED: [Status.PLANNED],
    Status.IN_PROGRESS: [Status.PLANNED, Status.IN_PROGRESS],
    Status.DONE: [Status.PLANNED, Status.IN_PROGRESS, Status.DONE],
    Status.FOLLOWED_UP: [Status.PLANNED, Status.IN_PROGRESS, Status.DONE, Status.FOLLOWED_UP],
    Status.CANCELLED: [Status.PLANNED, Status.CANCELLED],
}

EXTRA_AREAS = ["lagersberg", "skiftinge", "froslunda", "arby", "nyfors", "centrum"]

# title, owner, preferred responsible, kind, horizon, target metric, description
REPEATABLE = [
    ("Byta trasig gatubelysning", "gata", "atgard.gata", SIT, SHORT, "Färre rapporter om mörka platser",
     "Inventering efter kvällsvandring; trasiga armaturer byts."),
    ("Fotpatrullering vid hotspot från lägesbilden", "polis", "kommunpolis2", SIT, SHORT,
     "Antal rapporter om ordningsstörning", "Riktade pass de kvällar lägesbilden pekar ut."),
    ("Beskärning av skymmande vegetation", "kfast", "atgard.kfast", SIT, SHORT, "Färre rapporter om skymd sikt",
     "Buskage och häckar klipps ned till 0,6 m vid entréer och stråk."),
    ("Fältarnas kvällsnärvaro", "social", "rapportor.social", SOC, SHORT, "Antal kontakter med ungdomar",
     "Fältarbetande socialsekreterare på plats kvällar när ungdomar samlas."),
    ("Sanering av klotter och skadegörelse", "gata", "rapportor.gata", SIT, SHORT,
     "Andel sanerat inom 24 timmar", "Snabb sanering enligt rutinen för klotter."),
    ("Aktiviteter på lov med Ung fritid", "kof", "rapportor.fritid", SOC, SHORT, "Antal deltagare",
     "Spontanidrott och aktiviteter kvällstid under lovet."),
]


def _responsible(ctx: DemoContext, owner: Any, preferred: str) -> Any:
    user = ctx.users.get(preferred) if preferred else None
    if user is not None and Membership.objects.filter(user=user, organisation=owner).exists():
        return user
    membership = Membership.objects.filter(organisation=owner).select_related("user").order_by("user__username").first()
    return membership.user if membership else None


def _dates(ctx: DemoContext, status: str, n: int) -> tuple[dt.date, dt.date]:
    today = ctx.now.date()
    rng = ctx.rng
    if n == 0:  # the LED lighting in the Lagersberg tunnel: the incidents demo shows its effect (demo.story)
        start = LED_TUNNEL.start(today)
        return start, start + dt.timedelta(days=56)
    if status == Status.FOLLOWED_UP:
        start = today - dt.timedelta(days=rng.randint(150, 330))
        return start, start + dt.timedelta(days=rng.randint(30, 90))
    if status == Status.DONE:
        start = today - dt.timedelta(days=rng.randint(60, 140))
        return start, start + dt.timedelta(days=rng.randint(30, 80))
    if status == Status.CANCELLED:
        start = today - dt.timedelta(days=rng.randint(40, 200))
        return start, start + dt.timedelta(days=60)
    start = today - dt.timedelta(days=rng.randint(5, 90))
    # every third open intervention is late, by 1–45 days
    due = today - dt.timedelta(days=rng.randint(1, 45)) if n % 3 == 0 else today + dt.timedelta(
        days=rng.randint(5, 120))
    return start, max(due, start + dt.timedelta(days=1))


def _origin(area: Any) -> Any:
    try:
        from trygg.incidents.models import Observation
    except ImportError:  # pragma: no cover - incidents is always installed
        return None
    return Observation.objects.filter(area=area).order_by("observed_at", "id").first() if area else None


def build(ctx: DemoContext) -> None:
    target = 15 if ctx.size == "small" else 60
    coordinator = ctx.users.get("samordnare")
    places = list(ctx.extra.get("places", []))
    by_name = {p.name: p for p in places}
    rows = []
    for title, owner_slug, preferred, kind, horizon, area_slugs, place_name, metric, description in TEMPLATES:
        rows.append((title, owner_slug, preferred, kind, horizon, area_slugs,
                     [by_name[place_name]] if place_name in by_name else [], metric, description))
    # Then proven insatser repeated in the other prioritised areas, at a place there when one exists.
    for area_slug in EXTRA_AREAS:
        area_places = [p for p in places if p.area.slug == area_slug]
        for i, (title, owner_slug, preferred, kind, horizon, metric, description) in enumerate(REPEATABLE):
            area = ctx.areas.get(area_slug)
            name = area.name if area else area_slug
            place = [area_places[i % len(area_places)]] if area_places and kind == SIT else []
            rows.append((f"{title} – {name}", owner_slug, preferred, kind, horizon, [area_slug], place, metric,
                         description))
    made = 0
    for n, (title, owner_slug, preferred, kind, horizon, area_slugs, place_list, metric, description) in enumerate(
            rows[:target]):
        owner = ctx.organisations.get(owner_slug)
        if owner is None:
            continue
        areas = [ctx.areas[s] for s in area_slugs if s in ctx.areas]
        made += _create(ctx, n, title, owner, _responsible(ctx, owner, preferred), kind, horizon, areas, place_list,
                        metric, description, PLAN[n % len(PLAN)], coordinator)
    ctx.log(f" {made} insatser")


def _create(ctx: DemoContext, n: int, title: str, owner: Any, responsible: Any, kind: str, horizon: str,
            areas: list[Any], places: list[Any], metric: str, description: str, status: str, coordinator: Any) -> int:
    if Intervention.objects.filter(title=title[:200], owner=owner).exists():  # re-running adds nothing twice
        return 0
    start, due = _dates(ctx, status, n)
    origin = _origin(areas[0]) if areas and n % 4 == 0 else None
    created = (ctx.now - dt.timedelta(days=(ctx.now.date() - start).days + ctx.rng.randint(3, 14))).astimezone(
        STOCKHOLM).replace(hour=ctx.rng.randint(8, 16), minute=ctx.rng.choice([5, 15, 30, 45]), second=0, microsecond=0)
    intervention = Intervention(
        title=title[:200], description=description, owner=owner, responsible=responsible, kind=kind,
        horizon=horizon, start_date=start, due_date=due, status=status, target_metric=metric,
        created_by=coordinator, created_at=created,
        origin_label=(f"Observation: {origin}" if origin is not None
                      else ("Lägesbild, EST-veckomöte" if n % 4 == 1 else ""))[:200],
        # the notes take turns among the followed-up insatser; the first (the LED tunnel) reached its goal
        follow_up_note=FOLLOW_UP_NOTES[Intervention.objects.filter(status=Status.FOLLOWED_UP).count()
                                       % len(FOLLOW_UP_NOTES)].format(metric=metric.lower() or title.lower())
        if status == Status.FOLLOWED_UP else "",
    )
    if origin is not None:
        intervention.origin = origin
    intervention.save()
    intervention.areas.set(areas)
    intervention.places.set(places)
    previous = Status.PROPOSED
    when = created
    span = max((due - start).days, 2)
    for step in PATHS[status]:
        day = (when + dt.timedelta(days=ctx.rng.randint(1, max(2, span // 3)))).astimezone(STOCKHOLM)
        day = day.replace(hour=ctx.rng.randint(8, 16), minute=ctx.rng.choice([0, 10, 25, 40, 55]), second=0,
                          microsecond=0)
        when = min(day, ctx.now - dt.timedelta(hours=1))
        note = ""
        if step == Status.FOLLOWED_UP:
            note = intervention.follow_up_note
        elif step == Status.CANCELLED:
            note = "Ersätts av en gemensam insats i samma område."
        elif step == Status.DONE:
            intervention.completed_at = when
        StatusChange.objects.create(intervention=intervention, from_status=previous, to_status=step, note=note,
                                    changed_by=responsible or coordinator, changed_at=when)
        previous = step
    if intervention.completed_at:
        intervention.save(update_fields=["completed_at"])
    return 1
