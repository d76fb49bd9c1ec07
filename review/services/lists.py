"""The council's decision on the proposed list, and the locked list version it creates."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang import uploads
from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from nominations.services import lock_for_list
from review import listhash
from review.aggregation import Result
from review.models import CouncilDecision, ListEntry, ListVersion
from review.permissions import can_record_decision
from review.selectors.candidates import counted_sheets
from review.selectors.council import LockWarning, lock_warnings
from review.selectors.lists import list_is_locked
from review.selectors.ranking import Ranking, composition_fingerprint, ranking_data
from review.services.rules import lock_review_settings


@dataclass(frozen=True)
class DecisionInput:
    """What the council secretary enters from the meeting's minutes."""

    meeting_date: date
    minutes_ref: str
    attendance: str
    outcome: str
    note: str = ""
    reason: str = ""


def _validate(data: DecisionInput) -> None:
    if not data.minutes_ref.strip():
        raise DomainError(_("请填写会议纪要文号。"))
    if not data.attendance.strip():
        raise DomainError(_("请填写出席人员。"))
    if data.outcome not in CouncilDecision.Outcome.values:
        raise DomainError(_("请选择审议结果。"))
    if data.meeting_date > timezone.localdate():
        raise DomainError(_("会议日期不能晚于今天。"))


def _entry(version: ListVersion, part: str, position: int, result: Result, ranking: Ranking):
    nomination = ranking.nomination(result)
    move = ranking.moves.get(result.nomination_id)
    return ListEntry(
        version=version,
        part=part,
        position=position,
        nomination_id=nomination.pk,
        name=nomination.name,
        unit_code=nomination.unit.code,
        unit_name=nomination.unit.name,
        employer_name=nomination.employer_name,
        rank=result.rank,
        score="" if result.score is None else str(result.score),
        moved_reason=move.reason if move is not None else "",
    )


class ListChanged(DomainError):
    default_message = gettext_lazy(
        "建议名单在您打开页面后发生了变化（指纹不一致），请核对新的建议名单后重新提交。"
    )


class StaleVersion(DomainError):
    """The page the decision was taken on showed an older list version than the latest."""

    def __init__(self, latest: int):
        if latest:
            message = _(
                "在您打开页面后，名单已审定并锁定为第%(number)s版，本次提交未记录。"
                "请核对最新的名单版本后再操作。"
            ) % {"number": latest}
        else:
            message = _("页面上的名单版本已过期，本次提交未记录。请刷新页面后再操作。")
        super().__init__(message)


class UnacknowledgedWarnings(DomainError):
    """An approval that does not acknowledge every fact the council page lists."""

    def __init__(self, missing: list[LockWarning]):
        self.missing = missing
        super().__init__(
            _("审议通过前，请逐项确认已知晓以下情况：%(kinds)s。")
            % {"kinds": "；".join(str(w.label) for w in missing)}
        )


def _check_acknowledged(warnings: list[LockWarning], acknowledged: Collection[str]) -> None:
    missing = [w for w in warnings if w.kind not in acknowledged]
    if missing:
        raise UnacknowledgedWarnings(missing)


def _lock_list(
    campaign: Campaign,
    decision: CouncilDecision,
    *,
    reason: str,
    fingerprint: str | None,
    acknowledged: Collection[str],
    actor: User,
) -> tuple[ListVersion, list[LockWarning]]:
    ranking = ranking_data(campaign)
    if fingerprint is not None and fingerprint != composition_fingerprint(ranking):
        raise ListChanged()
    listed = ranking.composition.listed
    if not listed:
        raise DomainError(_("建议名单为空，不能审定。"))
    warnings = lock_warnings(campaign, ranking)
    _check_acknowledged(warnings, acknowledged)
    previous = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    version = ListVersion(
        campaign=campaign,
        number=previous.number + 1 if previous else 1,
        decision=decision,
        reason=reason.strip(),
        approved_at=decision.recorded_at,
        previous_hash=previous.content_hash if previous else "",
    )
    entries = [
        _entry(version, ListEntry.Part.LISTED, i, r, ranking) for i, r in enumerate(listed, 1)
    ] + [
        _entry(version, ListEntry.Part.RESERVE, i, r, ranking)
        for i, r in enumerate(ranking.composition.reserve, 1)
    ]
    version.content_hash = listhash.content_hash(version, decision, entries, year=campaign.year)
    version.save()
    ListEntry.objects.bulk_create(entries)
    # Stored data, not UI text: the campaign and the version, e.g. "2021-v1".
    reference = f"{campaign.year}-v{version.number}"
    lock_for_list([e.nomination_id for e in entries], reference=reference, actor=actor)
    return version, warnings


def _check_decision_allowed(
    campaign: Campaign, data: DecisionInput, *, expected_version: int | None
) -> datetime:
    """Lock what the list depends on; refuse a stale page or an open window; return the time.

    The campaign row first, as the list moves take it, then the settings row, as the
    scoring services take it: nothing changes the list meanwhile. Two decisions sent
    at once queue on the campaign row, so the second sees the first one's version.
    """
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    if expected_version is not None:
        latest = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
        latest_number = latest.number if latest is not None else 0
        if latest_number != expected_version:
            raise StaleVersion(latest_number)
    settings = lock_review_settings(campaign)
    now = timezone.now()
    if settings.review_closes_at is None or now < settings.review_closes_at:
        raise DomainError(_("专家评分尚未截止，主席办公会议决定须在评分截止后记录。"))
    approving = data.outcome == CouncilDecision.Outcome.APPROVED
    if approving and list_is_locked(campaign) and not data.reason.strip():
        raise DomainError(_("已有锁定的名单，形成新版本须填写变更理由。"))
    return now


def _record_lock(
    campaign: Campaign,
    version: ListVersion,
    *,
    event: dict,
    warnings: list[LockWarning],
    actor: User,
) -> None:
    """Audit the lock with the sheets that counted, a digest of their points, and what the
    council acknowledged (each kind of warning with the number of people it named)."""
    entries = list(
        version.entries.order_by("part", "position").values_list("nomination_id", flat=True)
    )
    sheets = sorted(counted_sheets(campaign).values_list("pk", flat=True))
    record_event(
        "review.list_locked",
        actor=actor,
        subject=version,
        data={
            **event,
            "campaign": campaign.year,
            "sheets": sheets,
            "scores_digest": listhash.scores_digest(sheets),
            "version": version.number,
            "content_hash": version.content_hash,
            "previous_hash": version.previous_hash,
            "reason": version.reason,
            "nominations": entries,
            # A list, not a mapping: PostgreSQL's jsonb does not keep the keys' order.
            "acknowledged": [{"kind": w.kind, "count": len(w.items)} for w in warnings],
        },
    )


def record_council_decision(
    campaign: Campaign,
    data: DecisionInput,
    *,
    minutes,
    actor: User,
    fingerprint: str | None = None,
    expected_version: int | None = None,
    acknowledged: Collection[str] = (),
) -> CouncilDecision:
    """Record the council's decision; an approval locks the proposed list as a new version.

    The list is composed from the ranking at this moment, in the same transaction
    that writes the version, so it is exactly the list on the secretary's screen
    unless someone changed it meanwhile: given the ``fingerprint`` of the list the
    secretary saw (``composition_fingerprint``), an approval of a list that has
    changed since is refused. Given ``expected_version``, the number of the latest
    locked version the secretary saw (0 for none), a decision taken on a page that
    a newer version has overtaken is refused: two approvals sent at once never make
    two versions. An approval must acknowledge, in ``acknowledged``, every kind of
    ``lock_warnings`` that applies now. Scores must be final: the review window has
    to have closed.
    """
    if not can_record_decision(actor):
        raise DomainError(_("只有主席办公会议秘书可以记录会议决定。"))
    _validate(data)
    clean = uploads.clean_upload(minutes, kind="pdf")
    with (
        uploads.stored(clean, folder=f"council/{campaign.pk}") as storage_name,
        transaction.atomic(),
    ):
        now = _check_decision_allowed(campaign, data, expected_version=expected_version)
        decision = CouncilDecision.objects.create(
            campaign=campaign,
            meeting_date=data.meeting_date,
            minutes_ref=data.minutes_ref.strip(),
            attendance=data.attendance.strip(),
            minutes_name=clean.original_name,
            minutes_storage_name=storage_name,
            minutes_sha256=clean.sha256,
            outcome=data.outcome,
            note=data.note.strip(),
            reason=data.reason.strip(),
            recorded_by=actor,
            recorded_at=now,
        )
        event = {
            "decision": decision.pk,
            "meeting_date": data.meeting_date.isoformat(),
            "minutes_ref": decision.minutes_ref,
            "minutes_sha256": clean.sha256,
            "outcome": decision.outcome,
        }
        if decision.outcome == CouncilDecision.Outcome.APPROVED:
            version, warnings = _lock_list(
                campaign,
                decision,
                reason=data.reason,
                fingerprint=fingerprint,
                acknowledged=frozenset(acknowledged),
                actor=actor,
            )
            _record_lock(campaign, version, event=event, warnings=warnings, actor=actor)
        else:
            record_event("review.council_returned", actor=actor, subject=decision, data=event)
    return decision
