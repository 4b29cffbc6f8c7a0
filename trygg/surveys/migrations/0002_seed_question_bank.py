from django.db import migrations


def seed(apps, schema_editor):
    from trygg.surveys.bank import ensure_question_bank

    ensure_question_bank(apps.get_model("surveys", "Scale"), apps.get_model("surveys", "ScaleOption"),
                         apps.get_model("surveys", "Question"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial_surveys")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
