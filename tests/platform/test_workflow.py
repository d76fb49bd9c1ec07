"""The platform's workflow funnel, run over every registered lifecycle table.

Records are put into each source state with the ORM: these tests are about the
tables and the funnel; the services that use them have their own tests.
"""

import operator
from collections.abc import Callable

import pytest
from django.db import models
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import IllegalTransition
from longjiang.workflow import Workflow, register, tables, transition
from nominations.workflow import NOMINATION, Action, Status
from publicity.models import ComplainantKind, NamingNotice, Notice, Objection, Outcome, Source
from review import services as review_services
from review.models import Conflict, CouncilDecision, IndustryGroup, ListVersion, ScoreSheet
from review.workflow import CONFLICT, ConflictAction, ConflictStatus

pytestmark = pytest.mark.django_db


def _expert(campaign, staff_user):
    account = review_services.add_expert(
        campaign,
        actor=staff_user,
        name="王振华",
        employer_name="黑龙江北疆重型装备有限公司",
        specialty=IndustryGroup.EQUIPMENT,
    )
    return account.expert


def make_nomination(arrange, state):
    return arrange.make_nomination(status=state)


def make_sheet(arrange, state):
    submitted = state == ScoreSheet.Status.SUBMITTED
    return ScoreSheet.objects.create(
        expert=_expert(arrange.campaign, arrange.staff_user),
        nomination=arrange.make_nomination(status=Status.ELIGIBLE),
        status=state,
        submitted_at=timezone.now() if submitted else None,
    )


def make_conflict(arrange, state):
    conflict = Conflict(
        expert=_expert(arrange.campaign, arrange.staff_user),
        nomination=arrange.make_nomination(status=Status.ELIGIBLE),
        kind=Conflict.Kind.SAME_EMPLOYER,
    )
    if state is not None:
        conflict.status = state
        conflict.reason = "" if state == ConflictStatus.SUGGESTED else "经核实。"
        conflict.save()
    return conflict


def _notice(arrange, state=None) -> Notice:
    now = timezone.now()
    decision = CouncilDecision.objects.create(
        campaign=arrange.campaign,
        meeting_date=now.date(),
        minutes_ref="黑工主席〔2021〕1号",
        attendance="主席、副主席",
        minutes_name="纪要.pdf",
        minutes_storage_name=f"minutes-{now.timestamp()}",
        minutes_sha256="0" * 64,
        outcome=CouncilDecision.Outcome.APPROVED,
        recorded_by=arrange.staff_user,
        recorded_at=now,
    )
    version = ListVersion.objects.create(
        campaign=arrange.campaign,
        number=1,
        decision=decision,
        approved_at=now,
        content_hash="0" * 64,
    )
    notice = Notice(
        campaign=arrange.campaign,
        list_version=version,
        title="关于2021年“龙江工匠”拟选树人选的公示",
        text="现予以公示。",
        starts_on=now.date(),
        ends_on=now.date(),
        working_days=1,
        closes_at=now,
        prepared_by=arrange.staff_user,
    )
    if state is not None:
        notice.status = state
        notice.save()
    return notice


def make_notice(arrange, state):
    return _notice(arrange, state)


def make_objection(arrange, state):
    objection = Objection(
        campaign=arrange.campaign,
        notice=_notice(arrange, Notice._meta.get_field("status").default),
        nomination=arrange.make_nomination(status=Status.ELIGIBLE),
        receipt_number="YY2021-0001",
        source=Source.CALL,
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="李明",
        facts="反映的问题。",
    )
    if state is not None:
        objection.status = state
        objection.outcome = Outcome.NOT_TRUE if state == "decided" else ""
        objection.save()
    return objection


def make_naming_notice(arrange, state):
    notice = NamingNotice(
        campaign=arrange.campaign,
        title="关于选树2021年“龙江工匠”的通报",
        issued_on=timezone.localdate(),
        body="决定命名。",
    )
    if state is not None:
        notice.status = state
        notice.save()
    return notice


# How to put a record of each table into a source state (None: an unsaved record).
MAKERS: dict[str, Callable] = {
    "nomination": make_nomination,
    "score_sheet": make_sheet,
    "conflict": make_conflict,
    "publicity_notice": make_notice,
    "objection": make_objection,
    "naming_notice": make_naming_notice,
}


def stamp_submission(sheet: ScoreSheet, target: str) -> list[str]:
    sheet.submitted_at = timezone.now() if target == ScoreSheet.Status.SUBMITTED else None
    return ["submitted_at"]


def give_reason(conflict: Conflict, target: str) -> list[str]:
    conflict.reason = "经核实。"
    return ["reason"]


# What a move must fill in besides the state to meet the table's database constraints;
# the services do this in their own ``prepare``.
def give_outcome(objection: Objection, target: str) -> list[str]:
    objection.outcome = Outcome.NOT_TRUE if target == "decided" else objection.outcome
    return ["outcome"]


COMPLETERS: dict[str, Callable] = {
    "score_sheet": stamp_submission,
    "conflict": give_reason,
    "objection": give_outcome,
}
MOVES = [
    pytest.param(table, action, source, id=f"{table.name}-{action}-{source}")
    for table in tables()
    for action in table.actions
    for source in table.sources
]


class Arrange:
    def __init__(self, campaign, staff_user, make_nomination):
        self.campaign = campaign
        self.staff_user = staff_user
        self.make_nomination = make_nomination


@pytest.fixture
def arrange(campaign, staff_user, make_nomination) -> Arrange:
    return Arrange(campaign, staff_user, make_nomination)


def status_of(record: models.Model, table: Workflow) -> str | None:
    row = type(record).objects.filter(pk=record.pk).values_list(table.status_field, flat=True)
    return row.first() if record.pk is not None else None


def test_tables_every_registered_table_has_a_maker():
    assert {table.name for table in tables()} == set(MAKERS)
    assert {NOMINATION, CONFLICT} <= set(tables())


@pytest.mark.parametrize("table", tables(), ids=operator.attrgetter("name"))
def test_table_every_action_has_a_legal_move_and_an_event_code(table):
    assert {action for action, _source in table.moves} == set(table.actions)
    assert set(table.events) == set(table.actions)
    assert all(code.count(".") == 1 for code in table.events.values())


@pytest.mark.parametrize(("table", "action", "source"), MOVES)
def test_transition_every_move_of_every_table(arrange, staff_user, table, action, source):
    record = MAKERS[table.name](arrange, source)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    target = table.target(action, source)

    if target is None:
        with pytest.raises(IllegalTransition):
            transition(record, action, table=table, actor=staff_user)
        assert status_of(record, table) == source
        assert not AuditEvent.objects.filter(pk__gt=last_event).exists()
        return

    complete = COMPLETERS.get(table.name)
    prepare = (lambda locked: complete(locked, target)) if complete else None
    moved = transition(record, action, table=table, actor=staff_user, prepare=prepare)

    assert status_of(moved, table) == target
    [event] = AuditEvent.objects.filter(pk__gt=last_event)
    unit = operator.attrgetter(table.unit)(moved) if table.unit else None
    assert (event.code, event.actor, event.subject_id, event.unit) == (
        table.events[action],
        staff_user,
        moved.pk,
        unit,
    )
    assert event.data == ({"from": source, "to": target} if table.audit_states else {})


# --- The funnel's own rules --------------------------------------------------------------


def test_transition_refusal_names_the_state_and_the_action(arrange, staff_user):
    nomination = arrange.make_nomination(status=Status.DRAFT)

    with pytest.raises(IllegalTransition) as refused:
        transition(nomination, Action.START_CHECK, table=NOMINATION, actor=staff_user)

    assert str(refused.value) == "“草稿”状态下不能开始初审。"


def test_transition_refusal_uses_the_table_message_of_the_action(arrange, staff_user):
    conflict = make_conflict(arrange, ConflictStatus.DISMISSED)

    with pytest.raises(IllegalTransition) as refused:
        transition(conflict, ConflictAction.CONFIRM, table=CONFLICT, actor=staff_user)

    assert str(refused.value) == "该回避关系已处理（已排除），不能再次处理。"


def test_transition_saves_prepared_fields_and_data_and_queues_effects_on_commit(
    arrange, staff_user, django_capture_on_commit_callbacks
):
    conflict = make_conflict(arrange, ConflictStatus.SUGGESTED)
    effects: list[str] = []
    data: dict = {"reason": "同一单位。"}

    def prepare(locked: Conflict) -> list[str]:
        assert locked.status == ConflictStatus.SUGGESTED  # prepare sees the old state
        locked.reason = "同一单位。"
        locked.note = "not saved: not named"
        data["seen"] = locked.status
        return ["reason"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(
            conflict,
            ConflictAction.CONFIRM,
            table=CONFLICT,
            actor=staff_user,
            data=data,
            prepare=prepare,
            on_commit=[lambda: effects.append("sent")],
        )

    assert len(callbacks) == 1
    assert effects == ["sent"]
    stored = Conflict.objects.get(pk=conflict.pk)
    assert (stored.status, stored.reason, stored.note) == ("confirmed", "同一单位。", "")
    event = AuditEvent.objects.get(code="review.conflict_confirmed")
    assert event.data == {"reason": "同一单位。", "seen": "suggested"}


def test_transition_guard_refusal_writes_and_queues_nothing(
    arrange, staff_user, django_capture_on_commit_callbacks
):
    conflict = make_conflict(arrange, ConflictStatus.SUGGESTED)
    events_before = AuditEvent.objects.count()

    def guard(locked: Conflict) -> None:
        raise IllegalTransition("名单已锁定。")

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(IllegalTransition, match="名单已锁定。"),
    ):
        transition(
            conflict,
            ConflictAction.DISMISS,
            table=CONFLICT,
            actor=staff_user,
            guard=guard,
            on_commit=[lambda: None],
        )

    assert callbacks == []
    assert Conflict.objects.get(pk=conflict.pk).status == "suggested"
    assert AuditEvent.objects.count() == events_before


def test_workflow_refuses_a_move_outside_its_states():
    with pytest.raises(ValueError, match="unknown move"):
        Workflow(
            name="broken",
            states=ConflictStatus,
            actions=ConflictAction,
            moves={(ConflictAction.CONFIRM, ConflictStatus.SUGGESTED): "approved"},
            events=CONFLICT.events,
        )


def test_workflow_refuses_an_action_without_an_event_code():
    with pytest.raises(ValueError, match="event code"):
        Workflow(
            name="broken",
            states=ConflictStatus,
            actions=ConflictAction,
            moves=CONFLICT.moves,
            events={ConflictAction.CONFIRM: "review.conflict_confirmed"},
        )


def test_register_refuses_a_second_table_of_the_same_name():
    twin = Workflow(
        name="conflict",
        states=ConflictStatus,
        actions=ConflictAction,
        moves=CONFLICT.moves,
        events=CONFLICT.events,
    )

    with pytest.raises(ValueError, match="Two workflows named conflict"):
        register(twin)
    assert register(CONFLICT) is CONFLICT
