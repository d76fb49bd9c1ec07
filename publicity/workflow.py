"""Publicity's lifecycles as data: notices and objection cases.

Whether a published notice is live is never a stored state: it is read from the
clock against the notice's explicit dates (``Notice.phase``), so a missed
scheduler run can neither keep a period open nor close it early.

    notice:     (new) ─prepare─► draft ─publish─► published ─withdraw (before it starts)─► withdrawn
                draft ─discard─► discarded

    objection:  (new) ─receive─► received ─┬─ decline ─► not_accepted   (非实名 / 逾期: a lead only)
                                           └─ send_for_verification ─► verifying
                verifying ─submit_report (unit)─► reported ─decide─► decided
                verifying ─decide (staff, e.g. the unit missed its deadline)─► decided

    naming:     (new) ─prepare─► draft ─publish─► published   (final: corrections are new documents)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from longjiang.workflow import Workflow, register


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    DISCARDED = "discarded", _("已作废")


class NoticeAction(models.TextChoices):
    PREPARE = "prepare", _("起草")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")
    DISCARD = "discard", _("作废")


NOTICE = register(
    Workflow(
        name="publicity_notice",
        states=NoticeStatus,
        actions=NoticeAction,
        moves={
            (NoticeAction.PREPARE, None): NoticeStatus.DRAFT,
            (NoticeAction.PUBLISH, NoticeStatus.DRAFT): NoticeStatus.PUBLISHED,
            (NoticeAction.WITHDRAW, NoticeStatus.PUBLISHED): NoticeStatus.WITHDRAWN,
            (NoticeAction.DISCARD, NoticeStatus.DRAFT): NoticeStatus.DISCARDED,
        },
        events={
            NoticeAction.PREPARE: "publicity.notice_prepared",
            NoticeAction.PUBLISH: "publicity.notice_published",
            NoticeAction.WITHDRAW: "publicity.notice_withdrawn",
            NoticeAction.DISCARD: "publicity.notice_discarded",
        },
        refusals={
            NoticeAction.PUBLISH: _("只有草稿状态的公示公告可以发布。"),
            NoticeAction.WITHDRAW: _("只有已发布且尚未开始的公示公告可以撤回。"),
            NoticeAction.DISCARD: _("只有草稿状态的公示公告可以作废。"),
        },
    )
)


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("已登记")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    VERIFYING = "verifying", _("核查中")
    REPORTED = "reported", _("已报送核查报告")
    DECIDED = "decided", _("已办结")


class ObjectionAction(models.TextChoices):
    RECEIVE = "receive", _("登记")
    DECLINE = "decline", _("不予受理")
    SEND_FOR_VERIFICATION = "send_for_verification", _("转推荐单位核查")
    SUBMIT_REPORT = "submit_report", _("报送核查报告")
    DECIDE = "decide", _("办结")


OBJECTION = register(
    Workflow(
        name="objection",
        states=ObjectionStatus,
        actions=ObjectionAction,
        moves={
            (ObjectionAction.RECEIVE, None): ObjectionStatus.RECEIVED,
            (ObjectionAction.DECLINE, ObjectionStatus.RECEIVED): ObjectionStatus.NOT_ACCEPTED,
            (
                ObjectionAction.SEND_FOR_VERIFICATION,
                ObjectionStatus.RECEIVED,
            ): ObjectionStatus.VERIFYING,
            (ObjectionAction.SUBMIT_REPORT, ObjectionStatus.VERIFYING): ObjectionStatus.REPORTED,
            (ObjectionAction.DECIDE, ObjectionStatus.REPORTED): ObjectionStatus.DECIDED,
            (ObjectionAction.DECIDE, ObjectionStatus.VERIFYING): ObjectionStatus.DECIDED,
        },
        events={
            ObjectionAction.RECEIVE: "publicity.objection_received",
            ObjectionAction.DECLINE: "publicity.objection_declined",
            ObjectionAction.SEND_FOR_VERIFICATION: "publicity.objection_sent_for_verification",
            ObjectionAction.SUBMIT_REPORT: "publicity.objection_report_submitted",
            ObjectionAction.DECIDE: "publicity.objection_decided",
        },
        unit="nomination.unit",
        refusals={
            ObjectionAction.DECLINE: _("只有刚登记的异议可以决定不予受理。"),
            ObjectionAction.SEND_FOR_VERIFICATION: _(
                "只有已登记、已受理的异议可以转推荐单位核查。"
            ),
            ObjectionAction.SUBMIT_REPORT: _("该异议不在核查中，不能报送核查报告。"),
            ObjectionAction.DECIDE: _("该异议尚未转推荐单位核查，或已办结。"),
        },
    )
)


class NamingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class NamingAction(models.TextChoices):
    PREPARE = "prepare", _("起草")
    PUBLISH = "publish", _("发布")


# Published is final: the notice is an official document with a 文号, so a
# correction is issued as a new document, never by changing or unpublishing this one.
NAMING = register(
    Workflow(
        name="naming_notice",
        states=NamingStatus,
        actions=NamingAction,
        moves={
            (NamingAction.PREPARE, None): NamingStatus.DRAFT,
            (NamingAction.PUBLISH, NamingStatus.DRAFT): NamingStatus.PUBLISHED,
        },
        events={
            NamingAction.PREPARE: "publicity.naming_prepared",
            NamingAction.PUBLISH: "publicity.naming_published",
        },
        refusals={
            NamingAction.PUBLISH: _("命名通报已发布，不能再次发布或修改；如需更正，请另行发文。"),
        },
    )
)
