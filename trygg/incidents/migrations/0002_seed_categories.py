from django.db import migrations

from trygg.incidents.categories import EST_CATEGORIES


def seed(apps, schema_editor):
    Category = apps.get_model("incidents", "Category")
    for order, (code, sv, en, group, public, sensitive) in enumerate(EST_CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code,
            defaults={"name_sv": sv, "name_en": en, "group": group, "order": order, "is_est": True,
                      "is_public_reportable": public, "is_sensitive": sensitive},
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
