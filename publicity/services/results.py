"""The publicity result (公示结果) and with it the final list (命名名单)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_provincial
from longjiang.audit.services import record_event
from longjiang.dates import show_date
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from publicity.models import PublicityResult
from publicity.models.objections import Outcome
from publicity.selectors.results import accepted_cases, latest_version, result_blockers


class PublicityStillOpen(DomainError):
    """Something the result depends on is not finished; ``blockers`` says what."""

    def __init__(self, blockers):
        self.blockers = blockers
        problems = []
        if blockers.postal_grace_until:
            problems.append(
                _("按寄出地邮戳日期认定，按时寄出的来信至%(date)s仍可能寄达")
                % {"date": show_date(blockers.postal_grace_until)}
            )
        if blockers.no_notice:
            problems.append(_("尚未发布公示公告"))
        if blockers.open_notices:
            problems.append(
                _("%(count)s份公示公告尚未结束") % {"count": len(blockers.open_notices)}
            )
        if blockers.open_cases:
            problems.append(_("%(count)s件异议尚未办结") % {"count": len(blockers.open_cases)})
        if blockers.unapplied_cases:
            problems.append(
                _("%(count)s件查实的异议尚未经主席办公会议形成新的名单版本")
                % {"count": len(blockers.unapplied_cases)}
            )
        if blockers.unpublicized:
            problems.append(
                _("%(names)s尚未公示") % {"names": "、".join(e.name for e in blockers.unpublicized)}
            )
        super().__init__(_("不能记录公示结果：%(problems)s。") % {"problems": "；".join(problems)})


def _summary(cases) -> str:
    """The handled cases in one line, stored with the result in the notice's language."""
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            f"{case.receipt_number}（{case.nomination.name}）{Outcome(case.outcome).label}"
            for case in cases
        ]
    return f"受理异议{len(items)}件：" + "；".join(items) + "。"


def record_publicity_result(campaign: Campaign, *, actor: User, note: str = "") -> PublicityResult:
    """Record the publicity result once; its version becomes the final list (命名名单).

    Provincial staff record it when every published notice has closed by the
    clock, every objection is decided or declined, every case found true has been
    applied by a later list version, and everyone on the latest version has been
    publicized (a substitute by its supplementary notice). The kind is 公示无异议
    when no objection was accepted, else 异议已处理, and then the stored note
    starts with the cases and their outcomes. The final version is the latest
    locked version. Written once (``PublicityResult`` refuses changes); audited
    as ``publicity.result_recorded``.
    """
    if not is_provincial(actor):
        raise DomainError(_("只有省总工会工作人员可以记录公示结果。"))
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        if PublicityResult.objects.filter(campaign=campaign).exists():
            raise DomainError(_("本年度的公示结果已记录，不能重复记录或修改。"))
        blockers = result_blockers(campaign)
        if blockers:
            raise PublicityStillOpen(blockers)
        final = latest_version(campaign)
        cases = list(accepted_cases(campaign))
        kind = PublicityResult.Kind.HANDLED if cases else PublicityResult.Kind.NO_OBJECTION
        note = note.strip()
        if cases:
            note = _summary(cases) + ("\n" + note if note else "")
        result = PublicityResult.objects.create(
            campaign=campaign,
            kind=kind,
            final_version=final,
            note=note,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        record_event(
            "publicity.result_recorded",
            actor=actor,
            subject=result,
            data={
                "kind": kind,
                "version": final.number,
                "content_hash": final.content_hash,
                "objections": [c.receipt_number for c in cases],
                "note": note,
            },
        )
    return result
