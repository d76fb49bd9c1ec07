"""The nominations' documents, registered as background job kinds.

Imported once by ``NominationsConfig.ready``. Each kind builds its document as
the user who asked for it, so a unit's clerk never gets another unit's rows.

| kind                   | params              | who may ask                |
|------------------------|---------------------|----------------------------|
| attachment1.nomination | nomination          | whoever sees the nomination |
| attachment1.unit       | campaign, unit      | the unit's clerk, staff    |
| attachment1.province   | campaign            | staff                      |
| summary.unit           | campaign, unit      | the unit's clerk, staff    |
| summary.province       | campaign            | staff                      |
| check.province         | campaign            | staff                      |

``campaign`` is the campaign's year, ``unit`` the unit's code, ``nomination`` its id.
"""

from types import ModuleType

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Unit, User
from longjiang.jobs import registry
from longjiang.jobs.models import DocumentJob
from nominations import permissions
from nominations.models import Campaign, Nomination
from nominations.selectors import nominations_visible_to

UNIT_PARAMS = {"campaign": int, "unit": str}
PROVINCE_PARAMS = {"campaign": int}
NOMINATION_PARAMS = {"nomination": int}


def _exports() -> ModuleType:
    # Imported when a job runs: the builders pull in reportlab and openpyxl,
    # which a web process that only queues jobs never needs.
    from nominations import exports

    return exports


# --- Loading the parameters -------------------------------------------------------------


def _campaign(params: registry.Params) -> Campaign | None:
    return Campaign.objects.filter(year=params["campaign"]).first()


def _unit(params: registry.Params) -> Unit | None:
    """Return the nominating unit named by code; the province itself nominates no one."""
    return Unit.objects.filter(code=params["unit"]).exclude(kind=Unit.Kind.PROVINCE).first()


# --- Who may ask ------------------------------------------------------------------------


def _may_have_unit(user: User, params: registry.Params) -> bool:
    unit = _unit(params)
    if unit is None or _campaign(params) is None:
        return False
    return permissions.is_provincial(user) or (
        permissions.can_nominate(user) and user.unit_id == unit.pk
    )


def _may_have_province(user: User, params: registry.Params) -> bool:
    return permissions.is_provincial(user) and _campaign(params) is not None


def _may_have_nomination(user: User, params: registry.Params) -> bool:
    return nominations_visible_to(user).filter(pk=params["nomination"]).exists()


# --- Titles (shown to the requester on the job page and in "my documents") ---------------


def _unit_title(template):
    """Return a title function over a lazily translated template, rendered per request."""

    def title(params: registry.Params) -> str:
        return str(template) % {"year": params["campaign"], "unit": _unit(params)}

    return title


def _province_title(template):
    def title(params: registry.Params) -> str:
        return str(template) % {"year": params["campaign"]}

    return title


def _nomination_title(params: registry.Params) -> str:
    name = Nomination.objects.filter(pk=params["nomination"]).values_list("name", flat=True).first()
    return _("推荐申报审批表（PDF）：%(name)s") % {"name": name}


# --- Building ---------------------------------------------------------------------------


def _run_nomination_form(job: DocumentJob, progress: registry.Progress):
    nomination = Nomination.objects.select_related("campaign").get(pk=job.params["nomination"])
    return _exports().attachment1_pdf(
        nomination.campaign,
        user=job.requested_by,
        nomination_ids=[nomination.pk],
        progress=progress,
    )


def _run_unit_forms(job: DocumentJob, progress: registry.Progress):
    return _exports().attachment1_pdf(
        Campaign.objects.get(year=job.params["campaign"]),
        user=job.requested_by,
        unit=Unit.objects.get(code=job.params["unit"]),
        progress=progress,
    )


def _run_province_forms(job: DocumentJob, progress: registry.Progress):
    return _exports().attachment1_pdf(
        Campaign.objects.get(year=job.params["campaign"]),
        user=job.requested_by,
        progress=progress,
    )


def _run_unit_summary(job: DocumentJob, progress: registry.Progress):
    return _exports().summary_xlsx(
        Campaign.objects.get(year=job.params["campaign"]),
        user=job.requested_by,
        unit=Unit.objects.get(code=job.params["unit"]),
        progress=progress,
    )


def _run_province_summary(job: DocumentJob, progress: registry.Progress):
    return _exports().summary_xlsx(
        Campaign.objects.get(year=job.params["campaign"]),
        user=job.requested_by,
        progress=progress,
    )


def _run_check_workbook(job: DocumentJob, progress: registry.Progress):
    return _exports().check_workbook(
        Campaign.objects.get(year=job.params["campaign"]),
        user=job.requested_by,
        progress=progress,
    )


registry.register(
    "attachment1.nomination",
    params=NOMINATION_PARAMS,
    title=_nomination_title,
    run=_run_nomination_form,
    allowed=_may_have_nomination,
)
registry.register(
    "attachment1.unit",
    params=UNIT_PARAMS,
    title=_unit_title(gettext_lazy("%(year)s年%(unit)s推荐申报审批表（PDF）")),
    run=_run_unit_forms,
    allowed=_may_have_unit,
)
registry.register(
    "attachment1.province",
    params=PROVINCE_PARAMS,
    title=_province_title(gettext_lazy("%(year)s年全省推荐申报审批表（PDF）")),
    run=_run_province_forms,
    allowed=_may_have_province,
)
registry.register(
    "summary.unit",
    params=UNIT_PARAMS,
    title=_unit_title(gettext_lazy("%(year)s年%(unit)s推荐人选汇总表（Excel）")),
    run=_run_unit_summary,
    allowed=_may_have_unit,
)
registry.register(
    "summary.province",
    params=PROVINCE_PARAMS,
    title=_province_title(gettext_lazy("%(year)s年全省推荐人选汇总表（Excel）")),
    run=_run_province_summary,
    allowed=_may_have_province,
)
registry.register(
    "check.province",
    params=PROVINCE_PARAMS,
    title=_province_title(gettext_lazy("%(year)s年初审汇总表（Excel）")),
    run=_run_check_workbook,
    allowed=_may_have_province,
)
