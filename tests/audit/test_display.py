"""The history of a nomination as people read it: labels, labelled details, short hashes."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from longjiang.audit.display import describe
from longjiang.audit.models import AuditEvent
from longjiang.audit.selectors import events_for
from longjiang.audit.services import record_event, record_public_event
from nominations.models import Nomination
from nominations.services import (
    Verdict,
    record_manual_checks,
    return_for_correction,
    reveal_id_number,
    start_check,
    submit_nomination,
)

pytestmark = pytest.mark.django_db


def history(client, nomination) -> str:
    response = client.get(reverse("nominations:history", kwargs={"pk": nomination.pk}))
    assert response.status_code == 200
    return response.content.decode()


def details_of(row) -> dict[str, str]:
    return {detail.label: detail.text for detail in row.details}


def test_history_names_each_event_and_its_details(staff_client, make_nomination):
    nomination = make_nomination(status="returned")
    returned = events_for(nomination).get(code="check.returned")
    deadline = returned.data["deadline"]

    html = history(staff_client, nomination)

    assert "退回推荐单位修改" in html
    assert "状态由“初审中”变为“退回修改”。" in html
    assert "<dt>修改意见涉及</dt><dd>主要事迹</dd>" in html
    assert "check.returned" not in html
    assert "main_deeds" not in html
    # The deadline as people read dates, never the stored ISO text.
    assert deadline not in html
    assert re.search(r"<dt>修改期限</dt><dd>\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}</dd>", html)


def test_manual_checks_show_each_verdict_and_what_a_new_round_carried_over(
    staff_user, clerk, make_nomination
):
    nomination = make_nomination(status="in_check")
    record_manual_checks(
        nomination,
        actor=staff_user,
        verdicts={"frontline": Verdict(True), "criteria_met": Verdict(False, "仅一项成果")},
    )
    return_for_correction(
        nomination,
        actor=staff_user,
        comments={"main_deeds": "请补充。"},
        deadline=timezone.now() + timedelta(days=7),
    )
    submit_nomination(Nomination.objects.get(pk=nomination.pk), actor=clerk)
    start_check(nomination, actor=staff_user)

    confirmed, started = describe(
        events_for(nomination).filter(code__in=["check.confirmed", "check.started"])
    )[1:]

    assert details_of(confirmed) == {
        "初审轮次": "1",
        "核验结论": "核实在一线从事生产、技术、研发等工作：符合；"
        "事迹材料能够支撑所选的推荐条件：不符合（仅一项成果）",
    }
    assert details_of(started) == {
        "初审轮次": "2",
        "审核的提交版本": "2",
        "沿用上一轮结论": "核实在一线从事生产、技术、研发等工作、事迹材料能够支撑所选的推荐条件",
    }


def test_history_shortens_each_hash_and_offers_the_full_value_to_copy(
    staff_client, make_nomination
):
    nomination = make_nomination()
    event = events_for(nomination).order_by("id").first()

    html = history(staff_client, nomination)

    assert f">{event.hash[:12]}…</code>" in html
    assert f'data-copy="{event.hash}"' in html
    assert f">{event.hash}<" not in html
    assert 'src="/static/js/copy.js"' in html


def test_history_in_english_uses_the_english_labels(staff_client, make_nomination):
    nomination = make_nomination(status="submitted")
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = history(staff_client, nomination)

    assert "<strong>Nomination submitted</strong>" in html
    assert "Status changed from “Draft” to “Submitted”." in html
    assert "提交推荐" not in html


def test_details_show_only_the_fields_the_registry_declares(staff_user, make_nomination):
    nomination = make_nomination(complete=False)
    with transaction.atomic():
        record_event(
            "nomination.created",
            actor=staff_user,
            subject=nomination,
            data={"name": "李秀英", "rank": 2, "mobile": "13800138000", "secret": "x"},
        )

    row = describe(events_for(nomination).filter(data__mobile="13800138000"))[0]

    assert details_of(row) == {"姓名": "李秀英", "推荐排序": "2"}


def test_revealing_the_id_number_is_shown_without_the_number(
    staff_client, make_nomination, staff_user
):
    nomination = make_nomination()
    reveal_id_number(nomination, actor=staff_user)

    html = history(staff_client, nomination)

    assert "查看完整公民身份号码" in html
    assert nomination.id_number not in html


def test_an_event_without_an_actor_is_by_the_system_or_the_public(rf, make_nomination):
    nomination = make_nomination(complete=False)
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    with transaction.atomic():
        record_event("nomination.submitted", actor=None, subject=nomination)
        record_public_event("nomination.submitted", request=request, subject=nomination)

    rows = describe(events_for(nomination).filter(code="nomination.submitted"))

    assert [row.actor for row in rows] == ["系统", "公众（匿名）"]


def test_a_code_without_an_entry_shows_as_itself(make_nomination, staff_user):
    nomination = make_nomination(complete=False)
    with transaction.atomic():
        record_event("test.unlisted", actor=staff_user, subject=nomination, data={"a": 1})

    row = describe(AuditEvent.objects.filter(code="test.unlisted"))[0]

    assert (row.label, row.details) == ("test.unlisted", [])


def test_a_subject_and_a_referenced_nomination_are_named_with_links(staff_user, make_nomination):
    nomination = make_nomination(complete=False, name="欧阳明辉")
    with transaction.atomic():
        record_event(
            "review.sheet_submitted",
            actor=staff_user,
            subject=nomination.campaign,
            data={"nomination": nomination.pk, "total": "85.5"},
        )

    row = describe(AuditEvent.objects.filter(code="review.sheet_submitted"), with_subject=True)[0]

    link = reverse("nominations:history", kwargs={"pk": nomination.pk})
    assert (row.subject.label, row.subject.text) == ("年度活动", "2021年度")
    assert [(d.label, d.text, d.url) for d in row.details] == [
        ("推荐人选", f"欧阳明辉（编号 {nomination.pk}）", link),
        ("合计", "85.5", ""),
    ]


def test_lists_in_details_use_the_language_separator(staff_user, make_nomination):
    nomination = make_nomination(complete=False)
    with transaction.atomic():
        event = record_event(
            "check.returned",
            actor=staff_user,
            subject=nomination,
            data={"round": 1, "comments": ["main_deeds", "photo"]},
        )

    with translation.override("zh-hans"):
        chinese = details_of(describe([event])[0])["修改意见涉及"]
    with translation.override("en"):
        english = [d.text for d in describe([event])[0].details][-1]

    assert chinese == "主要事迹、照片"
    assert english == "Main achievements, Photo"


def test_changed_settings_are_named_in_the_models_field_order(staff_user, campaign):
    # PostgreSQL's jsonb gives a mapping's keys back in its own order.
    with transaction.atomic():
        event = record_event(
            "review.rules_changed",
            actor=staff_user,
            subject=campaign,
            data={
                "changes": {
                    "max_per_expert": {"before": 40, "after": 30},
                    "conflict_same_unit": {"before": True, "after": False},
                }
            },
        )
    event = AuditEvent.objects.get(pk=event.pk)

    with translation.override("zh-hans"):
        text = details_of(describe([event])[0])["修改"]

    assert text == ("同一推荐单位的专家也需回避由“是”改为“否”；每位专家最多评审人数由“40”改为“30”")
