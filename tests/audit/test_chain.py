"""The hash-chained audit trail: writing inside transactions, detecting tampering."""

import pytest
from django.db import transaction

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import (
    ChainReport,
    client_fingerprint,
    record_event,
    record_public_event,
    verify_chain,
)


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
