"""A unit clerk nominates a candidate in the system Chromium, from login to the list."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from longjiang.audit.selectors import events_for
from nominations import attachment1
from nominations.codes import Sex
from nominations.models import Attachment, Nomination
from nominations.validators import count_characters
from nominations.workflow import Status
from tests.factories import PASSWORD, pdf_bytes, png_bytes, valid_id_number

pytestmark = [
    pytest.mark.e2e,
    # The live server answers from another thread, so the data must really be committed.
    pytest.mark.django_db(transaction=True),
]

# 堃 is outside GB 2312, the kind of name that older systems mangle.
NAME = "王堃"
VALID_ID = valid_id_number(date(1980, 5, 17), Sex.MALE, seq=37)
# The same digits with a wrong check character.
INVALID_ID = VALID_ID[:17] + ("1" if VALID_ID[17] == "0" else "0")
HONOUR = "黑龙江省五一劳动奖章"
BRIEF_DEEDS = "扎根数控车削一线二十余年，攻克水轮机主轴精密加工难题，带出技师徒弟十二名。"
MAIN_DEEDS = (
    "王堃同志1999年参加工作，一直在机加工车间从事数控车削加工。\n\n"
    "他带领班组优化切削参数二十余项，使主轴一次交检合格率由92%提升到99%。\n"
    "他坚持传帮带，与十二名青年职工签订师徒协议。"
)
# portal.js's default counter text; the server counts the same way (no whitespace).
COUNTER = "已输入 {count} / {limit} 字"
DECLARATIONS = attachment1.REQUIRED_DECLARATIONS
# Values typed into plain inputs, checked again after the failed save.
TYPED = {
    "#id_name": NAME,
    "#id_birth_month": "1980-05",
    "#id_employment_start": "1999-07",
    "#id_employer_name": "哈尔滨松江精密机械有限公司",
    "#id_post": "数控车工",
    "#id_occupation": "车工",
    "#id_years_in_trade": "25",
    "#id_mobile": "13800138000",
    "#id_union_joined": "2000-01",
    "#id_recommendation_opinion": "经审核，该同志符合“龙江工匠”推荐条件，同意推荐。",
}
SELECTED = {
    "#id_sex": Sex.MALE.value,
    "#id_nationality": "CHN",  # 中国
    "#id_ethnicity": "11",  # 满族
    "#id_political_status": "01",  # 中共党员
    "#id_education": "40",  # 中专/中技/职高
    "#id_employer_nature": "state_holding",
    "#id_industry": "C",  # 制造业
    "#id_frontline_category": "production",
    "#id_skill_level": "60",  # 高级技师（一级）
}
HONOUR_ROW = {
    "#id_honours-0-title": HONOUR,
    "#id_honours-0-conferred_by": "黑龙江省总工会",
    "#id_honours-0-awarded_on": "2019-04",
}


def _counter_text(text: str, limit: int) -> str:
    return COUNTER.format(count=count_characters(text), limit=limit)


def test_clerk_journey_nominates_and_submits_candidate(
    browser_page, live_server, campaign, clerk, tmp_path
):
    page = browser_page
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes((300, 400)))
    small_photo = tmp_path / "small.png"
    small_photo.write_bytes(png_bytes((100, 100)))
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(pdf_bytes())
    broken_assets = []
    dialogs = []

    def check_asset(response):
        if "/static/" in response.url and response.status >= 400:
            broken_assets.append((response.status, response.url))

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("response", check_asset)
    page.on("requestfailed", lambda request: broken_assets.append(("failed", request.url)))
    page.on("dialog", accept)

    # Log in through the login form.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/nominations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("本单位推荐人选")
    # The vendored Bootstrap, htmx and portal.js are served and running.
    page.wait_for_function("() => window.htmx !== undefined && window.bootstrap !== undefined")

    # Open the empty form and fill it in, with a wrong ID number.
    page.get_by_label("主导航").get_by_role("link", name="新增推荐").click()
    expect(page).to_have_url(f"{live_server.url}/nominations/new/")
    page.fill("#id_id_number", INVALID_ID)
    for selector, value in TYPED.items():
        page.fill(selector, value)
    for selector, value in SELECTED.items():
        page.select_option(selector, value)
    page.get_by_label("高超技能").check()
    brief_counter = page.locator("#id_brief_deeds-counter")
    main_counter = page.locator("#id_main_deeds-counter")
    expect(brief_counter).to_have_text(_counter_text("", 300))
    page.fill("#id_brief_deeds", BRIEF_DEEDS)
    expect(brief_counter).to_have_text(_counter_text(BRIEF_DEEDS, 300))
    page.fill("#id_main_deeds", MAIN_DEEDS)
    expect(main_counter).to_have_text(_counter_text(MAIN_DEEDS, 1500))
    for name in DECLARATIONS:
        page.check(f"#id_{name}")
    honours = page.locator("#section-honours")
    honours.get_by_role("button", name="＋ 添加一行").click()
    expect(page.locator("#id_honours-TOTAL_FORMS")).to_have_value("1")
    for selector, value in HONOUR_ROW.items():
        page.fill(selector, value)

    page.get_by_role("button", name="保存草稿").click()

    # The error sits next to the ID number field; nothing typed is lost.
    expect(page).to_have_url(f"{live_server.url}/nominations/new/")
    expect(page.locator(".messages")).to_contain_text(
        "请根据提示修改标红的项目。您填写的内容都保留在页面上，尚未保存。"
    )
    expect(page.locator("#div_id_id_number .invalid-feedback")).to_have_text(
        "公民身份号码校验位不正确。"
    )
    expect(page.locator("#id_id_number")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_id_number")).to_have_value(INVALID_ID)
    for selector, value in {**TYPED, **SELECTED, **HONOUR_ROW}.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("#id_brief_deeds")).to_have_value(BRIEF_DEEDS)
    expect(page.locator("#id_main_deeds")).to_have_value(MAIN_DEEDS)
    expect(brief_counter).to_have_text(_counter_text(BRIEF_DEEDS, 300))
    expect(page.get_by_label("高超技能")).to_be_checked()
    for name in DECLARATIONS:
        expect(page.locator(f"#id_{name}")).to_be_checked()
    assert not Nomination.objects.exists()

    # Correct the number and save the draft.
    page.fill("#id_id_number", VALID_ID)
    page.get_by_role("button", name="保存草稿").click()
    expect(page).to_have_url(re.compile(r"/nominations/(\d+)/edit/$"))
    expect(page.locator(".messages")).to_contain_text("草稿已保存。")
    pk = int(re.search(r"/nominations/(\d+)/edit/$", page.url).group(1))
    nomination = Nomination.objects.get()
    assert nomination.pk == pk
    assert nomination.id_number_masked
    expect(page.locator("#id_id_number_helptext")).to_contain_text(nomination.id_number_masked)

    # Upload the photo and the honour's evidence; htmx swaps the panel in place.
    page.evaluate("() => { window.journeyPageMarker = true; }")
    panel = page.locator("#attachments-panel")
    # A photo below the minimum size is refused, and the panel says why.
    page.select_option("#upload-form #id_kind", "photo")
    page.set_input_files("#upload-form #id_file", small_photo)
    page.locator("#upload-form").get_by_role("button", name="上传").click()
    expect(panel).to_contain_text("照片分辨率过低（至少240×320像素）。")
    expect(panel).to_contain_text("尚未上传文件。")
    page.select_option("#upload-form #id_kind", "photo")
    page.set_input_files("#upload-form #id_file", photo)
    page.locator("#upload-form").get_by_role("button", name="上传").click()
    expect(panel).to_contain_text("photo.png")
    expect(panel).to_contain_text("文件已上传。")
    page.select_option("#upload-form #id_kind", "evidence")
    page.select_option("#upload-form #id_proves", label=f"荣誉：{HONOUR}")
    page.set_input_files("#upload-form #id_file", evidence)
    page.locator("#upload-form").get_by_role("button", name="上传").click()
    expect(panel).to_contain_text("evidence.pdf")
    expect(panel).to_contain_text(f"证明：{HONOUR}")
    expect(panel.locator("li.list-group-item")).to_have_count(2)
    assert page.evaluate("() => window.journeyPageMarker") is True, "the page was reloaded"

    # Submit after confirming.
    page.get_by_role("button", name="保存并提交").click()
    expect(page).to_have_url(f"{live_server.url}/nominations/{pk}/")
    assert dialogs == ["确认提交至省总工会？提交后在初审开始前仍可撤回修改。"]
    expect(page.locator(".messages")).to_contain_text(
        "已提交至省总工会。系统将向本单位填报员邮箱发送提交回执。"
    )
    expect(page.locator("h1 .badge")).to_have_text("已提交")

    # The unit's list shows the candidate as submitted, with the number masked.
    page.get_by_label("主导航").get_by_role("link", name="本单位推荐").click()
    expect(page).to_have_url(f"{live_server.url}/nominations/")
    row = page.locator("tbody tr").filter(has_text=NAME)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("已提交")
    expect(row).to_contain_text(nomination.id_number_masked)
    expect(page.locator("main")).not_to_contain_text(VALID_ID)
    assert broken_assets == []

    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED
    assert nomination.name == NAME
    assert nomination.id_number == VALID_ID
    assert nomination.revisions.count() == 1
    assert list(nomination.honours.values_list("title", flat=True)) == [HONOUR]
    assert sorted(nomination.attachments.values_list("kind", "original_name")) == [
        (Attachment.Kind.EVIDENCE, "evidence.pdf"),
        (Attachment.Kind.PHOTO, "photo.png"),
    ]
    assert list(events_for(nomination).order_by("pk").values_list("code", "actor")) == [
        ("nomination.created", clerk.pk),
        ("nomination.attachment_added", clerk.pk),
        ("nomination.attachment_added", clerk.pk),
        ("nomination.draft_saved", clerk.pk),
        ("nomination.submitted", clerk.pk),
    ]
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"【{campaign.title}】推荐人选“{NAME}”已提交", [clerk.email])
    ]
