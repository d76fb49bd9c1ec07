"""What a nomination needs before it can be submitted.

``submission_problems`` is the single source of truth: the submit service
refuses while it returns anything, and the form shows each problem beside the
field it names.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.dates import show_month
from nominations import attachment1, codes
from nominations.models import Attachment, Nomination
from nominations.validators import (
    IdNumberInfo,
    count_characters,
    parse_id_number,
    validate_month_begun,
)

# Key under which problems that belong to no single field are reported.
GENERAL = "__all__"


def _is_blank(value) -> bool:
    return value is None or value == "" or value == []


def age_reference_date(campaign) -> date:
    """Return the day a nominee's age is taken on: the campaign's electronic deadline.

    facts.md §5.1: the ID number must give a plausible working age, 16 to 65. A
    nomination is judged as of the deadline for its materials, so the same person
    is neither admitted nor refused by the day a clerk happens to save the form.
    """
    return timezone.localdate(campaign.electronic_deadline)


def identity_mismatches(
    info: IdNumberInfo, *, sex: str, birth_month: date | None
) -> dict[str, str]:
    """Return the fields that disagree with what the ID number encodes."""
    problems = {}
    if sex and sex != info.sex:
        problems["sex"] = _("性别与公民身份号码不一致（号码显示为%(sex)s）。") % {
            "sex": codes.Sex(info.sex).label
        }
    if birth_month and (birth_month.year, birth_month.month) != (
        info.birth_date.year,
        info.birth_date.month,
    ):
        problems["birth_month"] = _("出生年月与公民身份号码不一致（号码显示为%(ym)s）。") % {
            "ym": show_month(info.birth_date)
        }
    return problems


def _add_if_month_to_come(problems, key: str, value: date | None, today: date) -> None:
    try:
        validate_month_begun(value, today=today)
    except ValidationError as exc:
        problems[key].extend(exc.messages)


def submission_problems(
    nomination: Nomination, *, today: date | None = None
) -> dict[str, list[str]]:
    """Return every reason the nomination cannot be submitted yet, keyed by field."""
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = defaultdict(list)

    for name in attachment1.REQUIRED_AT_SUBMIT:
        if _is_blank(getattr(nomination, name)):
            problems[name].append(_("提交前必须填写此项。"))
    for name in attachment1.REQUIRED_DECLARATIONS:
        if not getattr(nomination, name):
            problems[name].append(_("提交前须核实并勾选此项声明。"))

    if nomination.id_number:
        try:
            info = parse_id_number(
                nomination.id_number,
                today=today,
                age_at=age_reference_date(nomination.campaign),
            )
        except ValidationError as exc:
            problems["id_number"].extend(exc.messages)
        else:
            for field, message in identity_mismatches(
                info, sex=nomination.sex, birth_month=nomination.birth_month
            ).items():
                problems[field].append(message)

    # The form refuses months to come; a draft saved before that rule may hold one.
    for name in sorted(attachment1.MONTH_FIELDS):
        _add_if_month_to_come(problems, name, getattr(nomination, name), today)

    if nomination.nationality == codes.Nationality.OTHER and not nomination.nationality_note:
        problems["nationality_note"].append(_("非中国籍人选须注明国籍并说明推荐理由。"))

    for name, limit in attachment1.DEEDS_LIMITS.items():
        count = count_characters(getattr(nomination, name))
        if count > limit:
            problems[name].append(
                _("不能超过%(limit)d个字（当前%(count)d个字）。") % {"limit": limit, "count": count}
            )

    awards = list(nomination.awards.all())
    honours = list(nomination.honours.all())
    attachments = list(nomination.attachments.all())
    if codes.Criterion.COMPETITION in nomination.criteria and not any(
        award.meets_notice_threshold for award in awards
    ):
        problems["criteria"].append(
            _(
                "选择“获得竞赛奖励”的，须有国家一类竞赛前三名、省级一类竞赛前两名"
                "或全省职工技术创新竞赛一等奖的获奖记录。"
            )
        )
    proven_awards = {a.award_id for a in attachments if a.award_id}
    proven_honours = {a.honour_id for a in attachments if a.honour_id}
    for row in awards:
        _add_if_month_to_come(problems, "awards", row.awarded_on, today)
    for row in honours:
        _add_if_month_to_come(problems, "honours", row.awarded_on, today)
    for award in awards:
        if award.pk not in proven_awards:
            problems["awards"].append(_("竞赛获奖“%(name)s”缺少佐证材料。") % {"name": award.name})
    for honour in honours:
        if honour.pk not in proven_honours:
            problems["honours"].append(_("荣誉“%(name)s”缺少佐证材料。") % {"name": honour.title})
    if not any(a.kind == Attachment.Kind.PHOTO for a in attachments):
        problems["photo"].append(_("提交前须上传本人近期正面免冠彩色照片。"))
    return dict(problems)
