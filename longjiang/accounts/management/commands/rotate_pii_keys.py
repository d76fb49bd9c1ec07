"""Re-encrypt every personal-data field under the first key of LONGJIANG_PII_KEYS.

Rotation: put the new key first in LONGJIANG_PII_KEYS (keeping the old one after
it), restart, run this command, then drop the old key.

    python manage.py rotate_pii_keys [--batch 500]
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from longjiang.pii import EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt ID numbers and phones under the current primary PII key."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, batch: int, **options):
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            done = 0
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), batch):
                with transaction.atomic():
                    rows = model._default_manager.select_for_update().filter(
                        pk__in=pks[start : start + batch]
                    )
                    for row in rows.only("pk", *fields):
                        # Reading decrypts with any key; writing encrypts with the first.
                        model._default_manager.filter(pk=row.pk).update(
                            **{name: getattr(row, name) for name in fields}
                        )
                        done += 1
            self.stdout.write(
                f"{model._meta.label}: {done} row(s) re-encrypted ({', '.join(fields)})."
            )
