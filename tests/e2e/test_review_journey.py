"""The expert review in the browser: an expert signs the pledge, scores two candidates
and submits; staff see the ranking; the council secretary records the approval; the
list is locked."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from longjiang.accounts.models import Role
from nominations.demo.files import demo_pdf
from nominations.models import Nomination
from nominations.services import NominationLocked, disqualify_nomination
from nominations.workflow import Status
from review import services
from review.models import IndustryGroup, ListVersion, ReviewSettings, ScoreSheet
from review.verification import verify_campaign
from tests.factories import PASSWORD, UserFactory

KEYS = ("skill", "innovation", "leadership", "awards", "overall")
# Per candidate: the points of the five default dimensions (30/30/20/15/5).
SCORES = {
    "欧阳明辉": ("27", "26.5", "18", "13", "4.5"),  # 89
    "孙丽华": ("22", "21", "15", "10", "4"),  # 72
}
TOTALS = {"欧阳明辉": "89 / 100", "孙丽华": "72 / 100"}


def sign_in(page, live_server, user, landing: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server.url}{landing}")


@pytest.mark.e2e
def test_review_journey_pledge_score_rank_approve_lock(
    browser_page, live_server, campaign, make_nomination, staff_user, tmp_path
):
    page = browser_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    # The review set up by staff: the rubric, an open window, a panel, two candidates.
    services.ensure_default_rubric(campaign, actor=staff_user)
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        actor=staff_user,
    )
    panel = services.create_panel(
        campaign, actor=staff_user, name="装备制造组", industry_group=IndustryGroup.EQUIPMENT
    )
    candidates = [make_nomination(status=Status.ELIGIBLE, name=name) for name in SCORES]
    services.place_eligible_nominations(campaign, actor=staff_user)
    expert_user = UserFactory(role=Role.EXPERT, username="expert_wang")
    expert = services.add_expert_profile(
        expert_user,
        campaign=campaign,
        actor=staff_user,
        name="王振华",
        employer_name="黑龙江北疆重型装备有限公司",
        specialty=IndustryGroup.EQUIPMENT,
    )
    services.add_panel_member(panel, expert=expert, actor=staff_user)
    secretary = UserFactory(role=Role.COUNCIL, username="council_sec", full_name="赵秘书")

    # The expert signs the recusal pledge before seeing any candidate.
    sign_in(page, live_server, expert_user, "/review/")
    expect(page.get_by_text("欧阳明辉")).to_have_count(0)
    page.get_by_label("本人已阅读并承诺遵守上述规定").check()
    page.get_by_role("button", name="签署承诺").click()
    expect(page.get_by_text("已评 0 / 2")).to_be_visible()

    # Scores both candidates, the total adding up as the points are typed, saves a draft
    # (back at the form, the same place on the page) and submits each sheet.
    for name, points in SCORES.items():
        total = TOTALS[name]
        page.goto(f"{live_server.url}/review/")
        page.get_by_role("row", name=name).get_by_role("link", name="查看材料并评分").click()
        score_form = page.locator("#score")
        expect(score_form).to_be_in_viewport()  # beside the material, not below it
        expect(page.locator("#score-total")).to_have_text("0 / 100")
        for key, value in zip(KEYS, points, strict=True):
            page.fill(f"#id_score_{key}", value)
        expect(page.locator("#score-total")).to_have_text(total)
        scrolled = page.evaluate(
            "() => { window.scrollTo({top: 1200, behavior: 'instant'}); return window.scrollY; }"
        )
        assert scrolled > 600
        page.get_by_role("button", name="保存草稿").click()
        expect(page.locator("#score-saved")).to_contain_text("草稿已于")
        # Back where the expert was reading (give or take the message above the page).
        page.wait_for_function(f"() => Math.abs(window.scrollY - {scrolled}) < 100")
        expect(page.locator("#score-total")).to_have_text(total)
        page.select_option("#id_recommend", "yes")
        page.get_by_role("button", name="提交（提交后不可修改）").click()
        expect(page.locator(".messages .alert-success")).to_contain_text(
            f"已提交对{name}的评分（合计 {total}）。"
        )
    expect(page.get_by_text("已评 2 / 2")).to_be_visible()
    expect(page.locator("#all-done")).to_contain_text("全部完成")
    for name in SCORES:
        expect(
            page.get_by_role("row", name=name).get_by_role("link", name="查看已提交评分")
        ).to_be_visible()
    assert dialogs == [f"评分合计 {TOTALS[name]}。提交后不可修改，确认提交？" for name in SCORES]
    assert ScoreSheet.objects.filter(expert=expert, status="submitted").count() == 2

    # The review window closes (time passing, not an action).
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_closes_at=timezone.now() - timedelta(seconds=1)
    )

    # Staff see the ranking: 89 before 72, both on the proposed list.
    sign_in(page, live_server, staff_user, "/nominations/")
    page.goto(f"{live_server.url}/review/ranking/")
    first = page.get_by_role("row", name="欧阳明辉")
    second = page.get_by_role("row", name="孙丽华")
    expect(first).to_contain_text("89.00")
    expect(second).to_contain_text("72.00")
    rows = page.locator("tbody tr").all_inner_texts()
    assert [i for i, text in enumerate(rows) if "欧阳明辉" in text] < [
        i for i, text in enumerate(rows) if "孙丽华" in text
    ]

    # The council secretary records the approval with the minutes.
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(demo_pdf("Council minutes"))
    sign_in(page, live_server, secretary, "/review/council/")
    expect(page.get_by_text("建议人选 2 人（名额 100 人），后备人选 0 人。")).to_be_visible()
    page.fill("#id_meeting_date", timezone.localdate().isoformat())
    page.fill("#id_minutes_ref", "黑工办纪〔2021〕12号")
    page.fill("#id_attendance", "主席、副主席、党组成员")
    page.get_by_label("审议通过").check()
    page.set_input_files("#id_minutes", str(minutes))
    # Two candidates for a quota of 100: the page says so before the button, and the
    # approval needs it acknowledged.
    expect(page.locator("#warning-under_quota")).to_contain_text("建议人选2人，少于名额100人。")
    page.get_by_role("button", name="记录会议决定").click()
    expect(page.locator("#id_acknowledged_error")).to_contain_text(
        "审议通过前，请逐项确认已知晓以下情况：建议人选少于名额。"
    )
    page.set_input_files("#id_minutes", str(minutes))
    page.get_by_label("我已知晓：建议人选少于名额（建议人选2人，少于名额100人。）").check()
    page.get_by_role("button", name="记录会议决定").click()
    expect(page).to_have_url(f"{live_server.url}/review/council/versions/1/")
    assert (
        dialogs[2:]
        == ["确认审议通过？当前建议名单（2人）将锁定为第1版，锁定后不能撤销或修改。"] * 2
    )
    expect(page.locator(".alert-success")).to_contain_text("名单已审定并锁定为第1版。")

    # The list is locked: its hash is on the page, the nominations refuse change.
    version = ListVersion.objects.get(campaign=campaign)
    expect(page.get_by_text(version.content_hash)).to_be_visible()
    assert list(version.entries.order_by("position").values_list("name", "score")) == [
        ("欧阳明辉", "89.00"),
        ("孙丽华", "72.00"),
    ]
    locked = Nomination.objects.filter(pk__in=[c.pk for c in candidates], locked_at__isnull=False)
    assert locked.count() == 2
    with pytest.raises(NominationLocked):
        disqualify_nomination(candidates[0], actor=staff_user, reason="材料造假")
    assert not verify_campaign(campaign).altered
