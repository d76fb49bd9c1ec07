"""The check stage: the provincial first check played over the intake's nominations.

The staff account starts, confirms and decides through the first check's
services; then intake closes so that paper copies can arrive late, the paper
copies are logged and some units upload their activity reports.
"""

import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from longjiang.accounts.models import User
from longjiang.demo import DemoRun
from nominations import attachment1
from nominations.checklist import MANUAL_CHECKS
from nominations.demo.files import demo_pdf, demo_photo
from nominations.demo.seeding import Seeding, seeding_of
from nominations.models import Attachment, Nomination
from nominations.services import (
    Verdict,
    add_attachment,
    disqualify_nomination,
    mark_eligible,
    record_manual_checks,
    record_paper_receipt,
    reject_nomination,
    return_for_correction,
    save_campaign,
    save_draft,
    start_check,
    submit_nomination,
    upload_unit_report,
)
from nominations.validators import count_characters
from nominations.workflow import RECEIVED_STATES, Status

# What the first check does with the submitted nominations of this run, in turn. The
# first one is Harbin's, so the demo clerk clerk_230100 finds a returned nomination.
LEAVE_SUBMITTED = "not started"
RESUBMITTED = "resubmitted"
CHECK_PLAN = (
    Status.RETURNED,
    RESUBMITTED,
    Status.IN_CHECK,
    Status.ELIGIBLE,
    LEAVE_SUBMITTED,
    Status.REJECTED,
    Status.ELIGIBLE,
    Status.DISQUALIFIED,
    Status.IN_CHECK,
)
# The paper copies of the nominations that reached the province, in turn.
ON_TIME, LATE, INCOMPLETE, MISSING = "on_time", "late", "incomplete", "missing"
PAPER_PLAN = (ON_TIME, ON_TIME, LATE, ON_TIME, MISSING, INCOMPLETE, ON_TIME, LATE, MISSING)
# Days before today on which the check stage puts the paper deadline (00:00, as the
# notice does); the electronic deadline keeps the notice's five days before it.
PAPER_DEADLINE_DAYS_AGO = 3
NOTICE_PAPER_GAP = timedelta(days=5)

RETURN_COMMENTS = {
    "main_deeds": "请补充近三年的主要业绩，并注明技术革新成果的经济效益数据来源。",
    "photo": "照片不符合要求，请更换为近期正面免冠彩色证件照。",
    "honours": "荣誉证书扫描件不清晰，请重新上传。",
}
RESUBMISSION_COMMENTS = {
    "main_deeds": "请补充近三年的主要业绩数据。",
    "photo": "请更换为近期正面免冠彩色证件照。",
}
CORRECTED_DEEDS = "近三年，该同志牵头完成技术攻关项目三项，年均为企业节约成本五十余万元。"


def _correction_deadline(today: date) -> datetime:
    """Return 17:00 a week from today, the form's default correction deadline."""
    return timezone.make_aware(datetime.combine(today + timedelta(days=7), time(17, 0)))


def confirm_manual_checks(nomination: Nomination, *, actor: User, count: int) -> None:
    """Record the first ``count`` manual checks as met, with a note, in one save."""
    verdict = Verdict(passed=True, note="已与推荐单位电话核实。")
    record_manual_checks(
        nomination, actor=actor, verdicts={check.key: verdict for check in MANUAL_CHECKS[:count]}
    )


def _resubmit_corrected(seeding: Seeding, nomination: Nomination) -> Nomination:
    """Let the unit's clerk act on the return: extend the deeds, replace the photo, resubmit."""
    clerk = seeding.clerk_of(nomination)
    current = Nomination.objects.get(pk=nomination.pk)
    # The new paragraph goes before the closing one, or replaces it if the deeds
    # would otherwise exceed the form's limit.
    paragraphs = current.main_deeds.split("\n\n")
    deeds = "\n\n".join([*paragraphs[:-1], CORRECTED_DEEDS, paragraphs[-1]])
    if count_characters(deeds) > attachment1.DEEDS_LIMITS["main_deeds"]:
        deeds = "\n\n".join([*paragraphs[:-1], CORRECTED_DEEDS])
    save_draft(current, actor=clerk, expected_version=current.version, fields={"main_deeds": deeds})
    add_attachment(
        current,
        actor=clerk,
        kind=Attachment.Kind.PHOTO,
        upload=SimpleUploadedFile(
            "新证件照.png", demo_photo(seeding.rng), content_type="image/png"
        ),
    )
    return submit_nomination(current, actor=clerk)


def check_nomination(seeding: Seeding, nomination: Nomination, plan: str) -> Nomination:
    """Take one submitted nomination through the first check to the planned state."""
    staff = seeding.staff
    if plan == LEAVE_SUBMITTED:
        return nomination
    start_check(nomination, actor=staff)
    if plan == Status.IN_CHECK:
        confirm_manual_checks(nomination, actor=staff, count=2)
        return Nomination.objects.get(pk=nomination.pk)
    if plan in (Status.ELIGIBLE, Status.DISQUALIFIED):
        confirm_manual_checks(nomination, actor=staff, count=len(MANUAL_CHECKS))
        nomination = mark_eligible(nomination, actor=staff, note="材料齐全，符合推荐条件。")
    if plan == Status.DISQUALIFIED:
        return disqualify_nomination(
            nomination,
            actor=staff,
            reason="经举报核实，所报荣誉证书系伪造，依据通知四（三）取消推荐资格。",
        )
    if plan == Status.REJECTED:
        record_manual_checks(
            nomination,
            actor=staff,
            verdicts={
                "frontline": Verdict(
                    passed=False,
                    note="经向所在单位核实，该同志现任公司副总经理，已不在一线岗位。",
                )
            },
        )
        return reject_nomination(
            nomination, actor=staff, reason="经核实，该同志已不在生产一线岗位，不符合推荐条件。"
        )
    if plan in (Status.RETURNED, RESUBMITTED):
        confirm_manual_checks(nomination, actor=staff, count=1)
        nomination = return_for_correction(
            nomination,
            actor=staff,
            comments=RETURN_COMMENTS if plan == Status.RETURNED else RESUBMISSION_COMMENTS,
            deadline=_correction_deadline(seeding.today),
            note="请按修改意见补充完善后重新提交。",
        )
    if plan == RESUBMITTED:
        return _resubmit_corrected(seeding, nomination)
    return nomination


def close_intake(seeding: Seeding) -> None:
    """Put both deadlines in the past, so paper copies can arrive late, and say so."""
    campaign = seeding.campaign
    paper_day = seeding.today - timedelta(days=PAPER_DEADLINE_DAYS_AGO)
    campaign.paper_deadline = timezone.make_aware(datetime.combine(paper_day, time(0, 0)))
    campaign.electronic_deadline = campaign.paper_deadline - NOTICE_PAPER_GAP
    save_campaign(campaign, actor=seeding.staff, changed=["electronic_deadline", "paper_deadline"])
    electronic = timezone.localtime(campaign.electronic_deadline)
    seeding.lines.append(
        "The check stage closes intake: electronic deadline "
        f"{electronic:%Y-%m-%d %H:%M}, paper deadline {paper_day:%Y-%m-%d} "
        "(a copy received that day is on time). Returned nominations keep their own "
        "correction deadline; new nominations can no longer be submitted."
    )


def log_paper_copies(seeding: Seeding) -> None:
    """Log the stamped paper copies of the nominations that reached the province."""
    staff = seeding.staff
    deadline_day = seeding.today - timedelta(days=PAPER_DEADLINE_DAYS_AGO)
    received = list(
        Nomination.objects.filter(
            pk__in=[n.pk for n in seeding.created], status__in=RECEIVED_STATES
        ).order_by("pk")
    )
    logged = Counter()
    for index, (nomination, plan) in enumerate(zip(received, itertools.cycle(PAPER_PLAN))):
        if plan == MISSING:
            continue
        if plan == LATE:
            # Between the day after the deadline and today.
            received_on = seeding.today - timedelta(days=index % PAPER_DEADLINE_DAYS_AGO)
        else:
            received_on = deadline_day - timedelta(days=index % 4)
        record_paper_receipt(
            nomination,
            actor=staff,
            received_on=received_on,
            copies=2 if plan == INCOMPLETE else 3,
            stamped=True,
            note="缺1份，已电话通知推荐单位补寄。" if plan == INCOMPLETE else "",
        )
        logged[plan] += 1
    seeding.lines.append(
        f"Paper copies: {sum(logged.values())} logged ({logged[LATE]} late, "
        f"{logged[INCOMPLETE]} incomplete), {len(received) - sum(logged.values())} missing."
    )


def upload_unit_reports(seeding: Seeding) -> None:
    """Upload the activity report of every other unit with nominations at the province."""
    counts = Counter(
        Nomination.objects.filter(
            campaign=seeding.campaign, status__in=RECEIVED_STATES
        ).values_list("unit_id", flat=True)
    )
    units = [unit for unit in seeding.units if counts[unit.pk]]
    reporting = units[::2]
    for unit in reporting:
        summary = (
            f"{unit.name}在全市（系统）范围内组织开展“龙江工匠”推荐选树活动，经基层推荐、"
            f"评审和公示，确定推荐人选{counts[unit.pk]}名。"
        )
        pdf = demo_pdf(f"Demo report on the local nomination activities of unit {unit.code}")
        upload_unit_report(
            seeding.campaign,
            unit=unit,
            actor=seeding.users[f"clerk_{unit.code}"],
            summary=summary,
            upload=SimpleUploadedFile(
                f"{unit.code}推荐选树活动情况.pdf", pdf, content_type="application/pdf"
            ),
        )
    seeding.lines.append(
        f"Unit reports: {len(reporting)} of the {len(units)} units with nominations reported."
    )


def seed_check(run: DemoRun) -> None:
    """Play the provincial first check over this run's submitted nominations.

    The staff account starts, confirms and decides (returned with comments, a
    returned one corrected and resubmitted, eligible, rejected, disqualified,
    some left in check or untouched); then intake is closed, with the paper
    deadline three days back, so that the paper copies logged afterwards include
    some received late; and every other unit uploads its activity report.
    """
    seeding = seeding_of(run)
    submitted = [n for n in seeding.created if n.status == Status.SUBMITTED]
    outcomes = Counter()
    for nomination, plan in zip(submitted, itertools.cycle(CHECK_PLAN)):
        check_nomination(seeding, nomination, plan)
        outcomes[plan] += 1
    seeding.lines.append(
        f"First check: {sum(outcomes.values())} submitted nominations taken by the staff account ("
        + ", ".join(f"{plan} {outcomes[plan]}" for plan in dict.fromkeys(CHECK_PLAN))
        + ")."
    )
    close_intake(seeding)
    log_paper_copies(seeding)
    upload_unit_reports(seeding)
