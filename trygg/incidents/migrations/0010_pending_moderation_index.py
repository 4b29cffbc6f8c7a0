"""The moderation column loses its index (a million "approved" rows for a few dozen "pending"); the moderation queue
and the dashboard's count get a partial index over the pending reports only (obs_pending).

The old index is dropped by name rather than through AlterField, which on SQLite would copy the whole table."""

from django.db import migrations, models

OLD = "incidents_observation_moderation_843a8523"


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0009_category_counts_as"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="observation",
                    name="moderation",
                    field=models.CharField(choices=[("pending", "Väntar på granskning"), ("approved", "Godkänd"),
                                                    ("hidden", "Dold")],
                                           default="pending", max_length=10, verbose_name="granskning"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=[f'DROP INDEX IF EXISTS "{OLD}_like"', f'DROP INDEX IF EXISTS "{OLD}"'],
                    reverse_sql=[f'CREATE INDEX IF NOT EXISTS "{OLD}" ON "incidents_observation" ("moderation")'],
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="observation",
            index=models.Index(condition=models.Q(("moderation", "pending")), fields=["created_at", "id"],
                               name="obs_pending"),
        ),
    ]
