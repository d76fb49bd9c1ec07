"""Publicity in the browser, on the demo clock.

A member of the public on a phone reads the list, files an objection, keeps the
receipt and looks it up; staff log a phoned objection and send it to the unit;
the unit's clerk uploads its 核查报告; staff uphold it; the council approves
version 2 with a substitute from the reserve; staff publish the substitute's
supplementary notice, which then appears on the public page.

The story takes two weeks, and the services (rightly) refuse to publish a notice
starting in the past, so the test plays it on ``longjiang.demo.DemoClock``,
which the live server's thread reads too: the run starts at 08:00 on a working
day D0 in the past (``publicity.demo.story.final_timeline``: the main period
D0–E1, the council on the next working day D1, the supplementary period from D1,
all over by now), and travels forward to D1 before the council meets. Sessions
are idle-limited, so each role signs in again after the clock moves.

axe-core (WCAG 2.1 A/AA, no serious or critical violation) checks the public
list, the objection form, the receipt and the lookup at 1366 and 390 px.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from longjiang.demo import DemoClock
from nominations.demo.files import demo_pdf
from publicity.demo.story import final_timeline
from publicity.models import Notice, Objection, PublicityResult
from publicity.services import notices
from review.models import ListVersion
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD
from tests.publicity.upheld import candidates, council_secretary, version1  # noqa: F401
from tests.review.conftest import make_expert, panel  # noqa: F401

WIDTHS = (1366, 390)


@pytest.fixture
def story_clock(transactional_db):
    """The demo clock at 08:00 on D0; yields it and the timeline."""
    clock = DemoClock()
    timeline = final_timeline(timezone.now(), 5, datetime.time(17, 0))
    start = timezone.make_aware(datetime.datetime.combine(timeline.d0, datetime.time(8, 0)))
    with clock.running(start):
        yield clock, timeline


def sign_in(page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#id_password")).to_have_count(0)


def check_axe(page, what: str, found: list[str]) -> None:
    """Run axe at both widths on the page as it stands (no reload: a receipt shows once)."""
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{what} @{width}px: {v}" for v in _violations(page)]
    page.set_viewport_size(size)


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.mark.e2e
def test_publicity_journey_object_verify_uphold_revise_publicize(
    story_clock,
    browser_page,
    live_server,
    settings,
    version1,  # noqa: F811
    campaign,
    staff_user,
    clerk,
    council_secretary,  # noqa: F811
):
    clock, timeline = story_clock
    settings.OBJECTION_FORM_MIN_SECONDS = 0
    page, base = browser_page, live_server.url
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    violations: list[str] = []
    staff_user.handles_objections = True
    staff_user.save(update_fields=["handles_objections"])
    # Staff published the main notice over version 1 that morning (its screens have
    # their own tests); it runs D0–E1, cut-off 17:00.
    main = notices.prepare_notice(
        campaign, list_version=version1, starts_on=timeline.d0, actor=staff_user
    )
    main = notices.publish_notice(main, actor=staff_user, confirmed=True)
    assert (main.starts_on, main.ends_on) == (timeline.d0, timeline.e1)
    clock.travel(_at(timeline.d0, 9, 30))

    # A member of the public, on a phone, reads the list: 姓氏笔画 order (孙 6 strokes,
    # 欧 8), the dates, the hash of the locked list.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/publicity/")
    listed = page.locator("main").inner_text()
    assert listed.index("孙丽华") < listed.index("欧阳明辉")
    assert "李建国" not in listed
    assert f"{timeline.d0.year}年{timeline.d0.month}月{timeline.d0.day}日" in listed
    assert version1.content_hash in listed.replace("\n", "").replace(" ", "")
    check_axe(page, "/publicity/", violations)

    # Files an objection and gets a receipt.
    page.goto(f"{base}/publicity/objections/new/")
    check_axe(page, "objection form", violations)
    choose_person(page, "欧阳明辉")
    page.fill("#id_complainant_name", "周志远")
    page.fill("#id_complainant_phone", "13912345678")
    page.fill("#id_complainant_address", "哈尔滨市香坊区和平路8号")
    page.fill("#id_facts", "反映其带徒人数与实际情况不符。")
    page.check("#id_declared_truthful")
    page.get_by_role("button", name=re.compile("提交")).click()
    expect(page.locator("#receipt-title")).to_be_visible()
    codes = page.locator(".receipt-code").all_inner_texts()
    receipt, code = (c.strip() for c in codes)
    online = Objection.objects.get(receipt_number=receipt)
    assert (online.source, online.status, online.nomination.name) == (
        "online",
        "received",
        "欧阳明辉",
    )
    check_axe(page, "receipt", violations)

    # Looks it up with the receipt number and the code.
    page.goto(f"{base}/publicity/objections/lookup/")
    check_axe(page, "lookup form", violations)
    page.fill("#id_receipt_number", receipt)
    page.fill("#id_code", code)
    page.get_by_role("button", name=re.compile("查询")).click()
    expect(page.locator("main")).to_contain_text("已登记")
    expect(page.locator("main")).to_contain_text(receipt)
    check_axe(page, "lookup result", violations)

    # Staff log a phoned objection against 孙丽华 and send it to the unit for 核查.
    page.set_viewport_size({"width": 1366, "height": 900})
    clock.travel(_at(timeline.d0, 10, 0))
    sign_in(page, base, staff_user)
    page.goto(f"{base}/publicity/staff/objections/new/")
    page.check("input[name=source][value=call]")
    choose_person(page, "孙丽华")
    page.fill("#id_complainant_name", "吴海燕")
    page.fill("#id_complainant_phone", "13987654321")
    page.fill("#id_complainant_address", "哈尔滨市南岗区学府路52号")
    page.fill("#id_facts", "反映其技术革新成果系他人完成。")
    page.check("#id_declared_truthful")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator("#receipt-title")).to_be_visible()
    phoned = Objection.objects.get(source="call")
    assert (phoned.nomination.name, phoned.logged_by) == ("孙丽华", staff_user)
    page.goto(f"{base}/publicity/staff/objections/{phoned.pk}/")
    page.fill("#id_note", "请核实成果完成人。")
    page.get_by_role("button", name="转推荐单位核查").click()
    expect(page.locator("main")).to_contain_text("核查中")
    phoned.refresh_from_db()
    assert phoned.status == "verifying" and phoned.verification_due is not None

    # The unit's clerk uploads the 核查报告.
    clock.travel(_at(timeline.d0, 14, 0))
    report = tmp_pdf("核查报告.pdf")
    sign_in(page, base, clerk)
    page.goto(f"{base}/publicity/unit/objections/{phoned.pk}/")
    page.set_input_files("#id_report", report)
    page.get_by_role("button", name="报送核查报告").click()
    expect(page.locator("main")).to_contain_text("已报送核查报告")
    phoned.refresh_from_db()
    assert phoned.status == "reported" and phoned.report_submitted_by == clerk

    # Staff uphold it, with a reply to the real-name complainant.
    clock.travel(_at(timeline.d0, 16, 0))
    sign_in(page, base, staff_user)
    page.goto(f"{base}/publicity/staff/objections/{phoned.pk}/")
    page.check("input[name=outcome][value=upheld]")
    page.fill("#id_note", "核查报告确认该成果第一完成人为他人。")
    page.fill("#id_reply_text", "经核查，所反映情况属实，已按程序报主席办公会议审定。")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("main")).to_contain_text("已办结")
    phoned.refresh_from_db()
    assert (phoned.status, phoned.outcome) == ("decided", "upheld")

    # The council meets on the first working day after the main period closed and
    # approves version 2: 孙丽华 out, 李建国 in from the reserve.
    clock.travel(_at(timeline.d1, 9, 0))
    sign_in(page, base, council_secretary)
    page.goto(f"{base}/publicity/council/revision/")
    page.check(f"#case-{phoned.pk}")
    substitute = version1.entries.get(name="李建国").nomination
    page.check(f"#substitute-{substitute.pk}")
    page.get_by_role("button", name="预览变更后的名单").click()
    page.fill("#id_meeting_date", timeline.d1.isoformat())
    page.fill("#id_minutes_ref", "黑工办纪〔2021〕15号")
    page.fill("#id_attendance", "主席、副主席、党组成员")
    page.set_input_files("#id_minutes", tmp_pdf("会议纪要.pdf"))
    page.get_by_role("button", name="记录会议决定").click()
    expect(page.locator("main")).to_contain_text("第2版")
    version2 = ListVersion.objects.get(number=2)
    assert set(version2.entries.filter(part="listed").values_list("name", flat=True)) == {
        "欧阳明辉",
        "李建国",
    }

    # Staff publish the substitute's supplementary notice, starting that day.
    clock.travel(_at(timeline.d1, 10, 0))
    sign_in(page, base, staff_user)
    page.goto(f"{base}/publicity/staff/notices/new/")
    page.select_option("#id_kind", "supplementary")
    page.fill("#id_starts_on", timeline.d1.isoformat())
    page.check(f"input[name=persons][value='{substitute.pk}']")
    page.get_by_role("button", name="保存草稿").click()
    supplementary = Notice.objects.get(kind="supplementary")
    page.goto(f"{base}/publicity/staff/notices/{supplementary.pk}/publish/")
    page.locator("#id_confirmed").check()
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator("main")).to_contain_text("已发布")
    supplementary.refresh_from_db()
    assert supplementary.status == "published"
    assert list(supplementary.persons.all()) == [substitute]

    # The public page now shows the substitute's notice. A fresh browser: the phone's
    # cache keeps the main notice's page until its cut-off by the real clock (the page's
    # max-age runs to its next change), and the demo clock has jumped days since.
    clock.travel(_at(timeline.d1, 10, 30))
    phone = page.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        public = phone.new_page()
        public.goto(f"{base}/publicity/")
        expect(public.locator("main")).to_contain_text("补充公示")
        expect(public.locator("main")).to_contain_text("李建国")
        # The substitute's notice first; the ended main notice is still listed below it.
        current, ended = public.locator("main").inner_text().split("已结束的公示", 1)
        assert "递补人选（1名）" in current and "李建国" in current and "孙丽华" not in current
        assert "公示已结束" in ended
        check_axe(public, "/publicity/ (supplementary)", violations)
    finally:
        phone.close()

    assert not PublicityResult.objects.exists()
    assert violations == []


def choose_person(page, name: str) -> None:
    value = page.locator("#id_person option", has_text=name).first.get_attribute("value")
    page.select_option("#id_person", value)


def tmp_pdf(name: str) -> dict:
    """A file payload Playwright can upload: a small valid PDF made in code."""
    return {"name": name, "mimeType": "application/pdf", "buffer": demo_pdf("Demo file")}
