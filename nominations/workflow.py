"""The nomination lifecycle as data: states and the legal moves between them.

Every status change goes through ``services._transition``, which checks this
table; tests iterate over it. The first check (初审) adds its states in the next
stage of the pipeline.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    CANCELLED = "cancelled", _("已作废")


class Action(models.TextChoices):
    SUBMIT = "submit", _("提交")
    WITHDRAW = "withdraw", _("撤回修改")
    CANCEL = "cancel", _("作废草稿")


# (action, source) -> target
TRANSITIONS: dict[tuple[str, str], str] = {
    (Action.SUBMIT, Status.DRAFT): Status.SUBMITTED,
    (Action.WITHDRAW, Status.SUBMITTED): Status.DRAFT,
    (Action.CANCEL, Status.DRAFT): Status.CANCELLED,
}

# The audit event code written for each action.
EVENT_CODES: dict[str, str] = {
    Action.SUBMIT: "nomination.submitted",
    Action.WITHDRAW: "nomination.withdrawn",
    Action.CANCEL: "nomination.cancelled",
}

# States in which the unit may edit the nomination's content.
EDITABLE_STATES = frozenset({Status.DRAFT})
# States that hold an ID number against duplicates in the same campaign.
ACTIVE_STATES = frozenset(set(Status) - {Status.CANCELLED})


def target_of(action: str, source: str) -> str | None:
    """Return the state an action leads to from ``source``, or None if illegal."""
    return TRANSITIONS.get((action, source))
