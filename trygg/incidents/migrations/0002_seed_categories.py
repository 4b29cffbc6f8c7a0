from django.db import migrations


def seed(apps, schema_editor):
    from trygg.incidents.categories import seed_categories

    seed_categories(apps.get_model("incidents", "Category"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
