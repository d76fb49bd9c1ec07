"""Every kind of audit event the portal writes: its label and what of its data a person reads.

One table, read by the history of a nomination and by the staff's audit search.
An event's data is shown only through the fields declared here, so a key that
no entry names (and a personal number that should never have been written) is
never displayed. A test collects every event code the code base writes and
fails on one without an entry here.

A field's ``kind`` names its formatter in ``longjiang.audit.display``;
``source`` is what that formatter needs: a model field ("app_label.Model.field")
whose choices label the value, a model ("app_label.Model") whose field names
the value lists, or a dotted path to a function returning a label.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise | str
    kind: str = "text"
    source: str = ""


@dataclass(frozen=True)
class Group:
    prefix: str
    label: Promise | str


@dataclass(frozen=True)
class EventType:
    code: str
    label: Promise | str
    fields: tuple[Field, ...] = ()

    @property
    def group(self) -> str:
        return self.code.split(".", 1)[0]


MANUAL_CHECKS = "nominations.checklist.MANUAL_CHECKS"

# Fields that several events share.
ROUND = Field("round", _("初审轮次"), "number")
REASON = Field("reason", _("理由"))
NOTE = Field("note", _("说明"))
NOMINATION = Field("nomination", _("推荐人选"), "ref")
EXPERT = Field("expert", _("评审专家"), "ref")
CONFLICT_KIND = Field("kind", _("回避情形"), "choice", "review.Conflict.kind")
DOCUMENT = Field("kind", _("文件"), "document")
ATTEMPT = Field("attempt", _("第几次生成"), "number")
FILE_NAME = Field("name", _("文件名"))
FILE_HASH = Field("sha256", _("文件指纹（SHA-256）"), "hash")
PAPER = (
    Field("received_on", _("收到日期"), "date"),
    Field("copies", _("份数"), "number"),
    Field("stamped", _("已盖章"), "bool"),
    Field("late", _("逾期送达"), "bool"),
)
LIST_MOVE = (
    NOMINATION,
    Field("direction", _("调整"), "choice", "review.ListMove.direction"),
    Field("rank", _("排名"), "number"),
    Field("score", _("得分"), "number"),
)

GROUPS = (
    Group("campaign", _("年度活动")),
    Group("nomination", _("推荐填报")),
    Group("paper", _("纸质材料")),
    Group("report", _("活动情况报告")),
    Group("check", _("初审")),
    Group("review", _("专家评审")),
    Group("calendar", _("工作日历")),
    Group("publicity", _("公示")),
    Group("award", _("表彰奖励")),
    Group("register", _("往届龙江工匠名录")),
    Group("document", _("文件生成")),
    Group("account", _("账号")),
)

EVENT_TYPES: tuple[EventType, ...] = (
    # The year's campaign.
    EventType(
        "campaign.created",
        _("创建年度活动"),
        (Field("changed", _("填写的设置"), "fields", "nominations.Campaign"),),
    ),
    EventType(
        "campaign.updated",
        _("修改年度活动设置"),
        (Field("changed", _("修改的设置"), "fields", "nominations.Campaign"),),
    ),
    EventType(
        "campaign.running_changed",
        _("设定当前运行的选树活动"),
        (
            Field("year", _("当前运行的年度")),
            Field("previous", _("原运行的年度")),
        ),
    ),
    EventType(
        "campaign.next_created",
        _("创建下一年度选树活动"),
        (
            Field("year", _("年度")),
            Field("copied_from", _("复制自年度")),
            Field("parts", _("复制的内容"), "list"),
        ),
    ),
    EventType(
        "campaign.deadline_extended",
        _("延长推荐单位截止时间"),
        (
            Field("until", _("延长至"), "datetime"),
            REASON,
            Field("replaced", _("替换原有延期"), "bool"),
        ),
    ),
    EventType(
        "campaign.reminder_sent",
        _("发送截止提醒"),
        (
            Field("days", _("距截止天数"), "number"),
            Field("drafts", _("未提交的草稿"), "number"),
        ),
    ),
    # The register of earlier years' 龙江工匠: counts only, never a name or number.
    EventType(
        "register.imported",
        _("导入往届龙江工匠名单"),
        (
            Field("rows", _("文件行数"), "number"),
            Field("imported", _("导入人数"), "number"),
            Field("existing", _("已存在跳过"), "number"),
            Field("failed", _("有错误的行数"), "number"),
        ),
    ),
    # The publicity stage's working-day calendar.
    EventType(
        "calendar.day_saved",
        _("录入工作日历日期"),
        (
            Field("date", _("日期"), "date"),
            Field("is_working_day", _("工作日"), "bool"),
            NOTE,
            Field("created", _("新增"), "bool"),
            Field("was_date", _("修改前的日期"), "date"),
            Field("was_working_day", _("修改前是否工作日"), "bool"),
            Field("was_note", _("修改前的说明")),
        ),
    ),
    EventType(
        "calendar.day_deleted",
        _("删除工作日历日期"),
        (Field("date", _("日期"), "date"), Field("is_working_day", _("工作日"), "bool")),
    ),
    EventType(
        "calendar.year_saved",
        _("标记年度日历已录入"),
        (Field("year", _("年度")), NOTE, Field("created", _("新增"), "bool")),
    ),
    EventType(
        "calendar.year_deleted",
        _("取消年度日历已录入"),
        (Field("year", _("年度")),),
    ),
    # Intake.
    EventType(
        "nomination.created",
        _("新增推荐人选"),
        (Field("name", _("姓名")), Field("rank", _("推荐排序"), "number")),
    ),
    EventType(
        "nomination.draft_saved",
        _("保存草稿"),
        (
            Field("changed", _("修改的内容"), "fields", "nominations.presentation.field_label"),
            Field("version", _("版本"), "number"),
        ),
    ),
    EventType("nomination.submitted", _("提交推荐")),
    EventType("nomination.withdrawn", _("撤回推荐")),
    EventType("nomination.cancelled", _("作废推荐")),
    EventType(
        "nomination.reordered",
        _("调整推荐排序"),
        (Field("from", _("原排序"), "number"), Field("to", _("新排序"), "number")),
    ),
    EventType(
        "nomination.released_from_list",
        _("因名单变更解除锁定"),
        (Field("reference", _("依据")), Field("locked_by_list", _("原锁定依据"))),
    ),
    EventType("nomination.id_revealed", _("查看完整公民身份号码")),
    EventType(
        "nomination.form_printed",
        _("生成推荐申报审批表"),
        (
            Field("full_numbers", _("印有完整的公民身份号码和手机号码"), "bool"),
            Field("via", _("生成方式"), "choice", "nominations.services.intake.PRINTED_VIA"),
        ),
    ),
    EventType(
        "nomination.unit_contact_set",
        _("填写汇总表联系人"),
        (
            Field("name", _("填报人")),
            Field("changed", _("修改的内容"), "fields", "nominations.UnitContact"),
            Field("created", _("首次填写"), "bool"),
        ),
    ),
    EventType(
        "nomination.attachment_added",
        _("上传附件"),
        (
            Field("kind", _("类别"), "choice", "nominations.Attachment.kind"),
            FILE_NAME,
            FILE_HASH,
            Field("replaced", _("替换的文件"), "count"),
        ),
    ),
    EventType("nomination.attachment_removed", _("删除附件"), (FILE_NAME, FILE_HASH)),
    # Paper copies and the units' reports.
    EventType("paper.received", _("登记纸质材料"), PAPER),
    EventType("paper.corrected", _("更正纸质材料登记"), PAPER),
    EventType(
        "report.uploaded",
        _("上传活动情况报告"),
        (
            FILE_NAME,
            Field("size", _("大小"), "size"),
            FILE_HASH,
            Field("replaced", _("替换的文件"), "hash"),
        ),
    ),
    # The first check.
    EventType(
        "check.started",
        _("开始初审"),
        (
            ROUND,
            Field("revision", _("审核的提交版本"), "number"),
            Field("carried", _("沿用上一轮结论"), "choices", MANUAL_CHECKS),
            Field("reset", _("因修改须重新核验"), "choices", MANUAL_CHECKS),
        ),
    ),
    EventType(
        "check.confirmed",
        _("核验初审项目"),
        (
            ROUND,
            Field("checks", _("核验结论"), "verdicts", MANUAL_CHECKS),
            # Events written before the checks were saved together: one check each.
            Field("key", _("核验项目"), "choice", MANUAL_CHECKS),
            Field("passed", _("结论"), "verdict"),
            NOTE,
        ),
    ),
    EventType(
        "check.eligible",
        _("初审合格"),
        (ROUND, REASON),
    ),
    EventType(
        "check.returned",
        _("退回推荐单位修改"),
        (
            ROUND,
            REASON,
            Field("deadline", _("修改期限"), "datetime"),
            Field("comments", _("修改意见涉及"), "fields", "nominations.presentation.field_label"),
        ),
    ),
    EventType("check.rejected", _("初审不合格"), (ROUND, REASON)),
    EventType("check.disqualified", _("取消推荐资格"), (ROUND, REASON)),
    # Expert review.
    EventType(
        "review.expert_added",
        _("添加评审专家"),
        (
            Field("name", _("姓名")),
            Field("username", _("账号")),
            Field("employer", _("工作单位")),
        ),
    ),
    EventType(
        "review.experts_imported",
        _("批量导入评审专家"),
        (
            Field("file", _("文件名")),
            Field("imported", _("导入人数"), "number"),
            Field("failed", _("未导入的行"), "list"),
        ),
    ),
    EventType("review.expert_activated", _("启用评审专家")),
    EventType("review.expert_deactivated", _("停用评审专家")),
    EventType(
        "review.expert_email_changed",
        _("修改专家电子邮箱"),
        (
            Field("username", _("用户名")),
            Field("before", _("原邮箱")),
            Field("after", _("新邮箱")),
        ),
    ),
    EventType(
        "review.expert_reminded",
        _("提醒专家评分"),
        (
            Field("date", _("日期"), "date"),
            Field("unfinished", _("未完成的评分"), "number"),
            Field("automatic", _("系统自动提醒"), "bool"),
        ),
    ),
    EventType(
        "review.panel_created",
        _("设立评审组"),
        (
            Field("name", _("评审组")),
            Field("industry_group", _("行业组"), "choice", "review.Panel.industry_group"),
        ),
    ),
    EventType("review.panel_member_added", _("评审组增加专家"), (Field("name", _("专家")),)),
    EventType("review.panel_member_removed", _("评审组移出专家"), (Field("name", _("专家")),)),
    EventType(
        "review.placed",
        _("分入评审组"),
        (Field("panel_name", _("评审组")),),
    ),
    EventType(
        "review.placement_moved",
        _("调整评审组"),
        (Field("panel_name", _("调入评审组")), REASON),
    ),
    EventType("review.pledge_signed", _("签署回避承诺")),
    EventType(
        "review.settings_changed",
        _("修改回避设置"),
        (Field("conflict_same_unit", _("同一推荐单位须回避"), "bool"),),
    ),
    EventType(
        "review.conflict_suggested", _("系统提示可能需要回避"), (EXPERT, NOMINATION, CONFLICT_KIND)
    ),
    EventType(
        "review.conflict_declared", _("专家申报回避"), (EXPERT, NOMINATION, CONFLICT_KIND, NOTE)
    ),
    EventType(
        "review.conflict_confirmed", _("确认回避"), (EXPERT, NOMINATION, CONFLICT_KIND, REASON)
    ),
    EventType(
        "review.conflict_dismissed", _("认定无需回避"), (EXPERT, NOMINATION, CONFLICT_KIND, REASON)
    ),
    EventType(
        "review.rules_changed",
        _("修改评审规则"),
        (Field("changes", _("修改"), "changes", "review.ReviewSettings"),),
    ),
    EventType(
        "review.rubric_created",
        _("设定评分标准"),
        (Field("dimensions", _("满分合计"), "total"),),
    ),
    EventType(
        "review.dimension_added",
        _("新增评分项目"),
        (Field("name", _("评分项目")), Field("max_points", _("分值"), "number")),
    ),
    EventType(
        "review.dimension_updated",
        _("修改评分项目"),
        (Field("after", _("修改"), "before_after", "review.Dimension"),),
    ),
    EventType(
        "review.dimension_removed",
        _("删除评分项目"),
        (Field("name", _("评分项目")), Field("max_points", _("分值"), "number")),
    ),
    EventType(
        "review.experts_assigned",
        _("分配评审专家"),
        (
            Field("candidates", _("人选数"), "number"),
            Field("assignments", _("评审任务数"), "number"),
            Field("created", _("新增任务"), "number"),
            Field("removed", _("撤销任务"), "number"),
            Field("shortfalls", _("专家不足的人选"), "count"),
        ),
    ),
    EventType(
        "review.window_set",
        _("设定评分时间"),
        (Field("opens_at", _("开始"), "datetime"), Field("closes_at", _("截止"), "datetime")),
    ),
    EventType(
        "review.window_closed_early",
        _("提前结束评分"),
        (
            Field("planned_closes_at", _("原定截止"), "datetime"),
            Field("closed_at", _("结束时间"), "datetime"),
            Field("to_score", _("应评份数"), "number"),
            Field("submitted", _("已提交"), "number"),
            Field("drafts", _("草稿"), "number"),
            Field("not_started", _("未开始"), "number"),
            Field("experts", _("各位专家"), "rows", "review.selectors.progress.describe_counts"),
        ),
    ),
    EventType(
        "review.sheet_saved",
        _("保存评分草稿"),
        (
            NOMINATION,
            Field("scores", _("合计"), "total"),
            Field("recommend", _("推荐"), "bool"),
        ),
    ),
    EventType(
        "review.sheet_submitted",
        _("提交评分"),
        (NOMINATION, Field("total", _("合计"), "number")),
    ),
    EventType("review.sheet_reopened", _("退回评分表"), (NOMINATION, REASON)),
    EventType("review.list_moved", _("调整建议名单"), (*LIST_MOVE, REASON)),
    EventType(
        "review.list_move_undone",
        _("撤销建议名单调整"),
        (*LIST_MOVE, Field("moved_reason", _("原调整理由")), REASON),
    ),
    EventType(
        "review.council_returned",
        _("主席办公会议退回名单"),
        (
            Field("meeting_date", _("会议日期"), "date"),
            Field("minutes_ref", _("会议纪要文号")),
            Field("minutes_sha256", _("会议纪要指纹"), "hash"),
        ),
    ),
    EventType(
        "review.list_locked",
        _("主席办公会议审定，名单锁定"),
        (
            Field("version", _("名单版本"), "number"),
            Field("meeting_date", _("会议日期"), "date"),
            Field("minutes_ref", _("会议纪要文号")),
            Field("nominations", _("名单人数"), "count"),
            Field("content_hash", _("名单哈希"), "hash"),
            Field("previous_hash", _("上一版本哈希"), "hash"),
            Field(
                "acknowledged",
                _("会议确认知晓"),
                "rows",
                "review.selectors.council.describe_acknowledged",
            ),
            REASON,
        ),
    ),
    # Publicity: notices and objections (the complainant's identity is never in the data).
    EventType(
        "publicity.notice_prepared",
        _("起草公示公告"),
        (
            Field("starts_on", _("公示开始日期"), "date"),
            Field("ends_on", _("公示结束日期"), "date"),
            Field("closes_at", _("异议截止时间"), "datetime"),
        ),
    ),
    EventType(
        "publicity.notice_published",
        _("发布公示公告"),
        (
            Field("starts_on", _("公示开始日期"), "date"),
            Field("ends_on", _("公示结束日期"), "date"),
            Field("closes_at", _("异议截止时间"), "datetime"),
            Field("version", _("名单版本"), "number"),
            Field("count", _("公示人数"), "number"),
            FILE_HASH,
        ),
    ),
    EventType(
        "publicity.notice_updated",
        _("修改公示公告草稿"),
        (
            Field("changed", _("修改的内容"), "fields", "publicity.Notice"),
            Field("starts_on", _("公示开始日期"), "date"),
            Field("ends_on", _("公示结束日期"), "date"),
            Field("closes_at", _("异议截止时间"), "datetime"),
        ),
    ),
    EventType("publicity.notice_withdrawn", _("撤回公示公告"), (REASON,)),
    EventType("publicity.notice_discarded", _("作废公示公告草稿"), ()),
    EventType(
        "publicity.files_archived",
        _("公示文件撤下并转入内部存档"),
        (Field("files", _("文件"), "list"),),
    ),
    EventType(
        "publicity.settings_changed",
        _("修改公示设置"),
        (
            Field("campaign", _("年度"), "number"),
            Field("changed", _("修改的设置"), "fields", "publicity.PublicitySettings"),
        ),
    ),
    EventType(
        "publicity.naming_prepared",
        _("起草命名通报"),
        (
            Field("year", _("年度"), "number"),
            Field("count", _("命名人数"), "number"),
        ),
    ),
    EventType(
        "publicity.naming_updated",
        _("修改命名通报草稿"),
        (
            Field("changed", _("修改的内容"), "fields", "publicity.NamingNotice"),
            Field("doc_number", _("文号")),
            Field("issued_on", _("成文日期"), "date"),
        ),
    ),
    EventType(
        "publicity.naming_published",
        _("发布命名通报"),
        (
            Field("doc_number", _("文号")),
            Field("issued_on", _("成文日期"), "date"),
            Field("units", _("推荐单位数"), "number"),
            Field("count", _("命名人数"), "number"),
            Field("registered", _("新增往届龙江工匠名录"), "number"),
            FILE_HASH,
        ),
    ),
    EventType(
        "publicity.craftsmen_registered",
        _("命名名单人员录入往届龙江工匠名录"),
        (
            Field("year", _("年度"), "number"),
            Field("count", _("新增人数"), "number"),
            Field("linked", _("关联已导入记录"), "number"),
        ),
    ),
    EventType(
        "publicity.objection_received",
        _("登记异议"),
        (
            NOMINATION,
            Field("source", _("反映方式"), "choice", "publicity.Objection.source"),
            Field("acceptance", _("受理情况"), "choice", "publicity.Objection.acceptance"),
        ),
    ),
    EventType(
        "publicity.objection_declined",
        _("异议不予受理"),
        (
            NOMINATION,
            Field("acceptance", _("受理情况"), "choice", "publicity.Objection.acceptance"),
            REASON,
        ),
    ),
    EventType(
        "publicity.objection_sent_for_verification",
        _("转推荐单位核查"),
        (
            NOMINATION,
            Field("due", _("核查报告报送期限"), "date"),
            NOTE,
            Field("facts_edited", _("转核查的问题经编辑"), "bool"),
        ),
    ),
    EventType(
        "publicity.objection_reminded",
        _("催报核查报告"),
        (
            NOMINATION,
            Field("due", _("核查报告报送期限"), "date"),
            Field("overdue", _("已逾期"), "bool"),
        ),
    ),
    EventType(
        "publicity.complainant_viewed",
        _("查看异议反映人信息"),
        (Field("via", _("查看方式"), "choice", "publicity.selectors.handling.VIEW_LABELS"),),
    ),
    # Only the evidence's number: its file name may name the complainant, and this
    # history is shown to every provincial staff member. Early events also carry
    # the name ("name"); it is deliberately not declared, so it is never displayed.
    EventType(
        "publicity.evidence_viewed",
        _("查看异议证明材料"),
        (Field("evidence", _("证明材料编号"), "number"),),
    ),
    EventType(
        "publicity.objection_report_submitted",
        _("报送核查报告"),
        (NOMINATION, FILE_NAME, FILE_HASH),
    ),
    EventType(
        "publicity.objection_decided",
        _("异议办结"),
        (
            NOMINATION,
            Field("outcome", _("办理结果"), "choice", "publicity.Objection.outcome"),
            NOTE,
            Field("missed_deadline", _("推荐单位逾期未报送核查报告"), "bool"),
            Field("replied", _("已答复反映人"), "bool"),
        ),
    ),
    # Publicity: the council's revised list and the publicity result.
    EventType(
        "publicity.objection_applied",
        _("据异议变更名单"),
        (NOMINATION, Field("version", _("名单版本"), "number")),
    ),
    EventType(
        "publicity.result_recorded",
        _("记录公示结果"),
        (
            Field("kind", _("公示结果"), "choice", "publicity.PublicityResult.kind"),
            Field("version", _("命名名单版本"), "number"),
            Field("content_hash", _("名单哈希"), "hash"),
            NOTE,
        ),
    ),
    # The award: certificates.
    EventType(
        "award.certificates_allocated",
        _("分配荣誉证书编号"),
        (
            Field("year", _("年度")),
            Field("allocated", _("本次分配"), "number"),
            Field("total", _("证书总数"), "number"),
            Field("first", _("起始编号")),
            Field("last", _("截止编号")),
        ),
    ),
    EventType(
        "award.certificate_revoked",
        _("撤销荣誉证书"),
        (Field("serial", _("证书编号")), NOMINATION, REASON),
    ),
    # The award: the showcase of past craftsmen (publicity.services.showcase).
    EventType(
        "award.showcase_created",
        _("建立往届工匠展示页"),
        (
            Field("name", _("姓名")),
            Field("year", _("获评年度"), "number"),
            Field("changed", _("设置的内容"), "fields", "publicity.ShowcaseProfile"),
            Field("photo_added", _("上传照片"), "bool"),
            FILE_HASH,
        ),
    ),
    EventType(
        "award.showcase_updated",
        _("修改往届工匠展示页"),
        (
            Field("name", _("姓名")),
            Field("year", _("获评年度"), "number"),
            Field("changed", _("修改的内容"), "fields", "publicity.ShowcaseProfile"),
            Field("photo_added", _("上传照片"), "bool"),
            Field("photo_removed", _("删除照片"), "bool"),
            FILE_HASH,
        ),
    ),
    EventType(
        "award.showcase_published",
        _("公开往届工匠展示页"),
        (
            Field("name", _("姓名")),
            Field("year", _("获评年度"), "number"),
            Field("photo", _("含照片"), "bool"),
        ),
    ),
    EventType(
        "award.showcase_unpublished",
        _("撤下往届工匠展示页"),
        (Field("name", _("姓名")), Field("year", _("获评年度"), "number"), REASON),
    ),
    # The award: payments (publicity.services.payments).
    EventType(
        "award.payment_recorded",
        _("登记奖励发放"),
        (
            Field("campaign", _("年度"), "number"),
            Field("amount", _("金额（元）"), "number"),
            Field("paid_on", _("发放日期"), "date"),
            Field("voucher", _("凭证号")),
            NOTE,
        ),
    ),
    EventType(
        "award.payment_changed",
        _("修改奖励发放记录"),
        (
            Field("campaign", _("年度"), "number"),
            Field("changes", _("修改"), "changes", "publicity.Payment"),
            REASON,
        ),
    ),
    # Documents and accounts.
    EventType("document.requested", _("申请生成文件"), (DOCUMENT,)),
    EventType(
        "document.generated", _("文件生成完成"), (DOCUMENT, Field("size", _("大小"), "size"))
    ),
    EventType("document.failed", _("文件生成失败"), (DOCUMENT, ATTEMPT)),
    EventType("document.retried", _("重新生成文件"), (DOCUMENT,)),
    EventType("document.downloaded", _("文件已下载"), (DOCUMENT,)),
    EventType(
        "account.objection_handler_changed",
        _("修改异议处理权限"),
        (Field("username", _("账号")), Field("handles_objections", _("负责异议处理"), "bool")),
    ),
    EventType(
        "account.password_link_sent",
        _("发送设置密码链接"),
        (Field("username", _("账号")),),
    ),
)

_by_code = {event_type.code: event_type for event_type in EVENT_TYPES}
if len(_by_code) != len(EVENT_TYPES):
    raise ValueError("An audit event code is listed twice")


def event_type(code: str) -> EventType | None:
    """Return the entry for ``code``, or None for a code no entry names."""
    return _by_code.get(code)


def event_types() -> tuple[EventType, ...]:
    return EVENT_TYPES


def groups() -> list[tuple[Group, list[EventType]]]:
    """Return the event types under their group, for the search's select."""
    return [
        (group, [t for t in EVENT_TYPES if t.group == group.prefix])
        for group in GROUPS
        if any(t.group == group.prefix for t in EVENT_TYPES)
    ]
