"""The provincial first check (初审): start, confirm, decide; and deadline reminders."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from longjiang.accounts.models import Unit, User
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import record_event
from longjiang.dates import show_datetime
from longjiang.exceptions import DomainError, IllegalTransition
from nominations import attachment1, checklist, notifications, tasks
from nominations.diff import diff_snapshots
from nominations.models import CheckConfirmation, CheckRound, Nomination
from nominations.selectors import current_campaign, effective_deadline
from nominations.services.common import lock, transition
from nominations.workflow import Action, Status

# Days before the electronic deadline on which units with drafts are reminded.
REMINDER_DAYS = (7, 2)
DECIDED_STATES = frozenset({Status.ELIGIBLE, Status.RETURNED, Status.REJECTED, Status.DISQUALIFIED})


class AlreadyDecided(IllegalTransition):
    default_message = gettext_lazy("该推荐已由他人作出初审决定，您的操作未执行。")


def _already_decided(current: Nomination) -> AlreadyDecided:
    """Say who decided the nomination last, when, and what."""
    last = current.checks.exclude(outcome="").order_by("-number").first()
    if last is None:
        return AlreadyDecided()
    return AlreadyDecided(
        _("该推荐已由%(user)s于%(time)s作出初审决定（%(status)s），您的操作未执行。")
        % {
            "user": last.decided_by,
            "time": show_datetime(last.decided_at),
            "status": current.get_status_display(),
        }
    )


def _open_round(locked: Nomination) -> CheckRound:
    current = locked.checks.select_for_update().filter(outcome="").first()
    if current is None:
        raise IllegalTransition(_("该推荐当前没有进行中的初审。"))
    return current


@dataclass(frozen=True)
class Verdict:
    """Staff's verdict on one manual check: met, or not met with a note."""

    passed: bool
    note: str = ""


class ChecksIncomplete(DomainError):
    """Approval asked for while a manual check is unrecorded or unexplained."""

    default_message = gettext_lazy("人工核验尚未全部记录，不能通过初审。")


def _carry_over(locked: Nomination, current: CheckRound) -> dict[str, list[str]]:
    """Copy the previous round's verdicts whose covered fields did not change.

    Returns the keys carried and the keys reset, for the audit event.
    """
    previous = locked.checks.exclude(pk=current.pk).order_by("-number").first()
    if previous is None:
        return {}
    verdicts = list(previous.confirmations.all())
    if not verdicts:
        return {}
    changed = {
        change.key
        for change in diff_snapshots(previous.revision.snapshot, current.revision.snapshot)
    }
    affected = checklist.affected_checks(changed)
    carried, reset = [], []
    for verdict in verdicts:
        if verdict.key in affected:
            reset.append(verdict.key)
            continue
        CheckConfirmation.objects.create(
            round=current,
            key=verdict.key,
            passed=verdict.passed,
            note=verdict.note,
            confirmed_by=verdict.confirmed_by,
            carried_from=verdict.carried_from or previous.number,
        )
        carried.append(verdict.key)
    return {"carried": _in_order(carried), "reset": _in_order(reset)}


def _in_order(keys) -> list[str]:
    return [check.key for check in checklist.MANUAL_CHECKS if check.key in set(keys)]


def start_check(nomination: Nomination, *, actor: User) -> Nomination:
    """Open a check round on the submitted revision; the unit can no longer withdraw it.

    After a resubmission, each manual check keeps the previous round's verdict
    unless a field it covers changed (``checklist.MANUAL_CHECKS``).
    """
    data: dict = {}

    def prepare(locked: Nomination) -> list[str]:
        revision = locked.revisions.order_by("-number").first()
        number = locked.checks.count() + 1
        current = CheckRound.objects.create(
            nomination=locked,
            number=number,
            revision=revision,
            started_by=actor,
            started_at=timezone.now(),
        )
        data.update(round=number, revision=revision.number)
        data.update(_carry_over(locked, current))
        return []

    return transition(nomination, Action.START_CHECK, actor=actor, data=data, prepare=prepare)


def _save_verdicts(
    locked: Nomination, current: CheckRound, verdicts: Mapping[str, Verdict], *, actor: User
) -> list[str]:
    """Store the verdicts that differ from the round's; one audit event lists them."""
    unknown = set(verdicts) - checklist.MANUAL_KEYS
    if unknown:
        raise ValueError(f"Unknown manual checks: {sorted(unknown)}")
    existing = {c.key: c for c in current.confirmations.all()}
    changed = []
    for key in _in_order(verdicts):
        verdict = Verdict(verdicts[key].passed, verdicts[key].note.strip())
        before = existing.get(key)
        if before is not None and (before.passed, before.note) == (verdict.passed, verdict.note):
            continue
        CheckConfirmation.objects.update_or_create(
            round=current,
            key=key,
            defaults={
                "passed": verdict.passed,
                "note": verdict.note,
                "confirmed_by": actor,
                "carried_from": None,
            },
        )
        changed.append({"key": key, "passed": verdict.passed, "note": verdict.note})
    if changed:
        record_event(
            "check.confirmed",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={"round": current.number, "checks": changed},
        )
    return [item["key"] for item in changed]


def record_manual_checks(
    nomination: Nomination, *, actor: User, verdicts: Mapping[str, Verdict]
) -> list[str]:
    """Record staff's verdicts on manual checks of the open round, all in one go.

    Returns the keys whose verdict changed; a verdict posted again unchanged keeps
    who recorded it and when.
    """
    with transaction.atomic():
        locked = lock(nomination)
        if locked.status != Status.IN_CHECK:
            raise IllegalTransition(_("只有初审中的推荐才能核验。"))
        current = _open_round(locked)
        return _save_verdicts(locked, current, verdicts, actor=actor)


def unrecorded_checks(current: CheckRound) -> tuple[list[str], list[str]]:
    """Return the manual checks without a verdict, and those not met without a reason."""
    recorded = {c.key: c for c in current.confirmations.all()}
    missing = [c.key for c in checklist.MANUAL_CHECKS if c.key not in recorded]
    unexplained = [
        c.key
        for c in checklist.MANUAL_CHECKS
        if c.key in recorded and not recorded[c.key].passed and not recorded[c.key].note.strip()
    ]
    return missing, unexplained


def _labels(keys: list[str]) -> str:
    # Translators: the separator between the names of checks in a list.
    separator = pgettext("list separator", "、")
    return separator.join(
        _("“%(check)s”") % {"check": checklist.manual_check(key).label} for key in keys
    )


def _require_recorded(current: CheckRound) -> None:
    missing, unexplained = unrecorded_checks(current)
    problems = []
    if missing:
        problems.append(_("以下人工核验尚未记录结论：%(checks)s。") % {"checks": _labels(missing)})
    if unexplained:
        problems.append(
            _("以下人工核验结论为不符合，仍予通过须在说明中填写理由：%(checks)s。")
            % {"checks": _labels(unexplained)}
        )
    if problems:
        raise ChecksIncomplete(_("不能通过初审。") + "".join(problems))


def _decide(
    nomination: Nomination,
    action: str,
    outcome: str,
    *,
    actor: User,
    reason: str = "",
    deadline: datetime | None = None,
    comments: dict[str, str] | None = None,
    expected_version: int | None = None,
    on_open_round: Callable[[Nomination, CheckRound], None] | None = None,
) -> Nomination:
    data: dict = {}
    decided: dict = {}

    def prepare(locked: Nomination) -> list[str]:
        # A decision taken on a page loaded before someone else's decision is refused,
        # even where the table would allow it (disqualifying what was just found eligible).
        if expected_version is not None and locked.version != expected_version:
            raise _already_decided(locked)
        if locked.status == Status.IN_CHECK:
            current = _open_round(locked)
            if on_open_round is not None:
                on_open_round(locked, current)
        else:
            # Disqualifying an eligible nomination opens and closes a round at once.
            current = CheckRound.objects.create(
                nomination=locked,
                number=locked.checks.count() + 1,
                revision=locked.revisions.order_by("-number").first(),
                started_by=actor,
                started_at=timezone.now(),
            )
        current.outcome = outcome
        current.reason = reason
        current.correction_deadline = deadline
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.save(
            update_fields=["outcome", "reason", "correction_deadline", "decided_by", "decided_at"]
        )
        for field, comment in (comments or {}).items():
            current.comments.create(field=field, comment=comment)
        data.update(round=current.number, reason=reason)
        if deadline is not None:
            data["deadline"] = deadline.isoformat()
        if comments:
            data["comments"] = sorted(comments)
        decided["round"] = current
        return []

    def send_decision() -> None:
        tasks.send_check_decision.delay(round_id=decided["round"].pk)

    try:
        result = transition(
            nomination, action, actor=actor, data=data, prepare=prepare, on_commit=[send_decision]
        )
    except AlreadyDecided:
        raise
    except IllegalTransition:
        current = Nomination.objects.get(pk=nomination.pk)
        if current.status in DECIDED_STATES:
            raise _already_decided(current) from None
        raise
    return result


def mark_eligible(
    nomination: Nomination,
    *,
    actor: User,
    note: str = "",
    verdicts: Mapping[str, Verdict] | None = None,
    expected_version: int | None = None,
) -> Nomination:
    """Find the nomination eligible for expert review.

    Every manual check must have a verdict in the open round, and one that is not
    met a note with the reason for approving anyway. ``verdicts`` sent with the
    approval are recorded first, in the same transaction: a refusal keeps none.
    """

    def require_recorded(locked: Nomination, current: CheckRound) -> None:
        if verdicts:
            _save_verdicts(locked, current, verdicts, actor=actor)
        _require_recorded(current)

    return _decide(
        nomination,
        Action.MARK_ELIGIBLE,
        CheckRound.Outcome.ELIGIBLE,
        actor=actor,
        reason=note,
        expected_version=expected_version,
        on_open_round=require_recorded,
    )


def return_for_correction(
    nomination: Nomination,
    *,
    actor: User,
    comments: dict[str, str],
    deadline: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> Nomination:
    """Send the nomination back to its unit with comments on the fields to correct."""
    comments = {field: text.strip() for field, text in comments.items() if text.strip()}
    if not comments:
        raise DomainError(_("退回修改须至少填写一条修改意见。"))
    unknown = set(comments) - set(attachment1.commentable_fields())
    if unknown:
        raise ValueError(f"Comments on unknown fields: {sorted(unknown)}")
    if deadline <= timezone.now():
        raise DomainError(_("修改期限须晚于当前时间。"))
    return _decide(
        nomination,
        Action.RETURN,
        CheckRound.Outcome.RETURNED,
        actor=actor,
        reason=note,
        deadline=deadline,
        comments=comments,
        expected_version=expected_version,
    )


def reject_nomination(
    nomination: Nomination, *, actor: User, reason: str, expected_version: int | None = None
) -> Nomination:
    """Find that the nomination does not meet the notice's conditions.

    Also closes a returned nomination whose unit did not correct it in time.
    """
    if not reason.strip():
        raise DomainError(_("不予通过须填写理由，推荐单位将看到该理由。"))
    return _decide(
        nomination,
        Action.REJECT,
        CheckRound.Outcome.REJECTED,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
    )


def disqualify_nomination(
    nomination: Nomination, *, actor: User, reason: str, expected_version: int | None = None
) -> Nomination:
    """Withdraw eligibility for falsification (notice 四（三）), with the reason."""
    if not reason.strip():
        raise DomainError(_("取消资格须填写理由。"))
    return _decide(
        nomination,
        Action.DISQUALIFY,
        CheckRound.Outcome.DISQUALIFIED,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
    )


def remind_units_with_drafts(*, now: datetime | None = None) -> int:
    """Mail units that still have drafts 7 and 2 days before their deadline, once each."""
    now = now or timezone.now()
    campaign = current_campaign()
    if campaign is None:
        return 0
    today = timezone.localdate(now)
    drafts_by_unit = dict(
        Nomination.objects.filter(campaign=campaign, status=Status.DRAFT)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    sent = 0
    for unit in Unit.objects.filter(pk__in=drafts_by_unit):
        deadline = effective_deadline(campaign, unit)
        days = (timezone.localdate(deadline) - today).days
        if days not in REMINDER_DAYS or deadline <= now:
            continue
        already = AuditEvent.objects.filter(
            code="campaign.reminder_sent",
            unit=unit,
            data__campaign=campaign.year,
            data__days=days,
        ).exists()
        if already or not notifications.unit_recipients(unit.pk):
            continue
        with transaction.atomic():
            record_event(
                "campaign.reminder_sent",
                actor=None,
                subject=campaign,
                unit=unit,
                data={
                    "campaign": campaign.year,
                    "days": days,
                    "drafts": drafts_by_unit[unit.pk],
                },
            )
            # One task per unit, retried on mail failures, so one unit's failing
            # mail server neither stops the others nor loses this reminder.
            transaction.on_commit(
                partial(
                    tasks.send_deadline_reminder.delay,
                    unit_id=unit.pk,
                    campaign_id=campaign.pk,
                    days=days,
                ),
                robust=True,
            )
        sent += 1
    return sent
