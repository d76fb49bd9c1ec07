"""The document builders, tested on the files they produce.

Workbooks are opened again with openpyxl and their cells read; PDFs are read with
pypdf for their text and font resources. The builders take plain data, so no
database is needed here.
"""

import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from longjiang.pdf import FontUnavailable
from nominations.documents import (
    SUMMARY_COLUMNS,
    Attachment1Data,
    CheckSummaryData,
    FormSection,
    FormTable,
    MissingPaperRow,
    Opinion,
    SummaryData,
    SummaryRow,
    UnitCheckCounts,
    build_attachment1_pdf,
    build_check_workbook,
    build_summary_xlsx,
)
from tests.factories import png_bytes

RARE_NAMES = ("王堃", "李喆", "张玥", "陈昇", "刘犇", "赵淼")
# 𪚥 (U+2A6A5, CJK Extension B) is not in AR PL UMing but in HanaMinA, the chain's second font.
EXT_B_CHAR = "\U0002a6a5"
# U+30EDE (CJK Extension G) is in no font of the chain.
UNPRINTABLE_CHAR = "\U00030ede"
OPINION_TITLES = (
    "所在单位意见",
    "市（地）总工会/产业工会推荐意见",
    "省总工会劳动和经济工作部初审意见",
    "省总工会审批意见",
)
SUMMARY_HEADERS = [
    "推荐排序",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "政治面貌",
    "文化程度",
    "工作单位及职务（岗位）",
    "职业（工种）",
    "技能等级/职称",
    "符合条件类别",
    "主要荣誉（限3项）",
    "简要事迹（≤100字）",
    "备注",
]


# --- Helpers ------------------------------------------------------------------------


def form(name: str = "王堃", **overrides) -> Attachment1Data:
    values = {
        "name": name,
        "unit_name": "哈尔滨市总工会",
        "campaign_year": 2021,
        "sections": (
            FormSection(
                "基本情况",
                (
                    ("姓名", name),
                    ("公民身份号码", "2301**********1234"),
                    ("性别", "男"),
                    ("民族", "汉族"),
                ),
            ),
            FormSection(
                "工作单位及岗位",
                (("工作单位（全称）", "哈尔滨松江精密机械有限公司"), ("岗位", "数控车工")),
            ),
            FormSection(
                "资格声明与本人承诺",
                (("本人为在职职工，且在一线从事生产、技术、研发等工作", "是"),),
            ),
        ),
        "tables": (
            FormTable(
                "主要荣誉",
                ("荣誉名称", "授予机关", "获得时间"),
                (("黑龙江省五一劳动奖章", "黑龙江省总工会", "2019-04"),),
            ),
            FormTable("竞赛获奖情况", ("竞赛名称", "名次"), ()),
        ),
        "narratives": (("简要事迹", "扎根一线二十年。"), ("主要事迹", "第一段。\n\n第二段。")),
        "opinions": (
            Opinion(OPINION_TITLES[0], "同意推荐。"),
            *(Opinion(title) for title in OPINION_TITLES[1:]),
        ),
        "filled_on": date(2021, 6, 28),
    }
    values.update(overrides)
    return Attachment1Data(**values)


def pdf_pages(content: bytes) -> list[str]:
    """Return each page's text with all whitespace removed (labels wrap in cells)."""
    reader = PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def pdf_fonts(content: bytes) -> list[dict]:
    """Return every font dictionary used by any page."""
    reader = PdfReader(io.BytesIO(content))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    return list(fonts.values())


def summary(rows, **overrides) -> SummaryData:
    values = {
        "year": 2021,
        "unit_name": "哈尔滨市总工会",
        "clerk_name": "赵丽",
        "clerk_phone": "0451-84600000",
        "filled_on": date(2021, 6, 30),
        "rows": rows,
    }
    values.update(overrides)
    return SummaryData(**values)


def open_sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def sheet_values(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


# --- The fonts ---------------------------------------------------------------------


def test_missing_font_file_raises_with_the_package_names(settings, tmp_path):
    settings.LONGJIANG_PDF_FONTS = [str(tmp_path / "none.ttc")]

    with pytest.raises(FontUnavailable) as raised:
        build_attachment1_pdf([form()])

    assert str(raised.value.message) == (
        f"无法读取生成PDF所需的字体文件“{tmp_path / 'none.ttc'}”。"
        "请安装Debian软件包fonts-arphic-uming、fonts-hanazono，"
        "或在设置LONGJIANG_PDF_FONTS中指定字体文件路径。"
    )


# --- Attachment 1 -------------------------------------------------------------------


def test_attachment1_prints_each_rare_name_on_its_own_first_page():
    content = build_attachment1_pdf([form(name) for name in RARE_NAMES]).content

    pages = pdf_pages(content)
    firsts = [text for text in pages if "推荐申报审批表" in text]
    assert len(firsts) == len(RARE_NAMES)
    for name, text in zip(RARE_NAMES, firsts, strict=True):
        assert text.startswith("编号：2021年“龙江工匠”推荐申报审批表")
        assert f"姓名{name}" in text


def test_attachment1_prints_header_labels_tables_deeds_and_opinion_boxes():
    content = build_attachment1_pdf([form()]).content

    text = "".join(pdf_pages(content))
    for expected in (
        "推荐单位（盖章）：哈尔滨市总工会",
        "填表日期：2021年6月28日",
        "基本情况",
        "公民身份号码2301**********1234",
        "工作单位（全称）哈尔滨松江精密机械有限公司",
        "本人为在职职工，且在一线从事生产、技术、研发等工作是",
        "主要荣誉荣誉名称授予机关获得时间黑龙江省五一劳动奖章黑龙江省总工会2019-04",
        "竞赛获奖情况竞赛名称名次无",
        "简要事迹扎根一线二十年。",
        "主要事迹第一段。第二段。",
        "所在单位意见同意推荐。负责人签字：（盖章）年月日",
        "照片",
    ):
        assert expected in text, expected
    for title in OPINION_TITLES:
        assert f"{title}负责人签字：（盖章）年月日" in text.replace("同意推荐。", "")


def test_attachment1_numbers_the_pages_of_each_form():
    long_deeds = ("在重大工程中攻克关键技术难题。" * 60 + "\n") * 8

    content = build_attachment1_pdf(
        [form("王堃", narratives=(("主要事迹", long_deeds),)), form("李喆")]
    ).content

    pages = pdf_pages(content)
    footers = [tuple(map(int, re.search(r"第(\d+)页共(\d+)页", p).groups())) for p in pages]
    second_start = [number for number, _total in footers].index(1, 1)
    assert second_start >= 3  # The long deeds flowed onto further pages.
    assert footers[:second_start] == [(n, second_start) for n in range(1, second_start + 1)]
    rest = len(pages) - second_start
    assert footers[second_start:] == [(n, rest) for n in range(1, rest + 1)]
    assert "姓名李喆" in pages[second_start]


def test_attachment1_embeds_the_uming_subset_and_no_other_font():
    content = build_attachment1_pdf([form("刘犇")]).content

    fonts = pdf_fonts(content)
    assert fonts
    for font in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+UMingCN-0", font["/BaseFont"])
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
        assert "/ToUnicode" in font


def test_attachment1_draws_the_photo_instead_of_the_placeholder():
    content = build_attachment1_pdf([form(photo=png_bytes((300, 400)))]).content

    reader = PdfReader(io.BytesIO(content))
    images = reader.pages[0].images
    assert len(images) == 1
    assert "照片" not in pdf_pages(content)[0]


def test_attachment1_escapes_markup_in_text():
    content = build_attachment1_pdf(
        [form(narratives=(("主要事迹", "<b>加粗</b> & <font>"),))]
    ).content

    assert "<b>加粗</b>&<font>" in "".join(pdf_pages(content))


def test_attachment1_prints_a_rare_character_with_the_next_font_of_the_chain():
    content = build_attachment1_pdf([form("王" + EXT_B_CHAR)]).content

    fonts = sorted(re.sub(r"^/[A-Z]{6}\+", "", str(f["/BaseFont"])) for f in pdf_fonts(content))
    assert fonts == ["HanaMinA", "UMingCN-0"]
    assert f"姓名王{EXT_B_CHAR}" in pdf_pages(content)[0]


def test_attachment1_replaces_a_form_with_an_unprintable_character_by_a_page_naming_it():
    name = "张" + UNPRINTABLE_CHAR + "😀"

    built = build_attachment1_pdf(
        [form("李喆"), form(name, unit_rank=2), form("王堃", narratives=(("主要事迹", "好"),))]
    )

    pages = [page for page in pdf_pages(built.content) if "推荐申报审批表" in page]
    assert len(pages) == 3
    assert "姓名李喆" in pages[0]
    assert pages[1] == (
        "2021年“龙江工匠”推荐申报审批表（未能生成）推荐人选推荐单位哈尔滨市总工会单位内排序2"
        "姓名张[U+30EDE][U+1F600]该推荐人选的材料中有无法打印的字符（U+30EDE、U+1F600，"
        "字体中没有或属于表情符号、控制字符），未生成其推荐申报审批表。"
        "请在系统中删除或替换这些字符后重新生成。第1页共1页"
    )
    assert "主要事迹好" in pages[2]
    assert built.warnings == (
        "哈尔滨市总工会 张[U+30EDE][U+1F600]：含有无法打印的字符 U+30EDE、U+1F600，"
        "其审批表已以说明页代替。",
    )


def test_attachment1_unprintable_character_anywhere_in_the_form_replaces_it():
    built = build_attachment1_pdf(
        [form("张玥", opinions=(Opinion("所在单位意见", "同意\u202e推荐"),))]
    )

    assert "（U+202E，" in pdf_pages(built.content)[0]
    assert built.warnings == (
        "哈尔滨市总工会 张玥：含有无法打印的字符 U+202E，其审批表已以说明页代替。",
    )


def test_attachment1_prints_forms_given_as_a_generator_with_their_count():
    names = iter(["王堃", "李喆"])

    built = build_attachment1_pdf((form(name) for name in names), count=2)

    pages = [page for page in pdf_pages(built.content) if "推荐申报审批表" in page]
    assert ["姓名王堃" in pages[0], "姓名李喆" in pages[1]] == [True, True]
    assert built.warnings == ()


def test_attachment1_reports_progress_up_to_100():
    seen = []

    build_attachment1_pdf(
        [form("王堃"), form("李喆"), form("张玥"), form("陈昇")], progress=seen.append
    )

    assert seen == [0, 25, 50, 75, 100]


def test_attachment1_reports_each_percentage_once():
    seen = []

    build_attachment1_pdf([form("王堃")] * 150, progress=seen.append)

    assert seen == list(range(101))


def test_attachment1_refuses_an_empty_list():
    with pytest.raises(ValueError, match="no forms"):
        build_attachment1_pdf([])


# --- Attachment 2 -------------------------------------------------------------------


def test_summary_writes_title_header_block_and_column_headers():
    content = build_summary_xlsx(summary([SummaryRow(rank=1, name="王堃")]))

    ws = open_sheet(content)
    assert ws.title == "推荐人选汇总表"
    assert ws["A1"].value == "2021年“龙江工匠”推荐人选汇总表"
    assert ws["A2"].value == "推荐单位（盖章）：哈尔滨市总工会"
    assert ws["J2"].value == "填报日期：2021年6月30日"
    assert ws["A3"].value == "填报人：赵丽"
    assert ws["F3"].value == "联系电话：0451-84600000"
    assert ws["J3"].value == "本单位推荐人数：1"
    assert [c.value for c in ws[4]] == SUMMARY_HEADERS
    assert {str(r) for r in ws.merged_cells.ranges} == {
        "A1:N1",
        "A2:I2",
        "J2:N2",
        "A3:E3",
        "F3:I3",
        "J3:N3",
    }


def test_summary_writes_rows_in_the_given_order_and_truncates_the_deeds():
    deeds = "甲" * 99 + "乙丙"
    rows = [
        SummaryRow(
            rank=1,
            name="王堃",
            sex="男",
            ethnicity="汉族",
            birth_month="1980-05",
            political_status="中共党员",
            education="大学本科",
            employer_and_post="哈尔滨电机厂有限责任公司装配车间班长",
            occupation="焊工",
            qualification="高级技师（一级）/工程副高级",
            criteria="高超技能、竞赛奖励",
            honours="2019年黑龙江省五一劳动奖章；2020年全国技术能手",
            brief_deeds=deeds,
        ),
        SummaryRow(rank=2, name="李喆", brief_deeds="甲" * 100),
    ]

    ws = open_sheet(build_summary_xlsx(summary(rows)))

    assert sheet_values(ws)[4:] == [
        [
            1,
            "王堃",
            "男",
            "汉族",
            "1980-05",
            "中共党员",
            "大学本科",
            "哈尔滨电机厂有限责任公司装配车间班长",
            "焊工",
            "高级技师（一级）/工程副高级",
            "高超技能、竞赛奖励",
            "2019年黑龙江省五一劳动奖章；2020年全国技术能手",
            "甲" * 99 + "乙…",
            None,
        ],
        [2, "李喆", *[None] * 10, "甲" * 100, None],
    ]


def test_summary_province_sheet_puts_the_unit_first_on_a3():
    rows = [SummaryRow(rank=1, name="王堃", unit="哈尔滨市总工会")]

    ws = open_sheet(build_summary_xlsx(summary(rows, province_wide=True)))

    assert [c.value for c in ws[4]] == ["推荐单位", *SUMMARY_HEADERS]
    assert [c.value for c in ws[5]][:3] == ["哈尔滨市总工会", 1, "王堃"]
    assert ws.page_setup.paperSize == 8  # A3


def test_summary_print_setup_is_landscape_fit_to_width_with_header_row_repeated():
    row = SummaryRow(rank=1, name="王堃", employer_and_post="某公司", brief_deeds="事迹")
    ws = open_sheet(build_summary_xlsx(summary([row])))

    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.print_title_rows == "$4:$4"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.freeze_panes == "A5"
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(len(SUMMARY_COLUMNS))]
    assert widths == [c.width for c in SUMMARY_COLUMNS]
    assert (ws["H5"].alignment.wrap_text, ws["M5"].alignment.wrap_text) == (True, True)
    assert ws["B5"].style_id == 0  # Short texts are written without a style of their own.
    (borders,) = ws.conditional_formatting
    assert str(borders.sqref) == "A4:N5"
    assert borders.rules[0].dxf.border.left.style == "thin"


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_summary_stores_formula_like_text_as_quoted_strings(text):
    rows = [SummaryRow(rank=1, name=text, occupation=text, honours=text)]

    content = build_summary_xlsx(summary(rows, clerk_name=text))

    ws = open_sheet(content)
    for cell in (ws["B5"], ws["I5"], ws["L5"]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert ws["C5"].quotePrefix is False
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_summary_drops_characters_a_workbook_cannot_hold():
    ws = open_sheet(build_summary_xlsx(summary([SummaryRow(rank=1, name="王\x0b堃")])))

    assert ws["B5"].value == "王堃"


def test_summary_has_no_phone_column():
    assert "phone" not in {c.key for c in SUMMARY_COLUMNS}
    assert "联系电话" not in {str(c.header) for c in SUMMARY_COLUMNS}


# --- The first-check summary --------------------------------------------------------


def test_check_workbook_counts_per_unit_and_lists_missing_paper():
    data = CheckSummaryData(
        year=2021,
        generated_on=date(2021, 7, 10),
        status_headers=("已提交", "初审中", "退回修改", "初审通过", "初审未通过", "取消资格"),
        units=[
            UnitCheckCounts("哈尔滨市总工会", (1, 2, 0, 3, 1, 0), 5, 2, 1),
            UnitCheckCounts("齐齐哈尔市总工会", (0, 0, 1, 0, 0, 1), 0, 2, 0),
        ],
        missing_paper=[MissingPaperRow("哈尔滨市总工会", 2, "李喆", "初审中", "未收到")],
    )

    workbook = load_workbook(io.BytesIO(build_check_workbook(data)))

    assert workbook.sheetnames == ["按单位统计", "纸质材料未收齐"]
    counts = sheet_values(workbook["按单位统计"])
    assert counts == [
        ["2021年“龙江工匠”初审情况汇总", *[None] * 10],
        ["统计日期：2021年7月10日", *[None] * 10],
        [
            "推荐单位",
            "已提交",
            "初审中",
            "退回修改",
            "初审通过",
            "初审未通过",
            "取消资格",
            "合计",
            "纸质材料已收到",
            "纸质材料未收到",
            "纸质材料逾期收到",
        ],
        ["哈尔滨市总工会", 1, 2, 0, 3, 1, 0, 7, 5, 2, 1],
        ["齐齐哈尔市总工会", 0, 0, 1, 0, 0, 1, 2, 0, 2, 0],
        ["合计", 1, 2, 1, 3, 1, 1, 9, 5, 4, 1],
    ]
    assert sheet_values(workbook["纸质材料未收齐"]) == [
        ["推荐单位", "推荐排序", "姓名", "状态", "情况"],
        ["哈尔滨市总工会", 2, "李喆", "初审中", "未收到"],
    ]
    assert workbook["按单位统计"].print_title_rows == "$3:$3"
