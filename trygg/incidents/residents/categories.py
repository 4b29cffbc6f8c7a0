"""The categories residents choose from (the issue's list), seeded by migration 0003."""

from __future__ import annotations

from typing import Any

RESIDENT_CATEGORIES = [
    # code, sv, en, group
    ("inv-belysning", "Mörk plats/trasig belysning", "Dark place/broken lighting", "miljo"),
    ("inv-vegetation", "Igenvuxen vegetation", "Overgrown vegetation", "miljo"),
    ("inv-klotter", "Klotter", "Graffiti", "skadegorelse"),
    ("inv-skadegorelse", "Skadegörelse", "Vandalism", "skadegorelse"),
    ("inv-nedskrapning", "Nedskräpning", "Litter", "skadegorelse"),
    ("inv-trafik", "Trafik/fortkörning", "Traffic/speeding", "trafik"),
    ("inv-samlingar", "Samlingar som känns otrygga", "Gatherings that feel unsafe", "ordning"),
    ("inv-annat", "Annat", "Other", "ovrigt"),
]


def seed_resident_categories(category_model: Any) -> None:
    """Create or update the residents' categories (idempotent): is_est=False, is_public_reportable=True."""
    for order, (code, sv, en, group) in enumerate(RESIDENT_CATEGORIES, start=200):
        category_model.objects.update_or_create(
            code=code,
            defaults={"name_sv": sv, "name_en": en, "group": group, "order": order, "is_est": False,
                      "is_public_reportable": True, "is_sensitive": False},
        )


# The EST category each residents' category is counted under in the lägesbild (Category.counts_as): the same
# problem in the residents' words, so staff tables show one row per problem with its sources.
COUNTS_AS = {
    "inv-belysning": "otrygg-plats",
    "inv-vegetation": "otrygg-plats",
    "inv-klotter": "klotter",
    "inv-skadegorelse": "skadegorelse",
    "inv-nedskrapning": "nedskrapning",
    "inv-trafik": "trafik",
    "inv-samlingar": "ordningsstorning",
    "inv-annat": "ovrigt",
}


def link_resident_categories(category_model: Any) -> None:
    """Set counts_as on the residents' categories where it is not set (idempotent)."""
    est = {c.code: c for c in category_model.objects.filter(is_est=True)}
    for code, est_code in COUNTS_AS.items():
        if est_code in est:
            category_model.objects.filter(code=code, counts_as__isnull=True).update(counts_as=est[est_code])
