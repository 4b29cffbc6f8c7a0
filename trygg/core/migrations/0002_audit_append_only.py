"""The audit table refuses UPDATE and DELETE at the database level (reliability H3)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from trygg.core.audit_triggers import install

    install(schema_editor.connection)


def backwards(apps, schema_editor):
    from trygg.core.audit_triggers import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
