"""The score workbook: the summary, one sheet per expert, and the conflicts.

The data is the small campaign of ``tests.review.scored``; each test builds the
workbook through ``review.exports`` and opens it with openpyxl.
"""

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from longjiang.documents.export import NothingToExport
from review import exports
from review.documents.data import ExpertColumn, ScoreRow, ScoreWorkbookData
from review.documents.scores import build_score_workbook, sheet_names
from review.models import ReviewSettings
from tests.review.scored import (
    CONFLICT_REASON,
    DISMISSED_REASON,
    MOVED_IN_REASON,
    MOVED_OUT_REASON,
    score,
)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MOBILE = "13800138000"  # complete_fields' mobile
OFFICE_PHONE = "0451-86000000"  # complete_fields' office phone


def workbook(export):
    return load_workbook(io.BytesIO(export.content))


def rows(ws, first: int) -> list[list]:
    return [list(row) for row in ws.iter_rows(min_row=first, values_only=True)]


def every_text(content: bytes) -> str:
    """Return every cell of every sheet and the raw XML of every part, as text."""
    wb = load_workbook(io.BytesIO(content))
    cells = [
        str(value)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return "\n".join(cells + parts)


# --- The summary ------------------------------------------------------------------


def test_score_workbook_has_summary_expert_and_conflict_sheets(scored):
    export = exports.score_workbook(scored.campaign)

    assert export.filename == "2021年龙江工匠评审得分汇总表.xlsx"
    assert export.content_type == XLSX
    # Experts in 姓氏笔画 order (王 4, 刘 6, 陈 7 strokes); 陈思远 has no counted sheet of
    # 李秀英 (a draft) but scored others.
    assert workbook(export).sheetnames == ["汇总", "王振华", "刘海涛", "陈思远", "回避"]


def test_score_workbook_summary_has_totals_statistics_rank_and_membership(scored):
    ws = workbook(exports.score_workbook(scored.campaign))["汇总"]

    assert ws["A1"].value == "2021年“龙江工匠”评审得分汇总"
    assert ws["A2"].value.startswith(
        "排名依据：去掉一个最高分和一个最低分后的平均分；回避的专家不计分，标注“回避”；生成时间："
    )
    assert rows(ws, 3) == [
        [
            "排名",
            "姓名",
            "推荐单位",
            "王振华",
            "刘海涛",
            "陈思远",
            "有效评分数",
            "平均分",
            "去掉最高分和最低分后的平均分",
            "标准差",
            "极差",
            "意见分歧",
            "名单",
            "调整理由",
        ],
        [1, "欧阳明辉", "哈尔滨市总工会", 90, 86, 88, 3, 88, 88, 2, 4, "是", "建议人选", None],
        [
            2,
            "李秀英",
            "哈尔滨市总工会",
            80.5,
            84,
            None,
            2,
            82.25,
            82.25,
            2.47,
            3.5,
            "是",
            "移出",
            MOVED_OUT_REASON,
        ],
        [
            3,
            "赵铁柱",
            "齐齐哈尔市总工会",
            70,
            "回避",
            72,
            2,
            71,
            71,
            1.41,
            2,
            None,
            "后备人选",
            None,
        ],
        [
            3,
            "孙立强",
            "齐齐哈尔市总工会",
            71,
            None,
            71,
            2,
            71,
            71,
            0,
            0,
            None,
            "移入",
            MOVED_IN_REASON,
        ],
    ]
    assert ws["H4"].number_format == "0.00"
    assert ws["D4"].number_format == "0.0"


def test_score_workbook_shows_normalised_scores_only_when_the_campaign_does(scored):
    ReviewSettings.objects.filter(campaign=scored.campaign).update(show_normalised=True)

    ws = workbook(exports.score_workbook(scored.campaign))["汇总"]

    header = rows(ws, 3)[0]
    assert header[11:14] == ["意见分歧", "标准化得分（仅供参考）", "名单"]
    assert [row[12] for row in rows(ws, 4)] == [89.22, 76.56, 72.94, 72.92]


def test_score_workbook_counts_a_late_submission_once_it_is_submitted(scored):
    chen, li = scored.experts["陈思远"], scored.candidates["李秀英"]
    li.sheets.filter(expert=chen).update(status="submitted", submitted_at="2021-08-03T10:00+08:00")

    ws = workbook(exports.score_workbook(scored.campaign))["汇总"]

    li_row = next(row for row in rows(ws, 4) if row[1] == "李秀英")
    assert li_row[3:7] == [80.5, 84, 91, 3]


# --- The experts' sheets ------------------------------------------------------------


def test_score_workbook_expert_sheet_lists_counted_sheets_by_dimension(scored):
    wb = workbook(exports.score_workbook(scored.campaign))

    assert rows(wb["王振华"], 1) == [
        [
            "姓名",
            "推荐单位",
            "技能水平与工艺专长（30分）",
            "创新成果与突出贡献（30分）",
            "领军作用与技艺传承（20分）",
            "竞赛与荣誉（15分）",
            "事迹材料质量与综合评价（5分）",
            "总分",
            "是否推荐",
            "提交时间",
        ],
        ["欧阳明辉", "哈尔滨市总工会", 28, 28, 18, 12, 4, 90, "是", datetime(2021, 8, 2, 9, 30)],
        ["李秀英", "哈尔滨市总工会", 18.5, 28, 18, 12, 4, 80.5, None, datetime(2021, 8, 2, 9, 30)],
        ["赵铁柱", "齐齐哈尔市总工会", 8, 28, 18, 12, 4, 70, "是", datetime(2021, 8, 2, 9, 30)],
        ["孙立强", "齐齐哈尔市总工会", 9, 28, 18, 12, 4, 71, "是", datetime(2021, 8, 2, 9, 30)],
    ]
    # The conflicted pair's submitted sheet (92) is not on the expert's sheet.
    assert [row[0] for row in rows(wb["刘海涛"], 2)] == ["欧阳明辉", "李秀英"]
    assert rows(wb["刘海涛"], 3)[0][7:9] == [84, "否"]
    # A draft is not a score.
    assert [row[0] for row in rows(wb["陈思远"], 2)] == ["欧阳明辉", "赵铁柱", "孙立强"]


def test_score_workbook_conflict_appears_only_as_recusal_and_on_the_conflicts_sheet(
    scored, staff_user
):
    wb = workbook(exports.score_workbook(scored.campaign))

    assert rows(wb["回避"], 1) == [
        [
            "专家",
            "人选",
            "推荐单位",
            "关系",
            "来源",
            "说明",
            "状态",
            "确认或排除理由",
            "处理人",
            "处理时间",
        ],
        [
            "王振华",
            "欧阳明辉",
            "哈尔滨市总工会",
            "同一工作单位",
            "系统提示",
            "工作单位名称相同",
            "已排除",
            DISMISSED_REASON,
            staff_user.full_name,
            datetime(2021, 7, 28, 15, 0),
        ],
        [
            "刘海涛",
            "赵铁柱",
            "齐齐哈尔市总工会",
            "师徒关系",
            "系统提示",
            None,
            "已确认回避",
            CONFLICT_REASON,
            staff_user.full_name,
            datetime(2021, 7, 28, 15, 0),
        ],
    ]
    summary = rows(wb["汇总"], 4)
    assert [row[4] for row in summary] == [86, 84, "回避", None]
    # The conflicted sheet's total (92) is nowhere among the scores.
    scores = [
        value
        for name in ("汇总", "刘海涛", "王振华", "陈思远")
        for row in wb[name].iter_rows(min_row=2, values_only=True)
        for value in row
    ]
    assert 92 not in scores


def test_score_workbook_never_contains_an_id_number_or_a_phone(scored, staff_user):
    staff_user.phone = "0451-84600000"
    staff_user.save(update_fields=["phone"])
    content = exports.score_workbook(scored.campaign).content
    text = every_text(content)

    for nomination in scored.candidates.values():
        assert nomination.id_number not in text
        assert nomination.id_number_masked not in text
    for secret in (MOBILE, "138****8000", OFFICE_PHONE, "0451-84600000"):
        assert secret not in text
    assert not re.search(r"\d{17}[\dXx]", text)
    assert not re.search(r"1[3-9]\d{9}", text)


def test_score_workbook_without_eligible_candidates_is_refused(campaign):
    with pytest.raises(NothingToExport):
        exports.score_workbook(campaign)


def test_score_workbook_query_count_does_not_grow_with_candidates(
    scored, make_nomination, unit_qiqihar
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            exports.score_workbook(scored.campaign)
        return len(queries)

    small = count()
    wang = scored.experts["王振华"]
    for name in ("周大勇", "吴建新"):
        extra = make_nomination(status="eligible", name=name, unit=unit_qiqihar)
        score(wang, extra, "75", scored.dimensions)

    assert count() == small


# --- The pure builder -------------------------------------------------------------


def test_build_score_workbook_escapes_formula_like_text():
    data = ScoreWorkbookData(
        year=2021,
        generated_at=datetime(2021, 8, 2, 1, 30).astimezone(),
        method="mean",
        show_normalised=False,
        experts=(ExpertColumn(1, '=HYPERLINK("x")'),),
        rows=(
            ScoreRow(
                rank=1,
                name="=1+1",
                unit_name="@SUM(A1)",
                totals={1: Decimal("80.0")},
                recused=frozenset(),
                n=1,
                mean=Decimal("80.00"),
                trimmed_mean=Decimal("80.00"),
                std_dev=None,
                spread=Decimal("0.0"),
                disagreement=False,
                normalised=None,
                move_reason="-2",
            ),
        ),
    )

    ws = load_workbook(io.BytesIO(build_score_workbook(data)))["汇总"]

    row = rows(ws, 4)[0]
    assert row[1:3] == ["=1+1", "@SUM(A1)"]
    assert row[-1] == "-2"
    assert ws["B4"].data_type == "s"
    assert ws["B4"].quotePrefix is True
    assert ws["D3"].value == '=HYPERLINK("x")'
    assert ws["D3"].data_type == "s"


def test_sheet_names_are_valid_distinct_and_at_most_31_characters():
    names = sheet_names(
        ["王伟", "王伟", "王/伟", "汇总", "History", "[]", "张" * 40, "张" * 40, "'李明'"],
        taken=("汇总", "回避"),
    )

    assert names == [
        "王伟",
        "王伟（2）",
        "王伟（3）",
        "汇总（2）",
        "History（2）",
        "专家",
        "张" * 31,
        "张" * 28 + "（2）",
        "李明",
    ]
