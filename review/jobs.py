"""The review's documents, registered once as web jobs and ``manage.py export`` documents.

Imported once by ``ReviewConfig.ready``.

| kind                 | export                                    | who may ask on the web        |
|----------------------|-------------------------------------------|-------------------------------|
| review.scores        | scores --campaign Y                       | staff                         |
| review.proposed_list | proposed-list --campaign Y                | staff, the council secretary  |
| review.locked_list   | locked-list --campaign Y --list-version N | staff, the council secretary, |
|                      |                                           | if version N exists           |

``campaign`` is the campaign's year, ``version`` the locked list's version number.
"""

from types import ModuleType

from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.documents import registry
from longjiang.documents.export import Progress
from longjiang.documents.registry import Param, Params
from nominations.jobs import CAMPAIGN, load_campaign
from nominations.models import Campaign
from review.models import ListVersion
from review.permissions import can_manage_review, can_see_ranking

VERSION = Param(
    "version",
    int,
    "--list-version",
    help=gettext_lazy("锁定名单的版本号，如 1（仅用于 locked-list）"),
    metavar="N",
)


def _exports() -> ModuleType:
    # Imported when a document is built: the builders pull in reportlab and
    # openpyxl, which a web process that only queues jobs never needs.
    from review import exports

    return exports


def _campaign_exists(params: Params) -> bool:
    return Campaign.objects.filter(year=params["campaign"]).exists()


# --- Who may ask ------------------------------------------------------------------------


def _may_have_scores(user: User, params: Params) -> bool:
    return can_manage_review(user) and _campaign_exists(params)


def _may_have_proposed_list(user: User, params: Params) -> bool:
    return can_see_ranking(user) and _campaign_exists(params)


def _may_have_locked_list(user: User, params: Params) -> bool:
    return (
        can_see_ranking(user)
        and ListVersion.objects.filter(
            campaign__year=params["campaign"], number=params["version"]
        ).exists()
    )


# --- Titles -----------------------------------------------------------------------------


def _title(template):
    """Return a title function over a lazily translated template, rendered per request."""

    def title(params: Params) -> str:
        return str(template) % {"year": params["campaign"], "version": params.get("version")}

    return title


# --- Building (the review's documents show every counted score: no user scope) ----------


def _build_scores(params: Params, *, user: User | None, progress: Progress):
    return _exports().score_workbook(load_campaign(params), progress=progress)


def _build_proposed_list(params: Params, *, user: User | None, progress: Progress):
    return _exports().proposed_list_pdf(load_campaign(params), progress=progress)


def _build_locked_list(params: Params, *, user: User | None, progress: Progress):
    return _exports().locked_list_pdf(
        load_campaign(params), version=params["version"], progress=progress
    )


registry.register(
    "review.scores",
    command="scores",
    help=gettext_lazy("评审得分汇总表（xlsx）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年评审得分汇总表（Excel）")),
    build=_build_scores,
    allowed=_may_have_scores,
)
registry.register(
    "review.proposed_list",
    command="proposed-list",
    help=gettext_lazy("建议名单（PDF）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年建议名单（PDF）")),
    build=_build_proposed_list,
    allowed=_may_have_proposed_list,
)
registry.register(
    "review.locked_list",
    command="locked-list",
    help=gettext_lazy("锁定名单（PDF）"),
    params=[CAMPAIGN, VERSION],
    title=_title(gettext_lazy("%(year)s年锁定名单第%(version)s版（PDF）")),
    build=_build_locked_list,
    allowed=_may_have_locked_list,
)
