"""The nominations' documents, registered once as web jobs and ``manage.py export`` documents.

Imported once by ``NominationsConfig.ready``. Each kind builds its document as
the user who asked for it, so a unit's clerk never gets another unit's rows;
the export command builds it as the operator (``user=None``), who sees all.

| kind                   | export                              | who may ask on the web      |
|------------------------|-------------------------------------|-----------------------------|
| summary.province       | summary --campaign Y                | staff                       |
| summary.unit           | summary --campaign Y --unit CODE    | the unit's clerk, staff     |
| attachment1.province   | forms --campaign Y                  | staff                       |
| attachment1.unit       | forms --campaign Y --unit CODE      | the unit's clerk, staff     |
| attachment1.nomination | forms --campaign Y --nomination ID  | the unit's clerk, staff     |
| check.province         | check --campaign Y                  | staff                       |

Attachment 1 asked for on the web prints the full ID number and mobile (it is
the form the unit stamps); the command prints them masked. Every printed form is
audited per nomination (``nomination.form_printed``).

``campaign`` is the campaign's year, ``unit`` the unit's code, ``nomination`` its
id. A web request for one nomination's form gives no campaign; the command gives
one, and the nomination must belong to it.
"""

from dataclasses import replace
from types import ModuleType

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts import roles
from longjiang.accounts.models import Unit, User
from longjiang.documents import registry
from longjiang.documents.export import Progress
from longjiang.documents.registry import Param, Params
from longjiang.exceptions import DomainError
from nominations import permissions
from nominations.models import Campaign, Nomination
from nominations.selectors import nominations_visible_to

CAMPAIGN = Param(
    "campaign", int, "--campaign", help=gettext_lazy("活动年度，如 2021"), metavar="YEAR"
)
UNIT = Param(
    "unit",
    str,
    "--unit",
    help=gettext_lazy("推荐单位代码，如 230100；不填为全省"),
    refusal=gettext_lazy("“%(document)s”按全省导出，不能指定 --unit。"),
    metavar="CODE",
)
NOMINATION = Param(
    "nomination",
    int,
    "--nomination",
    help=gettext_lazy("推荐人选编号（仅用于 forms）"),
    metavar="ID",
)


class UnknownRecord(DomainError):
    """A campaign, unit or nomination named on the command line does not exist."""


def _exports(name: str) -> ModuleType:
    # Imported when a document is built: the builders pull in reportlab and
    # openpyxl, which a web process that only queues jobs never needs.
    from importlib import import_module

    return import_module(f"nominations.exports.{name}")


# --- Loading the parameters -------------------------------------------------------------


def find_campaign(params: Params) -> Campaign | None:
    return Campaign.objects.filter(year=params["campaign"]).first()


def load_campaign(params: Params) -> Campaign:
    """Return the campaign of the year in the parameters, or say there is none."""
    campaign = find_campaign(params)
    if campaign is None:
        raise UnknownRecord(_("没有%(year)s年度的选树活动。") % {"year": params["campaign"]})
    return campaign


def _find_unit(params: Params) -> Unit | None:
    """Return the nominating unit named by code; the province itself nominates no one."""
    return Unit.objects.filter(code=params["unit"]).exclude(kind=Unit.Kind.PROVINCE).first()


def _load_unit(params: Params) -> Unit:
    unit = _find_unit(params)
    if unit is None:
        raise UnknownRecord(_("没有代码为“%(code)s”的推荐单位。") % {"code": params["unit"]})
    return unit


def _load_nomination(params: Params) -> Nomination:
    nomination = Nomination.objects.select_related("campaign").filter(pk=params["nomination"])
    if "campaign" in params:
        nomination = nomination.filter(campaign=load_campaign(params))
    found = nomination.first()
    if found is None:
        raise UnknownRecord(_("没有编号为%(id)s的推荐人选。") % {"id": params["nomination"]})
    return found


# --- Who may ask ------------------------------------------------------------------------


def _may_have_unit(user: User, params: Params) -> bool:
    unit = _find_unit(params)
    if unit is None or find_campaign(params) is None:
        return False
    return roles.is_provincial(user) or (permissions.can_nominate(user) and user.unit_id == unit.pk)


def _may_have_province(user: User, params: Params) -> bool:
    return roles.is_provincial(user) and find_campaign(params) is not None


def _may_have_nomination(user: User, params: Params) -> bool:
    visible = nominations_visible_to(user).filter(pk=params["nomination"])
    if "campaign" in params:
        visible = visible.filter(campaign__year=params["campaign"])
    return visible.exists()


# --- Titles (shown to the requester on the job page and in "my documents") ---------------


def _unit_title(template):
    """Return a title function over a lazily translated template, rendered per request."""

    def title(params: Params) -> str:
        return str(template) % {"year": params["campaign"], "unit": _find_unit(params)}

    return title


def _province_title(template):
    def title(params: Params) -> str:
        return str(template) % {"year": params["campaign"]}

    return title


def _nomination_title(params: Params) -> str:
    name = Nomination.objects.filter(pk=params["nomination"]).values_list("name", flat=True).first()
    return _("推荐申报审批表（PDF）：%(name)s") % {"name": name}


# --- Building ---------------------------------------------------------------------------


def _build_province_summary(params: Params, *, user: User | None, progress: Progress):
    return _exports("summary").summary_xlsx(load_campaign(params), user=user, progress=progress)


def _build_unit_summary(params: Params, *, user: User | None, progress: Progress):
    return _exports("summary").summary_xlsx(
        load_campaign(params), user=user, unit=_load_unit(params), progress=progress
    )


def _full_numbers(user: User | None) -> bool:
    """Whether a unit's or one nomination's Attachment 1 prints the full ID number and
    mobile for whoever asks.

    On the web these kinds are allowed to the nominating unit's clerks and to staff
    only, and the form they print is the one the unit signs and stamps, so it
    carries the full numbers. The operator's ``manage.py export forms`` (no user)
    prints them masked: a bulk copy for the operator needs no personal numbers.
    The province's compilation is a reading copy, never stamped: always masked.
    Either way each printed form is audited (``record_forms_printed``).
    """
    return user is not None


def _build_province_forms(params: Params, *, user: User | None, progress: Progress):
    return _exports("attachment1").attachment1_pdf(
        load_campaign(params), user=user, full_numbers=False, progress=progress
    )


def _build_unit_forms(params: Params, *, user: User | None, progress: Progress):
    return _exports("attachment1").attachment1_pdf(
        load_campaign(params),
        user=user,
        unit=_load_unit(params),
        full_numbers=_full_numbers(user),
        progress=progress,
    )


def _build_nomination_form(params: Params, *, user: User | None, progress: Progress):
    nomination = _load_nomination(params)
    return _exports("attachment1").attachment1_pdf(
        nomination.campaign,
        user=user,
        nomination_ids=[nomination.pk],
        full_numbers=_full_numbers(user),
        progress=progress,
    )


def _build_check_workbook(params: Params, *, user: User | None, progress: Progress):
    return _exports("check").check_workbook(load_campaign(params), user=user, progress=progress)


registry.register(
    "summary.province",
    command="summary",
    help=gettext_lazy("全省推荐人选汇总表（附件2，xlsx）"),
    params=[CAMPAIGN],
    title=_province_title(gettext_lazy("%(year)s年全省推荐人选汇总表（Excel）")),
    build=_build_province_summary,
    allowed=_may_have_province,
)
registry.register(
    "summary.unit",
    command="summary",
    help=gettext_lazy("一个推荐单位的推荐人选汇总表（附件2，xlsx）"),
    params=[CAMPAIGN, UNIT],
    title=_unit_title(gettext_lazy("%(year)s年%(unit)s推荐人选汇总表（Excel）")),
    build=_build_unit_summary,
    allowed=_may_have_unit,
)
registry.register(
    "attachment1.province",
    command="forms",
    help=gettext_lazy("全省推荐申报审批表（附件1，PDF）"),
    params=[CAMPAIGN],
    title=_province_title(gettext_lazy("%(year)s年全省推荐申报审批表（PDF）")),
    build=_build_province_forms,
    allowed=_may_have_province,
)
registry.register(
    "attachment1.unit",
    command="forms",
    help=gettext_lazy("一个推荐单位的推荐申报审批表（附件1，PDF）"),
    params=[CAMPAIGN, UNIT],
    title=_unit_title(gettext_lazy("%(year)s年%(unit)s推荐申报审批表（PDF）")),
    build=_build_unit_forms,
    allowed=_may_have_unit,
)
registry.register(
    "attachment1.nomination",
    command="forms",
    help=gettext_lazy("一名推荐人选的推荐申报审批表（附件1，PDF），任何状态"),
    # The web page asks by nomination alone; the command line names the campaign too.
    params=[replace(CAMPAIGN, required=False), NOMINATION],
    title=_nomination_title,
    build=_build_nomination_form,
    allowed=_may_have_nomination,
)
registry.register(
    "check.province",
    command="check",
    help=gettext_lazy("全省初审情况汇总（xlsx）"),
    params=[CAMPAIGN],
    title=_province_title(gettext_lazy("%(year)s年初审汇总表（Excel）")),
    build=_build_check_workbook,
    allowed=_may_have_province,
)
