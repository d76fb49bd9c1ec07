"""Reminders to experts with unfinished score sheets before the review window closes.

The window opened two days before 09:00 today and closes three days after it;
each test passes ``now`` to place itself in it. Mail is sent when the reminder's
audit event commits, so the tests run the on-commit callbacks.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.celery import app as celery_app
from longjiang.exceptions import DomainError
from review import services, tasks
from review.models import ReviewSettings
from review.services.assignments import assign_experts
from review.services.reminders import remind_experts, remind_experts_before_close
from review.services.rules import update_ranking_settings
from tests.review.conftest import events

pytestmark = pytest.mark.django_db

FULL = {
    "skill": Decimal("25"),
    "innovation": Decimal("25"),
    "leadership": Decimal("15"),
    "awards": Decimal("10"),
    "overall": Decimal("4"),
}
WANG_MAIL = "wang@example.org"
LI_MAIL = "li@example.org"


def nine_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(9, 0)))


def chinese_datetime(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def set_email(expert, address: str) -> None:
    get_user_model().objects.filter(pk=expert.user_id).update(email=address)
    expert.user.refresh_from_db()


@pytest.fixture
def base() -> datetime:
    return nine_today()


@pytest.fixture
def review(campaign, staff_user, base, signed_expert, make_expert, panel, make_nomination):
    """王振华 (signed, one of three sheets submitted) and 李春雷 (not signed), both with
    mail; 陈无邮 without mail. Three candidates in their panel."""
    services.ensure_default_rubric(campaign, actor=staff_user)
    services.set_review_window(
        campaign,
        opens_at=base - timedelta(days=2),
        closes_at=base + timedelta(days=3),
        actor=staff_user,
    )
    li = make_expert(name="李春雷")
    nomail = make_expert(name="陈无邮")
    for e in (li, nomail):
        services.add_panel_member(panel, expert=e, actor=staff_user)
    set_email(signed_expert, WANG_MAIL)
    set_email(li, LI_MAIL)
    candidates = [
        make_nomination(status="eligible", name=n) for n in ("欧阳明辉", "司马青云", "诸葛亮")
    ]
    services.place_eligible_nominations(campaign, actor=staff_user)
    sheet = services.save_sheet(
        signed_expert.user,
        nomination=candidates[0],
        scores=FULL,
        comment="",
        recommend=True,
        expected_version=0,
        actor=signed_expert.user,
    )
    services.submit_sheet(sheet, expected_version=1, actor=signed_expert.user)
    return {"wang": signed_expert, "li": li, "nomail": nomail, "candidates": candidates}


def subject(n: int) -> str:
    return f"【2021年“龙江工匠”选树】专家评审即将截止，您还有{n}份评分表未提交"


def body(name: str, n: int, closes: datetime, *, signed: bool, url: str = "/review/") -> str:
    pledge = "" if signed else "您尚未签署回避承诺，请先登录签署，之后即可查看评审人选。\n"
    return (
        f"{name}专家：\n\n"
        f"本年度专家评审将于{chinese_datetime(closes)}截止，您还有{n}份评分表尚未提交。\n"
        f"{pledge}"
        "请登录龙江工匠选树门户，在评审工作台完成评分并提交：\n"
        f"{url}\n\n"
        "截止后评分不能再修改。如已全部提交，请忽略本邮件。\n\n"
        "本邮件由系统自动发送，请勿回复。\n"
    )


def by_recipient(outbox) -> dict[str, tuple[str, str]]:
    return {m.to[0]: (m.subject, m.body) for m in outbox if len(m.to) == 1}


def reminded() -> list[tuple[int, dict]]:
    rows = AuditEvent.objects.filter(code="review.expert_reminded").order_by("subject_id")
    return [(e.subject_id, e.data) for e in rows]


# --- The button ---------------------------------------------------------------------------


def test_remind_button_mails_each_expert_with_unfinished_sheets(
    review, staff_client, staff_user, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    closes = ReviewSettings.objects.get(campaign=campaign).review_closes_at

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("review:remind"), follow=True)

    assert response.redirect_chain == [(reverse("review:window"), 302)]
    assert "将向2位尚有评分表未提交的专家发送催办邮件。" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == [LI_MAIL, WANG_MAIL]
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert by_recipient(mailoutbox) == {
        WANG_MAIL: (subject(2), body("王振华", 2, closes, signed=True)),
        LI_MAIL: (subject(3), body("李春雷", 3, closes, signed=False)),
    }
    today = timezone.localdate().isoformat()
    assert reminded() == sorted(
        [
            (
                review["wang"].pk,
                {"campaign": 2021, "date": today, "unfinished": 2, "automatic": False},
            ),
            (
                review["li"].pk,
                {"campaign": 2021, "date": today, "unfinished": 3, "automatic": False},
            ),
        ]
    )
    assert {e.actor_id for e in events("review.expert_reminded")} == {staff_user.pk}


def test_reminder_carries_no_personal_numbers_or_candidate_names(
    review, staff_user, campaign, base, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        remind_experts(campaign, actor=staff_user, now=base)

    text = "".join(m.subject + m.body for m in mailoutbox)
    for nomination in review["candidates"]:
        nomination.refresh_from_db()
        for secret in (nomination.id_number, nomination.mobile, nomination.office_phone):
            assert secret
            assert secret not in text
        assert nomination.name not in text


def test_reminder_links_to_the_workbench_on_the_public_address(
    review, staff_user, campaign, base, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.LONGJIANG_SITE_URL = "https://gj.example.org/"
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        remind_experts(campaign, actor=staff_user, now=base)

    assert "\nhttps://gj.example.org/review/\n" in by_recipient(mailoutbox)[WANG_MAIL][1]


def test_remind_twice_the_same_day_sends_nothing_more(
    review, staff_client, staff_user, campaign, base, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = remind_experts(campaign, actor=staff_user, now=base)
        again = remind_experts(campaign, actor=staff_user, now=base + timedelta(hours=5))

    assert (first, again) == (2, 0)
    assert len(mailoutbox) == 2
    assert len(events("review.expert_reminded")) == 2

    with django_capture_on_commit_callbacks(execute=True):
        next_day = remind_experts(campaign, actor=staff_user, now=base + timedelta(days=1))

    assert next_day == 2
    assert len(mailoutbox) == 4


def test_remind_button_when_everyone_was_reminded_says_so(
    review, staff_client, staff_user, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        remind_experts(campaign, actor=staff_user)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("review:remind"), follow=True)

    assert "没有需要催办的专家：评分表均已提交，或今天已发送过催办邮件，或专家未登记邮箱。" in (
        response.content.decode()
    )
    assert mailoutbox == []


def test_remind_skips_experts_who_finished_or_have_no_mail(
    review, staff_user, campaign, base, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    get_user_model().objects.filter(pk=review["li"].user_id).update(email="")

    with django_capture_on_commit_callbacks(execute=True):
        sent = remind_experts(campaign, actor=staff_user, now=base)

    assert sent == 1
    assert [m.to for m in mailoutbox] == [[WANG_MAIL]]
    assert [pk for pk, _data in reminded()] == [review["wang"].pk]


def test_remind_counts_only_assigned_candidates_in_k_mode(
    review, staff_user, campaign, base, mailoutbox, django_capture_on_commit_callbacks
):
    update_ranking_settings(campaign, actor=staff_user, experts_per_candidate=1)
    # Switch the mode behind the freeze: the first sheet was saved in whole-panel mode.
    ReviewSettings.objects.filter(campaign=campaign).update(assignment_mode="k")
    assign_experts(campaign, actor=staff_user)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        remind_experts(campaign, actor=staff_user, now=base)

    # 王振华 keeps the submitted sheet's candidate (finished); the other two went to
    # 李春雷 and 陈无邮 (least loaded, then smaller id), so only 李春雷 has mail to get.
    assert [m.to for m in mailoutbox] == [[LI_MAIL]]
    assert mailoutbox[0].subject == subject(1)


def test_remind_outside_the_window_is_refused(review, staff_user, campaign, base, mailoutbox):
    mailoutbox.clear()

    with pytest.raises(DomainError, match="评分时间未开始或已经截止"):
        remind_experts(campaign, actor=staff_user, now=base + timedelta(days=3))
    assert events("review.expert_reminded") == []
    assert mailoutbox == []


def test_remind_button_outside_the_window_shows_the_refusal(staff_client, campaign):
    response = staff_client.post(reverse("review:remind"), follow=True)

    assert "评分时间未开始或已经截止，不能发送催办邮件。" in response.content.decode()


# --- The daily run ------------------------------------------------------------------------


def test_daily_run_waits_until_two_days_before_the_close(
    review, campaign, base, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        early = remind_experts_before_close(now=base)
        due = remind_experts_before_close(now=base + timedelta(days=1, hours=1))

    assert (early, due) == (0, 2)
    assert sorted(m.to[0] for m in mailoutbox) == [LI_MAIL, WANG_MAIL]
    assert {(e.actor_id, e.data["automatic"]) for e in events("review.expert_reminded")} == {
        (None, True)
    }


def test_daily_task_reminds_once_a_day(
    review, campaign, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_closes_at=now + timedelta(days=1)
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.remind_experts.delay().get()
        second = tasks.remind_experts.delay().get()

    assert (first, second) == (2, 0)
    assert len(mailoutbox) == 2


def test_daily_task_is_on_the_beat_schedule_every_morning():
    entry = celery_app.conf.beat_schedule["review.remind_experts"]

    assert entry["task"] == "review.remind_experts"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({9}, {0})


def test_reminder_task_sends_nothing_once_everything_is_submitted(review, campaign, mailoutbox):
    mailoutbox.clear()
    services.declare_conflict(
        review["wang"],
        nomination=review["candidates"][1],
        kind="relative",
        note="",
        actor=review["wang"].user,
    )
    services.declare_conflict(
        review["wang"],
        nomination=review["candidates"][2],
        kind="relative",
        note="",
        actor=review["wang"].user,
    )

    sent = tasks.send_expert_reminder.delay(
        expert_id=review["wang"].pk, campaign_id=campaign.pk
    ).get()

    assert sent == 0
    assert mailoutbox == []
