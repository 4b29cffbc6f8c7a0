"""Demo organisations (~20) and users (~60) across every role."""

from __future__ import annotations

from django.utils.text import slugify

from trygg.accounts.models import Membership, Organisation, User
from trygg.demo.context import DEMO_PASSWORD, DemoContext

ORDER = 10

# slug, name, kind, parent slug
ORGANISATIONS = [
    ("kommunen", "Eskilstuna kommun", "forvaltning", None),
    ("klk", "Kommunledningskontoret – Trygga Eskilstuna", "forvaltning", "kommunen"),
    ("gata", "Stadsbyggnadsförvaltningen – Gatuavdelningen", "forvaltning", "kommunen"),
    ("social", "Socialförvaltningen – Fältarbetande socialsekreterare", "forvaltning", "kommunen"),
    ("buf", "Barn- och utbildningsförvaltningen", "forvaltning", "kommunen"),
    ("kof", "Kultur- och fritidsförvaltningen – Ung fritid", "forvaltning", "kommunen"),
    ("polis", "Polisen – Lokalpolisområde Eskilstuna", "polis", None),
    ("kfast", "Eskilstuna Kommunfastigheter (Kfast)", "bostadsbolag", None),
    ("riksbyggen", "Riksbyggen Eskilstuna", "bostadsbolag", None),
    ("fastighetsagarna", "Fastighetsägarna Mitt – Eskilstuna", "fastighetsagare", None),
    ("lf", "Länsförsäkringar Södermanland", "forsakringsbolag", None),
    ("hgf", "Hyresgästföreningen Eskilstuna", "forening", None),
    ("nattvandrarna", "Nattvandrarna Eskilstuna", "forening", None),
    ("moa", "Kvinnojouren Moa", "jour", None),
    ("meja", "Tjejjouren Meja", "jour", None),
    ("brottsofferjouren", "Brottsofferjouren Eskilstuna", "jour", None),
    ("raddning", "Mälardalens brand- och räddningsförbund", "raddningstjanst", None),
    ("securitas", "Securitas Eskilstuna", "bevakning", None),
    ("centrum", "Eskilstuna Centrumförening", "naringsliv", None),
    ("skola-arby", "Årbyskolan", "skola", None),
    ("skola-skiftinge", "Skiftingehus skola", "skola", None),
    ("skola-lagersberg", "Lagersbergsskolan", "skola", None),
    ("skola-froslunda", "Fröslunda skola", "skola", None),
]

# username, first, last, title, org slug, roles
NAMED_USERS = [
    ("samordnare", "Sara", "Lind", "Brotts- och drogförebyggande samordnare", "klk", ["samordnare", "moderator"]),
    ("samordnare2", "Johan", "Ek", "Trygghetssamordnare", "klk", ["samordnare"]),
    ("analytiker", "Amira", "Haddad", "Analytiker", "klk", ["analytiker"]),
    ("moderator", "Lena", "Berg", "Kommunikatör", "klk", ["moderator"]),
    ("styrgrupp", "Per", "Holm", "Kommunalråd, ordförande Trygghetsberedningen", "kommunen", ["styrgrupp"]),
    ("styrgrupp2", "Karin", "Sjöberg", "Kommundirektör", "kommunen", ["styrgrupp"]),
    ("kommunpolis", "Mikael", "Nord", "Kommunpolis", "polis", ["kommunpolis", "rapportor"]),
    ("kommunpolis2", "Elin", "Ström", "Områdespolis Skiftinge/Årby", "polis", ["kommunpolis"]),
    ("lpochef", "Anders", "Wall", "Lokalpolisområdeschef", "polis", ["styrgrupp"]),
    ("rapportor.kfast", "Kim", "Larsson", "Fastighetsskötare", "kfast", ["rapportor"]),
    ("rapportor.gata", "Omar", "Ali", "Gatuingenjör", "gata", ["rapportor"]),
    ("atgard.gata", "Eva", "Sund", "Driftchef gata/park", "gata", ["atgardsansvarig"]),
    ("atgard.kfast", "Nils", "Ahl", "Områdeschef", "kfast", ["atgardsansvarig"]),
    ("skolkontakt.arby", "Maria", "Öberg", "Rektor", "skola-arby", ["skolkontakt"]),
    ("skolkontakt.skiftinge", "David", "Ek", "Kurator", "skola-skiftinge", ["skolkontakt"]),
    ("rapportor.jour", "Hanna", "Falk", "Jourkvinna", "moa", ["rapportor"]),
    ("rapportor.social", "Yusuf", "Demir", "Fältsekreterare", "social", ["rapportor", "atgardsansvarig"]),
    ("rapportor.fritid", "Linnea", "Borg", "Fritidsledare, Ung fritid", "kof", ["rapportor"]),
    ("rapportor.securitas", "Tomas", "Vik", "Ordningsvakt", "securitas", ["rapportor"]),
    ("rapportor.raddning", "Sofia", "Gran", "Brandinspektör", "raddning", ["rapportor"]),
]

FIRST = ["Ali", "Anna", "Björn", "Cecilia", "Daniel", "Emma", "Fatima", "Gustav", "Hussein", "Ida", "Jonas",
         "Klara", "Leo", "Maja", "Noah", "Olivia", "Petra", "Rami", "Selma", "Viktor"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Hassan", "Mohammed", "Lindqvist", "Bergström", "Axelsson"]
# Extra trained reporters per organisation, to reach ~60 users.
REPORTERS_PER_ORG = {"kfast": 5, "riksbyggen": 3, "gata": 3, "social": 3, "kof": 3, "polis": 4, "securitas": 3,
                     "raddning": 2, "centrum": 2, "hgf": 2, "nattvandrarna": 2, "meja": 1, "brottsofferjouren": 1,
                     "fastighetsagarna": 1, "lf": 1, "skola-lagersberg": 1, "skola-froslunda": 1}


def _user(ctx: DemoContext, username: str, first: str, last: str, title: str, org: Organisation,
          roles: list[str]) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "title": title, "email": f"{username}@eskilstuna.example"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    for role in roles:
        Membership.objects.get_or_create(user=user, organisation=org, role=role)
        ctx.logins.append((username, role, org.name))
    ctx.users[username] = user
    return user


def build(ctx: DemoContext) -> None:
    for slug, name, kind, parent in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "parent": ctx.organisations.get(parent) if parent else None,
                      "email": f"{slug}@eskilstuna.example"},
        )
        ctx.organisations[slug] = org
    for username, first, last, title, org_slug, roles in NAMED_USERS:
        _user(ctx, username, first, last, title, ctx.organisations[org_slug], roles)
    for org_slug, count in REPORTERS_PER_ORG.items():
        for i in range(1, count + 1):
            first, last = ctx.rng.choice(FIRST), ctx.rng.choice(LAST)
            username = f"{slugify(org_slug)}.{slugify(first)}{i}"
            _user(ctx, username, first, last, "Rapportör", ctx.organisations[org_slug], ["rapportor"])
    ctx.log(f" {len(ctx.organisations)} aktörer, {len(ctx.users)} användare")
