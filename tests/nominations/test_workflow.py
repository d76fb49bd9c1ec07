"""Every legal and every illegal move of the transition table, through the services."""

import itertools

import pytest

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import IllegalTransition
from nominations.services import cancel_nomination, submit_nomination, withdraw_nomination
from nominations.workflow import EVENT_CODES, TRANSITIONS, Action, Status

SERVICES = {
    Action.SUBMIT: submit_nomination,
    Action.WITHDRAW: withdraw_nomination,
    Action.CANCEL: cancel_nomination,
}
LEGAL = sorted(TRANSITIONS)
ILLEGAL = sorted(set(itertools.product(Action, Status)) - set(TRANSITIONS))


def test_workflow_every_action_has_a_service_and_an_event_code():
    assert set(SERVICES) == set(Action)
    assert set(EVENT_CODES) == set(Action)


def test_workflow_table_leads_only_to_known_states():
    assert set(TRANSITIONS.values()) <= set(Status)
    assert ILLEGAL  # The table is not a complete graph, so there is something to refuse.


@pytest.mark.parametrize(("action", "source"), LEGAL)
def test_transition_legal_move_applies_and_is_audited(make_nomination, clerk, action, source):
    nomination = make_nomination(status=source)
    version = nomination.version
    last_event_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    result = SERVICES[action](nomination, actor=clerk)

    nomination.refresh_from_db()
    target = TRANSITIONS[(action, source)]
    assert result.status == target
    assert nomination.status == target
    assert nomination.version == version + 1
    assert nomination.updated_by == clerk
    events = list(AuditEvent.objects.filter(id__gt=last_event_id))
    assert [(e.code, e.actor, e.subject_id, e.unit_id) for e in events] == [
        (EVENT_CODES[action], clerk, nomination.pk, nomination.unit_id)
    ]
    assert events[0].data == {"from": source, "to": target}


@pytest.mark.parametrize(("action", "source"), ILLEGAL)
def test_transition_illegal_move_raises_and_changes_nothing(make_nomination, clerk, action, source):
    nomination = make_nomination(status=source)
    version = nomination.version
    events_before = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition):
        SERVICES[action](nomination, actor=clerk)

    nomination.refresh_from_db()
    assert nomination.status == source
    assert nomination.version == version
    assert AuditEvent.objects.count() == events_before
