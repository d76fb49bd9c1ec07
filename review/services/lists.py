"""The council's decision on the proposed list, and the locked list version it creates."""

from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, replace
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
from review.freeze import list_frozen
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


@dataclass(frozen=True)
class Line:
    """One line of a list version as written: who, and what the list shows of them."""

    nomination_id: int
    name: str
    unit_code: str
    unit_name: str
    employer_name: str
    rank: int | None
    score: str
    moved_reason: str = ""

    @classmethod
    def of(cls, entry: ListEntry) -> "Line":
        """The line of an entry of an earlier version, to carry into a new one."""
        return cls(
            nomination_id=entry.nomination_id,
            name=entry.name,
            unit_code=entry.unit_code,
            unit_name=entry.unit_name,
            employer_name=entry.employer_name,
            rank=entry.rank,
            score=entry.score,
            moved_reason=entry.moved_reason,
        )


@dataclass(frozen=True)
class Composition:
    """An explicit list for a new version: its parts in order, the reason, audit details."""

    listed: Sequence[Line]
    reserve: Sequence[Line]
    reason: str
    # Added to the ``review.list_locked`` event's data (e.g. the objection cases).
    event: dict | None = None


def _validate(data: DecisionInput) -> None:
    if not data.minutes_ref.strip():
        raise DomainError(_("请填写会议纪要文号。"))
    if not data.attendance.strip():
        raise DomainError(_("请填写出席人员。"))
    if data.outcome not in CouncilDecision.Outcome.values:
        raise DomainError(_("请选择审议结果。"))
    if data.meeting_date > timezone.localdate():
        raise DomainError(_("会议日期不能晚于今天。"))


def _line(result: Result, ranking: Ranking) -> Line:
    nomination = ranking.nomination(result)
    move = ranking.moves.get(result.nomination_id)
    return Line(
        nomination_id=nomination.pk,
        name=nomination.name,
        unit_code=nomination.unit.code,
        unit_name=nomination.unit.name,
        employer_name=nomination.employer_name,
        rank=result.rank,
        score="" if result.score is None else str(result.score),
        moved_reason=move.reason if move is not None else "",
    )


def _entries(version: ListVersion, listed: Sequence[Line], reserve: Sequence[Line]):
    return [
        ListEntry(version=version, part=part, position=position, **asdict(line))
        for part, lines in ((ListEntry.Part.LISTED, listed), (ListEntry.Part.RESERVE, reserve))
        for position, line in enumerate(lines, 1)
    ]


def _write_version(
    campaign: Campaign,
    decision: CouncilDecision,
    *,
    listed: Sequence[Line],
    reserve: Sequence[Line],
    reason: str,
    actor: User,
) -> ListVersion:
    """Write the next version with its entries and hash; lock every nomination it holds."""
    previous = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    version = ListVersion(
        campaign=campaign,
        number=previous.number + 1 if previous else 1,
        decision=decision,
        reason=reason.strip(),
        approved_at=decision.recorded_at,
        previous_hash=previous.content_hash if previous else "",
    )
    entries = _entries(version, listed, reserve)
    version.content_hash = listhash.content_hash(version, decision, entries, year=campaign.year)
    version.save()
    ListEntry.objects.bulk_create(entries)
    # Stored data, not UI text: the campaign and the version, e.g. "2021-v1".
    reference = f"{campaign.year}-v{version.number}"
    lock_for_list([e.nomination_id for e in entries], reference=reference, actor=actor)
    return version


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
    version = _write_version(
        campaign,
        decision,
        listed=[_line(r, ranking) for r in listed],
        reserve=[_line(r, ranking) for r in ranking.composition.reserve],
        reason=reason,
        actor=actor,
    )
    return version, warnings


def _lock_campaign(campaign: Campaign, *, expected_version: int | None) -> ListVersion | None:
    """Lock the campaign row; refuse if the latest version is not the one the page showed.

    Two decisions sent at once queue on the campaign row, so the second sees the
    first one's version. Returns the latest version.
    """
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    latest = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    if expected_version is not None:
        latest_number = latest.number if latest is not None else 0
        if latest_number != expected_version:
            raise StaleVersion(latest_number)
    return latest


def _check_decision_allowed(
    campaign: Campaign, data: DecisionInput, *, expected_version: int | None
) -> datetime:
    """Lock what the list depends on; refuse a stale page or an open window; return the time.

    The campaign row first, as the list moves take it, then the settings row, as the
    scoring services take it: nothing changes the list meanwhile. Two decisions sent
    at once queue on the campaign row, so the second sees the first one's version.
    """
    _lock_campaign(campaign, expected_version=expected_version)
    frozen = list_frozen(campaign)
    if frozen:
        # A later stage (publicity) fixed the list: neither an approval from the
        # ranking nor a return of the proposal means anything any more.
        raise DomainError(frozen)
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


def _create_decision(
    campaign: Campaign,
    data: DecisionInput,
    *,
    clean: uploads.CleanFile,
    storage_name: str,
    now: datetime,
    actor: User,
) -> tuple[CouncilDecision, dict]:
    """Write the decision row; return it with the audit data every decision event carries."""
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
    return decision, event


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
    to have closed. Once a later stage has fixed the list (``review.freeze``, e.g.
    a notice published), every decision here is refused with that stage's message.
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
        decision, event = _create_decision(
            campaign, data, clean=clean, storage_name=storage_name, now=now, actor=actor
        )
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


def record_list_revision(
    campaign: Campaign,
    data: DecisionInput,
    *,
    minutes,
    compose: Callable[[ListVersion], Composition],
    expected_version: int,
    actor: User,
    after: Callable[[ListVersion], None] | None = None,
) -> ListVersion:
    """Record the council's approval of a list it composed itself, as the next version.

    For a change to a locked list that does not come from the ranking, such as
    removing a person after an upheld objection and taking a substitute from the
    reserve. In one transaction, after locking the campaign row and refusing a
    page that a newer version has overtaken (``expected_version``, the number of
    the latest version the secretary saw): ``compose`` receives the latest
    version and returns the new list and its reason (it may refuse with a
    ``DomainError``); the decision is written with that reason, the version with
    the same hashing and chain as any other, every nomination it holds is locked,
    ``after`` runs with the new version (the caller's own writes, in the same
    transaction), and ``review.list_locked`` is recorded. ``data.outcome`` is
    taken as an approval; ``data.reason`` is ignored for the composition's.
    Only the council secretary records it.
    """
    if not can_record_decision(actor):
        raise DomainError(_("只有主席办公会议秘书可以记录会议决定。"))
    _validate(replace(data, outcome=CouncilDecision.Outcome.APPROVED))
    clean = uploads.clean_upload(minutes, kind="pdf")
    with (
        uploads.stored(clean, folder=f"council/{campaign.pk}") as storage_name,
        transaction.atomic(),
    ):
        previous = _lock_campaign(campaign, expected_version=expected_version)
        if previous is None:
            raise DomainError(_("尚无锁定的名单，不能形成新的名单版本。"))
        composition = compose(previous)
        reason = composition.reason.strip()
        if not reason:
            raise DomainError(_("已有锁定的名单，形成新版本须填写变更理由。"))
        if not composition.listed:
            raise DomainError(_("建议名单为空，不能审定。"))
        approved = replace(data, outcome=CouncilDecision.Outcome.APPROVED, reason=reason)
        decision, event = _create_decision(
            campaign,
            approved,
            clean=clean,
            storage_name=storage_name,
            now=timezone.now(),
            actor=actor,
        )
        version = _write_version(
            campaign,
            decision,
            listed=composition.listed,
            reserve=composition.reserve,
            reason=reason,
            actor=actor,
        )
        if after is not None:
            after(version)
        _record_lock(
            campaign,
            version,
            event={**event, **(composition.event or {})},
            warnings=[],
            actor=actor,
        )
    return version
