"""The first check's checklist: what the portal checks by itself, and what staff confirm.

Automatic checks are computed from the nomination as submitted; a failed one is
a warning for staff, counted on the nomination when it is submitted. Manual
checks are confirmed by staff with a note during the check. Both lists are
data, so the checklist can follow the province's practice with local changes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from longjiang.dates import show_date, show_month
from nominations import attachment1, codes, retirement
from nominations.models import Attachment, Nomination
from nominations.paper_rules import PaperStatus, paper_deadline_date, paper_is_late, paper_status
from nominations.rules import age_reference_date
from nominations.selectors.laureates import repeat_matches
from nominations.validators import age_on, count_characters, parse_id_number
from nominations.workflow import ACTIVE_STATES


@dataclass(frozen=True)
class CheckResult:
    key: str
    label: str | Promise
    # True passed, False failed, None not applicable or not yet known.
    passed: bool | None
    detail: str = ""


@dataclass(frozen=True)
class ManualCheck:
    """A check staff record by hand.

    ``covers`` names what the check looks at, as the keys of ``nominations.diff``
    (form fields, repeatable sections, "attachments"). After a resubmission the
    previous round's verdict is carried over unless one of these changed.
    """

    key: str
    label: str | Promise
    covers: frozenset[str]


MANUAL_CHECKS: tuple[ManualCheck, ...] = (
    ManualCheck(
        "frontline",
        gettext_lazy("核实在一线从事生产、技术、研发等工作"),
        frozenset(
            {
                "employer_name",
                "department",
                "post",
                "position",
                "frontline_category",
                "occupation",
                "years_in_trade",
                "declares_in_service",
                "declares_not_retired",
            }
        ),
    ),
    ManualCheck(
        "not_excluded",
        gettext_lazy("核实不属于副厅（局）级及以上领导干部或组织部门管理的单位负责人"),
        frozenset(
            {
                "employer_name",
                "employer_nature",
                "department",
                "post",
                "position",
                "declares_not_senior_cadre",
                "declares_not_party_managed_head",
            }
        ),
    ),
    ManualCheck(
        "evidence_authentic",
        gettext_lazy("佐证材料清晰、真实，与所填获奖和荣誉一致"),
        frozenset({"awards", "honours", "innovations", "attachments"}),
    ),
    ManualCheck(
        "criteria_met",
        gettext_lazy("事迹材料能够支撑所选的推荐条件"),
        frozenset(
            {
                "criteria",
                "brief_deeds",
                "main_deeds",
                "skill_level",
                "title_level",
                "awards",
                "honours",
                "innovations",
                "mentorships",
            }
        ),
    ),
    ManualCheck(
        "opinions_signed",
        gettext_lazy("所在单位及推荐单位意见齐全，签字盖章完整"),
        frozenset({"employer_name", "employer_opinion", "recommendation_opinion"}),
    ),
)
MANUAL_KEYS = frozenset(check.key for check in MANUAL_CHECKS)


def manual_check(key: str) -> ManualCheck:
    return next(check for check in MANUAL_CHECKS if check.key == key)


# A change of who is nominated makes every verdict about someone else.
IDENTITY_KEYS = frozenset({"name", "id_number"})


def affected_checks(changed: set[str]) -> frozenset[str]:
    """Return the keys of the manual checks that cover any of the changed keys (all of
    them when the nominee's name or ID number changed)."""
    if changed & IDENTITY_KEYS:
        return frozenset(check.key for check in MANUAL_CHECKS)
    return frozenset(check.key for check in MANUAL_CHECKS if check.covers & changed)


def _declared(nomination: Nomination, *names: str) -> bool:
    return all(getattr(nomination, name) for name in names)


def _union_member(n: Nomination, ctx: dict) -> CheckResult:
    ok = n.declares_union_member and n.union_joined is not None
    detail = show_month(n.union_joined) if n.union_joined else ""
    return CheckResult("union_member", _("工会会员"), ok, detail)


def _in_service(n: Nomination, ctx: dict) -> CheckResult:
    ok = _declared(n, "declares_in_service", "declares_not_retired")
    return CheckResult("in_service", _("在职，非退休（含返聘）"), ok)


def _not_excluded(n: Nomination, ctx: dict) -> CheckResult:
    ok = _declared(n, "declares_not_senior_cadre", "declares_not_party_managed_head")
    return CheckResult("not_excluded", _("非副厅（局）级及以上干部或组织部门管理的单位负责人"), ok)


def _criteria(n: Nomination, ctx: dict) -> CheckResult:
    labels = "、".join(str(codes.Criterion(c).label) for c in n.criteria)
    return CheckResult("criteria", _("至少符合一项推荐条件"), bool(n.criteria), labels)


def _competition(n: Nomination, ctx: dict) -> CheckResult:
    if codes.Criterion.COMPETITION not in n.criteria:
        return CheckResult("competition", _("竞赛奖励达到通知要求"), None, _("未选择该条件"))
    qualifying = [a.name for a in ctx["awards"] if a.meets_notice_threshold]
    return CheckResult(
        "competition", _("竞赛奖励达到通知要求"), bool(qualifying), "、".join(qualifying)
    )


def _evidence(n: Nomination, ctx: dict) -> CheckResult:
    proven_awards = {a.award_id for a in ctx["attachments"] if a.award_id}
    proven_honours = {a.honour_id for a in ctx["attachments"] if a.honour_id}
    missing = [a.name for a in ctx["awards"] if a.pk not in proven_awards]
    missing += [h.title for h in ctx["honours"] if h.pk not in proven_honours]
    detail = _("缺少：%(items)s") % {"items": "、".join(missing)} if missing else ""
    return CheckResult("evidence", _("每项获奖和荣誉均有佐证材料"), not missing, detail)


def _deeds(n: Nomination, ctx: dict) -> CheckResult:
    counts = {name: count_characters(getattr(n, name)) for name in attachment1.DEEDS_LIMITS}
    ok = all(0 < counts[name] <= limit for name, limit in attachment1.DEEDS_LIMITS.items())
    detail = _("简要事迹%(brief)d字，主要事迹%(main)d字") % {
        "brief": counts["brief_deeds"],
        "main": counts["main_deeds"],
    }
    return CheckResult("deeds", _("事迹材料字数符合要求"), ok, detail)


def _duplicates(n: Nomination, ctx: dict) -> CheckResult:
    ok = n.id_number_index is not None and n.pk not in ctx["duplicated"]
    return CheckResult("duplicates", _("本年度无重复推荐"), ok)


def _repeat(n: Nomination, ctx: dict) -> CheckResult:
    """Not named 龙江工匠 in an earlier year (the register, ``selectors.laureates``)."""
    label = _("往届未获评“龙江工匠”")
    matches = ctx["repeat"]
    if not matches:
        return CheckResult("repeat", label, True)
    detail = " ".join(match.message for match in matches)
    return CheckResult("repeat", label, False if matches[0].certain else None, detail)


def _credit_code(n: Nomination, ctx: dict) -> CheckResult:
    label = _("统一社会信用代码校验位正确")
    if not n.employer_credit_code:
        return CheckResult("credit_code", label, None, _("未填写"))
    if n.credit_code_suspect:
        detail = _("%(code)s校验位不符，请与推荐单位核对；个别早期试点代码校验位不符但仍有效") % {
            "code": n.employer_credit_code
        }
        return CheckResult("credit_code", label, False, detail)
    return CheckResult("credit_code", label, True, n.employer_credit_code)


def _months_text(months: int) -> str:
    years, extra = divmod(months, 12)
    if extra:
        return _("%(years)d岁%(months)d个月") % {"years": years, "months": extra}
    return _("%(years)d岁") % {"years": years}


def _retirement_text(group: retirement.Group, birth: date) -> str:
    months = retirement.retirement_age_months(birth.year, birth.month, group)
    year, month = retirement.retirement_month(birth.year, birth.month, group)
    return _("%(who)s%(age)s，%(year)d年%(month)d月达到") % {
        "who": RETIREMENT_GROUP_LABELS[group],
        "age": _months_text(months),
        "year": year,
        "month": month,
    }


RETIREMENT_GROUP_LABELS = {
    retirement.Group.MEN: gettext_lazy("男职工"),
    retirement.Group.WOMEN_CADRES: gettext_lazy("女干部"),
    retirement.Group.WOMEN_WORKERS: gettext_lazy("女工人"),
}


def _age(n: Nomination, ctx: dict) -> CheckResult:
    """The age at the campaign's electronic deadline, against the statutory retirement age.

    Reaching the retirement age by the deadline is a warning: staff confirm that
    the nominee is still in service. A woman's age depends on whether she is a
    cadre or a worker, which Attachment 1 does not say (docs/decisions.md): past
    the workers' age but not the cadres', the check is undecided and names both.
    """
    on = ctx["age_on"]
    try:
        info = parse_id_number(n.id_number, today=ctx["on"], max_age=None, min_age=0)
    except ValidationError as exc:
        return CheckResult("age", _("年龄"), False, " ".join(exc.messages))
    age = _("%(age)d岁") % {"age": age_on(info.birth_date, on)}
    groups = retirement.groups_for_sex(info.sex)
    reached = [g for g in groups if retirement.retirement_date(info.birth_date, g) <= on]
    ages = pgettext("clause separator", "；").join(
        _retirement_text(g, info.birth_date) for g in groups
    )
    if not reached:
        return CheckResult("age", _("年龄"), True, age)
    if len(reached) == len(groups):
        detail = _("%(age)s，已达法定退休年龄（%(ages)s），请核实是否仍在职") % {
            "age": age,
            "ages": ages,
        }
        return CheckResult("age", _("年龄"), False, detail)
    detail = _("%(age)s，如为女工人已达法定退休年龄（%(ages)s），请核实身份及是否仍在职") % {
        "age": age,
        "ages": ages,
    }
    return CheckResult("age", _("年龄"), None, detail)


def _consent(n: Nomination, ctx: dict) -> CheckResult:
    return CheckResult("consent", _("本人同意公开姓名、单位及职务"), n.consents_publication)


def _paper(n: Nomination, ctx: dict) -> CheckResult:
    label = _("纸质材料按时收到")
    receipt = ctx["receipt"]
    if receipt is None:
        if ctx["on"] <= paper_deadline_date(n.campaign):
            return CheckResult("paper", label, None, _("尚未收到"))
        return CheckResult("paper", label, False, _("逾期未收到"))
    status = paper_status(receipt, n.campaign)
    detail = _("%(date)s收到%(copies)d份%(stamp)s") % {
        "date": show_date(receipt.received_on),
        "copies": receipt.copies,
        "stamp": _("，已盖章") if receipt.stamped else _("，未盖章"),
    }
    if paper_is_late(receipt, n.campaign):
        detail += _("（逾期）")
    return CheckResult("paper", label, status == PaperStatus.ON_TIME, detail)


AUTOMATIC_CHECKS: tuple[Callable[[Nomination, dict], CheckResult], ...] = (
    _union_member,
    _in_service,
    _not_excluded,
    _criteria,
    _competition,
    _evidence,
    _deeds,
    _duplicates,
    _repeat,
    _credit_code,
    _age,
    _consent,
    _paper,
)


def automatic_checks(
    nomination: Nomination, *, on: date | None = None, repeat: list | None = None
) -> list[CheckResult]:
    """Run every automatic check on one nomination.

    ``repeat`` is ``selectors.laureates.repeat_matches(nomination)`` where the caller
    has it already.
    """
    duplicated = set(
        Nomination.objects.filter(
            campaign_id=nomination.campaign_id,
            id_number_index=nomination.id_number_index,
            status__in=ACTIVE_STATES,
        )
        .exclude(pk=nomination.pk)
        .values_list("pk", flat=True)[:1]
    )
    context = {
        "on": on or timezone.localdate(),
        "age_on": age_reference_date(nomination.campaign),
        "awards": list(nomination.awards.all()),
        "honours": list(nomination.honours.all()),
        "attachments": list(nomination.attachments.filter(kind=Attachment.Kind.EVIDENCE)),
        "receipt": getattr(nomination, "paper_receipt", None),
        # Any other active nomination of the same person marks this one too.
        "duplicated": {nomination.pk} if duplicated else set(),
        "repeat": repeat_matches(nomination) if repeat is None else repeat,
    }
    return [check(nomination, context) for check in AUTOMATIC_CHECKS]


def warning_count(results: list[CheckResult]) -> int:
    return sum(1 for result in results if result.passed is False)
