"""The demo's publicity, played through the services on the demo clock.

The dates (the rule, documented in ``rewind``):

* ``--stage publicity``: the notice must be live when the seeding ends. Its start
  S is the most recent day S ≤ today such that the period computed from S by the
  calendar (``publicity.workdays``; its first day is S, or the next working day
  when S is a weekend or holiday) has already opened (00:00 of its first day) and
  its cut-off (the campaign's cut-off time, 17:00 by default, on the last working
  day) has not passed yet. On a working day before the cut-off that is today; on
  a Saturday, Sunday or holiday it is the last working day before; if the cut-off
  of a one-day period has passed, there is none, and the notice starts on the next
  working day (scheduled, not live: the stage says so). Because the services
  refuse to publish a notice whose start lies in the past, a start before today
  makes the whole run begin at 09:00 on S (``longjiang.demo.DemoClock``): the
  list is locked and the notice published that morning, the objections come in
  and are handled in the hours after, all with their true story times.
* ``--stage final``: the main period and the supplementary one must both be over.
  The run begins at 09:00 on D0, the most recent working day such that: the main
  notice runs from D0 for the campaign's N working days to E1; the council meets
  on D1, the first working day after E1, and the substitute's supplementary
  notice runs from D1 for N working days to E2; E2's cut-off lies in the past.
  The clock then travels forward through the story and back to the present, when
  staff record the publicity result.

A year without working-day data stops the stage with the calendar's own message
(staff must enter that year's calendar first); the demo never invents holidays.
"""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from longjiang.audit.services import record_event
from longjiang.demo import DemoRun
from nominations.demo.files import demo_pdf
from nominations.demo.seeding import Seeding, seeding_of
from nominations.models import Campaign
from publicity.models import (
    ComplainantKind,
    Notice,
    Objection,
    Outcome,
    PublicitySettings,
    Source,
)
from publicity.services import handling, notices, objections, results, revisions
from publicity.workdays import period
from review.models import CouncilDecision, ListEntry, ListVersion
from review.services.lists import DecisionInput

# How long before the story's start the seeding may begin, at most (in days).
LOOK_BACK = 60
MORNING = datetime.time(9, 0)
REVISION_MINUTES_REF = "黑工办纪〔2021〕15号"


def _cutoff_and_days() -> tuple[datetime.time, int]:
    """The demo campaign's cut-off and working days (the defaults before it exists)."""
    campaign = Campaign.objects.filter(is_running=True).first()
    days = campaign.publicity_working_days if campaign else 5
    settings = PublicitySettings.objects.filter(campaign=campaign).first() if campaign else None
    cutoff = (
        settings.cutoff_time
        if settings
        else PublicitySettings._meta.get_field("cutoff_time").default
    )
    return cutoff, days


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def live_start(now: datetime.datetime, days: int, cutoff: datetime.time) -> datetime.date | None:
    """The most recent start ≤ today whose period is open at ``now`` (see the module)."""
    today = timezone.localdate(now)
    for back in range(LOOK_BACK):
        start = today - datetime.timedelta(days=back)
        first, last = period(start, days)
        if first > today:
            continue
        if _at(first, datetime.time()) <= now < _at(last, cutoff):
            return first
        if _at(last, cutoff) <= now:
            # Earlier starts close earlier still.
            return None
    return None


@dataclass(frozen=True)
class Timeline:
    """The final stage's days: main D0–E1, council and supplementary D1–E2."""

    d0: datetime.date
    e1: datetime.date
    d1: datetime.date
    e2: datetime.date


def _timeline(d0: datetime.date, days: int) -> Timeline:
    first, e1 = period(d0, days)
    d1, _ = period(e1 + datetime.timedelta(days=1), 1)
    _, e2 = period(d1, days)
    return Timeline(first, e1, d1, e2)


def final_timeline(now: datetime.datetime, days: int, cutoff: datetime.time) -> Timeline:
    """The latest timeline whose supplementary notice closed before ``now``, and whose
    letters in the post (the default ``postal_grace_days`` after it) have arrived."""
    today = timezone.localdate(now)
    grace = PublicitySettings._meta.get_field("postal_grace_days").default
    for back in range(LOOK_BACK):
        d0 = today - datetime.timedelta(days=back)
        timeline = _timeline(d0, days)
        if timeline.d0 != d0 or _at(timeline.e2, cutoff) > now:
            continue
        if grace and period(timeline.e2 + datetime.timedelta(days=1), grace)[1] >= today:
            continue
        return timeline
    raise RuntimeError("no working days for the demo's publicity in the last 60 days")


def rewind(now: datetime.datetime, target: str) -> datetime.datetime | None:
    """Where the run must start for the publicity stages' story (see the module)."""
    if Notice.objects.exists():
        return None  # a later run continues what is there, in the present
    cutoff, days = _cutoff_and_days()
    if target != "publicity":
        # "final" and every stage after it start from the final stage's story.
        return _at(final_timeline(now, days, cutoff).d0, MORNING)
    start = live_start(now, days, cutoff)
    if start is None or start == timezone.localdate(now):
        return None
    return _at(start, MORNING)


# --- The publicity stage ----------------------------------------------------------------


def _grant_handler(seeding: Seeding) -> None:
    """The administrator gives ``staff`` the objection-handling flag, audited as in the admin."""
    staff = seeding.staff
    if staff.handles_objections:
        return
    with transaction.atomic():
        staff.handles_objections = True
        staff.save(update_fields=["handles_objections"])
        record_event(
            "account.objection_handler_changed",
            actor=seeding.users["admin"],
            subject=staff,
            data={"username": staff.username, "handles_objections": True},
        )


def _report(seeding: Seeding, case: Objection, title: str) -> Objection:
    clerk = seeding.clerk_of(case.nomination)
    pdf = SimpleUploadedFile(
        "核查报告.pdf", demo_pdf(f"Verification report {title} (demo)"), "application/pdf"
    )
    return handling.submit_report(case, actor=clerk, report_file=pdf)


def _public_request():
    return RequestFactory().post("/publicity/objections/new/", REMOTE_ADDR="203.0.113.7")


def seed_publicity(run: DemoRun) -> str:
    """Publish the notice over the locked list; receive and handle three objections."""
    seeding = seeding_of(run)
    campaign, staff = seeding.campaign, seeding.staff
    existing = Notice.objects.filter(campaign=campaign).first()
    if existing is not None:
        return f"Publicity: a notice already exists ({existing.title}); nothing added."
    _grant_handler(seeding)
    version = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    now = timezone.now()
    cutoff, days = _cutoff_and_days()
    start = live_start(now, days, cutoff)
    if start is None:
        # A one-day period whose cut-off has passed: the next working day (scheduled).
        start, _last = period(timezone.localdate(now) + datetime.timedelta(days=1), 1)
    notice = notices.prepare_notice(campaign, list_version=version, starts_on=start, actor=staff)
    notice = notices.publish_notice(notice, actor=staff, confirmed=True)

    listed = list(version.entries.filter(part=ListEntry.Part.LISTED).order_by("position"))
    phoned_against, not_true_against, online_against = (e.nomination for e in listed[:3])

    # Visited in person; sent to the unit, its report found it untrue, and the reply given.
    # (On a rewound run the hours of the morning pass between the steps; otherwise the
    # clock is the present and the steps follow each other at once.)
    day = timezone.localdate()
    _later(run, day, datetime.time(9, 40))
    closed, _code = objections.receive_objection(
        notice,
        nomination=not_true_against,
        source=Source.VISIT,
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="王建国",
        complainant_phone="13900000001",
        complainant_address="哈尔滨市南岗区红军街15号",
        facts="反映其获奖证书的取得时间与申报材料不符。",
        declared_truthful=True,
        actor=staff,
    )
    closed = handling.send_for_verification(closed, actor=staff, note="请核实获奖证书原件。")
    _later(run, day, datetime.time(11, 30))
    closed = _report(seeding, closed, closed.receipt_number)
    _later(run, day, datetime.time(14, 0))
    closed = handling.decide(
        closed,
        actor=staff,
        outcome=Outcome.NOT_TRUE,
        note="推荐单位核查报告附证书原件复印件，获奖时间与申报材料一致。",
        reply_text="经推荐单位核查，所反映情况不实，维持其人选资格。感谢您对评选工作的监督。",
    )

    # Phoned in; sent to the unit for 核查, its report not yet in.
    _later(run, day, datetime.time(14, 20))
    phoned, _code = objections.receive_objection(
        notice,
        nomination=phoned_against,
        source=Source.CALL,
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="李淑芬",
        complainant_phone="13900000002",
        complainant_address="齐齐哈尔市龙沙区卜奎大街8号",
        facts="反映其技术革新成果系他人完成，本人仅参与部分工作。",
        declared_truthful=True,
        actor=staff,
    )
    phoned = handling.send_for_verification(phoned, actor=staff, note="请核实成果完成人。")

    # Online through the public form, not yet touched.
    _later(run, day, datetime.time(15, 5))
    online, _code = objections.receive_objection(
        notice,
        nomination=online_against,
        source=Source.ONLINE,
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="赵志刚",
        complainant_phone="13900000003",
        complainant_address="哈尔滨市道里区中央大街66号",
        facts="反映其带徒人数与实际情况不符。",
        declared_truthful=True,
        request=_public_request(),
    )
    run.state["publicity"] = {"notice": notice, "phoned": phoned, "online": online}
    phase = notice.phase(timezone.now())
    return (
        f"Publicity: notice “{notice.title}” published {notice.starts_on}–{notice.ends_on}, "
        f"cut-off {timezone.localtime(notice.closes_at):%Y-%m-%d %H:%M} ({phase}); objections "
        f"{online.receipt_number} online (untouched), {phoned.receipt_number} phoned in "
        f"(sent for 核查, due {phoned.verification_due}), {closed.receipt_number} closed as "
        f"反映不实; staff handles objections."
    )


# --- The final stage --------------------------------------------------------------------


def seed_final(run: DemoRun) -> str:
    """Uphold one case, approve version 2 with a substitute, publicize it, record the result."""
    seeding = seeding_of(run)
    campaign, staff, clock = seeding.campaign, seeding.staff, run.clock
    if hasattr(campaign, "publicity_result"):
        return "Final: the publicity result is already recorded; nothing added."
    story = run.state.get("publicity")
    if story is None:
        return "Final: the demo's publicity was seeded in an earlier run; nothing added."
    notice, phoned, online = story["notice"], story["phoned"], story["online"]
    _cutoff, days = _cutoff_and_days()
    timeline = _timeline(notice.starts_on, days)

    # The unit reports on the phoned case; staff uphold it. The online case is
    # sent, reported on and found partly true.
    _step(clock, notice.starts_on, datetime.time(16, 0))
    phoned = _report(seeding, Objection.objects.get(pk=phoned.pk), phoned.receipt_number)
    phoned = handling.decide(
        phoned,
        actor=staff,
        outcome=Outcome.UPHELD,
        note="推荐单位核查报告确认该成果第一完成人为他人，申报材料不实。",
        reply_text="经推荐单位核查，所反映情况属实，已按程序报主席办公会议审定。",
    )
    online = handling.send_for_verification(
        Objection.objects.get(pk=online.pk), actor=staff, note="请核实带徒名册。"
    )
    online = _report(seeding, online, online.receipt_number)
    online = handling.decide(
        online,
        actor=staff,
        outcome=Outcome.PARTLY_TRUE,
        note="带徒名册中一人未签订师带徒协议，不影响其人选资格。",
        reply_text="经推荐单位核查，所反映情况部分属实，不影响其人选资格。感谢您的监督。",
    )

    # The council meets on the first working day after the main period.
    _step(clock, timeline.d1, MORNING)
    version = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    substitute = (
        version.entries.filter(part=ListEntry.Part.RESERVE).order_by("position").first().nomination
    )
    revised = revisions.approve_revision(
        campaign,
        DecisionInput(
            meeting_date=timeline.d1,
            minutes_ref=REVISION_MINUTES_REF,
            attendance="省总工会主席、副主席，党组成员；劳动和经济工作部列席。",
            outcome=CouncilDecision.Outcome.APPROVED,
            note="同意取消该人选资格，由后备人选递补，并进行补充公示。",
        ),
        minutes=SimpleUploadedFile(
            "minutes-v2.pdf", demo_pdf("Council minutes v2 (demo)"), "application/pdf"
        ),
        removed_cases=[phoned],
        substitutes=[substitute],
        expected_version=version.number,
        actor=seeding.users["council"],
    )
    _step(clock, timeline.d1, datetime.time(10, 0))
    supplementary = notices.prepare_notice(
        campaign,
        list_version=revised,
        starts_on=timeline.d1,
        kind=Notice.Kind.SUPPLEMENTARY,
        persons=[substitute],
        actor=staff,
    )
    supplementary = notices.publish_notice(supplementary, actor=staff, confirmed=True)

    clock.to_present()
    result = results.record_publicity_result(campaign, actor=staff, note="公示期满，异议均已办结。")
    return (
        f"Final: {phoned.receipt_number} upheld; version {revised.number} "
        f"({revised.content_hash}) approved on {timeline.d1} with substitute {substitute.name}; "
        f"supplementary notice {supplementary.starts_on}–{supplementary.ends_on} closed; "
        f"publicity result “{result.get_kind_display()}”, final list version "
        f"{result.final_version.number}."
    )


def _later(run: DemoRun, day: datetime.date, time: datetime.time) -> None:
    """Move a rewound clock on to the moment, if that lies between the clock and now."""
    moment = _at(day, time)
    if run.clock.now() < moment <= run.clock.real_now():
        run.clock.travel(moment)


def _step(clock, day: datetime.date, time: datetime.time) -> None:
    """Move the clock to the moment, unless the story is already past it."""
    moment = _at(day, time)
    if moment > clock.now():
        clock.travel(moment)
