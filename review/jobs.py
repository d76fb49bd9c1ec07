"""The review's documents, as background job kinds and as documents of ``manage.py export``.

Imported once by ``ReviewConfig.ready``.

| kind                 | params            | who may ask                                   |
|----------------------|-------------------|-----------------------------------------------|
| review.scores        | campaign          | staff                                         |
| review.proposed_list | campaign          | staff, the council secretary                  |
| review.locked_list   | campaign, version | staff, the council secretary; version exists  |

``campaign`` is the campaign's year, ``version`` the locked list's version number.
The export command gets ``scores``, ``proposed-list`` and ``locked-list --list-version N``.
"""

from types import ModuleType

from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.jobs import registry
from longjiang.jobs.models import DocumentJob
from nominations import export_registry
from nominations.models import Campaign
from review.models import ListVersion
from review.permissions import can_manage_review, can_see_ranking

CAMPAIGN_PARAMS = {"campaign": int}
VERSION_PARAMS = {"campaign": int, "version": int}


def _exports() -> ModuleType:
    # Imported when a document is built: the builders pull in reportlab and
    # openpyxl, which a web process that only queues jobs never needs.
    from review import exports

    return exports


def _campaign_exists(params: registry.Params) -> bool:
    return Campaign.objects.filter(year=params["campaign"]).exists()


# --- Who may ask ------------------------------------------------------------------------


def _may_have_scores(user: User, params: registry.Params) -> bool:
    return can_manage_review(user) and _campaign_exists(params)


def _may_have_proposed_list(user: User, params: registry.Params) -> bool:
    return can_see_ranking(user) and _campaign_exists(params)


def _may_have_locked_list(user: User, params: registry.Params) -> bool:
    return (
        can_see_ranking(user)
        and ListVersion.objects.filter(
            campaign__year=params["campaign"], number=params["version"]
        ).exists()
    )


# --- Titles -----------------------------------------------------------------------------


def _title(template):
    """Return a title function over a lazily translated template, rendered per request."""

    def title(params: registry.Params) -> str:
        return str(template) % {"year": params["campaign"], "version": params.get("version")}

    return title


# --- Building ---------------------------------------------------------------------------


def _campaign(job: DocumentJob) -> Campaign:
    return Campaign.objects.get(year=job.params["campaign"])


def _run_scores(job: DocumentJob, progress: registry.Progress):
    return _exports().score_workbook(_campaign(job), progress=progress)


def _run_proposed_list(job: DocumentJob, progress: registry.Progress):
    return _exports().proposed_list_pdf(_campaign(job), progress=progress)


def _run_locked_list(job: DocumentJob, progress: registry.Progress):
    return _exports().locked_list_pdf(
        _campaign(job), version=job.params["version"], progress=progress
    )


registry.register(
    "review.scores",
    params=CAMPAIGN_PARAMS,
    title=_title(gettext_lazy("%(year)s年评审得分汇总表（Excel）")),
    run=_run_scores,
    allowed=_may_have_scores,
)
registry.register(
    "review.proposed_list",
    params=CAMPAIGN_PARAMS,
    title=_title(gettext_lazy("%(year)s年建议名单（PDF）")),
    run=_run_proposed_list,
    allowed=_may_have_proposed_list,
)
registry.register(
    "review.locked_list",
    params=VERSION_PARAMS,
    title=_title(gettext_lazy("%(year)s年锁定名单第%(version)s版（PDF）")),
    run=_run_locked_list,
    allowed=_may_have_locked_list,
)


# --- The export command -----------------------------------------------------------------


def _export_scores(campaign: Campaign):
    return _exports().score_workbook(campaign)


def _export_proposed_list(campaign: Campaign):
    return _exports().proposed_list_pdf(campaign)


def _export_locked_list(campaign: Campaign, *, list_version: int):
    return _exports().locked_list_pdf(campaign, version=list_version)


export_registry.register("scores", _export_scores, gettext_lazy("评审得分汇总表（xlsx）"))
export_registry.register("proposed-list", _export_proposed_list, gettext_lazy("建议名单（PDF）"))
export_registry.register(
    "locked-list",
    _export_locked_list,
    gettext_lazy("锁定名单（PDF），须指定 --list-version"),
    options=[
        export_registry.Option(
            "--list-version",
            dest="list_version",
            type=int,
            help=gettext_lazy("锁定名单的版本号，如 1（仅用于 locked-list）"),
            required=True,
        )
    ],
)
