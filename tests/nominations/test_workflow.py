"""Every legal and every illegal move of the transition table, through the services."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import IllegalTransition
from nominations.models import CheckRound
from nominations.services import (
    NominationLocked,
    cancel_nomination,
    disqualify_nomination,
    lock_for_list,
    mark_eligible,
    record_manual_checks,
    reject_nomination,
    return_for_correction,
    start_check,
    submit_nomination,
    withdraw_nomination,
)
from nominations.workflow import (
    EVENT_CODES,
    NOMINATION,
    TRANSITIONS,
    UNIT_ACTIONS,
    Action,
    Status,
)
from tests.factories import all_checks_met

DEADLINE = timezone.now() + timedelta(days=7)
SERVICES = {
    Action.SUBMIT: submit_nomination,
    Action.WITHDRAW: withdraw_nomination,
    Action.CANCEL: cancel_nomination,
    Action.START_CHECK: start_check,
    Action.MARK_ELIGIBLE: mark_eligible,
    Action.RETURN: lambda n, *, actor: return_for_correction(
        n, actor=actor, comments={"main_deeds": "请补充业绩数据。"}, deadline=DEADLINE
    ),
    Action.REJECT: lambda n, *, actor: reject_nomination(n, actor=actor, reason="不符合条件。"),
    Action.DISQUALIFY: lambda n, *, actor: disqualify_nomination(
        n, actor=actor, reason="材料造假。"
    ),
}
# What each action adds to the audit event's data besides "from" and "to".
EXTRA_DATA = {
    Action.SUBMIT: lambda n: {},
    Action.WITHDRAW: lambda n: {},
    Action.CANCEL: lambda n: {},
    Action.START_CHECK: lambda n: {"round": n.checks.count(), "revision": n.revisions.count()},
    Action.MARK_ELIGIBLE: lambda n: {"round": n.checks.count(), "reason": ""},
    Action.RETURN: lambda n: {
        "round": n.checks.count(),
        "reason": "",
        "deadline": DEADLINE.isoformat(),
        "comments": ["main_deeds"],
    },
    Action.REJECT: lambda n: {"round": n.checks.count(), "reason": "不符合条件。"},
    Action.DISQUALIFY: lambda n: {"round": n.checks.count(), "reason": "材料造假。"},
}
# What must be true before an action is legal, besides the status.
PRECONDITIONS = {
    Action.MARK_ELIGIBLE: lambda n, staff: record_manual_checks(
        n, actor=staff, verdicts=all_checks_met()
    ),
}
LEGAL = sorted(TRANSITIONS)
ILLEGAL = sorted(set(itertools.product(Action, Status)) - set(TRANSITIONS))


def actor_for(action, clerk, staff_user):
    return clerk if action in UNIT_ACTIONS else staff_user


def test_workflow_every_action_has_a_service_and_an_event_code():
    assert set(SERVICES) == set(Action)
    assert set(EVENT_CODES) == set(Action)


def test_workflow_table_is_the_one_the_funnel_runs():
    assert (NOMINATION.moves, NOMINATION.events) == (TRANSITIONS, EVENT_CODES)
    assert (NOMINATION.states, NOMINATION.actions) == (Status, Action)


def test_workflow_table_leads_only_to_known_states():
    assert set(TRANSITIONS.values()) <= set(Status)
    assert ILLEGAL  # The table is not a complete graph, so there is something to refuse.


@pytest.mark.parametrize(("action", "source"), LEGAL)
def test_transition_legal_move_applies_and_is_audited(
    make_nomination, clerk, staff_user, action, source
):
    nomination = make_nomination(status=source)
    if action in PRECONDITIONS:
        PRECONDITIONS[action](nomination, staff_user)
    actor = actor_for(action, clerk, staff_user)
    version = nomination.version
    last_event_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    result = SERVICES[action](nomination, actor=actor)

    nomination.refresh_from_db()
    target = TRANSITIONS[(action, source)]
    assert result.status == target
    assert nomination.status == target
    assert nomination.version == version + 1
    assert nomination.updated_by == actor
    events = list(AuditEvent.objects.filter(id__gt=last_event_id))
    assert [(e.code, e.actor, e.subject_id, e.unit_id) for e in events] == [
        (EVENT_CODES[action], actor, nomination.pk, nomination.unit_id)
    ]
    assert events[0].data == {"from": source, "to": target, **EXTRA_DATA[action](nomination)}


@pytest.mark.parametrize(("action", "source"), ILLEGAL)
def test_transition_illegal_move_raises_and_changes_nothing(
    make_nomination, clerk, staff_user, action, source
):
    nomination = make_nomination(status=source)
    version = nomination.version
    rounds = list(CheckRound.objects.filter(nomination=nomination).values())
    events_before = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition):
        SERVICES[action](nomination, actor=actor_for(action, clerk, staff_user))

    nomination.refresh_from_db()
    assert nomination.status == source
    assert nomination.version == version
    assert list(CheckRound.objects.filter(nomination=nomination).values()) == rounds
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(("action", "source"), LEGAL)
def test_transition_of_a_nomination_held_by_a_locked_list_is_refused(
    make_nomination, clerk, staff_user, action, source
):
    nomination = make_nomination(status=source)
    lock_for_list([nomination.pk], reference="2021-v1", actor=staff_user)
    nomination.refresh_from_db()
    version = nomination.version
    events_before = AuditEvent.objects.count()

    with pytest.raises(NominationLocked):
        SERVICES[action](nomination, actor=actor_for(action, clerk, staff_user))

    nomination.refresh_from_db()
    assert (nomination.status, nomination.version) == (source, version)
    assert AuditEvent.objects.count() == events_before
