"""The council's new list version after upheld objections: who leaves, who comes in.

An objection found true (查实，取消资格) does not change the locked list by
itself: the council (主席办公会议) decides a new version, which removes the
person and, at its own choice, takes substitutes from the previous version's
reserve (never automatically). The new version is written by review's
``record_list_revision`` (same hashing, chain, minutes and audit as every
version); here the composition is built, and in the same transaction the
removed are released from the lock and disqualified, and the cases are marked
as applied. The substitutes then get a supplementary notice of their own.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign, Nomination
from nominations.services import disqualify_nomination, release_from_list
from publicity.freeze import result_recorded_message
from publicity.models import Objection, Outcome, PublicityResult
from publicity.workflow import ObjectionStatus
from review.models import ListEntry, ListVersion
from review.services.lists import Composition, DecisionInput, Line, record_list_revision

logger = logging.getLogger(__name__)


class NothingChanges(DomainError):
    default_message = gettext_lazy("未选择取消资格的异议或递补人选，名单没有变化，不能形成新版本。")


def _join(items: Sequence[str]) -> str:
    return "、".join(items)


def revision_reason(
    removals: Sequence[tuple[Sequence[str], str]], substitutes: Sequence[str]
) -> str:
    """The new version's reason: each removal with its cases, then the substitutes.

    ``removals`` holds (receipt numbers, name) per removed person, in list order.
    Stored in the hashed version and published in the changelog, so it is written
    in the notice's language whatever the secretary's interface language, e.g.
    "根据异议YY2021-0003核查结果取消张三的人选资格；递补李四。"
    """
    parts = [
        f"根据异议{_join(receipts)}核查结果取消{name}的人选资格" for receipts, name in removals
    ]
    if substitutes:
        parts.append(f"递补{_join(substitutes)}")
    elif removals:
        parts.append("不递补")
    return "；".join(parts) + "。"


def _refuse_after_result(campaign: Campaign) -> None:
    """The publicity result fixes the final list: no version after it."""
    if PublicityResult.objects.filter(campaign=campaign).exists():
        raise DomainError(result_recorded_message())


def _cases(
    campaign: Campaign, removed_cases: Sequence[Objection], *, lock: bool = True
) -> list[Objection]:
    """The chosen cases (locked for a write), each decided upheld and not yet applied;
    else refuse."""
    ids = sorted({case.pk for case in removed_cases})
    rows = Objection.objects.select_for_update() if lock else Objection.objects.all()
    cases = list(rows.filter(pk__in=ids, campaign=campaign).order_by("receipt_number"))
    if len(cases) != len(ids):
        raise DomainError(_("所选异议不属于本年度活动。"))
    for case in cases:
        if case.status != ObjectionStatus.DECIDED or case.outcome != Outcome.UPHELD:
            raise DomainError(
                _("异议%(receipt)s的办理结果不是“查实，取消资格”，不能据此变更名单。")
                % {"receipt": case.receipt_number}
            )
        if case.applied_in_id is not None:
            raise DomainError(
                _("异议%(receipt)s已据以形成过新的名单版本。") % {"receipt": case.receipt_number}
            )
    return cases


def _compose(
    campaign: Campaign,
    previous: ListVersion,
    cases: list[Objection],
    substitute_ids: list[int],
) -> tuple[Composition, list[ListEntry]]:
    entries = list(previous.entries.order_by("part", "position"))
    listed = [e for e in entries if e.part == ListEntry.Part.LISTED]
    reserve = [e for e in entries if e.part == ListEntry.Part.RESERVE]
    listed_ids = {e.nomination_id for e in listed}
    for case in cases:
        if case.nomination_id not in listed_ids:
            raise DomainError(
                _("异议%(receipt)s所反映的人选不在第%(number)s版的建议人选中。")
                % {"receipt": case.receipt_number, "number": previous.number}
            )
    reserve_ids = {e.nomination_id for e in reserve}
    outside = [pk for pk in substitute_ids if pk not in reserve_ids]
    if outside:
        names = (
            Nomination.objects.filter(pk__in=outside).order_by("pk").values_list("name", flat=True)
        )
        raise DomainError(
            _("递补人选须从第%(number)s版的后备人选中确定：%(names)s不在后备人选中。")
            % {"number": previous.number, "names": _join(list(names))}
        )
    removed_ids = {case.nomination_id for case in cases}
    if not removed_ids and not substitute_ids:
        raise NothingChanges()
    kept = [e for e in listed if e.nomination_id not in removed_ids]
    incoming = [e for e in reserve if e.nomination_id in substitute_ids]
    if len(kept) + len(incoming) > campaign.quota:
        raise DomainError(
            _("递补后建议人选将为%(count)s人，超过名额%(quota)s人。")
            % {"count": len(kept) + len(incoming), "quota": campaign.quota}
        )
    removed = [e for e in listed if e.nomination_id in removed_ids]
    removals = [
        ([c.receipt_number for c in cases if c.nomination_id == e.nomination_id], e.name)
        for e in removed
    ]
    composition = Composition(
        listed=[Line.of(e) for e in kept + incoming],
        reserve=[Line.of(e) for e in reserve if e.nomination_id not in substitute_ids],
        reason=revision_reason(removals, [e.name for e in incoming]),
        event={
            "objections": [c.receipt_number for c in cases],
            "removed": [e.nomination_id for e in removed],
            "substitutes": [e.nomination_id for e in incoming],
        },
    )
    return composition, removed


@dataclass(frozen=True)
class Preview:
    """What a revision would write, for the council's confirmation step."""

    previous: ListVersion
    composition: Composition
    removed: list[ListEntry]
    substitutes: list[ListEntry]


def preview_revision(
    campaign: Campaign,
    *,
    removed_cases: Sequence[Objection],
    substitutes: Sequence[Nomination],
) -> Preview:
    """Compose the new version as ``approve_revision`` would now, writing nothing.

    Refuses with the same messages; the approval checks everything again under
    its locks.
    """
    _refuse_after_result(campaign)
    previous = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    if previous is None:
        raise DomainError(_("尚无锁定的名单，不能形成新的名单版本。"))
    substitute_ids = list(dict.fromkeys(n.pk for n in substitutes))
    cases = _cases(campaign, removed_cases, lock=False)
    composition, removed = _compose(campaign, previous, cases, substitute_ids)
    incoming = [
        e
        for e in previous.entries.filter(part=ListEntry.Part.RESERVE).order_by("position")
        if e.nomination_id in substitute_ids
    ]
    return Preview(previous, composition, removed, incoming)


def approve_revision(
    campaign: Campaign,
    data: DecisionInput,
    *,
    minutes,
    removed_cases: Sequence[Objection],
    substitutes: Sequence[Nomination],
    expected_version: int,
    actor: User,
) -> ListVersion:
    """Record the council's new version after upheld objections; return it.

    The new version is the previous one's listed entries without the persons of
    ``removed_cases`` (objections decided 查实，取消资格 and not applied yet), then the
    ``substitutes`` the council chose from the previous version's reserve, in
    reserve order (none: the places stay empty); the reserve loses the
    substitutes. Its reason names the cases by receipt number and the people. In
    the same transaction every nomination of the new version is locked, the
    removed are released from the lock (``release_from_list``) and disqualified
    with a reason naming the cases, each case records the version that applied
    it, and the public pages of the current notice are rendered again without the
    removed (``publication.revise_public_pages``; the manifest serves them from the
    approval once the transaction commits). Refused, with nothing written: for
    anyone but the council secretary, a case not decided upheld or already
    applied, a substitute not in the reserve, more listed persons than the quota,
    a page that a newer version has overtaken (``expected_version``), no change
    at all, or once the publicity result is recorded (the final list is fixed).
    """
    substitute_ids = list(dict.fromkeys(n.pk for n in substitutes))
    removed: list[ListEntry] = []
    cases: list[Objection] = []

    def compose(previous: ListVersion) -> Composition:
        # Under the campaign's lock, as record_publicity_result takes it.
        _refuse_after_result(campaign)
        cases.extend(_cases(campaign, removed_cases))
        composition, out = _compose(campaign, previous, cases, substitute_ids)
        removed.extend(out)
        return composition

    def after(version: ListVersion) -> None:
        receipts = _join([c.receipt_number for c in cases])
        # Stored data: the version and the cases, e.g. "2021-v2 YY2021-0003".
        reference = f"{campaign.year}-v{version.number} {receipts}"
        release_from_list([e.nomination_id for e in removed], reference=reference, actor=actor)
        for entry in removed:
            own = _join([c.receipt_number for c in cases if c.nomination_id == entry.nomination_id])
            disqualify_nomination(
                entry.nomination,
                actor=actor,
                # Stored and shown to the unit, in the notice's language.
                reason=(
                    f"根据异议{own}核查结果，经主席办公会议审定（第{version.number}版名单），"
                    "取消人选资格。"
                ),
            )
        # The public page from now on: the current notice without the removed (the
        # rows and files now; the manifest once the version is committed).
        from publicity import publication

        if publication.revise_public_pages(campaign, version):

            def refresh() -> None:
                # The approval is committed: a failure here must not turn it into an
                # error page. It is logged (campaign and version only, no names), and
                # verify_list reports the manifest that no longer matches the notices.
                try:
                    publication.republish(campaign)
                    # The superseded pages (they name the removed) leave the public
                    # directory.
                    publication.take_down(campaign, actor=actor)
                except Exception:
                    logger.exception(
                        "Republishing campaign %s after list version %s failed",
                        campaign.year,
                        version.number,
                    )

            transaction.on_commit(refresh, robust=True)
        for case in cases:
            Objection.objects.filter(pk=case.pk).update(applied_in=version)
            record_event(
                "publicity.objection_applied",
                actor=actor,
                subject=case,
                unit=case.nomination.unit,
                data={"nomination": case.nomination_id, "version": version.number},
            )

    return record_list_revision(
        campaign,
        data,
        minutes=minutes,
        compose=compose,
        expected_version=expected_version,
        actor=actor,
        after=after,
    )
