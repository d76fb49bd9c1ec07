"""Attachment 1 (推荐申报审批表) as data: its sections, their fields and order.

facts.md §1.2 is a reconstruction of the official form. Screens, the completeness
check and the printed form all read the layout from here, so matching the
official template later is a change to this module and the model's labels.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    fields: tuple[str, ...]
    help_text: str | Promise = ""


SECTIONS: tuple[Section, ...] = (
    Section(
        "identity",
        _("基本情况"),
        (
            "name",
            "id_number",
            "sex",
            "birth_month",
            "ethnicity",
            "political_status",
            "nationality",
            "nationality_note",
            "education",
            "employment_start",
        ),
        _("性别和出生年月须与公民身份号码一致。公民身份号码仅用于审核，不会公开。"),
    ),
    Section(
        "work",
        _("工作单位及岗位"),
        (
            "employer_name",
            "employer_credit_code",
            "employer_nature",
            "industry",
            "department",
            "post",
            "position",
            "frontline_category",
            "occupation",
            "years_in_trade",
        ),
    ),
    Section(
        "qualifications",
        _("技能等级与职称"),
        (
            "skill_level",
            "skill_obtained_on",
            "skill_certificate_no",
            "skill_certificate_issuer",
            "title_series",
            "title_level",
            "title_obtained_on",
        ),
    ),
    Section(
        "criteria",
        _("符合条件"),
        ("criteria",),
        _("至少符合通知规定的条件之一。选择“获得竞赛奖励”的，须填写达到通知要求的竞赛获奖情况。"),
    ),
    Section(
        "deeds",
        _("事迹材料"),
        ("brief_deeds", "main_deeds"),
        _("字数按字符计算，不含空格和换行。"),
    ),
    Section(
        "contact",
        _("联系方式"),
        ("mobile", "office_phone", "address", "postal_code"),
        _("联系方式仅供省总工会工作联系使用，不会公开。"),
    ),
    Section(
        "declarations",
        _("资格声明与本人承诺"),
        (
            "union_joined",
            "declares_union_member",
            "declares_in_service",
            "declares_not_retired",
            "declares_not_senior_cadre",
            "declares_not_party_managed_head",
            "declares_truthful",
            "consents_publication",
        ),
        _("以上声明须由推荐单位向被推荐人核实后勾选。"),
    ),
    Section(
        "opinions",
        _("推荐意见"),
        ("employer_opinion", "recommendation_opinion"),
    ),
)

# Fields that must be filled in before the nomination can be submitted.
REQUIRED_AT_SUBMIT: frozenset[str] = frozenset(
    {
        "name",
        "id_number",
        "sex",
        "birth_month",
        "ethnicity",
        "political_status",
        "nationality",
        "education",
        "employment_start",
        "employer_name",
        "employer_nature",
        "industry",
        "post",
        "frontline_category",
        "occupation",
        "years_in_trade",
        "skill_level",
        "criteria",
        "brief_deeds",
        "main_deeds",
        "mobile",
        "union_joined",
        "recommendation_opinion",
    }
)

# Declarations that must be ticked before submission.
REQUIRED_DECLARATIONS: tuple[str, ...] = (
    "declares_union_member",
    "declares_in_service",
    "declares_not_retired",
    "declares_not_senior_cadre",
    "declares_not_party_managed_head",
    "declares_truthful",
    "consents_publication",
)

# Character limits of the narrative fields (facts.md §1.2), counted without whitespace.
DEEDS_LIMITS: dict[str, int] = {"brief_deeds": 300, "main_deeds": 1500}

# Fields laid out across the whole width of the form.
WIDE_FIELDS: frozenset[str] = frozenset(
    {"criteria", "brief_deeds", "main_deeds", "employer_opinion", "recommendation_opinion"}
    | set(REQUIRED_DECLARATIONS)
)

# Fields entered as a year and month; stored as the first day of the month.
MONTH_FIELDS: frozenset[str] = frozenset(
    {
        "birth_month",
        "employment_start",
        "skill_obtained_on",
        "title_obtained_on",
        "union_joined",
    }
)

# The repeatable sections: (related name, title, help text).
REPEATABLE: tuple[tuple[str, str | Promise, str | Promise], ...] = (
    (
        "awards",
        _("竞赛获奖情况"),
        _("每项获奖须上传获奖证书或文件作为佐证材料。一类竞赛名次、创新竞赛一等奖填“1”。"),
    ),
    ("honours", _("主要荣誉"), _("每项荣誉须上传证书或授予文件作为佐证材料。")),
    ("innovations", _("技术创新成果、专利、先进操作法、标准"), ""),
    ("mentorships", _("带徒传技与创新工作室"), ""),
)


# The key of a correction comment that concerns the whole nomination.
GENERAL_COMMENT = "__all__"


def commentable_fields() -> tuple[str, ...]:
    """Return what a correction comment may be attached to, in form order."""
    return (
        GENERAL_COMMENT,
        *all_fields(),
        *(name for name, _title, _help in REPEATABLE),
        "photo",
    )


def all_fields() -> tuple[str, ...]:
    """Return every scalar field of the form, in form order."""
    return tuple(name for section in SECTIONS for name in section.fields)
