"""The exports: the documents' data read from the database, scoped to the user.

Each test builds nominations through the services, exports, and opens the file:
workbooks with openpyxl, PDFs with pypdf.
"""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from longjiang.accounts.models import Unit, User
from longjiang.documents.export import Export, NothingToExport
from nominations.demo.notice import NOTICE_2021_ELECTRONIC_DEADLINE, NOTICE_2021_PAPER_DEADLINE
from nominations.exports.attachment1 import attachment1_pdf
from nominations.exports.check import check_workbook
from nominations.exports.common import ExportNotAllowed
from nominations.exports.summary import summary_xlsx
from nominations.models import Campaign, Nomination
from nominations.services import (
    disqualify_nomination,
    mark_eligible,
    move_nomination,
    record_paper_receipt,
    reject_nomination,
    return_for_correction,
    start_check,
)
from nominations.workflow import Status
from tests.factories import all_checks_met
from tests.factories.nominations import BRIEF_DEEDS
from tests.pdftotext import pdftotext

RARE_NAMES = ("王堃", "李喆", "张玥", "陈昇", "刘犇", "赵淼")
EXT_B_NAME = "李\U000201d4"  # 李𠇔: U+201D4 is in CJK Extension B
EXT_C_NAME = "王\U0002a700"  # U+2A700 opens CJK Extension C, which AR PL UMing lacks
MOBILE = "13800138000"  # complete_fields' mobile
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_ROW = [
    1,
    "王堃",
    "男",
    "汉族",
    "1980年5月",
    "中共党员",
    "中专/中技/职高",
    "哈尔滨松江精密机械有限公司机加工车间数控车工、班组长",
    "车工",
    "高级技师（一级）",
    "高超技能",
    "2019年黑龙江省五一劳动奖章",
    (BRIEF_DEEDS * 2)[:100] + "…",
    None,
]


# --- Helpers ------------------------------------------------------------------------


def workbook(export: Export):
    return load_workbook(io.BytesIO(export.content))


def rows_of(ws, first: int = 5) -> list[list]:
    return [list(row) for row in ws.iter_rows(min_row=first, values_only=True)]


def every_text(export: Export) -> str:
    """Return all cell values of every sheet, and the raw XML of every part, as text."""
    wb = workbook(export)
    cells = [
        str(value)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return "\n".join(cells + parts)


def pdf_pages(export: Export) -> list[str]:
    reader = PdfReader(io.BytesIO(export.content))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def first_pages(export: Export) -> list[str]:
    return [text for text in pdf_pages(export) if "推荐申报审批表" in text]


def close_intake(campaign: Campaign) -> None:
    """Put back the notice's deadlines, so that July 2021 receipts are in the past."""
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=NOTICE_2021_ELECTRONIC_DEADLINE,
        paper_deadline=NOTICE_2021_PAPER_DEADLINE,
    )
    campaign.refresh_from_db()


@pytest.fixture
def harbin_clerk(clerk) -> User:
    User.objects.filter(pk=clerk.pk).update(full_name="赵丽", phone="0451-84600000")
    clerk.refresh_from_db()
    return clerk


@pytest.fixture
def submitted(make_nomination):
    """Return a function making a submitted nomination."""

    def make(name: str, unit: Unit | None = None, **fields) -> Nomination:
        return make_nomination(unit=unit, status=Status.SUBMITTED, name=name, **fields)

    return make


# --- Attachment 2 -------------------------------------------------------------------


def test_summary_of_a_unit_lists_received_nominations_in_ranking_order(
    campaign, harbin_clerk, unit_qiqihar, make_nomination, submitted
):
    first = submitted("王堃", brief_deeds=BRIEF_DEEDS * 2)
    make_nomination(status=Status.DRAFT, name="草稿人")
    submitted("李喆")
    fourth = submitted("张玥")
    submitted("齐齐哈尔人", unit=unit_qiqihar)
    make_nomination(status=Status.CANCELLED, name="作废人")
    move_nomination(fourth, actor=harbin_clerk, offset=-1)

    export = summary_xlsx(campaign, user=harbin_clerk)

    assert export.filename == "2021年龙江工匠推荐人选汇总表-哈尔滨市总工会.xlsx"
    assert export.content_type == XLSX
    ws = workbook(export).active
    today = timezone.localdate()
    assert ws["A1"].value == "2021年“龙江工匠”推荐人选汇总表"
    assert ws["A2"].value == "推荐单位（盖章）：哈尔滨市总工会"
    assert ws["J2"].value == f"填报日期：{today.year}年{today.month}月{today.day}日"
    assert ws["A3"].value == "填报人：赵丽"
    assert ws["F3"].value == "联系电话：0451-84600000"
    assert ws["J3"].value == "本单位推荐人数：3"
    rows = rows_of(ws)
    assert rows[0] == FIRST_ROW
    assert [(row[0], row[1]) for row in rows] == [(1, "王堃"), (2, "张玥"), (3, "李喆")]
    # On screen the draft holds rank 2; the sheet numbers only what it lists.
    screen = dict(Nomination.objects.filter(unit=first.unit).values_list("name", "unit_rank"))
    assert [screen[name] for name in ("王堃", "草稿人", "张玥", "李喆")] == [1, 2, 3, 4]


def test_summary_of_the_province_has_every_unit_in_unit_order(
    campaign, staff_user, unit_harbin, unit_qiqihar, submitted
):
    User.objects.filter(pk=staff_user.pk).update(full_name="省总工会经办人", phone="0451-1")
    staff_user.refresh_from_db()
    submitted("齐齐哈尔人", unit=unit_qiqihar)
    submitted("王堃")

    export = summary_xlsx(campaign, user=staff_user)

    assert export.filename == "2021年龙江工匠推荐人选汇总表-全省.xlsx"
    ws = workbook(export).active
    assert ws["A2"].value == "推荐单位（盖章）：黑龙江省总工会"
    assert ws["A3"].value == "填报人：省总工会经办人"
    assert [c.value for c in ws[4]][:3] == ["推荐单位", "推荐排序", "姓名"]
    assert [row[:3] for row in rows_of(ws)] == [
        ["哈尔滨市总工会", 1, "王堃"],
        ["齐齐哈尔市总工会", 1, "齐齐哈尔人"],
    ]


def test_summary_never_contains_an_id_number_or_a_mobile(campaign, staff_user, submitted):
    nominations = [submitted(name) for name in RARE_NAMES[:2]]
    id_numbers = [n.id_number for n in nominations]

    for export in (
        summary_xlsx(campaign, user=staff_user),
        summary_xlsx(campaign, unit=nominations[0].unit),
        check_workbook(campaign, user=staff_user),
    ):
        text = every_text(export)
        for secret in (*id_numbers, *(n.id_number_masked for n in nominations), MOBILE):
            assert secret not in text
        assert "138****8000" not in text
        assert not re.search(r"\d{17}[\dXx]", text)
        assert not re.search(r"1[3-9]\d{9}", text)


def test_summary_refuses_a_clerk_asking_for_another_unit(campaign, harbin_clerk, unit_qiqihar):
    with pytest.raises(ExportNotAllowed):
        summary_xlsx(campaign, user=harbin_clerk, unit=unit_qiqihar)


def test_summary_reports_progress(campaign, staff_user, submitted):
    submitted("王堃")
    seen = []

    summary_xlsx(campaign, user=staff_user, progress=seen.append)

    assert seen == [5, 60, 100]


# --- Attachment 1 -------------------------------------------------------------------


def test_forms_of_a_unit_print_each_submitted_nomination_in_ranking_order(
    campaign, harbin_clerk, make_nomination, submitted
):
    made = [submitted(name) for name in RARE_NAMES]
    make_nomination(status=Status.DRAFT, name="草稿人")
    make_nomination(status=Status.CANCELLED, name="作废人")
    move_nomination(made[-1], actor=harbin_clerk, offset=-1)

    export = attachment1_pdf(campaign, user=harbin_clerk)

    assert export.filename == "2021年龙江工匠推荐申报审批表-哈尔滨市总工会.pdf"
    assert export.content_type == "application/pdf"
    firsts = first_pages(export)
    expected = [*RARE_NAMES[:4], RARE_NAMES[5], RARE_NAMES[4]]
    assert [re.search(r"姓名(\w+?)公民身份号码", text).group(1) for text in firsts] == expected
    text = "".join(pdf_pages(export))
    assert "草稿人" not in text and "作废人" not in text
    for nomination in made:
        assert nomination.id_number not in text
        assert f"公民身份号码{nomination.id_number_masked}" in text
    assert MOBILE not in text
    for label in ("推荐单位（盖章）：哈尔滨市总工会", "工作单位（全称）", "主要荣誉", "主要事迹"):
        assert label in text
    for title in (
        "所在单位意见该同志爱岗敬业，技艺精湛，业绩突出，同意推荐。",
        "市（地）总工会/产业工会推荐意见经审核，该同志符合“龙江工匠”推荐条件，同意推荐。",
        "省总工会劳动和经济工作部初审意见负责人签字：",
        "省总工会审批意见负责人签字：",
    ):
        assert title in text
    reader = PdfReader(io.BytesIO(export.content))
    assert len(reader.pages[0].images) == 1  # The photo, read from private storage.


def test_forms_of_one_nomination_print_it_in_any_status(campaign, staff_user, make_nomination):
    draft = make_nomination(status=Status.DRAFT, name="王堃")

    export = attachment1_pdf(campaign, user=staff_user, nomination_ids=[draft.pk])

    assert export.filename == "2021年龙江工匠推荐申报审批表-哈尔滨市总工会-王堃.pdf"
    assert len(first_pages(export)) == 1
    assert "填表日期：年月日" in first_pages(export)[0]


def test_forms_hide_nominations_the_user_cannot_see(campaign, other_clerk, submitted):
    nomination = submitted("王堃")

    with pytest.raises(NothingToExport):
        attachment1_pdf(campaign, user=other_clerk, nomination_ids=[nomination.pk])


def test_forms_replace_a_record_with_an_unprintable_character_by_a_page_naming_it(
    campaign, staff_user, submitted
):
    submitted("李喆")
    broken = submitted("王堃")
    submitted("张玥")
    # Older data or an import: the form would refuse the emoji.
    Nomination.objects.filter(pk=broken.pk).update(name="王😀")

    export = attachment1_pdf(campaign, user=staff_user)

    firsts = [text for text in pdf_pages(export) if "推荐申报审批表" in text]
    assert [re.search(r"姓名(\S+?)(公民身份号码|该推荐)", t).group(1) for t in firsts] == [
        "李喆",
        "王[U+1F600]",
        "张玥",
    ]
    assert "单位内排序2" in firsts[1]
    assert export.warnings == (
        "哈尔滨市总工会 王[U+1F600]：含有无法打印的字符 U+1F600，其审批表已以说明页代替。",
    )


# --- The first-check summary --------------------------------------------------------


def test_check_workbook_counts_statuses_and_paper_per_unit(
    campaign, staff_user, unit_qiqihar, submitted
):
    plain = submitted("已提交人")
    checking, returned, eligible, rejected, disqualified = (
        submitted(name) for name in ("初审中人", "退回人", "通过人", "未通过人", "取消人")
    )
    late = submitted("齐齐哈尔人", unit=unit_qiqihar)
    for nomination in (checking, returned, eligible, rejected, disqualified):
        start_check(nomination, actor=staff_user)
    deadline = timezone.now() + timedelta(days=5)
    return_for_correction(
        returned, actor=staff_user, comments={"name": "请核对"}, deadline=deadline
    )
    mark_eligible(eligible, actor=staff_user, verdicts=all_checks_met())
    reject_nomination(rejected, actor=staff_user, reason="不符合条件")
    disqualify_nomination(disqualified, actor=staff_user, reason="材料造假")
    close_intake(campaign)
    receipt = {"actor": staff_user, "stamped": True}
    record_paper_receipt(checking, received_on=date(2021, 7, 5), copies=3, **receipt)
    record_paper_receipt(eligible, received_on=date(2021, 7, 6), copies=2, **receipt)
    record_paper_receipt(late, received_on=date(2021, 7, 7), copies=3, **receipt)
    record_paper_receipt(
        rejected,
        received_on=date(2021, 7, 9),
        copies=3,
        actor=staff_user,
        stamped=False,
        note="补寄中",
    )

    export = check_workbook(campaign, user=staff_user)

    assert export.filename == "2021年龙江工匠初审情况汇总.xlsx"
    wb = workbook(export)
    counts = {row[0]: tuple(row[1:]) for row in rows_of(wb["按单位统计"], first=4)}
    assert len(counts) == 24  # 23 recommending units and the total
    assert counts["哈尔滨市总工会"] == (1, 1, 1, 1, 1, 1, 6, 3, 3, 1)
    assert counts["齐齐哈尔市总工会"] == (1, 0, 0, 0, 0, 0, 1, 1, 0, 1)
    assert counts["鸡西市总工会"] == (0,) * 10
    assert counts["合计"] == (2, 1, 1, 1, 1, 1, 7, 4, 3, 2)
    assert rows_of(wb["纸质材料未收齐"], first=2) == [
        ["哈尔滨市总工会", 1, "已提交人", "已提交", "未收到"],
        ["哈尔滨市总工会", 3, "退回人", "退回修改", "未收到"],
        ["哈尔滨市总工会", 4, "通过人", "初审通过", "收到2份，应为3份"],
        ["哈尔滨市总工会", 5, "未通过人", "初审未通过", "未加盖公章；逾期收到；补寄中"],
        ["哈尔滨市总工会", 6, "取消人", "取消资格", "未收到"],
    ]
    assert plain.status == Status.SUBMITTED


# --- Query counts -------------------------------------------------------------------


def _grow(submitted, staff_user, unit_qiqihar, count: int) -> None:
    for i in range(count):
        nomination = submitted(f"候选人{i}", unit=unit_qiqihar if i % 2 else None)
        if i % 3 == 0:
            start_check(nomination, actor=staff_user)


@pytest.mark.parametrize(
    "export",
    [
        lambda campaign, user: summary_xlsx(campaign, user=user),
        lambda campaign, user: attachment1_pdf(campaign, user=user),
        lambda campaign, user: check_workbook(campaign, user=user),
    ],
    ids=["summary", "forms", "check"],
)
def test_export_query_count_does_not_grow_with_nominations(
    export, campaign, staff_user, unit_qiqihar, submitted
):
    _grow(submitted, staff_user, unit_qiqihar, 2)
    export(campaign, staff_user)  # Warm up caches (content types, translations, the font).
    with CaptureQueriesContext(connection) as small:
        export(campaign, staff_user)
    _grow(submitted, staff_user, unit_qiqihar, 6)

    with CaptureQueriesContext(connection) as large:
        export(campaign, staff_user)

    assert Nomination.objects.count() == 8
    assert len(large) == len(small)


# --- The export command -------------------------------------------------------------


def test_export_command_writes_each_document(campaign, harbin_clerk, submitted, tmp_path):
    submitted("王堃")
    written = {}
    for args, name in (
        (["summary"], "a2.xlsx"),
        (["forms", "--unit", "230100"], "a1.pdf"),
        (["check"], "check.xlsx"),
    ):
        out = io.StringIO()
        path = tmp_path / name
        call_command("export", *args, "--campaign", "2021", "--out", str(path), stdout=out)
        written[name] = path.read_bytes()
        assert out.getvalue().strip() == f"已写入 {path}（{len(written[name])} 字节）"

    summary = load_workbook(io.BytesIO(written["a2.xlsx"])).active
    assert summary["A2"].value == "推荐单位（盖章）：黑龙江省总工会"
    assert summary["C5"].value == "王堃"
    assert written["a1.pdf"].startswith(b"%PDF-")
    assert "姓名王堃" in re.sub(
        r"\s+", "", PdfReader(io.BytesIO(written["a1.pdf"])).pages[0].extract_text()
    )
    assert load_workbook(io.BytesIO(written["check.xlsx"])).sheetnames == [
        "按单位统计",
        "纸质材料未收齐",
    ]


def test_export_command_summary_of_one_unit(campaign, harbin_clerk, submitted, tmp_path):
    submitted("王堃")
    path = tmp_path / "a2.xlsx"

    call_command("export", "summary", "--campaign", "2021", "--unit", "230100", "--out", str(path))

    ws = load_workbook(path).active
    assert (ws["A2"].value, ws["A3"].value) == ("推荐单位（盖章）：哈尔滨市总工会", "填报人：赵丽")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "--campaign", "2021", "--unit", "999999"], "没有代码为“999999”的推荐单位。"),
        (["forms", "--campaign", "2021", "--unit", "230000"], "没有代码为“230000”的推荐单位。"),
        (["summary", "--campaign", "1999"], "没有1999年度的选树活动。"),
        (
            ["check", "--campaign", "2021", "--unit", "230100"],
            "“check”按全省导出，不能指定 --unit。",
        ),
        (["forms", "--campaign", "2021"], "没有符合条件的推荐人选，未生成文件。"),
        (["forms", "--campaign", "2021", "--nomination", "999999"], "没有编号为999999的推荐人选。"),
        (
            ["forms", "--campaign", "2021", "--unit", "230100", "--nomination", "1"],
            "“forms”不能同时指定 --unit、--nomination。",
        ),
    ],
)
def test_export_command_refuses_with_a_clear_message(campaign, tmp_path, args, message):
    path = tmp_path / "out.bin"

    with pytest.raises(CommandError) as raised:
        call_command("export", *args, "--out", str(path))

    assert str(raised.value) == message
    assert not path.exists()


def test_export_command_explains_a_missing_font(campaign, submitted, settings, tmp_path):
    submitted("王堃")
    settings.LONGJIANG_PDF_FONTS = ["/nonexistent/uming.ttc"]

    with pytest.raises(CommandError) as raised:
        call_command("export", "forms", "--campaign", "2021", "--out", str(tmp_path / "a1.pdf"))

    assert "fonts-arphic-uming、fonts-hanazono" in str(raised.value)
    assert str(raised.value).startswith("无法读取生成PDF所需的字体文件“/nonexistent/uming.ttc”")


@pytest.mark.parametrize("name", [EXT_B_NAME, EXT_C_NAME], ids=["extension-b", "extension-c"])
def test_export_command_forms_extract_a_rare_name_exactly(campaign, submitted, tmp_path, name):
    submitted(name)
    path = tmp_path / "a.pdf"

    call_command("export", "forms", "--campaign", "2021", "--unit", "230100", "--out", str(path))

    assert name in pdftotext(path.read_bytes())


def test_export_command_forms_page_for_an_unprintable_record_warns_and_succeeds(
    campaign, submitted, tmp_path
):
    submitted("李喆")
    broken = submitted("刘犇")
    Nomination.objects.filter(pk=broken.pk).update(name="刘😀")
    path, out, err = tmp_path / "a.pdf", io.StringIO(), io.StringIO()

    call_command(
        "export", "forms", "--campaign", "2021", "--out", str(path), stdout=out, stderr=err
    )

    text = re.sub(r"\s+", "", pdftotext(path.read_bytes()))
    assert "李喆" in text and "刘[U+1F600]" in text and "未生成其推荐申报审批表" in text
    assert err.getvalue() == (
        "哈尔滨市总工会 刘[U+1F600]：含有无法打印的字符 U+1F600，其审批表已以说明页代替。\n"
    )
    assert out.getvalue().startswith("已写入 ")


def test_exports_are_scoped_by_role(campaign, expert_user, submitted):
    submitted("王堃")

    ws = workbook(summary_xlsx(campaign, user=expert_user)).active

    assert ws["J3"].value == "本单位推荐人数：0"
    assert rows_of(ws) == []
