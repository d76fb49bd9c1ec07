"""Turn the free-text nationality into a choice: 中国 (CHN) or another (other).

中国, 中国籍, 中华人民共和国 and the like become CHN. Any other text becomes
"other", and the text is kept at the front of the note that explains it, so no
nominee's stated nationality is lost.
"""

from django.db import migrations, models

# A copy of nominations.codes.CHINA_NAMES: a migration must not change when the code does.
CHINA_NAMES = frozenset(
    {"中国", "中国籍", "中华人民共和国", "中华人民共和国国籍", "CHN", "CN", "CHINA"}
)
NOTE_LENGTH = 200


def to_choice(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    changed = []
    for row in Nomination.objects.only("pk", "nationality", "nationality_note"):
        text = "".join(row.nationality.split())
        if not text:
            code = ""
        elif text.upper() in CHINA_NAMES:
            code = "CHN"
        else:
            code = "other"
            if text not in row.nationality_note:
                note = f"{text}；{row.nationality_note}" if row.nationality_note else text
                row.nationality_note = note[:NOTE_LENGTH]
        if code != row.nationality:
            row.nationality = code
            changed.append(row)
    Nomination.objects.bulk_update(changed, ["nationality", "nationality_note"], batch_size=500)


def to_text(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    Nomination.objects.filter(nationality="CHN").update(nationality="中国")


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0004_name_order"),
    ]

    operations = [
        # Converted before the column shrinks to the codes' length.
        migrations.RunPython(to_choice, to_text),
        migrations.AlterField(
            model_name="nomination",
            name="nationality",
            field=models.CharField(
                blank=True,
                choices=[("CHN", "中国"), ("other", "其他国籍")],
                default="CHN",
                max_length=8,
                verbose_name="国籍",
            ),
        ),
    ]
