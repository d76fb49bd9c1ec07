"""Publicity's documents, registered once as web jobs and ``manage.py export`` documents.

Imported once by ``PublicityConfig.ready``.

| kind                         | export                                      | who may ask    |
|------------------------------|---------------------------------------------|----------------|
| publicity.notice             | publicity_notice --campaign Y [--notice ID] | staff          |
| publicity.objection_register | objection_register --campaign Y             | handlers       |
| publicity.case_file          | case-file --campaign Y --case NUMBER        | staff          |
| publicity.reply_letter       | reply-letter --campaign Y --case NUMBER     | handlers       |
| publicity.award_roster_xlsx  | award-roster --campaign Y                   | staff          |
| publicity.award_roster_pdf   | award-roster-pdf --campaign Y               | staff          |
| publicity.certificates       | certificates --campaign Y                   | staff          |
| publicity.certificates_zip   | certificates-zip --campaign Y               | staff          |
| publicity.naming_notice      | naming-notice --campaign Y                  | staff          |

"staff" are provincial staff, "handlers" staff with the objection-handling flag.

The notice PDF is the file stored when the notice was published (proof of
publication), byte for byte: the newest published notice, or ``--notice``.
``case`` is an objection's receipt number (受理编号). The register and the reply
letter name the complainant: objection handlers only, each case's view audited.
The award roster (奖励发放名单) is one document in two formats, so two commands:
the workbook for finance, the PDF for the recipients' signatures.
The certificates (one PDF for printing, a zip of one PDF per person) allocate the
numbers still missing before they print (``publicity.certificates``).
The naming notice PDF is the file stored when it was published, byte for byte
(its SHA-256 kept on the notice); a draft has none.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Unit, User
from longjiang.accounts.roles import handles_objections, is_provincial
from longjiang.documents import registry
from longjiang.documents.export import PDF, XLSX, Export, NothingToExport, Progress, report
from longjiang.documents.registry import Param, Params
from nominations.jobs import CAMPAIGN, UnknownRecord, find_campaign, load_campaign
from publicity.models import Notice, Objection, Snapshot
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


# --- Objection documents ----------------------------------------------------------------

CASE = Param(
    "case",
    str,
    "--case",
    help=gettext_lazy("异议的受理编号"),
    metavar="NUMBER",
)


def _exports():
    from publicity import exports

    return exports


def _case_exists(params: Params) -> bool:
    return Objection.objects.filter(
        campaign__year=params["campaign"], receipt_number=params["case"]
    ).exists()


def _may_have_register(user: User, params: Params) -> bool:
    return handles_objections(user)


def _may_have_case_file(user: User, params: Params) -> bool:
    return is_provincial(user) and _case_exists(params)


def _may_have_reply_letter(user: User, params: Params) -> bool:
    return handles_objections(user) and _case_exists(params)


def _build_register(params: Params, *, user: User | None, progress: Progress):
    return _exports().objection_register(load_campaign(params), user=user, progress=progress)


def _build_case_file(params: Params, *, user: User | None, progress: Progress):
    return _exports().case_file(load_campaign(params), params["case"], user=user, progress=progress)


def _build_reply_letter(params: Params, *, user: User | None, progress: Progress):
    return _exports().reply_letter(
        load_campaign(params), params["case"], user=user, progress=progress
    )


def _title(template):
    def title(params: Params) -> str:
        return str(template) % {"year": params["campaign"], "case": params.get("case", "")}

    return title


registry.register(
    "publicity.objection_register",
    command="objection_register",
    help=gettext_lazy("公示异议登记表（xlsx，含反映人信息）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年公示异议登记表（Excel）")),
    build=_build_register,
    allowed=_may_have_register,
)
registry.register(
    "publicity.case_file",
    command="case-file",
    help=gettext_lazy("异议案件材料（PDF）"),
    params=[CAMPAIGN, CASE],
    title=_title(gettext_lazy("异议案件材料 %(case)s（PDF）")),
    build=_build_case_file,
    allowed=_may_have_case_file,
)
registry.register(
    "publicity.reply_letter",
    command="reply-letter",
    help=gettext_lazy("异议答复函（PDF）"),
    params=[CAMPAIGN, CASE],
    title=_title(gettext_lazy("异议答复函 %(case)s（PDF）")),
    build=_build_reply_letter,
    allowed=_may_have_reply_letter,
)


# --- The award roster ---------------------------------------------------------------------


def _may_have_roster(user: User, params: Params) -> bool:
    return is_provincial(user) and find_campaign(params) is not None


def _roster_data(params: Params):
    from publicity.documents.roster import RosterData
    from publicity.selectors.roster import award_roster

    campaign = load_campaign(params)
    roster = award_roster(campaign)
    if not roster.units:
        raise NothingToExport(
            _("%(year)s年度的命名名单尚未确定（公示结果未记录），没有奖励发放名单。")
            % {"year": campaign.year}
        )
    province = Unit.objects.filter(kind=Unit.Kind.PROVINCE).values_list("name", flat=True).first()
    return RosterData(
        roster=roster, prepared_by=province or _("黑龙江省总工会"), prepared_on=timezone.localdate()
    )


def _roster_filename(params: Params, extension: str) -> str:
    return _("%(year)s年龙江工匠奖励发放名单") % {"year": params["campaign"]} + extension


def _build_roster_xlsx(params: Params, *, user: User | None, progress: Progress) -> Export:
    from publicity.documents.roster import build_roster_xlsx

    data = _roster_data(params)
    report(progress, 50)
    content = build_roster_xlsx(data)
    report(progress, 100)
    return Export(content, _roster_filename(params, ".xlsx"), XLSX)


def _build_roster_pdf(params: Params, *, user: User | None, progress: Progress) -> Export:
    from publicity.documents.roster import build_roster_pdf

    data = _roster_data(params)
    report(progress, 30)
    built = build_roster_pdf(data)
    report(progress, 100)
    return Export(built.content, _roster_filename(params, ".pdf"), PDF, warnings=built.warnings)


registry.register(
    "publicity.award_roster_xlsx",
    command="award-roster",
    help=gettext_lazy("奖励发放名单（xlsx）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年奖励发放名单（Excel）")),
    build=_build_roster_xlsx,
    allowed=_may_have_roster,
)
registry.register(
    "publicity.award_roster_pdf",
    command="award-roster-pdf",
    help=gettext_lazy("奖励发放名单（PDF，供领款人签字）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年奖励发放名单（PDF）")),
    build=_build_roster_pdf,
    allowed=_may_have_roster,
)


# --- Certificates -------------------------------------------------------------------------


def _may_have_certificates(user: User, params: Params) -> bool:
    return is_provincial(user) and find_campaign(params) is not None


def _build_certificates(params: Params, *, user: User | None, progress: Progress) -> Export:
    from publicity import certificates

    return certificates.certificates_pdf(load_campaign(params), user=user, progress=progress)


def _build_certificates_zip(params: Params, *, user: User | None, progress: Progress) -> Export:
    from publicity import certificates

    return certificates.certificates_zip(load_campaign(params), user=user, progress=progress)


registry.register(
    "publicity.certificates",
    command="certificates",
    help=gettext_lazy("荣誉证书（PDF，每人一页，供打印）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年荣誉证书（PDF）")),
    build=_build_certificates,
    allowed=_may_have_certificates,
)
registry.register(
    "publicity.certificates_zip",
    command="certificates-zip",
    help=gettext_lazy("荣誉证书（zip，每人一个PDF文件）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年荣誉证书（逐人PDF，zip）")),
    build=_build_certificates_zip,
    allowed=_may_have_certificates,
)


# --- The naming notice ------------------------------------------------------------------


def _published_naming(params: Params):
    from publicity.selectors.naming import published_naming_notice

    return published_naming_notice(params["campaign"])


def _may_have_naming(user: User, params: Params) -> bool:
    return is_provincial(user) and _published_naming(params) is not None


def _build_naming(params: Params, *, user: User | None, progress: Progress) -> Export:
    from publicity.services.naming import stored_pdf

    campaign = load_campaign(params)
    notice = _published_naming(params)
    if notice is None:
        raise UnknownRecord(_("%(year)s年度的命名通报尚未发布。") % {"year": campaign.year})
    content = stored_pdf(notice)
    report(progress, 100)
    return Export(
        content=content,
        filename=_("%(year)s年命名通报.pdf") % {"year": campaign.year},
        content_type=PDF,
    )


registry.register(
    "publicity.naming_notice",
    command="naming-notice",
    help=gettext_lazy("命名通报（PDF，发布时留存的文件）"),
    params=[CAMPAIGN],
    title=_title(gettext_lazy("%(year)s年命名通报（PDF）")),
    build=_build_naming,
    allowed=_may_have_naming,
)
