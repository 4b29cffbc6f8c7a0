"""Demo places (hotspot candidates) in the prioritised areas; the areas themselves come from a migration."""

from __future__ import annotations

from trygg.areas.models import Area, Place
from trygg.demo.context import DemoContext

ORDER = 20

PLACES = [
    ("lagersberg", "Lagersbergs centrum", 59.3522, 16.4762),
    ("lagersberg", "Gångtunneln vid Lagersbergsskolan", 59.3508, 16.4731),
    ("lagersberg", "Parkeringen Tandläkargatan", 59.3531, 16.4795),
    ("froslunda", "Fröslunda centrum", 59.3572, 16.5251),
    ("froslunda", "Brunnsbacken, lekplatsen", 59.3551, 16.5302),
    ("froslunda", "Busshållplatsen Fröslunda torg", 59.3584, 16.5233),
    ("skiftinge", "Skiftinge centrum", 59.3933, 16.5409),
    ("skiftinge", "Skiftingehus skolgård", 59.3952, 16.5443),
    ("skiftinge", "Cykelbanan mot Ekeby", 59.3905, 16.5468),
    ("arby", "Årby centrum", 59.3951, 16.5002),
    ("arby", "Årbyskolan, baksidan", 59.3965, 16.4972),
    ("arby", "Gångstråket mot Torshällavägen", 59.3988, 16.5031),
    ("centrum", "Fristadstorget", 59.3706, 16.5128),
    ("centrum", "Resecentrum", 59.3662, 16.5062),
    ("nyfors", "Nyforsparken", 59.3779, 16.5297),
]


def build(ctx: DemoContext) -> None:
    ctx.areas = {a.slug: a for a in Area.objects.all()}
    places = []
    for area_slug, name, lat, lon in PLACES:
        place, _ = Place.objects.get_or_create(area=ctx.areas[area_slug], name=name, defaults={"lat": lat, "lon": lon})
        places.append(place)
    ctx.extra["places"] = places
    ctx.log(f" {len(ctx.areas)} områden, {len(places)} platser")
