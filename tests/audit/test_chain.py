"""The hash-chained audit trail: writing inside transactions, detecting tampering."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from longjiang.audit.models import AuditEvent, ChainHead
from longjiang.audit.services import (
    GENESIS_HASH,
    ChainBroken,
    ChainReport,
    canonical_event,
    client_fingerprint,
    record_event,
    record_public_event,
    resign_chain,
    verify_chain,
)
from longjiang.integrity import keyed_digest


def record(code: str, actor=None, **data) -> AuditEvent:
    with transaction.atomic():
        return record_event(code, actor=actor, data=data)


def test_record_event_outside_a_transaction_raises():
    # No database access is needed: the check comes before any query.
    with pytest.raises(RuntimeError):
        record_event("test.outside", actor=None)


@pytest.mark.django_db
def test_record_event_links_each_event_to_the_previous_one(staff_user, unit_harbin):
    first = record("test.first")
    with transaction.atomic():
        second = record_event(
            "test.second", actor=staff_user, subject=unit_harbin, unit=unit_harbin, data={"n": 2}
        )

    second.refresh_from_db()
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash
    assert (second.actor, second.unit, second.subject_id) == (
        staff_user,
        unit_harbin,
        unit_harbin.pk,
    )
    assert second.subject_type.model_class() is type(unit_harbin)
    assert second.data == {"n": 2}


@pytest.mark.django_db
def test_verify_chain_of_untouched_events_is_ok(staff_user):
    for n in range(4):
        record(f"test.event{n}", actor=staff_user, n=n, text="龙江工匠")

    report = verify_chain()

    assert report == ChainReport(checked=4, broken_at=None)
    assert report.ok


@pytest.mark.django_db
def test_verify_chain_of_an_empty_trail_is_ok():
    assert verify_chain() == ChainReport(checked=0, broken_at=None)


@pytest.mark.django_db
def test_verify_chain_after_altering_data_reports_that_row():
    record("test.first", n=1)
    altered = record("test.second", n=2)
    record("test.third", n=3)

    AuditEvent.objects.filter(pk=altered.pk).update(data={"n": 20})

    assert verify_chain() == ChainReport(checked=1, broken_at=altered.pk)


@pytest.mark.django_db
def test_verify_chain_after_altering_the_code_reports_that_row():
    altered = record("test.first")
    record("test.second")

    AuditEvent.objects.filter(pk=altered.pk).update(code="test.innocent")

    assert verify_chain() == ChainReport(checked=0, broken_at=altered.pk)


@pytest.mark.django_db
def test_verify_chain_after_deleting_a_middle_row_reports_the_next_one():
    record("test.first")
    deleted = record("test.second")
    following = record("test.third")

    AuditEvent.objects.filter(pk=deleted.pk).delete()

    assert verify_chain() == ChainReport(checked=1, broken_at=following.pk)


@pytest.mark.django_db
def test_verify_chain_after_deleting_the_last_row_reports_minus_one():
    record("test.first")
    record("test.second")
    last = record("test.third")

    AuditEvent.objects.filter(pk=last.pk).delete()

    assert verify_chain() == ChainReport(checked=2, broken_at=-1)


@pytest.mark.django_db
def test_record_public_event_has_no_actor_and_a_keyed_client_fingerprint(rf, unit_harbin):
    request = rf.post("/publicity/objections/", REMOTE_ADDR="203.0.113.7")
    other = rf.post("/publicity/objections/", REMOTE_ADDR="203.0.113.8")

    with transaction.atomic():
        event = record_public_event(
            "test.public", request=request, subject=unit_harbin, data={"receipt": "YY-001"}
        )

    event.refresh_from_db()
    assert event.actor is None
    assert event.data == {
        "via": "public",
        "client": client_fingerprint(request),
        "receipt": "YY-001",
    }
    assert len(event.data["client"]) == 16
    assert "203.0.113.7" not in str(event.data)
    assert client_fingerprint(request) != client_fingerprint(other)
    assert verify_chain().ok


def _plain(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _rewrite_with_plain_sha256(event: AuditEvent, **data) -> None:
    """Rewrite an event and recompute every hash and the head with plain SHA-256."""
    AuditEvent.objects.filter(pk=event.pk).update(data=data)
    previous = GENESIS_HASH
    for row in AuditEvent.objects.order_by("id"):
        row.prev_hash = previous
        row.hash = _plain(canonical_event(row))
        AuditEvent.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, hash=row.hash)
        previous = row.hash
    ChainHead.objects.filter(pk=1).update(last_hash=previous)


@pytest.mark.django_db
def test_rewriting_an_event_and_recomputing_every_plain_hash_is_found():
    first = record("test.first", n=1)
    record("test.second", n=2)

    _rewrite_with_plain_sha256(first, n=99)

    assert verify_chain() == ChainReport(checked=0, broken_at=first.pk)


@pytest.mark.django_db
def test_resign_chain_keys_a_plain_chain_that_verifies():
    first = record("test.first", n=1)
    record("test.second", n=2)
    _rewrite_with_plain_sha256(first, n=1)
    assert not verify_chain().ok

    with transaction.atomic():
        count = resign_chain(_plain)

    assert count == 2
    assert verify_chain() == ChainReport(checked=2, broken_at=None)


@pytest.mark.django_db
def test_resign_chain_refuses_a_chain_that_does_not_verify_and_changes_nothing():
    first = record("test.first", n=1)
    record("test.second", n=2)
    AuditEvent.objects.filter(pk=first.pk).update(data={"n": 5})
    before = list(AuditEvent.objects.order_by("id").values_list("hash", flat=True))

    with pytest.raises(ChainBroken), transaction.atomic():
        resign_chain(keyed_digest)

    assert list(AuditEvent.objects.order_by("id").values_list("hash", flat=True)) == before


@pytest.mark.django_db
def test_rotate_integrity_key_resigns_under_the_new_key(settings):
    record("test.first", n=1)
    record("test.second", n=2)
    old = settings.INTEGRITY_KEYS[0]
    settings.INTEGRITY_KEYS = ["a-new-integrity-key-for-the-test", old]
    assert not verify_chain().ok
    out = io.StringIO()

    call_command("rotate_integrity_key", stdout=out)

    assert "已用新密钥重新签署 2 条审计记录。" in out.getvalue()
    assert verify_chain().ok
    settings.INTEGRITY_KEYS = [old]
    assert not verify_chain().ok


@pytest.mark.django_db
def test_rotate_integrity_key_without_the_old_key_refuses(settings):
    record("test.first", n=1)
    settings.INTEGRITY_KEYS = ["a-new-integrity-key-for-the-test"]

    with pytest.raises(CommandError, match="NEW,OLD"):
        call_command("rotate_integrity_key", stdout=io.StringIO())
