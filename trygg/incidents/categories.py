"""The 19 EST categories (research/domain.md) and the residents' categories, seeded by migration."""

EST_CATEGORIES = [
    # code, sv, en, group, public_reportable, sensitive
    ("skadegorelse", "Skadegörelse", "Vandalism", "skadegorelse", True, False),
    ("klotter", "Klotter", "Graffiti", "skadegorelse", True, False),
    ("nedskrapning", "Nedskräpning", "Littering", "skadegorelse", True, False),
    ("anlagd-brand", "Anlagd brand", "Arson", "vald", False, False),
    ("otrygg-plats", "Otrygg plats (belysning, skymd sikt, tunnel)", "Unsafe place (lighting, blocked view, tunnel)",
     "miljo", True, False),
    ("narkotika-forsaljning", "Narkotika – öppen försäljning/hantering", "Drugs – open dealing", "narkotika",
     False, False),
    ("narkotika-paverkade", "Narkotika – påverkade personer/bruk", "Drugs – people under the influence",
     "narkotika", False, False),
    ("berusade", "Alkoholpåverkade personer", "Drunk people", "narkotika", False, False),
    ("ungdomsgrupper", "Ungdomsgrupper som stör/skapar otrygghet", "Groups of youths causing disturbance",
     "ordning", False, False),
    ("ordningsstorning", "Ordningsstörning/bråk/slagsmål", "Disorder, quarrels, fights", "ordning", False, False),
    ("hot-vald-anstalld", "Hot eller våld mot anställd", "Threats or violence against staff", "vald", False, False),
    ("ran", "Rån", "Robbery", "vald", False, False),
    ("misshandel", "Misshandel", "Assault", "vald", False, False),
    ("stold-inbrott", "Stöld/inbrott", "Theft, burglary", "vald", False, False),
    ("sexuella-trakasserier", "Sexuella trakasserier/antastning", "Sexual harassment", "vald", False, True),
    ("trafik", "Trafik – olovlig körning, buskörning", "Traffic – illegal or reckless driving", "trafik", True,
     False),
    ("ryktesspridning", "Ryktesspridning/oro i sociala medier", "Rumours, unrest on social media", "ordning",
     False, False),
    ("arrangemang", "Arrangemang/händelse som påverkar tryggheten", "Event affecting safety", "ordning", False,
     False),
    ("ovrigt", "Övrigt", "Other", "ovrigt", True, False),
]


def seed_categories(category_model: object) -> None:
    """Create or update the EST categories (idempotent); used by the migration and by test fixtures."""
    for order, (code, sv, en, group, public, sensitive) in enumerate(EST_CATEGORIES, start=1):
        category_model.objects.update_or_create(  # type: ignore[attr-defined]
            code=code,
            defaults={"name_sv": sv, "name_en": en, "group": group, "order": order, "is_est": True,
                      "is_public_reportable": public, "is_sensitive": sensitive},
        )
