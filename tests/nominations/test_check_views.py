"""The first-check screens through the test client: the queue, the check page and its
forms, and what the unit's clerk sees of a decision.

Nominations are made and moved through the real services; each test then does what
a browser would do and checks the rows shown, the messages, the redirect and what
was stored.
"""

import html as html_lib
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from longjiang.accounts.models import Role
from longjiang.audit.models import AuditEvent
from longjiang.dates import show_date, show_datetime
from nominations import attachment1
from nominations.checklist import MANUAL_CHECKS
from nominations.models import (
    Attachment,
    Campaign,
    CheckConfirmation,
    CheckRound,
    FieldComment,
    Nomination,
)
from nominations.services import (
    Verdict,
    add_attachment,
    mark_eligible,
    record_manual_checks,
    record_paper_receipt,
    return_for_correction,
    save_draft,
    start_check,
    submit_nomination,
)
from nominations.workflow import Status
from tests.factories import UserFactory, all_checks_met, pdf_upload, png_upload
from tests.factories.nominations import BRIEF_DEEDS

QUEUE_URL = reverse("nominations:check_queue")
AUTOMATIC_KEYS = [
    "union_member",
    "in_service",
    "not_excluded",
    "criteria",
    "competition",
    "evidence",
    "deeds",
    "duplicates",
    "repeat",
    "credit_code",
    "age",
    "consent",
    "paper",
]
MANUAL_KEYS = [check.key for check in MANUAL_CHECKS]
ALL_DECISIONS = {"mark_eligible", "return", "reject", "disqualify"}
INVALID_DECISION = "请根据提示补充后再提交初审决定。"
NO_COMMENTS = "退回修改须至少填写一条修改意见。"
# Born in January 62 years before this year: 61 or 62, an automatic-check warning.
OLD_BIRTH_MONTH = date(timezone.localdate().year - 62, 1, 1)


# --- Helpers ------------------------------------------------------------------------


def check_url(nomination: Nomination) -> str:
    return reverse("nominations:check", kwargs={"pk": nomination.pk})


def start_url(nomination: Nomination) -> str:
    return reverse("nominations:check_start", kwargs={"pk": nomination.pk})


def manual_url(nomination: Nomination) -> str:
    return reverse("nominations:check_manual", kwargs={"pk": nomination.pk})


def all_met_data() -> dict[str, str]:
    """Return the manual checks' form as posted with every check met."""
    return {f"{key}-verdict": "met" for key in MANUAL_KEYS}


def decide_url(nomination: Nomination, action: str) -> str:
    return reverse("nominations:check_decide", kwargs={"pk": nomination.pk, "action": action})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text(fragment: str) -> str:
    """Return the text of an HTML fragment: tags removed, entities decoded, spaces joined."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def queue_names(client, **params) -> list[str]:
    response = client.get(QUEUE_URL, params)
    assert response.status_code == 200
    return [row.name for row in response.context["page"]]


def queue_rows(content: bytes) -> list[list[str]]:
    """Return the text of every cell of the queue table's body."""
    body = re.search(r"<tbody>(.*?)</tbody>", content.decode(), re.S).group(1)
    return [
        [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def data_keys(content: bytes, attribute: str) -> list[str]:
    return re.findall(rf'{attribute}="([\w-]+)"', content.decode())


def check_item(content: bytes, key: str) -> str:
    """Return the text of one automatic check's list item."""
    item = re.search(rf'data-check="{key}">(.*?)</li>', content.decode(), re.S).group(1)
    return text(item)


def decision_actions(content: bytes) -> set[str]:
    return set(re.findall(r"/check/decide/(\w+)/", content.decode()))


def diff_rows(content: bytes) -> list[tuple[str, str, str, str]]:
    """Return (field, label, before, after) of every row of the resubmission diff."""
    rows = re.findall(
        r'<tr data-diff-field="(\w+)"><th scope="row" class="fw-normal">(.*?)</th>'
        r'<td class="text-pre-wrap"><del>(.*?)</del></td>'
        r'<td class="text-pre-wrap"><ins>(.*?)</ins></td></tr>',
        content.decode(),
        re.S,
    )
    return [tuple(html_lib.unescape(cell) for cell in row) for row in rows]


def comments_for(content: bytes, name: str) -> list[str]:
    return [
        html_lib.unescape(c)
        for c in re.findall(rf'data-comment-for="{name}">(.*?)</div>', content.decode())
    ]


def field_block(content: bytes, name: str) -> str:
    """Return the form's column that holds the field ``name`` (its label, input, notes)."""
    html = content.decode()
    start = html.index(f'<div id="div_id_{name}"')
    end = html.find('<div id="div_id_', start + 1)
    return html[start:end]


def local_input(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def return_data(
    comments: list[tuple[str, str]], *, deadline: datetime, note: str = "", forms: int = 3
) -> dict:
    """Return the POST body of the return form with ``comments`` in the first rows."""
    data = {
        "return-deadline": local_input(deadline),
        "return-note": note,
        "comments-TOTAL_FORMS": str(max(forms, len(comments))),
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "40",
    }
    for i, (field, comment) in enumerate(comments):
        data[f"comments-{i}-field"] = field
        data[f"comments-{i}-comment"] = comment
    return data


def in_days(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def round_state(nomination: Nomination) -> list[tuple]:
    return list(
        CheckRound.objects.filter(nomination=nomination)
        .order_by("number")
        .values_list("number", "outcome", "reason", "correction_deadline", "decided_by")
    )


# --- The queue ----------------------------------------------------------------------


@pytest.fixture
def queue(make_nomination, clerk, other_clerk, staff_user, unit_harbin, unit_qiqihar):
    """Five nominations that reached the province, a Harbin draft and a cancelled one.

    Harbin:  丁志刚 submitted (C, skill, 高级技师, paper on time),
             王铁成 in check (D, craft+skill, 特级技师, aged over 60: one warning),
             孙草稿 draft, 郑国强 rejected (C, contribution, 技师).
    Qiqihar: 李秀英 eligible (C, leadership, 技师, employer 中国一重, 2 paper copies: one
             warning), 赵振华 returned (E, contribution+skill, 高级技师), 钱作废 cancelled.
    By 姓氏笔画 the surnames go 丁 (2 strokes) < 王 (4) < 李 (7) < 郑 (8) < 赵 (9).
    """
    today = timezone.localdate()
    made = {}
    made["丁"] = make_nomination(status=Status.SUBMITTED, name="丁志刚")
    made["王"] = make_nomination(
        status=Status.IN_CHECK,
        name="王铁成",
        employer_name="哈尔滨电机厂有限责任公司",
        industry="D",
        criteria=["craft", "skill"],
        skill_level=70,
        birth_month=OLD_BIRTH_MONTH,
    )
    make_nomination(complete=False, name="孙草稿")
    made["李"] = make_nomination(
        unit=unit_qiqihar,
        status=Status.ELIGIBLE,
        name="李秀英",
        sex="2",
        employer_name="中国一重集团有限公司",
        criteria=["leadership"],
        skill_level=50,
    )
    made["赵"] = make_nomination(
        unit=unit_qiqihar,
        status=Status.RETURNED,
        name="赵振华",
        employer_name="齐齐哈尔第二机床有限责任公司",
        industry="E",
        criteria=["contribution", "skill"],
    )
    make_nomination(unit=unit_qiqihar, status=Status.CANCELLED, complete=False, name="钱作废")
    made["郑"] = make_nomination(
        status=Status.REJECTED, name="郑国强", criteria=["contribution"], skill_level=50
    )
    record_paper_receipt(made["丁"], actor=staff_user, received_on=today, copies=3, stamped=True)
    record_paper_receipt(made["李"], actor=staff_user, received_on=today, copies=2, stamped=True)
    return made


def test_queue_lists_received_nominations_in_unit_and_rank_order(staff_client, queue):
    assert queue_names(staff_client) == ["丁志刚", "王铁成", "郑国强", "李秀英", "赵振华"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "230100"}, ["丁志刚", "王铁成", "郑国强"]),
        ({"unit": "230200"}, ["李秀英", "赵振华"]),
        ({"status": "in_check"}, ["王铁成"]),
        ({"status": "returned"}, ["赵振华"]),
        ({"status": "rejected"}, ["郑国强"]),
        ({"industry": "C"}, ["丁志刚", "郑国强", "李秀英"]),
        ({"industry": "E"}, ["赵振华"]),
        ({"criterion": "skill"}, ["丁志刚", "王铁成", "赵振华"]),
        ({"criterion": "craft"}, ["王铁成"]),
        ({"criterion": "contribution"}, ["郑国强", "赵振华"]),
        ({"criterion": "competition"}, []),
        ({"min_skill": "60"}, ["丁志刚", "王铁成", "赵振华"]),
        ({"min_skill": "70"}, ["王铁成"]),
        ({"min_skill": "50"}, ["丁志刚", "王铁成", "郑国强", "李秀英", "赵振华"]),
        ({"warnings": "on"}, ["王铁成", "李秀英"]),
        ({"paper": "received"}, ["丁志刚", "李秀英"]),
        ({"paper": "missing"}, ["王铁成", "郑国强", "赵振华"]),
        ({"q": "王铁"}, ["王铁成"]),
        ({"q": "一重"}, ["李秀英"]),
        ({"q": "有限责任公司"}, ["王铁成", "赵振华"]),
        ({"q": "  秀英 "}, ["李秀英"]),
        ({"unit": "230200", "criterion": "skill"}, ["赵振华"]),
        ({"industry": "C", "paper": "missing"}, ["郑国强"]),
    ],
)
def test_queue_filter_narrows_to_the_matching_rows(staff_client, queue, params, expected):
    assert queue_names(staff_client, **params) == expected


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("rank", ["丁志刚", "王铁成", "郑国强", "李秀英", "赵振华"]),
        ("submitted", ["丁志刚", "王铁成", "李秀英", "赵振华", "郑国强"]),
        ("-submitted", ["郑国强", "赵振华", "李秀英", "王铁成", "丁志刚"]),
        ("name", ["丁志刚", "王铁成", "李秀英", "郑国强", "赵振华"]),
        ("-warnings", ["王铁成", "李秀英", "丁志刚", "郑国强", "赵振华"]),
    ],
)
def test_queue_sorts_in_the_chosen_order(staff_client, queue, order, expected):
    assert queue_names(staff_client, order=order) == expected


def test_queue_sorted_by_name_follows_surname_strokes(staff_client, make_nomination):
    for name in ("诸葛明", "王小明", "欧阳春", "阿依古丽·买买提", "上官云", "司马南", "王一"):
        make_nomination(status=Status.SUBMITTED, name=name)

    names = queue_names(staff_client, order="name")

    # 上 3, 王 4 (then 一 1 before 小 3), 司 5, 阿 7, 欧 8, 诸 10 strokes.
    assert names == ["上官云", "王一", "王小明", "司马南", "阿依古丽·买买提", "欧阳春", "诸葛明"]


def test_queue_with_an_invalid_filter_shows_everything_in_rank_order(staff_client, queue):
    names = queue_names(staff_client, status="draft", order="salary", unit="999999")

    assert names == ["丁志刚", "王铁成", "郑国强", "李秀英", "赵振华"]


def test_queue_rows_show_status_warnings_returns_and_paper(staff_client, queue):
    today = timezone.localdate()

    response = staff_client.get(QUEUE_URL, {"unit": "230200"})

    rows = queue_rows(response.content)
    submitted = {key: show_datetime(queue[key].submitted_at) for key in ("李", "赵")}
    assert rows == [
        [
            "齐齐哈尔市总工会",
            "1",
            "李秀英",
            "中国一重集团有限公司",
            "技师（二级）",
            "初审通过",
            "1",
            "—",
            f"{show_date(today)} · 2份",
            submitted["李"],
            "审核",
        ],
        [
            "齐齐哈尔市总工会",
            "2",
            "赵振华",
            "齐齐哈尔第二机床有限责任公司",
            "高级技师（一级）",
            "退回修改",
            "—",
            "1",
            "未收到",
            submitted["赵"],
            "审核",
        ],
    ]
    assert f'href="{check_url(queue["李"])}"' in response.content.decode()


def test_queue_pages_by_50(make_nomination, clerk, staff_user, staff_client):
    for n in range(51):
        make_nomination(status=Status.SUBMITTED, name=f"候选{n:02d}")

    first = staff_client.get(QUEUE_URL, {"order": "submitted"})
    second = staff_client.get(QUEUE_URL, {"order": "submitted", "page": "2"})

    assert len(first.context["page"]) == 50
    assert [row.name for row in second.context["page"]] == ["候选50"]
    assert "第1/2页，共51人" in first.content.decode()
    # The next page keeps the filters.
    assert "?order=submitted&amp;page=2" in first.content.decode()


def test_queue_is_refused_to_clerks(clerk_client, queue):
    assert clerk_client.get(QUEUE_URL).status_code == 403


# --- The check page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "can_start", "actions"),
    [
        (Status.SUBMITTED, True, set()),
        (Status.IN_CHECK, False, ALL_DECISIONS),
        (Status.ELIGIBLE, False, {"disqualify"}),
        (Status.RETURNED, False, {"reject"}),
        (Status.REJECTED, False, set()),
        (Status.DISQUALIFIED, False, set()),
    ],
)
def test_check_page_offers_the_moves_of_the_status(
    staff_client, make_nomination, clerk, staff_user, status, can_start, actions
):
    nomination = make_nomination(status=status)

    response = staff_client.get(check_url(nomination))

    html = response.content.decode()
    assert response.status_code == 200
    assert ("开始初审</button>" in html) is can_start
    assert (f'action="{start_url(nomination)}"' in html) is can_start
    assert decision_actions(response.content) == actions
    assert ('id="decision"' in html) is bool(actions)
    # Manual checks are confirmed only while the check is open.
    in_check = status == Status.IN_CHECK
    assert (f'action="{manual_url(nomination)}"' in html) is in_check
    assert data_keys(response.content, "data-check") == AUTOMATIC_KEYS
    assert data_keys(response.content, "data-manual") == MANUAL_KEYS


def test_check_page_shows_each_automatic_check_with_its_result(staff_client, queue):
    response = staff_client.get(check_url(queue["王"]))

    assert check_item(response.content, "union_member") == "工会会员 2000年1月 符合"
    assert (
        check_item(response.content, "criteria") == "至少符合一项推荐条件 工艺专长、高超技能 符合"
    )
    assert check_item(response.content, "competition") == "竞赛奖励达到通知要求 未选择该条件 待定"
    assert check_item(response.content, "paper") == "纸质材料按时收到 尚未收到 待定"
    # Born in January 62 years ago, past a man's retirement age at the deadline (30 days
    # ahead); the age is 61, 62 or 63 there, by the day of the year the test runs.
    assert re.fullmatch(
        r"年龄 6[123]岁，已达法定退休年龄（男职工6\d岁(\d+个月)?，\d{4}年\d{1,2}月达到），"
        r"请核实是否仍在职 不符合",
        check_item(response.content, "age"),
    )


def manual_items(content: bytes) -> dict[str, str]:
    found = re.findall(r'data-manual="(\w+)">\s*<div[^>]*>(.*?)</div>', content.decode(), re.S)
    return {key: text(fragment) for key, fragment in found}


def test_check_page_shows_manual_verdicts_with_their_notes_and_preselects_only_those(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    record_manual_checks(
        nomination,
        actor=staff_user,
        verdicts={
            "frontline": Verdict(True, "车间核实"),
            "criteria_met": Verdict(False, "仅一项成果"),
        },
    )

    response = staff_client.get(check_url(nomination))

    html = response.content.decode()
    assert manual_items(response.content) == {
        "frontline": "核实在一线从事生产、技术、研发等工作 符合",
        "not_excluded": "核实不属于副厅（局）级及以上领导干部或组织部门管理的单位负责人 未核验",
        "evidence_authentic": "佐证材料清晰、真实，与所填获奖和荣誉一致 未核验",
        "criteria_met": "事迹材料能够支撑所选的推荐条件 不符合",
        "opinions_signed": "所在单位及推荐单位意见齐全，签字盖章完整 未核验",
    }
    assert 'value="车间核实"' in html
    # The saved verdicts are checked; nothing else is preselected.
    checked = re.findall(r'<input type="radio" name="([\w-]+)" value="(\w+)"[^>]*checked', html)
    assert checked == [("frontline-verdict", "met"), ("criteria_met-verdict", "not_met")]


def test_check_page_of_a_new_round_preselects_no_verdict(staff_client, make_nomination, clerk):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.get(check_url(nomination))

    html = response.content.decode()
    assert html.count('type="radio"') == 2 * len(MANUAL_KEYS)
    assert " checked" not in re.sub(r"<(?!input)[^>]*>", "", html)


def test_check_page_after_a_resubmission_says_which_verdicts_were_carried_over(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    record_manual_checks(nomination, actor=staff_user, verdicts=all_checks_met())
    return_for_correction(
        nomination,
        actor=staff_user,
        comments={"main_deeds": "请补充。"},
        deadline=timezone.now() + timedelta(days=7),
    )
    returned = Nomination.objects.get(pk=nomination.pk)
    save_draft(
        returned, actor=clerk, expected_version=returned.version, fields={"main_deeds": "新事迹。"}
    )
    submit_nomination(returned, actor=clerk)
    start_check(returned, actor=staff_user)

    response = staff_client.get(check_url(nomination))

    carried = re.findall(
        r'data-manual="(\w+)">(?:(?!data-manual).)*?data-carried>([^<]*)<',
        response.content.decode(),
        re.S,
    )
    assert carried == [
        (key, "沿用第1轮初审的结论（所涉项目未修改）")
        for key in ("frontline", "not_excluded", "evidence_authentic", "opinions_signed")
    ]
    assert manual_items(response.content)["criteria_met"] == "事迹材料能够支撑所选的推荐条件 未核验"


def test_check_page_is_refused_to_the_units_clerk(clerk_client, make_nomination, clerk):
    nomination = make_nomination(status=Status.SUBMITTED)

    assert clerk_client.get(check_url(nomination)).status_code == 403


# --- Starting and confirming --------------------------------------------------------


def test_check_start_post_starts_the_check(staff_client, make_nomination, clerk, staff_user):
    nomination = make_nomination(status=Status.SUBMITTED)

    response = staff_client.post(start_url(nomination))

    assert response.status_code == 302
    assert response["Location"] == check_url(nomination)
    assert messages_of(response) == ["已开始初审。推荐单位不能再撤回该推荐。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK
    check_round = CheckRound.objects.get(nomination=nomination)
    assert (check_round.number, check_round.revision.number, check_round.started_by) == (
        1,
        1,
        staff_user,
    )


def test_check_start_post_twice_shows_the_refusal(staff_client, make_nomination, clerk):
    nomination = make_nomination(status=Status.IN_CHECK)
    events_before = AuditEvent.objects.count()

    response = staff_client.post(start_url(nomination))

    assert response["Location"] == check_url(nomination)
    assert messages_of(response) == ["“初审中”状态下不能开始初审。"]
    assert CheckRound.objects.filter(nomination=nomination).count() == 1
    assert AuditEvent.objects.count() == events_before


def test_check_manual_post_saves_every_verdict_at_once(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    data = {
        "frontline-verdict": "not_met",
        "frontline-note": "实为主任",
        "not_excluded-verdict": "met",
        "evidence_authentic-note": "尚未收到原件",
    }

    response = staff_client.post(manual_url(nomination), data)

    assert response.status_code == 302
    assert response["Location"] == check_url(nomination) + "#manual"
    assert messages_of(response) == ["已保存2项核验结论。"]
    rows = CheckConfirmation.objects.order_by("key").values_list(
        "round__number", "key", "passed", "note", "confirmed_by"
    )
    assert list(rows) == [
        (1, "frontline", False, "实为主任", staff_user.pk),
        (1, "not_excluded", True, "", staff_user.pk),
    ]
    events = AuditEvent.objects.filter(code="check.confirmed")
    assert [e.data for e in events] == [
        {
            "round": 1,
            "checks": [
                {"key": "frontline", "passed": False, "note": "实为主任"},
                {"key": "not_excluded", "passed": True, "note": ""},
            ],
        }
    ]


def test_check_manual_post_without_any_verdict_keeps_the_notes_typed(
    staff_client, make_nomination, clerk
):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.post(manual_url(nomination), {"frontline-note": "待电话核实"})

    assert response.status_code == 422
    assert messages_of(response) == ["请至少为一项人工核验选择结论。"]
    assert 'value="待电话核实"' in response.content.decode()
    assert not CheckConfirmation.objects.exists()


def test_check_manual_post_with_an_unknown_verdict_shows_the_form_again(
    staff_client, make_nomination, clerk
):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.post(
        manual_url(nomination), {"frontline-verdict": "maybe", "frontline-note": "待核实"}
    )

    assert response.status_code == 422
    assert messages_of(response) == ["请根据提示修改后再保存核验结果。"]
    assert 'value="待核实"' in response.content.decode()
    assert not CheckConfirmation.objects.exists()


def test_check_manual_post_after_the_decision_shows_the_refusal(
    staff_client, make_nomination, clerk
):
    nomination = make_nomination(status=Status.ELIGIBLE)
    rows = list(CheckConfirmation.objects.values_list("pk", "passed", "note"))

    response = staff_client.post(manual_url(nomination), {"frontline-verdict": "not_met"})

    assert response["Location"] == check_url(nomination)
    assert messages_of(response) == ["只有初审中的推荐才能核验。"]
    assert list(CheckConfirmation.objects.values_list("pk", "passed", "note")) == rows


# --- Deciding -----------------------------------------------------------------------


def test_check_decide_eligible_post_decides_and_returns_to_the_queue(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.post(
        decide_url(nomination, "mark_eligible"), {"eligible-note": "材料齐全。", **all_met_data()}
    )

    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    assert messages_of(response) == ["已确认通过初审，已通知推荐单位。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.ELIGIBLE
    assert [row[:3] + row[4:] for row in round_state(nomination)] == [
        (1, "eligible", "材料齐全。", staff_user.pk)
    ]


def test_check_decide_eligible_with_a_manual_check_unrecorded_is_refused_with_a_clear_message(
    staff_client, make_nomination, clerk, staff_user
):
    # Demonstration step 2: staff approve with one manual check left unrecorded.
    nomination = make_nomination(status=Status.IN_CHECK)
    data = {**all_met_data(), "eligible-note": "材料齐全。", "criteria_met-note": "待核"}
    del data["opinions_signed-verdict"]
    data["criteria_met-verdict"] = "not_met"
    events_before = AuditEvent.objects.count()

    response = staff_client.post(decide_url(nomination, "mark_eligible"), data)

    assert response.status_code == 422
    assert messages_of(response) == [
        "不能通过初审。以下人工核验尚未记录结论：“所在单位及推荐单位意见齐全，签字盖章完整”。"
    ]
    html = response.content.decode()
    # Everything entered is still on the page, and nothing was stored.
    assert "材料齐全。</textarea>" in html
    assert 'value="待核"' in html
    checked = re.findall(r'<input type="radio" name="([\w-]+)" value="(\w+)"[^>]*checked', html)
    assert checked == [
        ("frontline-verdict", "met"),
        ("not_excluded-verdict", "met"),
        ("evidence_authentic-verdict", "met"),
        ("criteria_met-verdict", "not_met"),
    ]
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK
    assert not CheckConfirmation.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_check_decide_eligible_with_a_check_not_met_and_its_reason_decides(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    data = {
        **all_met_data(),
        "criteria_met-verdict": "not_met",
        "criteria_met-note": "成果突出，仍予通过",
    }

    response = staff_client.post(decide_url(nomination, "mark_eligible"), data)

    assert response["Location"] == QUEUE_URL
    nomination.refresh_from_db()
    assert nomination.status == Status.ELIGIBLE
    assert CheckConfirmation.objects.get(key="criteria_met").note == "成果突出，仍予通过"


def test_check_decide_return_post_stores_comments_and_deadline(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    deadline = in_days(5)
    data = return_data(
        [
            ("main_deeds", "请补充近三年业绩。"),
            ("photo", "请更换照片。"),
            ("main_deeds", "请注明数据来源。"),
        ],
        deadline=deadline,
        note="请按意见修改。",
        forms=4,
    )

    response = staff_client.post(decide_url(nomination, "return"), data)

    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    assert messages_of(response) == ["已退回推荐单位修改，已通知推荐单位。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.RETURNED
    assert round_state(nomination) == [(1, "returned", "请按意见修改。", deadline, staff_user.pk)]
    comments = FieldComment.objects.order_by("id").values_list("field", "comment")
    assert list(comments) == [
        ("main_deeds", "请补充近三年业绩。；请注明数据来源。"),
        ("photo", "请更换照片。"),
    ]


def test_check_decide_return_post_without_comments_shows_the_form_again_with_422(
    staff_client, make_nomination, clerk
):
    nomination = make_nomination(status=Status.IN_CHECK)
    deadline = in_days(5)
    events_before = AuditEvent.objects.count()

    response = staff_client.post(
        decide_url(nomination, "return"), return_data([], deadline=deadline, note="请修改。")
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert messages_of(response) == [INVALID_DECISION]
    assert re.search(r'<ul class="errorlist nonform"><li>(.*?)</li></ul>', html).group(1) == (
        NO_COMMENTS
    )
    # What staff typed is still there.
    assert f'name="return-deadline" value="{local_input(deadline)}"' in html
    assert 'id="id_return-note">\n请修改。</textarea>' in html
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK
    assert round_state(nomination) == [(1, "", "", None, None)]
    assert not FieldComment.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_check_decide_return_post_with_a_comment_on_no_field_shows_the_error_with_422(
    staff_client, make_nomination, clerk
):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.post(
        decide_url(nomination, "return"), return_data([("", "请补充。")], deadline=in_days(5))
    )

    assert response.status_code == 422
    assert "请选择该意见针对的项目。" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK
    assert not FieldComment.objects.exists()


def test_check_decide_return_post_with_a_past_deadline_shows_the_refusal(
    staff_client, make_nomination, clerk
):
    nomination = make_nomination(status=Status.IN_CHECK)
    data = return_data([("main_deeds", "请补充。")], deadline=timezone.now() - timedelta(days=1))

    response = staff_client.post(decide_url(nomination, "return"), data)

    # Refused on the form, so the page keeps the comment staff typed.
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="error_1_id_return-deadline"' in html
    assert "修改期限须晚于当前时间。" in html
    assert "请补充。" in html
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK
    assert not FieldComment.objects.exists()


@pytest.mark.parametrize("action", ["reject", "disqualify"])
def test_check_decide_without_a_reason_shows_the_form_again_with_422(
    staff_client, make_nomination, clerk, action
):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.post(decide_url(nomination, action), {f"{action}-reason": ""})

    assert response.status_code == 422
    assert messages_of(response) == [INVALID_DECISION]
    assert f'id="error_1_id_{action}-reason"' in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("reject", Status.REJECTED, "已作出不予通过的决定，已通知推荐单位。"),
        ("disqualify", Status.DISQUALIFIED, "已取消其推荐资格，已通知推荐单位。"),
    ],
)
def test_check_decide_with_a_reason_decides(
    staff_client, make_nomination, clerk, staff_user, action, status, message
):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.post(decide_url(nomination, action), {f"{action}-reason": "理由。"})

    assert response["Location"] == QUEUE_URL
    assert messages_of(response) == [message]
    nomination.refresh_from_db()
    assert nomination.status == status
    assert [row[:3] for row in round_state(nomination)] == [(1, status.value, "理由。")]


def test_check_decide_disqualify_post_of_an_eligible_nomination_closes_a_new_round(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.ELIGIBLE)

    response = staff_client.post(
        decide_url(nomination, "disqualify"), {"disqualify-reason": "证书系伪造。"}
    )

    assert response["Location"] == QUEUE_URL
    nomination.refresh_from_db()
    assert nomination.status == Status.DISQUALIFIED
    assert [row[:3] for row in round_state(nomination)] == [
        (1, "eligible", ""),
        (2, "disqualified", "证书系伪造。"),
    ]


def test_check_decide_after_a_colleague_decided_names_the_colleague(
    staff_client, make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    colleague = UserFactory(role=Role.STAFF, full_name="刘审核")
    mark_eligible(nomination, actor=colleague, verdicts=all_checks_met())
    decided_at = CheckRound.objects.get(nomination=nomination).decided_at

    response = staff_client.post(decide_url(nomination, "reject"), {"reject-reason": "不符合。"})

    clock = show_datetime(decided_at)
    assert response["Location"] == check_url(nomination)
    assert messages_of(response) == [
        f"该推荐已由刘审核于{clock}作出初审决定（初审通过），您的操作未执行。"
    ]
    nomination.refresh_from_db()
    assert nomination.status == Status.ELIGIBLE


def test_check_decide_with_an_unknown_action_is_404(staff_client, make_nomination, clerk):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.post(decide_url(nomination, "promote"))

    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK


def test_check_decide_by_the_units_clerk_is_refused(clerk_client, make_nomination, clerk):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = clerk_client.post(decide_url(nomination, "mark_eligible"))

    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK


# --- What the unit sees -------------------------------------------------------------


@pytest.fixture
def returned(make_nomination, clerk, staff_user):
    """A Harbin nomination returned with comments on a field, a section, the photo and
    the whole, due in five days."""
    nomination = make_nomination(status=Status.IN_CHECK)
    return_for_correction(
        nomination,
        actor=staff_user,
        comments={
            "main_deeds": "请补充近三年的主要业绩。",
            "honours": "荣誉证书扫描件不清晰。",
            "photo": "请更换为蓝底证件照。",
            attachment1.GENERAL_COMMENT: "请推荐单位再次核实各项声明。",
        },
        deadline=in_days(5),
        note="请按意见修改后重新提交。",
    )
    nomination.refresh_from_db()
    return nomination


def test_edit_page_of_a_returned_nomination_shows_each_comment_beside_its_field(
    clerk_client, returned
):
    response = clerk_client.get(reverse("nominations:edit", kwargs={"pk": returned.pk}))

    assert response.status_code == 200
    assert comments_for(response.content, "main_deeds") == ["修改意见：请补充近三年的主要业绩。"]
    assert comments_for(response.content, "honours") == ["修改意见：荣誉证书扫描件不清晰。"]
    assert comments_for(response.content, "photo") == ["修改意见：请更换为蓝底证件照。"]
    assert data_keys(response.content, "data-comment-for") == ["main_deeds", "honours", "photo"]
    # Each comment sits in its field's own block, not merely somewhere on the page.
    assert 'data-comment-for="main_deeds"' in field_block(response.content, "main_deeds")
    html = response.content.decode()
    honours = html[html.index('id="section-honours"') : html.index('id="section-mentorships"')]
    assert 'data-comment-for="honours"' in honours
    attachments = html[html.index('id="attachments"') :]
    assert 'data-comment-for="photo"' in attachments


def test_edit_page_of_a_returned_nomination_shows_the_decision_banner(clerk_client, returned):
    deadline = show_datetime(in_days(5))

    response = clerk_client.get(reverse("nominations:edit", kwargs={"pk": returned.pk}))

    banner = re.search(r'id="correction">(.*?)</div>', response.content.decode(), re.S).group(1)
    assert text(banner) == (
        f"省总工会退回修改，请于{deadline}前修改并重新提交。修改意见已标注在对应项目旁。 "
        "请按意见修改后重新提交。 请推荐单位再次核实各项声明。"
    )


def test_edit_page_of_a_draft_shows_no_comments(clerk_client, make_nomination, clerk):
    nomination = make_nomination()

    response = clerk_client.get(reverse("nominations:edit", kwargs={"pk": nomination.pk}))

    assert data_keys(response.content, "data-comment-for") == []
    assert 'id="correction"' not in response.content.decode()


def test_detail_page_shows_the_return_to_the_units_clerk(clerk_client, returned):
    deadline = show_datetime(in_days(5))

    response = clerk_client.get(reverse("nominations:detail", kwargs={"pk": returned.pk}))

    section = re.search(
        r'<section class="alert alert-warning" id="decision">(.*?)</section>',
        response.content.decode(),
        re.S,
    ).group(1)
    assert text(section) == (
        "初审结果：退回修改 请按意见修改后重新提交。 "
        f"请于{deadline}前修改并重新提交。 "
        "主要事迹：请补充近三年的主要业绩。 主要荣誉：荣誉证书扫描件不清晰。 "
        "照片：请更换为蓝底证件照。 总体意见：请推荐单位再次核实各项声明。"
    )


@pytest.mark.parametrize(
    ("status", "css", "expected"),
    [
        (Status.ELIGIBLE, "alert-success", "初审结果：通过初审"),
        (Status.REJECTED, "alert-danger", "初审结果：不予通过 不符合一线岗位条件。"),
        (Status.DISQUALIFIED, "alert-danger", "初审结果：取消资格 获奖证书系伪造。"),
    ],
)
def test_detail_page_shows_the_decision_to_the_units_clerk(
    clerk_client, make_nomination, clerk, status, css, expected
):
    nomination = make_nomination(status=status)

    response = clerk_client.get(reverse("nominations:detail", kwargs={"pk": nomination.pk}))

    section = re.search(
        rf'<section class="alert {css}" id="decision">(.*?)</section>',
        response.content.decode(),
        re.S,
    ).group(1)
    assert text(section) == expected


def test_detail_page_is_404_to_another_units_clerk(other_clerk_client, returned):
    response = other_clerk_client.get(reverse("nominations:detail", kwargs={"pk": returned.pk}))

    assert response.status_code == 404


# --- The resubmission diff ----------------------------------------------------------


def test_check_page_after_resubmission_shows_the_changes_since_the_return(
    staff_client, clerk, returned
):
    corrected = BRIEF_DEEDS + "近三年完成攻关十二项。"
    save_draft(
        returned,
        actor=clerk,
        expected_version=returned.version,
        fields={"brief_deeds": corrected, "skill_level": 70},
    )
    add_attachment(returned, actor=clerk, kind=Attachment.Kind.PHOTO, upload=png_upload("蓝底.png"))
    submit_nomination(returned, actor=clerk)

    response = staff_client.get(check_url(returned))

    html = response.content.decode()
    assert "重新提交的修改（第1版 → 第2版）" in html
    files = {a.original_name: a.sha256[:8] for a in returned.attachments.all()}
    old_photo = returned.revisions.get(number=1).snapshot["attachments"]
    old_sha = {a["name"]: a["sha256"][:8] for a in old_photo}
    assert diff_rows(response.content) == [
        ("skill_level", "职业技能等级", "高级技师（一级）", "特级技师"),
        ("brief_deeds", "简要事迹", BRIEF_DEEDS, corrected),
        (
            "attachments",
            "照片与佐证材料",
            f"honour.pdf · {old_sha['honour.pdf']}\nphoto.png · {old_sha['photo.png']}",
            f"honour.pdf · {files['honour.pdf']}\n蓝底.png · {files['蓝底.png']}",
        ),
    ]


def test_check_page_after_an_unchanged_resubmission_says_nothing_changed(
    staff_client, clerk, staff_user, returned
):
    submit_nomination(returned, actor=clerk)
    start_check(returned, actor=staff_user)

    response = staff_client.get(check_url(returned))

    html = response.content.decode()
    assert "重新提交的修改（第1版 → 第2版）" in html
    assert "与退回时的版本相比没有改动。" in html
    assert diff_rows(response.content) == []


def test_check_page_before_any_return_shows_no_diff(staff_client, make_nomination, clerk):
    nomination = make_nomination(status=Status.IN_CHECK)

    response = staff_client.get(check_url(nomination))

    assert 'id="diff"' not in response.content.decode()


# --- Query counts -------------------------------------------------------------------

SMALL, LARGE = 3, 12
# Statuses of the generated queue rows in turn; every other one has its paper logged.
QUEUE_STATUSES = (
    Status.SUBMITTED,
    Status.IN_CHECK,
    Status.RETURNED,
    Status.ELIGIBLE,
    Status.REJECTED,
    Status.DISQUALIFIED,
)


def count_queries(client, url: str) -> int:
    """Return the page's query count; the page must show something to count."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    if "page" in response.context:
        assert len(response.context["page"]) > 0
    return len(context.captured_queries)


def grow_queue(make_nomination, staff_user, units, size: int) -> None:
    """Grow every unit to ``size`` nominations in the queue, in every first-check state."""
    for unit in units:
        for n in range(Nomination.objects.filter(unit=unit).count(), size):
            nomination = make_nomination(
                unit=unit, status=QUEUE_STATUSES[n % len(QUEUE_STATUSES)], name=f"候选{n}"
            )
            if n % 2:
                record_paper_receipt(
                    nomination,
                    actor=staff_user,
                    received_on=timezone.localdate(),
                    copies=3,
                    stamped=True,
                )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Session and user (2), campaign, page count, unit choices, rows with unit,
        # receipt and return count, session save (3), the staff menu's campaign switcher;
        # the unit filter loads its unit.
        ("", 10),
        ("?unit=230100&criterion=skill&paper=missing&q=候选&order=name", 11),
    ],
    ids=["unfiltered", "filtered"],
)
def test_queue_query_count_is_constant(
    staff_client,
    make_nomination,
    clerk,
    other_clerk,
    staff_user,
    unit_harbin,
    unit_qiqihar,
    params,
    expected,
):
    counts = []
    for size in (SMALL, LARGE):
        grow_queue(make_nomination, staff_user, (unit_harbin, unit_qiqihar), size)
        counts.append(count_queries(staff_client, QUEUE_URL + params))

    assert counts == [expected, expected]


def grow_subject(subject: Nomination, *, clerk, staff_user, returns: int) -> Nomination:
    """Return and resubmit the subject until it has been returned ``returns`` times.

    Each cycle adds comments, an honour with its evidence, a revision, and manual
    checks on the new round; the subject ends in check, with a diff to show.
    """
    done = CheckRound.objects.filter(nomination=subject, outcome="returned").count()
    for n in range(done, returns):
        fields = attachment1.commentable_fields()[1 : 2 + n]
        return_for_correction(
            subject,
            actor=staff_user,
            comments={field: f"第{n + 1}次意见" for field in fields},
            deadline=in_days(5),
        )
        subject.refresh_from_db()
        honours = [
            {"id": h.pk, "title": h.title, "conferred_by": h.conferred_by}
            for h in subject.honours.all()
        ]
        subject = save_draft(
            subject,
            actor=clerk,
            expected_version=subject.version,
            fields={"brief_deeds": f"第{n + 1}次修改"},
            rows={"honours": [*honours, {"title": f"荣誉{n}", "conferred_by": "哈尔滨市"}]},
        )
        add_attachment(
            subject,
            actor=clerk,
            kind=Attachment.Kind.EVIDENCE,
            upload=pdf_upload(f"荣誉{n}.pdf"),
            honour=subject.honours.get(title=f"荣誉{n}"),
        )
        submit_nomination(subject, actor=clerk)
        start_check(subject, actor=staff_user)
        verdict = Verdict(passed=True, note=f"第{n}轮")
        record_manual_checks(
            subject,
            actor=staff_user,
            verdicts={key: verdict for key in MANUAL_KEYS[: 1 + n % len(MANUAL_KEYS)]},
        )
    subject.refresh_from_db()
    return subject


def test_check_page_query_count_is_constant(staff_client, make_nomination, clerk, staff_user):
    subject = make_nomination(status=Status.IN_CHECK)
    record_paper_receipt(
        subject, actor=staff_user, received_on=timezone.localdate(), copies=3, stamped=True
    )
    counts = []
    for size in (SMALL, LARGE):
        subject = grow_subject(subject, clerk=clerk, staff_user=staff_user, returns=size)
        assert subject.revisions.count() == size + 1
        counts.append(count_queries(staff_client, check_url(subject)))

    # Session and user (2); the nomination with unit and campaign; the open round with
    # its revision, starter and confirmations (2); awards, honours, evidence, receipt
    # and duplicates of the automatic checks (5); the register of earlier years'
    # craftsmen (1); decided rounds with comments (2); the last return with its
    # revision, the latest revision (2); session save (3); the staff menu's campaign
    # switcher (the campaigns' years, 1).
    assert counts == [19, 19]


def test_check_queue_warnings_include_paper_missing_after_its_deadline(
    staff_client, make_nomination, campaign
):
    make_nomination(status=Status.SUBMITTED, name="缺纸质")
    assert queue_names(staff_client, warnings="on") == []

    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=timezone.now() - timedelta(days=5),
        paper_deadline=timezone.now() - timedelta(days=2),
    )

    assert queue_names(staff_client, warnings="on") == ["缺纸质"]
