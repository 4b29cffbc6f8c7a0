"""Demo: the December trygghetsråd (after the 5 Dec 2016 råd), a planned spring råd, weekly EST meetings,
the SÖ 2024–2027, the Lagersberg medborgarlöfte with progress, Fröslunda proposed next, and both networks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from trygg.demo.context import DemoContext
from trygg.incidents.models import Category

from . import services
from .models import (
    Agreement,
    FocusProblem,
    Goal,
    Meeting,
    Network,
    Promise,
    PromiseActivity,
    Signatory,
)

ORDER = 90

RAD_INVITED = ["klk", "kommunen", "polis", "social", "buf", "kof", "gata", "kfast", "riksbyggen", "fastighetsagarna",
               "hgf", "moa", "meja", "brottsofferjouren", "lf", "raddning", "nattvandrarna", "centrum"]
EST_INVITED = ["klk", "polis", "kfast", "gata", "social", "kof", "securitas"]

# (order, from, to, title, presenter slug)
DECEMBER_AGENDA = [
    (1, "13:00", "13:10", "Välkommen – ordföranden hälsar välkommen", "kommunen"),
    (2, "13:10", "13:25", "Extra medel till det brottsförebyggande arbetet (utvecklingsdirektören)", "kommunen"),
    (3, "13:25", "13:55", "Samordnarens roll, nätverket mot sexuella trakasserier, dopning/narkotika och elevenkäten",
     "klk"),
    (4, "13:55", "14:25", "Polisen: lokalpolisområdeschef och kommunpolis om lägesbilden", "polis"),
    (5, "14:25", "14:40", "Paus", None),
    (6, "14:40", "15:20", "Aktörerna: vad vi gör och vad vi kan bidra med", None),
    (7, "15:20", "16:00", "Grupparbete per prioriterat område", None),
    (8, "16:00", "16:15", "Beslut och avslutning", "klk"),
]

CONTRIBUTIONS = {
    "kfast": ("Fastighetsvärdar kvällstid i Lagersberg och Fröslunda, snabb klottersanering.",
              "Belysning på gårdar och i entréer; ser över buskage vid gångtunnlar."),
    "polis": ("Områdespoliser i Skiftinge/Årby och Lagersberg, fotpatrullering enligt medborgarlöftet.",
              "Lägesbild varje vecka till EST och medverkan vid trygghetsvandringar."),
    "social": ("Fältarbetande socialsekreterare ute fredagar och lördagar.",
               "Uppsökande arbete vid samlingsplatser som pekas ut i lägesbilden."),
    "kof": ("Ung fritid har öppet på fritidsgårdarna fyra kvällar i veckan.",
            "Förlängda öppettider under lov och aktiviteter på Fröslunda torg."),
    "moa": ("Stödsamtal och skyddat boende.", "Utbildning om våld i nära relationer för personal."),
    "hgf": ("Boendedialog och trygghetsvandringar med hyresgäster.", "Når boende som sällan kommer till möten."),
}

GROUP_WORK = [
    ("lagersberg", "Lagersberg", "Mörk gångtunnel vid skolan, ungdomsgrupper vid centrum kvällstid. Förslag: "
     "belysning och beskärning, fältare fredagar."),
    ("froslunda", "Fröslunda/Brunnsbacken", "Oro för narkotikaförsäljning vid lekplatsen. Förslag: riktad "
     "polisnärvaro och medborgarforum inför nästa års medborgarlöfte."),
    ("skiftinge", "Skiftinge", "Buskörning på cykelbanan mot Ekeby. Förslag: trafikkontroller och farthinder."),
    ("arby", "Årby", "Skolan rapporterar otrygghet på väg till och från skolan. Förslag: trygghetsvandring med "
     "elever."),
]

DECISIONS = [
    ("Gatuavdelningen byter belysning och beskär buskage vid gångtunneln i Lagersberg.", "gata", "lagersberg", 75),
    ("Fältarbetande socialsekreterare prioriterar Lagersbergs centrum fredagar under våren.", "social",
     "lagersberg", 120),
    ("Polisen genomför riktade insatser mot narkotikaförsäljning i Fröslunda/Brunnsbacken.", "polis", "froslunda",
     90),
    ("Trygghetsvandring med elever i Årby före sommarlovet.", "klk", "arby", 150),
]

MINUTES = (
    "Ordföranden hälsade välkommen. Utvecklingsdirektören redogjorde för extra medel till det brottsförebyggande "
    "arbetet. Samordnaren berättade om samordningsrollen, nätverken och elevenkäten. Polisen redovisade "
    "lägesbilden. Aktörerna berättade vad de gör och kan bidra med. Grupparbetet per prioriterat område ledde till "
    "fyra beslut som nu följs upp som insatser."
)


def _orgs(ctx: DemoContext, slugs: list[str]) -> list[Any]:
    return [ctx.organisations[s] for s in slugs if s in ctx.organisations]


def _member_of(ctx: DemoContext, slug: str) -> Any:
    org = ctx.organisations[slug]
    membership = org.memberships.select_related("user").order_by("id").first()
    return membership.user if membership else None


def _held_meeting(ctx: DemoContext, *, when: dt.datetime, invited: list[str], contributions: dict,
                  **kwargs: Any) -> Meeting:
    """Plan a meeting, collect answers and contributions, then move it to when it was held."""
    sam = ctx.users["samordnare"]
    meeting = services.meeting_create(starts_at=ctx.now + dt.timedelta(days=1), created_by=sam, **kwargs)
    services.meeting_invite(meeting=meeting, organisations=_orgs(ctx, invited), by=sam, notify=False)
    for slug in invited:
        member = _member_of(ctx, slug)
        if member is None:
            continue
        attend = ctx.rng.random() < 0.85
        services.meeting_rsvp(meeting=meeting, organisation=ctx.organisations[slug], by=member,
                              answer="attend" if attend else "decline",
                              attendees=ctx.rng.randint(1, 3) if attend else 0)
        if slug in contributions:
            what, can = contributions[slug]
            services.contribution_save(meeting=meeting, organisation=ctx.organisations[slug], what_we_do=what,
                                       can_contribute=can, by=member)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=when, ends_at=when + dt.timedelta(hours=3))
    meeting.refresh_from_db()
    return meeting


def _december_rad(ctx: DemoContext) -> Meeting:
    sam = ctx.users["samordnare"]
    tz = timezone.get_current_timezone()
    year = ctx.now.year if ctx.now.month == 12 and ctx.now.day > 5 else ctx.now.year - 1
    when = dt.datetime(year, 12, 5, 13, 0, tzinfo=tz)
    meeting = _held_meeting(ctx, when=when, invited=RAD_INVITED, contributions=CONTRIBUTIONS, kind="trygghetsrad",
                            title=f"Trygghetsråd december {year}", place="Stadshuset, Fristadstorget, sessionssalen",
                            chair=ctx.users["styrgrupp"], secretary=ctx.users["samordnare2"])
    for order, start, end, title, presenter in DECEMBER_AGENDA:
        services.agenda_item_add(meeting=meeting, order=order, title=title, by=sam,
                                 presenter=ctx.organisations.get(presenter) if presenter else None,
                                 starts_at=dt.time.fromisoformat(start), ends_at=dt.time.fromisoformat(end))
    for area_slug, theme, notes in GROUP_WORK:
        services.group_note_add(meeting=meeting, theme=theme, notes=notes, area=ctx.areas.get(area_slug), by=sam)
    for text, owner, area_slug, days in DECISIONS:
        decision = services.decision_create(meeting=meeting, text=text, owner=ctx.organisations[owner],
                                            due_date=ctx.now.date() + dt.timedelta(days=days),
                                            area=ctx.areas.get(area_slug), by=sam)
        ctx.extra.setdefault("council_interventions", []).append(
            services.decision_to_intervention(decision=decision, by=sam))
    services.minutes_save(meeting=meeting, minutes=MINUTES, visibility="public", by=sam)
    services.minutes_approve(meeting=meeting, by=ctx.users["styrgrupp"])
    services.minutes_publish(meeting=meeting, by=sam)
    # As if justerat within two weeks of the råd and published right after.
    Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=when + dt.timedelta(days=12),
                                                 minutes_published_at=when + dt.timedelta(days=14))
    return meeting


def _spring_rad(ctx: DemoContext) -> Meeting:
    sam = ctx.users["samordnare"]
    tz = timezone.get_current_timezone()
    year = ctx.now.year + 1 if ctx.now.month > 4 else ctx.now.year
    meeting = services.meeting_create(kind="trygghetsrad", title=f"Trygghetsråd våren {year}",
                                      starts_at=dt.datetime(year, 5, 12, 13, 0, tzinfo=tz),
                                      ends_at=dt.datetime(year, 5, 12, 16, 0, tzinfo=tz),
                                      place="Stadshuset, Fristadstorget, sessionssalen", created_by=sam,
                                      chair=ctx.users["styrgrupp"], secretary=ctx.users["samordnare2"])
    services.meeting_invite(meeting=meeting, organisations=_orgs(ctx, RAD_INVITED), by=sam, notify=False)
    for order, (start, end, title, presenter) in enumerate([
        ("13:00", "13:10", "Välkommen och godkännande av dagordningen", "kommunen"),
        ("13:10", "13:40", "Tertialanalysen och lägesbilden i de prioriterade områdena", "klk"),
        ("13:40", "14:10", "Medborgarlöftet i Lagersberg: så långt har vi kommit", "polis"),
        ("14:10", "15:00", "Aktörerna: vad vi gör och vad vi kan bidra med", None),
        ("15:00", "15:45", "Grupparbete: förslag till nästa års medborgarlöfte i Fröslunda", None),
    ], start=1):
        services.agenda_item_add(meeting=meeting, order=order, title=title, by=sam,
                                 presenter=ctx.organisations.get(presenter) if presenter else None,
                                 starts_at=dt.time.fromisoformat(start), ends_at=dt.time.fromisoformat(end))
    for slug in ["polis", "kfast", "social", "hgf"]:
        member = _member_of(ctx, slug)
        if member is not None:
            services.meeting_rsvp(meeting=meeting, organisation=ctx.organisations[slug], answer="attend",
                                  attendees=2, by=member)
    member = _member_of(ctx, "lf")
    if member is not None:
        services.meeting_rsvp(meeting=meeting, organisation=ctx.organisations["lf"], answer="decline", attendees=0,
                              by=member)
    services.contribution_save(meeting=meeting, organisation=ctx.organisations["kfast"], by=_member_of(ctx, "kfast"),
                               what_we_do=CONTRIBUTIONS["kfast"][0], can_contribute=CONTRIBUTIONS["kfast"][1])
    return meeting


def _est_meetings(ctx: DemoContext) -> None:
    sam = ctx.users["samordnare"]
    weeks = 2 if ctx.size == "small" else 8
    tz = timezone.get_current_timezone()
    today = ctx.now.date()
    monday = today - dt.timedelta(days=today.weekday())
    for back in range(weeks, 0, -1):
        day = monday - dt.timedelta(weeks=back) + dt.timedelta(days=1)
        when = dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)
        meeting = _held_meeting(ctx, when=when, invited=EST_INVITED, contributions={}, kind="est",
                                title=f"EST-veckomöte vecka {day.isocalendar()[1]}", place="Stadshuset, rum 412",
                                chair=ctx.users["samordnare"], secretary=ctx.users["analytiker"])
        services.agenda_item_add(meeting=meeting, order=1, title="Veckans lägesbild", by=sam,
                                 presenter=ctx.organisations["klk"])
        services.agenda_item_add(meeting=meeting, order=2, title="Hotspots och fokus nästa vecka", by=sam,
                                 presenter=ctx.organisations["polis"])
        services.minutes_save(meeting=meeting, visibility="partners", by=sam,
                              minutes="Genomgång av veckans lägesbild. Fokus nästa vecka: Lagersbergs centrum "
                                      "och gångtunneln vid skolan.")
        services.minutes_approve(meeting=meeting, by=sam)
        services.minutes_publish(meeting=meeting, by=sam)
        Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=when + dt.timedelta(hours=3),
                                                     minutes_published_at=when + dt.timedelta(hours=4))
    next_tuesday = monday + dt.timedelta(weeks=1, days=1)
    upcoming = services.meeting_create(kind="est", title=f"EST-veckomöte vecka {next_tuesday.isocalendar()[1]}",
                                       starts_at=dt.datetime.combine(next_tuesday, dt.time(9, 0), tzinfo=tz),
                                       place="Stadshuset, rum 412", created_by=sam, chair=sam,
                                       secretary=ctx.users["analytiker"])
    services.meeting_invite(meeting=upcoming, organisations=_orgs(ctx, EST_INVITED), by=sam, notify=False)


def _agreement(ctx: DemoContext) -> Agreement:
    agreement = Agreement.objects.create(
        title="Samverkansöverenskommelse Eskilstuna kommun och Polisen 2024–2027",
        period_start=dt.date(2024, 1, 1), period_end=dt.date(2027, 12, 31),
        documentation_method="Insatser dokumenteras i Trygg med ägare, datum och status. EST-rapporter varje vecka "
                             "bildar lägesbilden.",
        follow_up_method="Tertialvis uppföljning i den politiska styrgruppen (Trygghetsberedningen) och årligen i "
                         "kommunstyrelsens arbetsutskott; polisens trygghetsmätning och elevenkäten.",
    )
    agreement.parties.set(_orgs(ctx, ["kommunen", "polis"]))
    Signatory.objects.create(agreement=agreement, name="Anders Wall", role="Lokalpolisområdeschef",
                             signed_on=dt.date(2023, 12, 12))
    Signatory.objects.create(agreement=agreement, name="Per Holm", role="Kommunstyrelsens ordförande",
                             signed_on=dt.date(2023, 12, 12))
    problems = {}
    for key, title, causes in [
        ("narkotika", "Narkotika", "Öppen försäljning nära skolor och centrumanläggningar; unga rekryteras; "
                                   "låg upptäcktsrisk på skymda platser."),
        ("vald", "Våld i offentlig miljö", "Konflikter mellan grupper, alkohol kvällstid i centrum, få vuxna ute."),
        ("otrygghet", "Otrygghet", "Mörka stråk och tunnlar, nedskräpning och klotter, ungdomsgrupper som stör."),
    ]:
        problems[key] = FocusProblem.objects.create(agreement=agreement, title=title, likely_causes=causes)
    categories = {c.code: c for c in Category.objects.all()}
    Goal.objects.create(agreement=agreement, problem=problems["narkotika"],
                        indicator="EST-rapporter om öppen narkotikahantering i Lagersberg",
                        baseline=Decimal("48"), target=Decimal("25"),
                        how_measured="Antal observationer i kategorin de senaste 12 månaderna, räknat i Trygg.",
                        category=categories.get("narkotika-forsaljning"), area=ctx.areas.get("lagersberg"))
    Goal.objects.create(agreement=agreement, problem=problems["vald"],
                        indicator="Rapporter om bråk och slagsmål i centrum",
                        baseline=Decimal("60"), target=Decimal("40"),
                        how_measured="Antal observationer i kategorin de senaste 12 månaderna, räknat i Trygg.",
                        category=categories.get("ordningsstorning"), area=ctx.areas.get("centrum"))
    otrygghet = Goal.objects.create(agreement=agreement, problem=problems["otrygghet"],
                                    indicator="Andel som känner sig otrygga i sitt bostadsområde (procent)",
                                    baseline=Decimal("31"), target=Decimal("22"),
                                    how_measured="Polisens trygghetsmätning, en gång per år.")
    services.goal_follow_up_record(goal=otrygghet, value=Decimal("29"), measured_on=dt.date(2024, 11, 1),
                                   by=ctx.users["samordnare"])
    services.goal_follow_up_record(goal=otrygghet, value=Decimal("27"), measured_on=dt.date(2025, 11, 1),
                                   by=ctx.users["samordnare"])
    return agreement


def _promises(ctx: DemoContext, agreement: Agreement) -> None:
    sam, police = ctx.users["samordnare"], ctx.users["kommunpolis"]
    year = ctx.now.year
    lagersberg = Promise.objects.create(
        area=ctx.areas["lagersberg"], year=year, agreement=agreement, stage="promise",
        title="Tryggare Lagersberg – synlig polis och ljusare stråk",
        problem="Invånarna känner sig otrygga kvällstid kring Lagersbergs centrum och gångtunneln vid skolan; "
                "lägesbilden visar ungdomsgrupper som stör och skadegörelse.",
        dialogue_input="Vid medborgardialogen i Lagersbergs centrum nämnde många mörka gångvägar och att de vill se "
                       "polisen oftare till fots.",
        picture_summary="Flest EST-rapporter i Lagersberg av de prioriterade områdena under förra året, särskilt "
                        "skadegörelse och ungdomsgrupper kvällstid.",
    )
    activities = [
        PromiseActivity.objects.create(promise=lagersberg, text="Fotpatrullering i Lagersberg", owner="polis",
                                       target_count=272),
        PromiseActivity.objects.create(promise=lagersberg, text="Trafikkontroller", owner="polis", target_count=350),
        PromiseActivity.objects.create(promise=lagersberg, text="Trygghetsvandringar med boende", owner="both",
                                       target_count=2),
        PromiseActivity.objects.create(promise=lagersberg, text="Belysningspunkter åtgärdade", owner="kommun",
                                       target_count=15),
    ]
    services.promise_publish(promise=lagersberg, by=sam)
    start = dt.date(year, 1, 15)
    today = ctx.now.date()
    months = max(1, min(11, (today - start).days // 30))
    share = months / 12
    for activity in activities:
        goal = int(activity.target_count * share * ctx.rng.uniform(0.8, 1.05))
        steps = max(1, min(months, goal))
        for i in range(steps):
            increment = max(1, goal // steps)
            on_date = min(today, start + dt.timedelta(days=30 * i))
            services.progress_record(activity=activity, on_date=on_date, increment=increment, by=police,
                                     note="Månadsrapport")
    froslunda = Promise.objects.create(
        area=ctx.areas["froslunda"], year=year + 1, agreement=agreement, stage="choice",
        title="Fröslunda/Brunnsbacken – förslag till nästa års löfte",
        problem="Oro för narkotikaförsäljning vid lekplatsen i Brunnsbacken och vid busshållplatsen.",
        dialogue_input="Medborgarforum i Fröslunda planeras under våren.",
    )
    PromiseActivity.objects.create(promise=froslunda, text="Riktade narkotikainsatser", owner="polis", target_count=20)


def _networks(ctx: DemoContext) -> None:
    sam = ctx.users["samordnare"]
    tz = timezone.get_current_timezone()
    for slug, name, description, members in [
        ("sexuella-trakasserier", "Nätverket mot sexuella trakasserier",
         "Samordnar arbetet mot sexuella trakasserier i offentlig miljö, på skolor och vid evenemang.",
         ["klk", "polis", "buf", "kof", "moa", "meja", "brottsofferjouren", "centrum"]),
        ("andt", "ANDT-nätverket: dopning och narkotika",
         "Alkohol, narkotika, dopning och tobak: gemensam lägesbild och förebyggande insatser.",
         ["klk", "polis", "social", "buf", "kof", "securitas", "centrum"]),
    ]:
        network = Network.objects.create(name=name, slug=slug, description=description)
        network.members.set(_orgs(ctx, members))
        when = dt.datetime.combine(ctx.now.date() + dt.timedelta(days=21), dt.time(14, 0), tzinfo=tz)
        meeting = services.meeting_create(kind="network", title=f"{name} – nätverksmöte", starts_at=when,
                                          place="Stadshuset, rum 301", created_by=sam, chair=sam, network=network)
        services.meeting_invite(meeting=meeting, organisations=network.members.all(), by=sam, notify=False)


def _link_interventions(ctx: DemoContext, agreement: Agreement) -> None:
    """The råd's decisions serve the SÖ goals; the drug decision is shared work of the ANDT network."""
    sam = ctx.users["samordnare"]
    lighting, field_workers, drugs, walk = ctx.extra["council_interventions"]
    goals = {g.problem.title: g for g in agreement.goals.select_related("problem") if g.problem is not None}
    services.goal_link_intervention(goal=goals["Narkotika"], intervention=drugs, by=sam)
    services.goal_link_intervention(goal=goals["Otrygghet"], intervention=lighting, by=sam)
    services.goal_link_intervention(goal=goals["Otrygghet"], intervention=walk, by=sam)
    services.goal_link_intervention(goal=goals["Våld i offentlig miljö"], intervention=field_workers, by=sam)
    services.network_link_intervention(network=Network.objects.get(slug="andt"), intervention=drugs, by=sam)


def build(ctx: DemoContext) -> None:
    if Agreement.objects.exists():
        ctx.log(" samverkan finns redan")
        return
    _networks(ctx)
    agreement = _agreement(ctx)
    _december_rad(ctx)
    _link_interventions(ctx, agreement)
    _spring_rad(ctx)
    _est_meetings(ctx)
    _promises(ctx, agreement)
    ctx.log(f" {Meeting.objects.count()} möten, {Promise.objects.count()} medborgarlöften, "
            f"{Network.objects.count()} nätverk")
