"""Key the audit chain: check it under plain SHA-256, then re-sign it with HMAC-SHA-256.

A chain that does not verify stops the migration: re-signing it would bless
whatever was altered. Investigate with the previous release's ``verify_list``.
"""

import hashlib

from django.db import migrations


def key_the_chain(apps, schema_editor):
    from longjiang.audit.services import resign_chain

    resign_chain(
        lambda content: hashlib.sha256(content).hexdigest(),
        event_model=apps.get_model("audit", "AuditEvent"),
        head_model=apps.get_model("audit", "ChainHead"),
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(key_the_chain, migrations.RunPython.noop, elidable=False)]
