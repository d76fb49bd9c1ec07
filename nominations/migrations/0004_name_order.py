from django.db import migrations, models

from longjiang.collation import surname_stroke_key

NAME_ORDER_LENGTH = 500


def fill_name_order(apps, schema_editor):
    """Key every existing nomination's name for the 姓氏笔画 order."""
    Nomination = apps.get_model("nominations", "Nomination")
    rows = list(Nomination.objects.only("pk", "name"))
    for row in rows:
        row.name_order = surname_stroke_key(row.name)[:NAME_ORDER_LENGTH]
    Nomination.objects.bulk_update(rows, ["name_order"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0003_list_lock"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="name_order",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=500),
        ),
        migrations.RunPython(fill_name_order, migrations.RunPython.noop),
    ]
