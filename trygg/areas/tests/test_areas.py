import numpy as np
import pytest

from trygg.areas.geometry import current_index
from trygg.areas.models import Area
from trygg.areas.selectors import area_for_point, point_in_municipality

pytestmark = pytest.mark.django_db


def test_areas__loaded_with_prioritised_four():
    names = set(Area.objects.prioritised().values_list("name", flat=True))
    assert names == {"Lagersberg", "Fröslunda", "Skiftinge", "Årby"}


@pytest.mark.parametrize(
    ("lat", "lon", "name"),
    [(59.3706, 16.5128, "Centrum"), (59.3520, 16.4760, "Lagersberg"), (59.3931, 16.5411, "Skiftinge"),
     (59.4170, 16.4740, "Torshälla")],
)
def test_area_for_point__known_places(lat, lon, name):
    assert area_for_point(lat=lat, lon=lon).name == name


def test_point_in_municipality__refuses_stockholm():
    assert point_in_municipality(lat=59.3293, lon=18.0686) is False
    assert area_for_point(lat=59.3293, lon=18.0686) is None


def test_lookup_many__matches_single_lookup():
    index = current_index()
    rng = np.random.default_rng(1)
    lats = rng.uniform(59.25, 59.48, 500)
    lons = rng.uniform(16.2, 16.9, 500)
    many = index.lookup_many(lats, lons)
    single = [index.lookup(a, b) for a, b in zip(lats, lons, strict=True)]
    assert [(-1 if s is None else s) for s in single] == many.tolist()


def test_index__rebuilt_when_areas_change():
    before = current_index()
    area = Area.objects.get(slug="centrum")
    area.description = "Stadskärnan"
    area.save()
    assert current_index() is not before
