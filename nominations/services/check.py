"""The provincial first check (初审): start, confirm, decide; and deadline reminders."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Unit, User
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError, IllegalTransition
from nominations import attachment1, notifications, tasks
from nominations.checklist import MANUAL_KEYS
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
            "time": timezone.localtime(last.decided_at).strftime("%Y-%m-%d %H:%M:%S"),
            "status": current.get_status_display(),
        }
    )


def _open_round(locked: Nomination) -> CheckRound:
    current = locked.checks.select_for_update().filter(outcome="").first()
    if current is None:
        raise IllegalTransition(_("该推荐当前没有进行中的初审。"))
    return current


def start_check(nomination: Nomination, *, actor: User) -> Nomination:
    """Open a check round on the submitted revision; the unit can no longer withdraw it."""
    data: dict = {}

    def prepare(locked: Nomination) -> list[str]:
        revision = locked.revisions.order_by("-number").first()
        number = locked.checks.count() + 1
        CheckRound.objects.create(
            nomination=locked,
            number=number,
            revision=revision,
            started_by=actor,
            started_at=timezone.now(),
        )
        data.update(round=number, revision=revision.number)
        return []

    return transition(nomination, Action.START_CHECK, actor=actor, data=data, prepare=prepare)


def confirm_check_item(
    nomination: Nomination, *, actor: User, key: str, passed: bool, note: str = ""
) -> CheckConfirmation:
    """Record a manual check of the open round, with staff's note."""
    if key not in MANUAL_KEYS:
        raise ValueError(f"Unknown manual check: {key}")
    with transaction.atomic():
        locked = lock(nomination)
        if locked.status != Status.IN_CHECK:
            raise IllegalTransition(_("只有初审中的推荐才能核验。"))
        current = _open_round(locked)
        confirmation, _created = CheckConfirmation.objects.update_or_create(
            round=current,
            key=key,
            defaults={"passed": passed, "note": note, "confirmed_by": actor},
        )
        record_event(
            "check.confirmed",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={"round": current.number, "key": key, "passed": passed, "note": note},
        )
    return confirmation


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
    nomination: Nomination, *, actor: User, note: str = "", expected_version: int | None = None
) -> Nomination:
    """Find the nomination eligible for expert review."""
    return _decide(
        nomination,
        Action.MARK_ELIGIBLE,
        CheckRound.Outcome.ELIGIBLE,
        actor=actor,
        reason=note,
        expected_version=expected_version,
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
