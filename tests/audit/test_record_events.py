"""Many events at once (a printed bundle of forms): one lock, in order, in the chain."""

import pytest
from django.db import transaction

from longjiang.audit.models import AuditEvent, ChainHead
from longjiang.audit.services import record_event, record_events, verify_chain
from nominations.models import Nomination


def test_record_events_outside_a_transaction_raises():
    with pytest.raises(RuntimeError):
        record_events("test.outside", actor=None, subjects=[Nomination(pk=1, unit_id=1)])


@pytest.mark.django_db
def test_record_events_chains_one_event_per_subject_in_order(staff_user, unit_harbin):
    with transaction.atomic():
        before = record_event("test.before", actor=None)
    subjects = [Nomination(pk=pk, unit_id=unit_harbin.pk) for pk in (7, 3, 5)]

    with transaction.atomic():
        count = record_events("test.printed", actor=staff_user, subjects=subjects, data={"n": 1})

    events = list(AuditEvent.objects.filter(code="test.printed").order_by("id"))
    assert count == 3
    assert [e.subject_id for e in events] == [7, 3, 5]
    assert {(e.actor_id, e.unit_id, e.subject_type.model) for e in events} == {
        (staff_user.pk, unit_harbin.pk, "nomination")
    }
    assert all(e.data == {"n": 1} for e in events)
    assert [e.prev_hash for e in events] == [before.hash, events[0].hash, events[1].hash]
    assert ChainHead.objects.get().last_hash == events[-1].hash
    assert verify_chain().ok


@pytest.mark.django_db
def test_record_events_of_nothing_writes_nothing():
    with transaction.atomic():
        assert record_events("test.printed", actor=None, subjects=[]) == 0

    assert AuditEvent.objects.count() == 0
