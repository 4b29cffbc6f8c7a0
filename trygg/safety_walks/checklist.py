"""The 16-point safety-walk checklist (research/domain.md §7) and the EST category each item maps to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistItem(models.IntegerChoices):
    LIGHTING = 1, _("Belysning fungerar och räcker (kan man se ett ansikte på avstånd?)")
    HIDDEN_SPOTS = 2, _("Skymd sikt, gömställen, vegetation (buskage beskurna, genomsiktliga)")
    OVERVIEW = 3, _("Överblickbarhet: se och bli sedd")
    ORIENTATION = 4, _("Orienterbarhet: skyltning, landmärken, tydliga stråk")
    ESCAPE_ROUTES = 5, _("Alternativa vägar och flyktvägar")
    ACTIVITY = 6, _("Folkliv och insyn från bostäder och verksamheter")
    GRAFFITI = 7, _("Klotter och skadegörelse")
    LITTER = 8, _("Nedskräpning och skötsel (papperskorgar, ogräs)")
    TUNNELS = 9, _("Tunnlar, passager, trappor")
    TRAFFIC = 10, _("Trafik: hastighet, övergångsställen, farthinder")
    PATHS = 11, _("Gång- och cykelvägar: framkomlighet, separering")
    GATHERING = 12, _("Samlingsplatser / tillhåll")
    ENTRANCES = 13, _("Entréer, trapphus, parkeringar och garage")
    PLAYGROUNDS = 14, _("Lekplatser, skolgårdar, hållplatser")
    ACCESSIBILITY = 15, _("Tillgänglighet för funktionsnedsatta")
    GOOD_PLACES = 16, _("Positiva platser att bevara")


class Answer(models.TextChoices):
    GOOD = "bra", _("Bra")
    DEFICIENT = "brist", _("Brist")
    NOT_RELEVANT = "ej_relevant", _("Ej relevant")


# A problem finding becomes an observation in this EST category (incidents.categories).
CATEGORY_FOR_ITEM: dict[int, str] = {
    ChecklistItem.LIGHTING: "otrygg-plats",
    ChecklistItem.HIDDEN_SPOTS: "otrygg-plats",
    ChecklistItem.OVERVIEW: "otrygg-plats",
    ChecklistItem.ORIENTATION: "otrygg-plats",
    ChecklistItem.ESCAPE_ROUTES: "otrygg-plats",
    ChecklistItem.ACTIVITY: "otrygg-plats",
    ChecklistItem.GRAFFITI: "klotter",
    ChecklistItem.LITTER: "nedskrapning",
    ChecklistItem.TUNNELS: "otrygg-plats",
    ChecklistItem.TRAFFIC: "trafik",
    ChecklistItem.PATHS: "trafik",
    ChecklistItem.GATHERING: "otrygg-plats",
    ChecklistItem.ENTRANCES: "otrygg-plats",
    ChecklistItem.PLAYGROUNDS: "otrygg-plats",
    ChecklistItem.ACCESSIBILITY: "ovrigt",
    ChecklistItem.GOOD_PLACES: "ovrigt",
}
