"""Reminders to units that still have unsubmitted drafts, 7 and 2 days before their deadline.

The ``campaign`` fixture closes intake at 17:00 thirty days from today; each test
passes ``now`` to place itself a given number of days before a unit's deadline.
"""

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from longjiang.accounts.models import User
from longjiang.audit.models import AuditEvent
from nominations.models import Campaign
from nominations.services import grant_deadline_extension, remind_units_with_drafts, save_campaign
from nominations.tasks import send_deadline_reminders
from nominations.workflow import Status

HARBIN = "哈尔滨市总工会"
QIQIHAR = "齐齐哈尔市总工会"
HARBIN_MAIL = ["clerk_harbin@example.org"]
QIQIHAR_MAIL = ["clerk_qiqihar@example.org"]

# Reminders are mailed when their audit event commits, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def days_before(deadline: datetime, days: int, at: time = time(8, 30)) -> datetime:
    """Return ``at`` o'clock, local time, ``days`` calendar days before the deadline's day."""
    day = timezone.localdate(deadline) - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, at))


def chinese_datetime(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def subject(days: int) -> str:
    return f"【2021年“龙江工匠”选树】距电子材料报送截止还有{days}天"


def body(unit: str, deadline: datetime, drafts: list[str]) -> str:
    names = "".join(f"- {name}\n" for name in drafts)
    return (
        f"{unit}：\n\n"
        f"电子材料报送将于{chinese_datetime(deadline)}截止。贵单位尚有以下推荐人选未提交：\n"
        f"{names}\n"
        "请及时补充完整并提交；截止后将不能再提交。\n\n"
        "本邮件由系统自动发送，请勿回复。\n"
    )


def mail_summary(outbox) -> list[tuple[str, list[str]]]:
    return [(m.subject, m.to) for m in outbox]


def reminder_events() -> list[tuple[str, dict]]:
    events = AuditEvent.objects.filter(code="campaign.reminder_sent").order_by("id")
    return [(e.unit.code, e.data) for e in events.select_related("unit")]


@pytest.fixture
def drafts(make_nomination, clerk, other_clerk, unit_harbin, unit_qiqihar, mailoutbox):
    """Harbin: two drafts (one unnamed) and a submitted one; Qiqihar: one draft and a
    cancelled one. Units without nominations get nothing. The submission's receipt is
    cleared from the outbox, which then holds only reminders."""
    make_nomination(name="张建国")
    make_nomination(status=Status.SUBMITTED, name="王铁成")
    make_nomination(complete=False, name="")
    make_nomination(unit=unit_qiqihar, complete=False, name="李秀英")
    make_nomination(unit=unit_qiqihar, status=Status.CANCELLED, complete=False, name="赵作废")
    mailoutbox.clear()


@pytest.mark.parametrize("days", [7, 2])
def test_remind_units_with_drafts_mails_each_unit_with_drafts_on_the_day(
    drafts, campaign, mailoutbox, days
):
    deadline = campaign.electronic_deadline

    sent = remind_units_with_drafts(now=days_before(deadline, days))

    assert sent == 2
    assert mail_summary(mailoutbox) == [
        (subject(days), HARBIN_MAIL),
        (subject(days), QIQIHAR_MAIL),
    ]
    assert mailoutbox[0].body == body(HARBIN, deadline, ["张建国", "（未填写姓名）"])
    assert mailoutbox[1].body == body(QIQIHAR, deadline, ["李秀英"])
    assert reminder_events() == [
        ("230100", {"campaign": 2021, "days": days, "drafts": 2}),
        ("230200", {"campaign": 2021, "days": days, "drafts": 1}),
    ]


@pytest.mark.parametrize("days", [30, 8, 6, 3, 1, 0])
def test_remind_units_with_drafts_on_other_days_sends_nothing(drafts, campaign, mailoutbox, days):
    sent = remind_units_with_drafts(now=days_before(campaign.electronic_deadline, days))

    assert sent == 0
    assert mailoutbox == []
    assert reminder_events() == []


def test_remind_units_with_drafts_after_the_deadline_sends_nothing(drafts, campaign, mailoutbox):
    sent = remind_units_with_drafts(now=campaign.electronic_deadline + timedelta(days=5))

    assert sent == 0
    assert mailoutbox == []


def test_remind_units_with_drafts_twice_on_one_day_mails_once(drafts, campaign, mailoutbox):
    deadline = campaign.electronic_deadline
    remind_units_with_drafts(now=days_before(deadline, 7, time(8, 30)))

    again = remind_units_with_drafts(now=days_before(deadline, 7, time(15, 0)))

    assert again == 0
    assert mail_summary(mailoutbox) == [(subject(7), HARBIN_MAIL), (subject(7), QIQIHAR_MAIL)]
    assert [data["days"] for _code, data in reminder_events()] == [7, 7]


def test_remind_units_with_drafts_two_days_before_after_the_seven_day_reminder(
    drafts, campaign, mailoutbox
):
    deadline = campaign.electronic_deadline
    remind_units_with_drafts(now=days_before(deadline, 7))

    sent = remind_units_with_drafts(now=days_before(deadline, 2))

    assert sent == 2
    assert [m.subject for m in mailoutbox] == [subject(7)] * 2 + [subject(2)] * 2
    assert [(code, data["days"]) for code, data in reminder_events()] == [
        ("230100", 7),
        ("230200", 7),
        ("230100", 2),
        ("230200", 2),
    ]


def test_remind_units_with_drafts_leaves_out_a_unit_once_its_drafts_are_submitted(
    make_nomination, clerk, campaign, mailoutbox
):
    make_nomination(status=Status.SUBMITTED, name="王铁成")
    mailoutbox.clear()  # The submission's receipt.

    sent = remind_units_with_drafts(now=days_before(campaign.electronic_deadline, 7))

    assert sent == 0
    assert mailoutbox == []


def test_remind_units_with_drafts_uses_the_units_extended_deadline(
    drafts, campaign, staff_user, unit_harbin, mailoutbox
):
    extended = campaign.electronic_deadline + timedelta(days=4)
    grant_deadline_extension(
        campaign, unit=unit_harbin, until=extended, reason="受疫情影响。", actor=staff_user
    )

    on_campaign_day = remind_units_with_drafts(now=days_before(campaign.electronic_deadline, 7))
    on_extended_day = remind_units_with_drafts(now=days_before(extended, 7))

    assert (on_campaign_day, on_extended_day) == (1, 1)
    assert mail_summary(mailoutbox) == [(subject(7), QIQIHAR_MAIL), (subject(7), HARBIN_MAIL)]
    assert mailoutbox[1].body == body(HARBIN, extended, ["张建国", "（未填写姓名）"])
    assert chinese_datetime(extended) in mailoutbox[1].body


def test_remind_units_with_drafts_without_a_campaign_sends_nothing(db, mailoutbox):
    assert not Campaign.objects.exists()

    assert remind_units_with_drafts(now=timezone.now()) == 0
    assert mailoutbox == []


def test_send_deadline_reminders_task_reminds_units_seven_days_before_today(
    drafts, campaign, staff_user, mailoutbox
):
    # The task takes no arguments and uses the real clock: put the deadline a week away.
    deadline = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=7), time(17, 0))
    )
    campaign.electronic_deadline = deadline
    campaign.paper_deadline = deadline + timedelta(days=5)
    save_campaign(campaign, actor=staff_user, changed=["electronic_deadline", "paper_deadline"])

    result = send_deadline_reminders.delay()

    assert result.get() == 2
    assert mail_summary(mailoutbox) == [(subject(7), HARBIN_MAIL), (subject(7), QIQIHAR_MAIL)]
    assert mailoutbox[1].body == body(QIQIHAR, deadline, ["李秀英"])


def test_send_deadline_reminders_runs_every_morning_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["nominations.send_deadline_reminders"]

    assert entry["task"] == "nominations.send_deadline_reminders"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({8}, {30})


def test_remind_units_with_drafts_skips_a_unit_nobody_can_receive(
    make_nomination, clerk, campaign, mailoutbox
):
    make_nomination(name="张建国")
    User.objects.filter(pk=clerk.pk).update(email="")
    mailoutbox.clear()

    sent = remind_units_with_drafts(now=days_before(campaign.electronic_deadline, 7))

    assert sent == 0
    assert mailoutbox == []
    assert not AuditEvent.objects.filter(code="campaign.reminder_sent").exists()
