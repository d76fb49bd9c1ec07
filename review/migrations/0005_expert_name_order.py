from django.db import migrations, models

from longjiang.collation import surname_stroke_key

NAME_ORDER_LENGTH = 500


def fill_name_order(apps, schema_editor):
    """Key every existing expert's name for the 姓氏笔画 order."""
    Expert = apps.get_model("review", "Expert")
    rows = list(Expert.objects.only("pk", "name"))
    for row in rows:
        row.name_order = surname_stroke_key(row.name)[:NAME_ORDER_LENGTH]
    Expert.objects.bulk_update(rows, ["name_order"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0004_keyed_list_hashes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="expert",
            options={
                "ordering": ["name_order", "id"],
                "verbose_name": "评审专家",
                "verbose_name_plural": "评审专家",
            },
        ),
        migrations.AddField(
            model_name="expert",
            name="name_order",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=500),
        ),
        migrations.RunPython(fill_name_order, migrations.RunPython.noop),
    ]
