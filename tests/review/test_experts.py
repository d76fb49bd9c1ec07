"""Experts: added one by one, imported from a workbook, their campaigns and password links."""

import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from longjiang.accounts.models import Role, Unit, User
from longjiang.exceptions import DomainError
from review import services
from review.documents.experts import EXPERT_COLUMNS, WorkbookError
from review.models import Expert, IndustryGroup
from review.selectors.experts import active_experts
from tests.factories import inflated_xlsx, valid_credit_code
from tests.review.conftest import events

pytestmark = pytest.mark.django_db

HEADERS = [str(header) for _key, header in EXPERT_COLUMNS]
GOOD_CODE = valid_credit_code("91230100MA1B2C3D4")


def workbook(*rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# Ten or more letters and digits mixing cases and digits, as a generated password would.
PASSWORD_LIKE = re.compile(r"(?=\w*\d)(?=\w*[a-z])(?=\w*[A-Z])\b[A-Za-z0-9]{10,}\b")


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html, flags=re.S))


# --- add_expert ---------------------------------------------------------------------


def test_add_expert_creates_account_profile_activation_and_event(
    campaign, staff_user, django_capture_on_commit_callbacks
):
    harbin = Unit.objects.get(code="230100")

    with django_capture_on_commit_callbacks(execute=True):
        account = services.add_expert(
            campaign,
            actor=staff_user,
            name="王振华",
            employer_name="黑龙江北疆重型装备有限公司",
            employer_credit_code=" 91230100ma1b2c3d4" + GOOD_CODE[-1],
            unit=harbin,
            specialty=IndustryGroup.EQUIPMENT,
            title="正高级工程师",
            email="wang.zh@example.org",
        )

    expert = Expert.objects.get()
    user = expert.user
    assert account.expert == expert
    assert (user.username, user.role, user.full_name, user.unit) == (
        "expert_1",
        Role.EXPERT,
        "王振华",
        None,
    )
    # Staff see no password: the expert sets one through the mailed link.
    assert not user.has_usable_password()
    assert (user.email, account.link_sent_to) == ("wang.zh@example.org", "wang.zh@example.org")
    [message] = mail.outbox
    assert message.to == ["wang.zh@example.org"]
    assert "/accounts/set-password/" in message.body
    assert (expert.name, expert.employer_name, expert.employer_credit_code) == (
        "王振华",
        "黑龙江北疆重型装备有限公司",
        GOOD_CODE,
    )
    assert (expert.unit, expert.specialty, expert.title) == (harbin, "equipment", "正高级工程师")
    assert list(expert.campaigns.all()) == [campaign]
    [event] = events("review.expert_added")
    assert (event.actor, event.subject_id) == (staff_user, expert.pk)
    assert event.data == {
        "username": "expert_1",
        "name": "王振华",
        "employer": "黑龙江北疆重型装备有限公司",
        "campaign": 2021,
        "via": "form",
    }
    [link_event] = events("account.password_link_sent")
    assert (link_event.actor, link_event.subject_id, link_event.data) == (
        staff_user,
        user.pk,
        {"username": "expert_1"},
    )


def test_add_expert_uses_the_given_username_and_skips_taken_generated_ones(campaign, staff_user):
    User.objects.create_user("expert_1", role=Role.STAFF)

    first = services.add_expert(
        campaign, actor=staff_user, name="甲", employer_name="甲公司", specialty="it"
    )
    second = services.add_expert(
        campaign,
        actor=staff_user,
        name="乙",
        employer_name="乙公司",
        specialty="it",
        username="li.prof",
    )

    assert first.expert.user.username == "expert_2"
    assert second.expert.user.username == "li.prof"


def test_add_expert_keys_the_name_in_surname_stroke_order(make_expert):
    expert = make_expert(name="欧阳春")

    expert.refresh_from_db()
    # 欧 8 strokes 横, 阳 6 折, 春 9 横, each with its place in 通用规范汉字表.
    assert expert.name_order == "081000105306500005720910001355"


def test_expert_name_order_migration_keys_existing_experts(make_expert):
    expert = make_expert(name="王秀英")
    Expert.objects.filter(pk=expert.pk).update(name_order="")
    migration = importlib.import_module("review.migrations.0005_expert_name_order")

    migration.fill_name_order(django_apps, None)

    expert.refresh_from_db()
    assert expert.name_order == "041000007507300007650810001006"


def test_active_experts_are_listed_in_surname_stroke_order(make_expert, campaign, staff_user):
    for name in ("赵振华", "上官云", "王一", "丁志刚", "李秀英"):
        make_expert(name=name)

    names = [e.name for e in active_experts(staff_user, campaign)]

    assert names == ["丁志刚", "上官云", "王一", "李秀英", "赵振华"]


def test_add_expert_refuses_bad_details_with_every_reason(campaign, staff_user, make_expert):
    make_expert(name="王振华", employer_name="北疆重型装备有限公司", username="wang")

    with pytest.raises(services.InvalidExpert) as caught:
        services.add_expert(
            campaign,
            actor=staff_user,
            name="王振华",
            employer_name="北疆重型装备股份有限公司",
            employer_credit_code="12345",
            specialty="space",
            username="wang",
        )

    assert caught.value.errors == [
        "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）。",
        "专业领域“space”不在可选范围内，请填写：装备制造、能源化工、新材料与冶金建材、"
        "交通运输、农林牧渔与食品、建筑与工程、新一代信息技术、生物医药及医疗器械、现代服务业。",
        "用户名“wang”已被使用。",
        "专家库中已有同一姓名和工作单位的专家。",
    ]
    assert Expert.objects.count() == 1
    assert len(events("review.expert_added")) == 1


def test_add_expert_without_email_sends_no_link(campaign, staff_user):
    account = services.add_expert(
        campaign, actor=staff_user, name="甲", employer_name="甲公司", specialty="it"
    )

    assert account.link_sent_to == ""
    assert not account.expert.user.has_usable_password()
    assert events("account.password_link_sent") == []


def test_add_expert_refuses_a_malformed_email(campaign, staff_user):
    with pytest.raises(services.InvalidExpert) as caught:
        services.add_expert(
            campaign,
            actor=staff_user,
            name="甲",
            employer_name="甲公司",
            specialty="it",
            email="not-an-address",
        )

    assert caught.value.errors == ["电子邮箱“not-an-address”格式不正确。"]
    assert not Expert.objects.exists()


def test_set_expert_active_toggles_the_campaign(make_expert, campaign, staff_user):
    expert = make_expert()

    services.set_expert_active(expert, campaign=campaign, active=False, actor=staff_user)
    assert list(expert.campaigns.all()) == []
    services.set_expert_active(expert, campaign=campaign, active=True, actor=staff_user)
    assert list(expert.campaigns.all()) == [campaign]

    assert [e.data for e in events("review.expert_deactivated")] == [{"campaign": 2021}]
    assert [e.data for e in events("review.expert_activated")] == [{"campaign": 2021}]
    with pytest.raises(DomainError, match="该专家已参加本年度评审。"):
        services.set_expert_active(expert, campaign=campaign, active=True, actor=staff_user)


def test_a_panel_member_cannot_leave_the_campaign(expert, campaign, staff_user):
    with pytest.raises(DomainError, match="请先将该专家移出本年度的评审组。"):
        services.set_expert_active(expert, campaign=campaign, active=False, actor=staff_user)

    assert list(expert.campaigns.all()) == [campaign]
    assert events("review.expert_deactivated") == []


# --- import_experts -----------------------------------------------------------------


def test_import_reports_each_row_and_imports_only_the_good_ones(campaign, staff_user, make_expert):
    make_expert(name="赵海涛", employer_name="三江港航物流有限公司", username="taken")
    content = workbook(
        (
            "李春雷",
            "黑龙江寒地现代农业发展有限公司",
            GOOD_CODE,
            "230100",
            "农林牧渔与食品",
            "研究员",
            "",
            "li.cl@example.org",
        ),
        ("", "", "", "", "", "", ""),  # an empty row is skipped
        ("孙丽华", "龙泽信息技术有限公司", "", "cy09", "it", "", "sun.lh"),
        ("", "某公司", "91230100MA1B2C3D", "999999", "航天", "", ""),
        ("周立新", "冰城热电有限公司", GOOD_CODE[:-1] + "0", "", "能源化工", "", "taken"),
        ("赵海涛", "三江港航物流 有限公司", "", "黑龙江省农林水利工会", "交通运输", "", "bad name"),
    )

    report = services.import_experts(
        campaign, actor=staff_user, content=content, filename="专家名单.xlsx"
    )

    assert [(r.number, r.name, r.imported) for r in report.rows] == [
        (2, "李春雷", True),
        (4, "孙丽华", True),
        (5, "", False),
        (6, "周立新", False),
        (7, "赵海涛", False),
    ]
    assert (report.imported, report.failed) == (2, 3)
    assert report.rows[0].errors == report.rows[1].errors == []
    assert report.rows[2].errors == [
        "未填写姓名。",
        "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）。",
        "找不到所属市（地）或产业工会“999999”，请填写单位代码或单位名称。",
        "专业领域“航天”不在可选范围内，请填写：装备制造、能源化工、新材料与冶金建材、"
        "交通运输、农林牧渔与食品、建筑与工程、新一代信息技术、生物医药及医疗器械、现代服务业。",
    ]
    assert report.rows[3].errors == ["用户名“taken”已被使用。"]
    assert report.rows[4].errors == [
        "用户名须为3至150位字母、数字或 _ . @ + - 符号。",
        "专家库中已有同一姓名和工作单位的专家。",
    ]
    li = Expert.objects.get(name="李春雷")
    sun = Expert.objects.get(name="孙丽华")
    assert (li.user.username, li.unit.code, li.specialty, li.title) == (
        "expert_2",
        "230100",
        "agriculture",
        "研究员",
    )
    assert (sun.user.username, sun.unit.code, sun.specialty) == ("sun.lh", "cy09", "it")
    assert (report.rows[0].link_sent_to, report.rows[1].link_sent_to) == ("li.cl@example.org", "")
    assert not li.user.has_usable_password() and not sun.user.has_usable_password()
    assert [e.subject_id for e in events("account.password_link_sent")] == [li.user.pk]
    assert set(Expert.objects.values_list("name", flat=True)) == {"赵海涛", "李春雷", "孙丽华"}
    assert not User.objects.filter(username__in=["bad name", "expert_4"]).exists()
    assert [
        (e.subject_id, e.data["via"], e.data.get("row")) for e in events("review.expert_added")
    ][1:] == [(li.pk, "import", 2), (sun.pk, "import", 4)]
    [summary] = events("review.experts_imported")
    assert (summary.actor, summary.subject_id) == (staff_user, campaign.pk)
    assert summary.data == {"file": "专家名单.xlsx", "imported": 2, "failed": [5, 6, 7]}


def test_import_warns_of_a_bad_check_character_but_imports(campaign, staff_user):
    bad_check = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")
    content = workbook(("吴宏伟", "兴安化工有限公司", bad_check, "", "能源化工", "", ""))

    report = services.import_experts(campaign, actor=staff_user, content=content, filename="a.xlsx")

    [row] = report.rows
    assert row.imported
    assert row.warnings == ["统一社会信用代码校验位不正确，请核实。"]
    assert Expert.objects.get().employer_credit_code == bad_check


def test_import_rejects_a_repeated_row_of_the_same_file(campaign, staff_user):
    row = ("吴宏伟", "兴安化工有限公司", "", "", "能源化工", "", "")
    content = workbook(row, row)

    report = services.import_experts(campaign, actor=staff_user, content=content, filename="a.xlsx")

    assert [r.errors for r in report.rows] == [[], ["专家库中已有同一姓名和工作单位的专家。"]]
    assert Expert.objects.count() == 1


def test_import_accepts_headers_typed_with_other_brackets_and_spaces(campaign, staff_user):
    headers = ["姓 名", "工作单位", "单位统一社会信用代码", "所属市(地)或产业工会", "专业领域"]
    content = workbook(
        ("吴宏伟", "兴安化工有限公司", "", "齐齐哈尔市总工会", "能源化工"), headers=headers
    )

    report = services.import_experts(campaign, actor=staff_user, content=content, filename="a.xlsx")

    assert report.imported == 1
    assert Expert.objects.get().unit.code == "230200"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a workbook", "无法读取该文件，请使用专家名单模板填写后以 .xlsx 格式上传。"),
        (
            workbook(headers=["姓名", "单位"]),
            "第1行缺少以下列：工作单位、专业领域。请使用专家名单模板。",
        ),
        (workbook(), "文件中没有可导入的专家。"),
    ],
)
def test_import_refuses_an_unreadable_file_and_writes_nothing(
    campaign, staff_user, content, message
):
    with pytest.raises(WorkbookError) as caught:
        services.import_experts(campaign, actor=staff_user, content=content, filename="a.xlsx")

    assert str(caught.value.message) == message
    assert Expert.objects.count() == 0
    assert events("review.experts_imported") == []


def test_import_refuses_too_many_rows(campaign, staff_user):
    rows = [(f"专家{n}", "某公司", "", "", "it", "", "") for n in range(501)]

    with pytest.raises(WorkbookError, match="一次最多导入500行，请分批导入。"):
        services.import_experts(
            campaign, actor=staff_user, content=workbook(*rows), filename="a.xlsx"
        )
    assert Expert.objects.count() == 0


def test_import_refuses_a_workbook_that_unpacks_into_too_much(campaign, staff_user):
    content = inflated_xlsx(
        workbook(("李春雷", "某公司", "", "", "it", "", "")), padding=50_000_000
    )
    assert len(content) < 100_000

    with pytest.raises(WorkbookError) as refused:
        services.import_experts(campaign, actor=staff_user, content=content, filename="a.xlsx")

    assert str(refused.value.message) == (
        "该文件解压后的内容过大或压缩比异常，无法读取。"
        "请使用专家名单模板填写后以 .xlsx 格式重新上传。"
    )
    assert Expert.objects.count() == 0


def test_openpyxl_reads_uploads_through_defusedxml():
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")


# --- Views ----------------------------------------------------------------------------


def test_template_download_has_the_columns_and_the_valid_values(staff_client):
    response = staff_client.get(reverse("review:expert_template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["专家名单", "填写说明"]
    assert [c.value for c in wb["专家名单"][1]] == HEADERS
    notes = [row[0] for row in wb["填写说明"].iter_rows(values_only=True)]
    assert "装备制造" in notes and "现代服务业" in notes
    assert "230100" in notes and "cy01" in notes


def test_staff_add_an_expert_sends_a_link_and_shows_no_password(
    campaign, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("review:experts"),
            {
                "name": "王振华",
                "employer_name": "北疆重型装备有限公司",
                "specialty": "equipment",
                "email": "wang.zh@example.org",
            },
        )

    content = response.content.decode()
    expert = Expert.objects.get()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "expert_1" in content
    assert "已向 wang.zh@example.org 发送设置密码链接（72小时内有效）" in content
    assert PASSWORD_LIKE.findall(visible_text(content)) == []
    assert not expert.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["wang.zh@example.org"]


def test_staff_add_an_expert_requires_an_email(campaign, staff_client):
    response = staff_client.post(
        reverse("review:experts"),
        {"name": "王振华", "employer_name": "北疆重型装备有限公司", "specialty": "equipment"},
    )

    assert response.status_code == 200
    assert "这个字段是必填项。" in response.content.decode()
    assert not Expert.objects.exists()


def test_staff_form_shows_the_services_reasons(staff_client, make_expert):
    make_expert(username="wang")

    response = staff_client.post(
        reverse("review:experts"),
        {
            "name": "甲",
            "employer_name": "甲公司",
            "specialty": "it",
            "username": "wang",
            "email": "jia@example.org",
        },
    )

    assert response.status_code == 200
    assert "用户名“wang”已被使用。" in response.content.decode()
    assert Expert.objects.count() == 1


def test_staff_import_page_reports_rows(campaign, staff_client):
    upload = io.BytesIO(workbook(("李春雷", "寒地农业有限公司", "", "", "农林牧渔与食品", "", "")))
    upload.name = "专家.xlsx"

    response = staff_client.post(reverse("review:expert_import"), {"file": upload})

    content = response.content.decode()
    assert response.status_code == 200
    assert "导入完成：成功1行，未导入0行。" in content
    assert Expert.objects.get().name == "李春雷"


def test_staff_import_page_refuses_other_file_types(campaign, staff_client):
    upload = io.BytesIO(b"a,b")
    upload.name = "experts.csv"

    response = staff_client.post(reverse("review:expert_import"), {"file": upload})

    assert "请上传 .xlsx 格式的 Excel 文件。" in response.content.decode()
    assert events("review.experts_imported") == []


def test_staff_activation_view(staff_client, make_expert):
    expert = make_expert()

    off = staff_client.post(
        reverse("review:expert_activation", kwargs={"expert_id": expert.pk}), {"active": "0"}
    )

    assert off.status_code == 302
    assert expert.campaigns.count() == 0


def test_staff_password_reset_never_shows_a_usable_password(
    staff_client, staff_user, make_expert, django_capture_on_commit_callbacks
):
    expert = make_expert(username="expert07", email="expert07@example.org")
    mail.outbox.clear()
    old_hash = expert.user.password

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("review:expert_password", kwargs={"expert_id": expert.pk}), follow=True
        )

    content = response.content.decode()
    assert response.redirect_chain == [(reverse("review:experts"), 302)]
    assert "已向 expert07@example.org 发送设置密码链接（72小时内有效）" in content
    assert PASSWORD_LIKE.findall(visible_text(content)) == []
    [message] = mail.outbox
    assert message.to == ["expert07@example.org"]
    link = re.search(r"/accounts/set-password/\S+/", message.body).group(0)
    assert link.split("/")[-2] not in content
    # The password stays as it was until the expert uses the link.
    expert.user.refresh_from_db()
    assert expert.user.password == old_hash
    [event] = events("account.password_link_sent")[1:]
    assert (event.actor, event.subject_id, event.data) == (
        staff_user,
        expert.user.pk,
        {"username": "expert07"},
    )


def test_staff_password_reset_without_email_asks_for_one(staff_client, make_expert):
    expert = make_expert()

    response = staff_client.post(
        reverse("review:expert_password", kwargs={"expert_id": expert.pk}), follow=True
    )

    assert (
        "该账号没有电子邮箱，无法发送设置密码链接。请先在“系统管理 › 用户”中为该账号填写电子邮箱"
        in (response.content.decode())
    )
    assert events("account.password_link_sent") == []
    assert mail.outbox == []


def test_add_expert_profile_to_an_existing_expert_account(campaign, staff_user, expert_user):
    old_hash = expert_user.password

    expert = services.add_expert_profile(
        expert_user,
        campaign=campaign,
        actor=staff_user,
        name="高振华",
        employer_name="哈尔滨工业大学",
        specialty="equipment",
        title="教授",
    )

    expert_user.refresh_from_db()
    assert (expert.user, expert.name, expert.title) == (expert_user, "高振华", "教授")
    assert expert_user.password == old_hash
    assert list(expert.campaigns.all()) == [campaign]
    [event] = events("review.expert_added")
    assert event.data == {
        "username": "expert",
        "name": "高振华",
        "employer": "哈尔滨工业大学",
        "campaign": 2021,
        "via": "account",
    }


def test_add_expert_profile_refuses_other_roles_and_a_second_profile(
    campaign, staff_user, expert_user
):
    fields = {"name": "高振华", "employer_name": "哈尔滨工业大学", "specialty": "equipment"}
    with pytest.raises(DomainError, match="只能为评审专家账号登记专家信息。"):
        services.add_expert_profile(staff_user, campaign=campaign, actor=staff_user, **fields)
    services.add_expert_profile(expert_user, campaign=campaign, actor=staff_user, **fields)
    with pytest.raises(DomainError, match="该账号已登记专家信息。"):
        services.add_expert_profile(
            expert_user, campaign=campaign, actor=staff_user, **{**fields, "name": "李春雷"}
        )
    assert Expert.objects.count() == 1


def test_import_keeps_no_phone_number_of_the_file_name_in_the_trail(campaign, staff_user):
    content = workbook(("吴宏伟", "兴安化工有限公司", "", "", "能源化工", "", ""))

    services.import_experts(
        campaign, actor=staff_user, content=content, filename="专家名单13800138000.xlsx"
    )

    assert events("review.experts_imported")[0].data["file"] == "专家名单***********.xlsx"
    assert events("review.expert_added")[0].data["file"] == "专家名单***********.xlsx"
