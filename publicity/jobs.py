"""Publicity's documents, registered once as web jobs and ``manage.py export`` documents.

Imported once by ``PublicityConfig.ready``.

| kind              | export                                       | who may ask on the web |
|-------------------|----------------------------------------------|------------------------|
| publicity.notice  | publicity_notice --campaign Y [--notice ID]  | provincial staff       |

The notice PDF is the file stored when the notice was published (proof of
publication), byte for byte: the newest published notice, or ``--notice``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_provincial
from longjiang.documents import registry
from longjiang.documents.export import PDF, Export, Progress, report
from longjiang.documents.registry import Param, Params
from nominations.jobs import CAMPAIGN, UnknownRecord, load_campaign
from publicity.models import Notice, Snapshot
from publicity.workflow import NoticeStatus

NOTICE = Param(
    "notice",
    int,
    "--notice",
    help=gettext_lazy("公示公告编号；不填为最近发布的公示公告"),
    required=False,
    metavar="ID",
)


def _published(params: Params):
    notices = Notice.objects.filter(
        campaign__year=params["campaign"], status=NoticeStatus.PUBLISHED
    ).order_by("-starts_on", "-pk")
    if params.get("notice") is not None:
        notices = notices.filter(pk=params["notice"])
    return notices


def _may_have_notice(user: User, params: Params) -> bool:
    return is_provincial(user) and _published(params).exists()


def _build_notice(params: Params, *, user: User | None, progress: Progress) -> Export:
    from publicity import publication

    campaign = load_campaign(params)
    notice = _published(params).first()
    if notice is None:
        raise UnknownRecord(_("%(year)s年度没有已发布的公示公告。") % {"year": campaign.year})
    snapshot = notice.snapshots.get(kind=Snapshot.Kind.PDF)
    content = publication.snapshot_path(snapshot).read_bytes()
    report(progress, 100)
    return Export(
        content=content,
        filename=_("%(year)s年公示公告-%(id)s.pdf") % {"year": campaign.year, "id": notice.pk},
        content_type=PDF,
    )


def _notice_title(params: Params) -> str:
    return str(gettext_lazy("%(year)s年公示公告（PDF）")) % {"year": params["campaign"]}


registry.register(
    "publicity.notice",
    command="publicity_notice",
    help=gettext_lazy("公示公告（PDF，发布时留存的文件）"),
    params=[CAMPAIGN, NOTICE],
    title=_notice_title,
    build=_build_notice,
    allowed=_may_have_notice,
)
