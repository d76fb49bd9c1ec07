"""The review's lifecycles as data: score sheets and conflicts of interest.

Every status change goes through the platform's funnel (``longjiang.workflow``),
which checks these tables; tests iterate over them.

    score sheet:  draft ─submit─► submitted ─reopen (staff)─► draft

    conflict:     (new) ─suggest─► suggested ─┬─ confirm ─► confirmed
                                              └─ dismiss ─► dismissed
                  (new), suggested, dismissed ─declare─► confirmed
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from longjiang.workflow import Workflow, register


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class SheetAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    REOPEN = "reopen", _("退回")


SHEET = register(
    Workflow(
        name="score_sheet",
        states=SheetStatus,
        actions=SheetAction,
        moves={
            (SheetAction.SUBMIT, SheetStatus.DRAFT): SheetStatus.SUBMITTED,
            (SheetAction.REOPEN, SheetStatus.SUBMITTED): SheetStatus.DRAFT,
        },
        events={
            SheetAction.SUBMIT: "review.sheet_submitted",
            SheetAction.REOPEN: "review.sheet_reopened",
        },
        audit_states=False,
        refusals={
            SheetAction.SUBMIT: _("评分表已提交，不能再修改。"),
            SheetAction.REOPEN: _("该评分表尚未提交，无需退回。"),
        },
    )
)


class ConflictStatus(models.TextChoices):
    SUGGESTED = "suggested", _("待确认")
    CONFIRMED = "confirmed", _("已确认回避")
    DISMISSED = "dismissed", _("已排除")


class ConflictAction(models.TextChoices):
    SUGGEST = "suggest", _("生成回避建议")
    DECLARE = "declare", _("申报回避")
    CONFIRM = "confirm", _("确认回避")
    DISMISS = "dismiss", _("排除")


CONFLICT = register(
    Workflow(
        name="conflict",
        states=ConflictStatus,
        actions=ConflictAction,
        moves={
            (ConflictAction.SUGGEST, None): ConflictStatus.SUGGESTED,
            # The expert's declaration takes effect at once, even over a dismissed suggestion.
            (ConflictAction.DECLARE, None): ConflictStatus.CONFIRMED,
            (ConflictAction.DECLARE, ConflictStatus.SUGGESTED): ConflictStatus.CONFIRMED,
            (ConflictAction.DECLARE, ConflictStatus.DISMISSED): ConflictStatus.CONFIRMED,
            (ConflictAction.CONFIRM, ConflictStatus.SUGGESTED): ConflictStatus.CONFIRMED,
            (ConflictAction.DISMISS, ConflictStatus.SUGGESTED): ConflictStatus.DISMISSED,
        },
        events={
            ConflictAction.SUGGEST: "review.conflict_suggested",
            ConflictAction.DECLARE: "review.conflict_declared",
            ConflictAction.CONFIRM: "review.conflict_confirmed",
            ConflictAction.DISMISS: "review.conflict_dismissed",
        },
        unit="nomination.unit",
        audit_states=False,
        refusals={
            ConflictAction.DECLARE: _("您与该人选的回避关系已经确认。"),
            ConflictAction.CONFIRM: _("该回避关系已处理（%(status)s），不能再次处理。"),
            ConflictAction.DISMISS: _("该回避关系已处理（%(status)s），不能再次处理。"),
        },
    )
)
