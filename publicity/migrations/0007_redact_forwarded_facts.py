"""Add ``Objection.forwarded_facts``: what the unit's clerk reads of a case.

Cases already sent to a unit keep showing it what it was shown before (the
facts), so their clerks are not left without the case.
"""

from django.db import migrations, models
from django.db.models import F


def forward_sent_cases(apps, schema_editor):
    Objection = apps.get_model("publicity", "Objection")
    Objection.objects.filter(sent_at__isnull=False).update(forwarded_facts=F("facts"))


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0006_revpage_revised_snapshots"),
    ]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="forwarded_facts",
            field=models.TextField(blank=True, max_length=5000, verbose_name="转推荐单位核查的问题"),
        ),
        migrations.RunPython(forward_sent_cases, migrations.RunPython.noop),
    ]
