"""Demo residents' reports: routing rules, ~150 reports over the last months in every state, an Open311 API key
for a test client and page feedback. Runs after accounts (10) and areas (20)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trygg.areas.selectors import area_for_point, point_in_municipality
from trygg.core.geo import iso_week_of
from trygg.core.redact import redact
from trygg.demo.context import DemoContext
from trygg.incidents.models import Category, Moderation, Observation, Source, Status
from trygg.incidents.residents.models import RoutingRule, StatusUpdate, UpdateKind
from trygg.incidents.routing import responsible_for
from trygg.open311.models import ApiKey, hash_key
from trygg.public.models import PageFeedback

ORDER = 60

# category code → organisation slug (the samordnare can change these under /org/reports/regler/)
RULES = {
    "inv-belysning": "gata", "inv-vegetation": "gata", "inv-trafik": "gata", "inv-klotter": "gata",
    "inv-skadegorelse": "gata", "inv-nedskrapning": "gata", "inv-samlingar": "social", "inv-annat": "klk",
}
AREA_RULES = [("inv-klotter", "lagersberg", "kfast"), ("inv-skadegorelse", "lagersberg", "kfast")]
DEPARTMENT_EMAILS = {"gata": "gatuavdelningen@eskilstuna.example", "social": "faltarbetare@eskilstuna.example",
                     "klk": "trygga@eskilstuna.example", "kfast": "kundservice@kfast.example"}
TEXTS = {
    "inv-belysning": ["Lampan i gångtunneln är trasig, helt mörkt på kvällen.",
                      "Flera gatlampor släckta längs gångvägen.", "Mörkt vid busshållplatsen sedan en vecka."],
    "inv-vegetation": ["Buskarna har växt över gångvägen, man ser inte vem som kommer.",
                       "Häcken skymmer sikten vid övergångsstället."],
    "inv-klotter": ["Klotter på väggen vid tunneln.", "Nytt klotter på elskåpet vid lekplatsen."],
    "inv-skadegorelse": ["Krossad glasruta i busskuren.", "Sönderslagen parkbänk."],
    "inv-nedskrapning": ["Mycket skräp och glasflaskor vid bänkarna.", "Nedskräpat runt återvinningen."],
    "inv-trafik": ["Bilar kör fort förbi skolan på morgonen.", "Mopeder kör på gångvägen på kvällarna."],
    "inv-samlingar": ["Stora grupper samlas vid centrum på kvällen, känns otryggt att gå förbi.",
                      "Folk samlas i trapphuset sent på kvällarna."],
    "inv-annat": ["Övergiven cykel blockerar gångvägen.", "Trasigt staket vid lekplatsen, ring mig på 070-123 45 67."],
}
NOTES: dict[str, str] = {
    UpdateKind.ACCEPTED: "Vi har tagit emot rapporten och planerar in en åtgärd.",
    UpdateKind.FIXED: "Åtgärdat. Tack för att du hörde av dig!",
    UpdateKind.NOT_FIXED: "Marken ägs av en privat fastighetsägare. Vi har skickat vidare till dem.",
}
FEEDBACK_PATHS = ["/", "/rapportera/", "/rapporter/", "/sa-jobbar-vi/", "/kontakt/"]


def _rules(ctx: DemoContext) -> None:
    for slug, email in DEPARTMENT_EMAILS.items():
        organisation = ctx.organisations.get(slug)
        if organisation is not None and not organisation.email:
            organisation.email = email
            organisation.save(update_fields=["email"])
    for code, slug in RULES.items():
        if slug in ctx.organisations:
            RoutingRule.objects.update_or_create(category=Category.objects.get(code=code), area=None,
                                                 defaults={"organisation": ctx.organisations[slug]})
    for code, area_slug, slug in AREA_RULES:
        if slug in ctx.organisations and area_slug in ctx.areas:
            RoutingRule.objects.update_or_create(category=Category.objects.get(code=code), area=ctx.areas[area_slug],
                                                 defaults={"organisation": ctx.organisations[slug]})


def _point(ctx: DemoContext) -> tuple[float, float]:
    places = ctx.extra.get("places") or []
    for _ in range(20):
        if places:
            base = ctx.rng.choice(places)
            lat, lon = base.lat + ctx.rng.gauss(0, 0.0012), base.lon + ctx.rng.gauss(0, 0.0022)
        else:
            lat, lon = 59.3706 + ctx.rng.gauss(0, 0.01), 16.5128 + ctx.rng.gauss(0, 0.02)
        if point_in_municipality(lat=lat, lon=lon):
            return lat, lon
    return 59.3706, 16.5128


def _history(ctx: DemoContext, observation: Observation, handler: Any) -> None:
    """Walk an approved report through its workflow with dated status updates."""
    roll = ctx.rng.random()
    steps: list[tuple[UpdateKind, Status]] = []
    if roll < 0.25:
        return
    steps.append((UpdateKind.ACCEPTED, Status.ASSIGNED))
    if roll > 0.45:
        steps.append((UpdateKind.FIXED, Status.FIXED) if roll < 0.85 else (UpdateKind.NOT_FIXED, Status.NOT_FIXED))
    if roll > 0.97:
        steps.append((UpdateKind.REOPENED, Status.ASSIGNED))
    moment = observation.created_at
    previous: str = Status.NEW
    for kind, status in steps:
        moment = min(moment + dt.timedelta(days=ctx.rng.randint(1, 12), hours=ctx.rng.randint(0, 8)), ctx.now)
        update = StatusUpdate.objects.create(
            observation=observation, kind=kind, from_status=previous, to_status=status,
            note=NOTES.get(kind, ""), organisation=observation.responsible_organisation,
            actor=None if kind == UpdateKind.REOPENED else handler)
        StatusUpdate.objects.filter(pk=update.pk).update(created_at=moment)
        previous = status
    Observation.objects.filter(pk=observation.pk).update(status=previous, status_note=NOTES.get(steps[-1][0], ""),
                                                         modified_at=moment)


def _reports(ctx: DemoContext) -> int:
    count = {"small": 20, "normal": 150, "large": 600}.get(ctx.size, 150)
    categories = list(Category.objects.filter(code__in=RULES))
    weights = [5 if c.code == "inv-belysning" else 3 if c.code in ("inv-vegetation", "inv-klotter") else 2
               for c in categories]
    handler = ctx.users.get("atgard.gata") or ctx.users.get("samordnare")
    moderator = ctx.users.get("moderator") or ctx.users.get("samordnare")
    made = []
    for i in range(count):
        category = ctx.rng.choices(categories, weights)[0]
        lat, lon = _point(ctx)
        days_ago = ctx.rng.uniform(0, 3) if i < 3 else ctx.rng.uniform(0, 150)  # a few fresh ones await moderation
        observed = ctx.now - dt.timedelta(days=days_ago, hours=ctx.rng.uniform(0, 12))
        area = area_for_point(lat=lat, lon=lon)
        text = ctx.rng.choice(TEXTS[category.code])
        recent = ctx.now - observed < dt.timedelta(days=10)
        roll = ctx.rng.random()
        moderation = (Moderation.PENDING if i < 2 or (recent and roll < 0.6) else
                      Moderation.HIDDEN if roll < 0.05 else Moderation.APPROVED)
        year, week = iso_week_of(observed)
        observation = Observation.objects.create(
            source=Source.RESIDENT, category=category, lat=lat, lon=lon, observed_at=observed, iso_year=year,
            iso_week=week, area=area, description=text, description_redacted=redact(text),
            responsible_organisation=responsible_for(category=category, area=area), moderation=moderation,
            moderated_by=None if moderation == Moderation.PENDING else moderator,
            moderated_at=None if moderation == Moderation.PENDING else observed + dt.timedelta(hours=3),
            contact_email=f"boende{i}@example.se" if ctx.rng.random() < 0.4 else "",
        )
        Observation.objects.filter(pk=observation.pk).update(created_at=observed, modified_at=observed)
        observation.created_at = observed
        if moderation == Moderation.APPROVED:
            _history(ctx, observation, handler)
        made.append(observation)
    # A few duplicates merged into an open report nearby.
    open_ones = [o for o in made if o.moderation == Moderation.APPROVED]
    for duplicate, main in zip(open_ones[1:4], open_ones[4:7], strict=False):
        Observation.objects.filter(pk=duplicate.pk).update(merged_into=main, status=Status.DUPLICATE)
        StatusUpdate.objects.create(observation=duplicate, kind=UpdateKind.MERGED, from_status=Status.NEW,
                                    to_status=Status.DUPLICATE, organisation=duplicate.responsible_organisation,
                                    actor=handler)
    return len(made)


def _api_key(ctx: DemoContext) -> str:
    """A fixed demo key for an Open311 test client (FixaMinGata-style), bound to the municipality."""
    raw = "demo-open311-nyckel-fixamingata"
    organisation = ctx.organisations.get("klk") or next(iter(ctx.organisations.values()), None)
    if organisation is not None:
        ApiKey.objects.get_or_create(key_hash=hash_key(raw), defaults={
            "name": "FixaMinGata (test)", "organisation": organisation, "prefix": raw[:8]})
    return raw


def _feedback(ctx: DemoContext) -> None:
    comments = ["", "", "", "Bra att man kan följa rapporten.", "Svårt att hitta kartan.",
                "Saknar information om Torshälla."]
    for _ in range({"small": 10}.get(ctx.size, 80)):
        PageFeedback.objects.create(
            path=ctx.rng.choice(FEEDBACK_PATHS), helpful=ctx.rng.random() < 0.72,
            comment=ctx.rng.choice(comments), created_on=(ctx.now - dt.timedelta(days=ctx.rng.randint(0, 90))).date())


def build(ctx: DemoContext) -> None:
    _rules(ctx)
    made = _reports(ctx)
    raw = _api_key(ctx)
    _feedback(ctx)
    ctx.log(f" {made} invånarrapporter, {RoutingRule.objects.count()} fördelningsregler, Open311-nyckel: {raw}")
