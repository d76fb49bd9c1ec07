"""Store the employer credit code's checksum warning on the nomination, and backfill it."""

from django.db import migrations, models

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _suspect(code: str) -> bool:
    # A copy of nominations.validators.credit_code_checksum_ok as of this migration.
    code = "".join(code.split()).upper()
    if not code:
        return False
    if len(code) != 18 or any(char not in ALPHABET for char in code):
        return True
    total = sum(ALPHABET.index(c) * w for c, w in zip(code[:17], WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31] != code[17]


def backfill(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    rows = Nomination.objects.exclude(employer_credit_code="").only("pk", "employer_credit_code")
    suspect = [row.pk for row in rows.iterator() if _suspect(row.employer_credit_code)]
    Nomination.objects.filter(pk__in=suspect).update(credit_code_suspect=True)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0008_unit_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="credit_code_suspect",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="统一社会信用代码校验位不符"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
