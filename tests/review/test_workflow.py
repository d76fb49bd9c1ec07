"""Every move of the score sheet's and the conflict's tables, through the review's services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import IllegalTransition
from review import services
from review.models import Conflict, ScoreSheet
from review.workflow import CONFLICT, SHEET, ConflictAction, ConflictStatus, SheetAction

pytestmark = pytest.mark.django_db

FULL = {
    "skill": Decimal("25.5"),
    "innovation": Decimal("28"),
    "leadership": Decimal("15"),
    "awards": Decimal("12"),
    "overall": Decimal("4"),
}


@pytest.fixture
def ready(campaign, staff_user, signed_expert, candidate):
    """A cleared expert, a placed candidate, the default rubric and an open window."""
    services.ensure_default_rubric(campaign, actor=staff_user)
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        actor=staff_user,
    )
    return signed_expert, candidate


def sheet_in(state: str, expert, candidate) -> ScoreSheet:
    sheet = services.save_sheet(
        expert.user,
        nomination=candidate,
        scores=FULL,
        comment="技艺精湛",
        recommend=True,
        expected_version=0,
        actor=expert.user,
    )
    if state == ScoreSheet.Status.SUBMITTED:
        sheet = services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)
    return sheet


SHEET_SERVICES = {
    SheetAction.SUBMIT: lambda sheet, expert, staff_user: services.submit_sheet(
        sheet, expected_version=sheet.version, actor=expert.user
    ),
    SheetAction.REOPEN: lambda sheet, expert, staff_user: services.reopen_sheet(
        sheet, reason="专家申请更正", actor=staff_user
    ),
}
SHEET_MOVES = [(action, source) for action in SheetAction for source in SHEET.sources]


def test_sheet_every_action_has_a_service():
    assert set(SHEET_SERVICES) == set(SheetAction)


@pytest.mark.parametrize(("action", "source"), SHEET_MOVES)
def test_sheet_service_follows_the_table(ready, staff_user, action, source):
    expert, candidate = ready
    sheet = sheet_in(source, expert, candidate)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    target = SHEET.target(action, source)

    if target is None:
        with pytest.raises(IllegalTransition):
            SHEET_SERVICES[action](sheet, expert, staff_user)
        assert ScoreSheet.objects.get(pk=sheet.pk).status == source
        assert not AuditEvent.objects.filter(pk__gt=last_event).exists()
        return

    SHEET_SERVICES[action](sheet, expert, staff_user)

    stored = ScoreSheet.objects.get(pk=sheet.pk)
    assert (stored.status, stored.version) == (target, sheet.version + 1)
    assert list(AuditEvent.objects.filter(pk__gt=last_event).values_list("code", flat=True)) == [
        SHEET.events[action]
    ]


# --- Conflicts ----------------------------------------------------------------------------


def conflict_in(state: str | None, expert, candidate) -> Conflict | None:
    if state is None:
        return None
    return Conflict.objects.create(
        expert=expert,
        nomination=candidate,
        kind=Conflict.Kind.SAME_EMPLOYER,
        status=state,
        reason="" if state == ConflictStatus.SUGGESTED else "经核实。",
    )


def declare(conflict, expert, candidate, staff_user):
    return services.declare_conflict(
        expert, nomination=candidate, kind="relative", note="", actor=expert.user
    )


def confirm(conflict, expert, candidate, staff_user):
    return services.confirm_conflict(conflict, reason="同一单位。", actor=staff_user)


def dismiss(conflict, expert, candidate, staff_user):
    return services.dismiss_conflict(conflict, reason="不在同一单位。", actor=staff_user)


# Suggestions are made in a batch over every panel (tests/review/test_conflicts.py);
# the other actions act on one pair.
CONFLICT_SERVICES = {
    ConflictAction.DECLARE: declare,
    ConflictAction.CONFIRM: confirm,
    ConflictAction.DISMISS: dismiss,
}
CONFLICT_MOVES = [
    (action, source)
    for action in CONFLICT_SERVICES
    for source in CONFLICT.sources
    # Staff decide on a conflict that exists.
    if source is not None or action == ConflictAction.DECLARE
]


def test_conflict_every_pair_action_has_a_service():
    assert set(CONFLICT_SERVICES) == set(ConflictAction) - {ConflictAction.SUGGEST}


@pytest.mark.parametrize(("action", "source"), CONFLICT_MOVES)
def test_conflict_service_follows_the_table(signed_expert, candidate, staff_user, action, source):
    conflict = conflict_in(source, signed_expert, candidate)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    target = CONFLICT.target(action, source)

    if target is None:
        with pytest.raises(IllegalTransition):
            CONFLICT_SERVICES[action](conflict, signed_expert, candidate, staff_user)
        assert Conflict.objects.get(pk=conflict.pk).status == source
        assert not AuditEvent.objects.filter(pk__gt=last_event).exists()
        return

    CONFLICT_SERVICES[action](conflict, signed_expert, candidate, staff_user)

    stored = Conflict.objects.get(expert=signed_expert, nomination=candidate)
    assert stored.status == target
    assert list(AuditEvent.objects.filter(pk__gt=last_event).values_list("code", flat=True)) == [
        CONFLICT.events[action]
    ]
