"""The nomination lifecycle as data: states and the legal moves between them.

Every status change goes through ``services.common.transition`` and the platform's
funnel (``longjiang.workflow``), which checks this table; tests iterate over it.

    draft ─submit─► submitted ─start_check─► in_check ─┬─ mark_eligible ─► eligible
      ▲  ◄─withdraw─┘                                   ├─ return ─► returned ─submit─► submitted
      └─cancel─► cancelled ◄─cancel─ returned           ├─ reject ─► rejected
                                                        └─ disqualify ─► disqualified ◄─ eligible
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from longjiang.workflow import Workflow, register


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    IN_CHECK = "in_check", _("初审中")
    RETURNED = "returned", _("退回修改")
    ELIGIBLE = "eligible", _("初审通过")
    REJECTED = "rejected", _("初审未通过")
    DISQUALIFIED = "disqualified", _("取消资格")
    CANCELLED = "cancelled", _("已作废")


class Action(models.TextChoices):
    SUBMIT = "submit", _("提交")
    WITHDRAW = "withdraw", _("撤回修改")
    CANCEL = "cancel", _("作废")
    START_CHECK = "start_check", _("开始初审")
    MARK_ELIGIBLE = "mark_eligible", _("确认通过初审")
    RETURN = "return", _("退回修改")
    REJECT = "reject", _("不予通过")
    DISQUALIFY = "disqualify", _("取消资格")


# (action, source) -> target
TRANSITIONS: dict[tuple[str, str], str] = {
    (Action.SUBMIT, Status.DRAFT): Status.SUBMITTED,
    (Action.SUBMIT, Status.RETURNED): Status.SUBMITTED,
    (Action.WITHDRAW, Status.SUBMITTED): Status.DRAFT,
    (Action.CANCEL, Status.DRAFT): Status.CANCELLED,
    (Action.CANCEL, Status.RETURNED): Status.CANCELLED,
    (Action.START_CHECK, Status.SUBMITTED): Status.IN_CHECK,
    (Action.MARK_ELIGIBLE, Status.IN_CHECK): Status.ELIGIBLE,
    (Action.RETURN, Status.IN_CHECK): Status.RETURNED,
    (Action.REJECT, Status.IN_CHECK): Status.REJECTED,
    # A unit that does not correct a returned nomination in time.
    (Action.REJECT, Status.RETURNED): Status.REJECTED,
    (Action.DISQUALIFY, Status.IN_CHECK): Status.DISQUALIFIED,
    # Falsification found after the check (notice 四（三）) still disqualifies.
    (Action.DISQUALIFY, Status.ELIGIBLE): Status.DISQUALIFIED,
}

# The audit event code written for each action.
EVENT_CODES: dict[str, str] = {
    Action.SUBMIT: "nomination.submitted",
    Action.WITHDRAW: "nomination.withdrawn",
    Action.CANCEL: "nomination.cancelled",
    Action.START_CHECK: "check.started",
    Action.MARK_ELIGIBLE: "check.eligible",
    Action.RETURN: "check.returned",
    Action.REJECT: "check.rejected",
    Action.DISQUALIFY: "check.disqualified",
}

# Actions a unit's clerk takes; the others belong to provincial staff.
UNIT_ACTIONS = frozenset({Action.SUBMIT, Action.WITHDRAW, Action.CANCEL})
# The first check's decisions, each closing a check round with that outcome.
DECISIONS = (Action.MARK_ELIGIBLE, Action.RETURN, Action.REJECT, Action.DISQUALIFY)

# States in which the unit may edit the nomination's content.
EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})
# States that hold an ID number against duplicates in the same campaign.
ACTIVE_STATES = frozenset(set(Status) - {Status.CANCELLED})
# States that have reached the province (shown in the first-check queue).
RECEIVED_STATES = frozenset(
    {
        Status.SUBMITTED,
        Status.IN_CHECK,
        Status.RETURNED,
        Status.ELIGIBLE,
        Status.REJECTED,
        Status.DISQUALIFIED,
    }
)

NOMINATION = register(
    Workflow(
        name="nomination",
        states=Status,
        actions=Action,
        moves=TRANSITIONS,
        events=EVENT_CODES,
        unit="unit",
    )
)
