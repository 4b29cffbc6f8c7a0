import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    Area = apps.get_model("areas", "Area")
    path = Path(__file__).resolve().parent.parent / "data" / "eskilstuna_areas.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        p = feature["properties"]
        Area.objects.update_or_create(
            slug=p["slug"],
            defaults={
                "name": p["name"],
                "kind": p.get("kind", "stadsdel"),
                "geometry": feature["geometry"],
                "centre_lat": p["centre"][0],
                "centre_lon": p["centre"][1],
                "is_prioritised": p.get("prioritised", False),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
