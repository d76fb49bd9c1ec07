from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def fill_totals(apps, schema_editor):
    """Write every existing sheet's total: the sum of its points."""
    ScoreSheet = apps.get_model("review", "ScoreSheet")
    Score = apps.get_model("review", "Score")
    points = (
        Score.objects.filter(sheet=OuterRef("pk"))
        .order_by()
        .values("sheet")
        .annotate(total=Sum("points"))
        .values("total")
    )
    ScoreSheet.objects.update(
        total=Coalesce(Subquery(points, output_field=models.DecimalField()), 0,
                       output_field=models.DecimalField())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0005_expert_name_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="scoresheet",
            name="total",
            field=models.DecimalField(
                decimal_places=1, default=0, max_digits=5, verbose_name="总分"
            ),
        ),
        migrations.RunPython(fill_totals, migrations.RunPython.noop),
    ]
