"""Key the locked lists' hashes: check each under plain SHA-256, re-sign with HMAC-SHA-256.

Runs after ``audit.0002`` keyed the audit chain. Each version is checked against
its stored plain hash first; one that does not match stops the migration, as a
re-signed tampered list would pass every later check. The lock events' copies of
the hashes are updated, and the audit chain is re-signed over the new data.
"""

import hashlib

from django.db import migrations


def key_list_hashes(apps, schema_editor):
    from longjiang.audit.services import canonical_event, resign_chain
    from longjiang.integrity import keyed_digest
    from review.listhash import canonical_content

    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "ChainHead")
    version_model = apps.get_model("review", "ListVersion")
    if not version_model.objects.exists():
        return
    for event in event_model.objects.order_by("id"):
        if keyed_digest(canonical_event(event)) != event.hash:
            raise RuntimeError(f"audit event {event.pk} does not verify; lists left unchanged")
    decision_model = apps.get_model("review", "CouncilDecision")
    entry_model = apps.get_model("review", "ListEntry")
    versions = list(version_model.objects.select_related("campaign").order_by("campaign", "number"))

    def content(version):
        decision = decision_model.objects.get(pk=version.decision_id)
        entries = entry_model.objects.filter(version_id=version.pk)
        return canonical_content(version, decision, entries, year=version.campaign.year)

    for version in versions:
        if hashlib.sha256(content(version)).hexdigest() != version.content_hash:
            raise RuntimeError(
                f"list version {version.pk} does not match its hash; lists left unchanged"
            )
    renamed: dict[str, str] = {}
    previous: dict[int, str] = {}
    for version in versions:
        old = version.content_hash
        version.previous_hash = previous.get(version.campaign_id, "")
        version.content_hash = keyed_digest(content(version))
        version_model.objects.filter(pk=version.pk).update(
            previous_hash=version.previous_hash, content_hash=version.content_hash
        )
        renamed[old] = version.content_hash
        previous[version.campaign_id] = version.content_hash
    for event in event_model.objects.filter(code="review.list_locked"):
        data = dict(event.data)
        for key in ("content_hash", "previous_hash"):
            if data.get(key) in renamed:
                data[key] = renamed[data[key]]
        event_model.objects.filter(pk=event.pk).update(data=data)
    resign_chain(None, event_model=event_model, head_model=head_model)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_keyed_chain"),
        ("review", "0003_assignment_ranking_lists"),
    ]

    operations = [migrations.RunPython(key_list_hashes, migrations.RunPython.noop, elidable=False)]
