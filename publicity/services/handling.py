"""Handling an objection once received: 核查 by the unit, its report, the outcome, the reply.

Every status change goes through ``longjiang.workflow.transition`` with the
``OBJECTION`` table, audited in the same transaction; mail is queued on commit.
No audit event and no mail to a unit carries who complained.

Deciding 查实，取消资格 records the outcome only: taking the person off the
locked list is the council's new version (the upheld path), never this module.
"""

from datetime import date, datetime, timedelta
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang import uploads
from longjiang.accounts.models import User
from longjiang.accounts.roles import handles_objections, is_clerk
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from longjiang.workflow import transition
from publicity import tasks, workdays
from publicity.models import (
    Acceptance,
    ComplainantKind,
    Objection,
    Outcome,
    PublicitySettings,
)
from publicity.workflow import OBJECTION, ObjectionAction, ObjectionStatus

# The unit's related row, locked with the case.
_RELATED = ("nomination",)


class NotHandler(DomainError):
    default_message = _("只有负责异议处理的工作人员可以办理异议。")


def _require_handler(actor: User) -> None:
    if not handles_objections(actor):
        raise NotHandler(_("只有负责异议处理的工作人员可以办理异议。"))


def verification_days(campaign) -> int:
    """The working days a unit has for its 核查报告 (the campaign's setting, default 3)."""
    settings, _created = PublicitySettings.objects.get_or_create(campaign=campaign)
    return settings.verification_working_days


def verification_due(campaign, today: date) -> date:
    """Return the N-th working day after ``today``; the report is due by that day's end.

    Raises ``DomainError`` with the calendar's message where a day lies in a year
    without working-day data.
    """
    try:
        _first, last = workdays.period(today + timedelta(days=1), verification_days(campaign))
    except workdays.CalendarNotCovered as exc:
        raise DomainError(str(exc)) from exc
    return last


def send_for_verification(
    objection: Objection,
    *,
    actor: User,
    note: str = "",
    forwarded_facts: str | None = None,
    today: date | None = None,
) -> Objection:
    """Send an accepted case to the nominee's recommending unit for 核查, with a due date.

    ``forwarded_facts`` is what the unit's clerk will read of the case: the facts as
    the handler edited them to remove anything that identifies the complainant
    (``None`` forwards the facts unchanged; blank is refused). The audit event says
    whether they were edited, never the text. The due date is the N-th working day
    after today (``PublicitySettings``); the unit's clerks are mailed on commit,
    without the complainant's identity.
    """
    _require_handler(actor)
    now = timezone.now()
    today = today or timezone.localdate(now)
    due = verification_due(objection.campaign, today)
    note = note.strip()
    forwarded: dict[str, str] = {}

    def guard(locked: Objection) -> None:
        if locked.acceptance != Acceptance.ACCEPTED:
            raise DomainError(_("不予受理的异议不能转推荐单位核查。"))
        text = locked.facts if forwarded_facts is None else forwarded_facts
        text = text.strip()
        if not text:
            raise DomainError(_("请填写转推荐单位核查的问题。"))
        forwarded["text"] = text

    def prepare(locked: Objection) -> list[str]:
        locked.verification_due = due
        locked.sent_at = now
        locked.verification_note = note
        locked.forwarded_facts = forwarded["text"]
        data["facts_edited"] = forwarded["text"] != locked.facts.strip()
        return ["verification_due", "sent_at", "verification_note", "forwarded_facts"]

    data = {"nomination": objection.nomination_id, "due": due.isoformat(), "note": note}
    locked = transition(
        objection,
        ObjectionAction.SEND_FOR_VERIFICATION,
        table=OBJECTION,
        actor=actor,
        related=_RELATED,
        data=data,
        guard=guard,
        prepare=prepare,
        on_commit=[partial(tasks.send_verification_request.delay, objection_id=objection.pk)],
    )
    return locked


def submit_report(objection: Objection, *, actor: User, report_file: UploadedFile) -> Objection:
    """Store the unit's 核查报告 (PDF, private, with its SHA-256) while the case is verifying.

    Only a clerk of the nominee's recommending unit may submit; handlers are mailed
    on commit.
    """
    if not (is_clerk(actor) and actor.unit_id == objection.nomination.unit_id):
        raise DomainError(_("只有被反映人所在推荐单位的填报员可以报送核查报告。"))
    if objection.status != ObjectionStatus.VERIFYING:
        # Refuse before the file is checked and stored.
        raise OBJECTION.refusal(ObjectionAction.SUBMIT_REPORT, objection.status)
    clean = uploads.clean_upload(report_file, kind="pdf")
    now = timezone.now()
    with uploads.stored(clean, folder=f"objections/{objection.campaign_id}") as storage_name:

        def prepare(locked: Objection) -> list[str]:
            locked.report_name = clean.original_name
            locked.report_storage_name = storage_name
            locked.report_sha256 = clean.sha256
            locked.report_submitted_at = now
            locked.report_submitted_by = actor
            return [
                "report_name",
                "report_storage_name",
                "report_sha256",
                "report_submitted_at",
                "report_submitted_by",
            ]

        return transition(
            objection,
            ObjectionAction.SUBMIT_REPORT,
            table=OBJECTION,
            actor=actor,
            related=_RELATED,
            data={
                "nomination": objection.nomination_id,
                "name": clean.original_name,
                "sha256": clean.sha256,
            },
            prepare=prepare,
            on_commit=[partial(tasks.send_report_notice.delay, objection_id=objection.pk)],
        )


def decide(
    objection: Objection,
    *,
    actor: User,
    outcome: str,
    note: str = "",
    reply_text: str = "",
    today: date | None = None,
) -> Objection:
    """Record the outcome of a case and the reply to a real-name complainant.

    From ``reported``; from ``verifying`` only once the unit's due date has passed,
    with a note saying so. A real-name complainant gets a reply (its letter is the
    ``publicity.reply_letter`` document); with an email address, it is mailed on
    commit. The list is not changed here.
    """
    _require_handler(actor)
    if outcome not in Outcome.values:
        raise DomainError(_("请选择办理结果。"))
    now = timezone.now()
    today = today or timezone.localdate(now)
    note, reply_text = note.strip(), reply_text.strip()
    facts = {}

    def guard(locked: Objection) -> None:
        missed = locked.status == ObjectionStatus.VERIFYING
        if missed:
            if locked.verification_due is None or locked.verification_due >= today:
                raise DomainError(
                    _("推荐单位的核查报告报送期限尚未届满，须待其报送核查报告后办结。")
                )
            if not note:
                raise DomainError(_("推荐单位逾期未报送核查报告，请在办理意见中说明后再办结。"))
        real_name = (
            locked.complainant_kind != ComplainantKind.ANONYMOUS
            and locked.complainant_name.strip() != ""
        )
        if real_name and not reply_text:
            raise DomainError(_("实名反映的异议须填写对反映人的答复内容。"))
        facts["missed"] = missed
        facts["email"] = real_name and bool(locked.complainant_email.strip())
        facts["replied"] = real_name

    def prepare(locked: Objection) -> list[str]:
        locked.outcome = outcome
        locked.outcome_note = note
        locked.decided_at = now
        locked.decided_by = actor
        locked.reply_text = reply_text if facts["replied"] else ""
        locked.replied_at = now if facts["replied"] else None
        data.update(missed_deadline=facts["missed"], replied=facts["replied"])
        if facts["email"]:
            effects.append(partial(tasks.send_reply.delay, objection_id=objection.pk))
        return ["outcome", "outcome_note", "decided_at", "decided_by", "reply_text", "replied_at"]

    data = {"nomination": objection.nomination_id, "outcome": outcome, "note": note}
    effects: list = []
    return transition(
        objection,
        ObjectionAction.DECIDE,
        table=OBJECTION,
        actor=actor,
        related=_RELATED,
        data=data,
        guard=guard,
        prepare=prepare,
        on_commit=effects,
    )


def decline(objection: Objection, *, actor: User, reason: str, acceptance: str = "") -> Objection:
    """Close a registered case as 不予受理, with the reason (kept as the case's note).

    ``acceptance`` may say why in the code list's words (非实名, 逾期 or 其他); without
    it, a case received as accepted becomes 其他 (a declined case is never counted
    as accepted), and one already marked 非实名 or 逾期 keeps its mark.
    """
    _require_handler(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请填写不予受理的理由。"))
    if acceptance and acceptance not in (
        Acceptance.NOT_REAL_NAME,
        Acceptance.LATE,
        Acceptance.OTHER,
    ):
        raise DomainError(_("不予受理的情形只能是非实名、逾期或其他原因。"))
    now = timezone.now()
    data = {"nomination": objection.nomination_id, "reason": reason}

    def prepare(locked: Objection) -> list[str]:
        if acceptance:
            locked.acceptance = acceptance
        elif locked.acceptance == Acceptance.ACCEPTED:
            locked.acceptance = Acceptance.OTHER
        data["acceptance"] = locked.acceptance
        locked.outcome_note = reason
        locked.decided_at = now
        locked.decided_by = actor
        return ["acceptance", "outcome_note", "decided_at", "decided_by"]

    return transition(
        objection,
        ObjectionAction.DECLINE,
        table=OBJECTION,
        actor=actor,
        related=_RELATED,
        data=data,
        prepare=prepare,
    )


# --- Reminders ----------------------------------------------------------------------


def remind_units(*, now: datetime | None = None) -> int:
    """Remind each unit whose report is due by the next working day, or overdue.

    Reminders go on working days only (publicity.workdays), once a day per case: on
    a Friday, a case due on Monday is reminded; on a weekend or a holiday, nothing.
    Where the calendar does not cover the dates, the next calendar day stands in for
    the next working day (a reminder too many rather than one missed).
    Each case is locked while its reminder is recorded, so two runs on one day (the
    beat twice, say) remind a unit of a case once. Returns the number of reminders.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    try:
        if not workdays.is_working_day(today):
            return 0
        _first, next_working_day = workdays.period(today + timedelta(days=1), 1)
    except workdays.CalendarNotCovered:
        next_working_day = today + timedelta(days=1)
    due_cases = list(
        Objection.objects.filter(
            status=ObjectionStatus.VERIFYING,
            verification_due__isnull=False,
            verification_due__lte=next_working_day,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    objection_type = ContentType.objects.get_for_model(Objection)
    sent = 0
    for pk in due_cases:
        with transaction.atomic():
            case = (
                Objection.objects.select_for_update()
                .only("pk", "status", "verification_due", "nomination")
                .get(pk=pk)
            )
            if case.status != ObjectionStatus.VERIFYING:
                continue
            already = AuditEvent.objects.filter(
                code="publicity.objection_reminded",
                subject_type=objection_type,
                subject_id=pk,
                data__date=today.isoformat(),
            ).exists()
            if already:
                continue
            overdue = case.verification_due < today
            record_event(
                "publicity.objection_reminded",
                actor=None,
                subject=case,
                unit=case.nomination.unit,
                data={
                    "nomination": case.nomination_id,
                    "date": today.isoformat(),
                    "due": case.verification_due.isoformat(),
                    "overdue": overdue,
                },
            )
            transaction.on_commit(
                partial(tasks.send_verification_reminder.delay, objection_id=pk), robust=True
            )
        sent += 1
    return sent
