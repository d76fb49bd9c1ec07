"""The proposed list and the locked list as PDFs, read back with pypdf."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from nominations.models import Campaign
from review import exports
from review.models import ListEntry, ListVersion
from tests.review.scored import (
    MOVED_IN_REASON,
    MOVED_OUT_REASON,
    lock_version,
    score,
)

pytestmark = pytest.mark.django_db

EXT_B_CHAR = "\U0002a6a5"  # 𪚥, CJK Extension B: not in AR PL UMing, in HanaMinA
# Long enough to spread the locked list over several pages.
LONG_REASON = "经主席办公会议研究，该同志长期扎根生产一线，技术攻关成果突出，同意列入名单。" * 4


def pages(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


# --- The proposed list ------------------------------------------------------------


def test_proposed_list_pdf_prints_rules_list_reserve_moves_and_counts(scored):
    export = exports.proposed_list_pdf(scored.campaign)

    assert export.filename == "2021年龙江工匠建议名单.pdf"
    assert export.content_type == "application/pdf"
    text = "".join(pages(export.content))
    # The running header of every page.
    assert text.endswith("2021年“龙江工匠”建议名单（提交主席办公会议审议）第1页共1页")
    assert "2021年“龙江工匠”选树建议名单（提交主席办公会议审议）生成时间：" in text
    assert "排名依据为去掉一个最高分和一个最低分后的平均分：有效评分达到5份时" in text
    assert "按名次前2名为建议人选，其后1名为后备人选" in text
    listed = between(text, "一、建议人选（2名）", "二、后备人选（1名）")
    assert "11欧阳明辉哈尔滨市总工会哈尔滨松江精密机械有限公司88.00" in listed
    assert "23孙立强齐齐哈尔市总工会哈尔滨松江精密机械有限公司71.00移入" in listed
    assert listed.index("欧阳明辉") < listed.index("孙立强")
    reserve = between(text, "二、后备人选（1名）", "三、名单调整")
    assert "13赵铁柱齐齐哈尔市总工会哈尔滨松江精密机械有限公司71.00" in reserve
    moves = between(text, "三、名单调整", "四、按推荐单位统计")
    assert "李秀英哈尔滨市总工会移出建议名单" + MOVED_OUT_REASON + "282.25" in moves
    assert "孙立强齐齐哈尔市总工会移入建议名单" + MOVED_IN_REASON + "371.00" in moves
    # Moved out: on the list of moves only.
    assert "李秀英" not in listed + reserve
    counts = text[text.index("四、按推荐单位统计") :]
    assert "哈尔滨市总工会101齐齐哈尔市总工会112合计213" in counts
    assert "请注意" not in text
    assert "第1页共" in text


def test_proposed_list_pdf_warns_of_a_tie_across_the_quota_line(scored):
    Campaign.objects.filter(pk=scored.campaign.pk).update(quota=3)
    scored.campaign.refresh_from_db()

    text = "".join(pages(exports.proposed_list_pdf(scored.campaign).content))

    assert (
        "请注意：以下人选得分相同，并列名次跨越第3名的名额线，须由主席办公会议研究确定："
        "赵铁柱（71.00分）、孙立强（71.00分）。"
    ) in text
    listed = between(text, "一、建议人选（3名）", "二、后备人选（0名）")
    assert "赵铁柱齐齐哈尔市总工会哈尔滨松江精密机械有限公司71.00并列跨名额线" in listed
    assert "孙立强齐齐哈尔市总工会哈尔滨松江精密机械有限公司71.00移入、并列跨名额线" in listed


def test_proposed_list_pdf_query_count_does_not_grow_with_candidates(
    scored, make_nomination, unit_qiqihar
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            exports.proposed_list_pdf(scored.campaign)
        return len(queries)

    small = count()
    for name in ("周大勇", "吴建新"):
        extra = make_nomination(status="eligible", name=name, unit=unit_qiqihar)
        score(scored.experts["王振华"], extra, "75", scored.dimensions)

    assert count() == small


def test_proposed_list_pdf_without_scores_is_refused(campaign, make_nomination):
    make_nomination(status="eligible", name="欧阳明辉")

    with pytest.raises(exports.NoScores) as raised:
        exports.proposed_list_pdf(campaign)

    assert str(raised.value) == "尚无有效评分，不能生成建议名单。"


# --- The locked list --------------------------------------------------------------


@pytest.fixture
def locked(campaign, make_nomination, council_user):
    names = ["欧阳明辉", "李秀英", "赵铁柱", "孙立强", "周大勇", "吴建新", "郑晓东", "冯志刚"]
    nominations = [make_nomination(complete=False, name=name) for name in names]
    return lock_version(
        campaign,
        recorded_by=council_user,
        listed=[(n, LONG_REASON) for n in nominations[:6]],
        reserve=[(n, "") for n in nominations[6:]],
    )


def test_locked_list_pdf_prints_the_hash_on_every_page(campaign, locked):
    export = exports.locked_list_pdf(campaign, version=1)

    assert export.filename == "2021年龙江工匠名单（第1版）.pdf"
    texts = pages(export.content)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        # Once in the header, once in the footer.
        assert text.count(locked.content_hash) >= 2
        assert f"2021年“龙江工匠”名单第1版SHA-256：{locked.content_hash}" in text
        assert f"SHA-256：{locked.content_hash}第{number}页共{len(texts)}页" in text


def test_locked_list_pdf_prints_the_version_decision_listed_and_reserve(campaign, locked):
    text = "".join(pages(exports.locked_list_pdf(campaign, version=1).content))

    assert "经主席办公会议审议锁定·第1版" in text
    assert "版本第1版" in text
    assert "主席办公会议日期2021年8月10日" in text
    assert "会议纪要文号黑工办纪〔2021〕12号" in text
    assert "审议结果审议通过" in text
    assert "锁定时间2021年8月10日 17:05".replace(" ", "") in text
    assert f"名单哈希（SHA-256）{locked.content_hash}" in text
    listed = between(text, "一、建议人选（6名）", "二、后备人选（2名）")
    for position, name in enumerate(
        ["欧阳明辉", "李秀英", "赵铁柱", "孙立强", "周大勇", "吴建新"], start=1
    ):
        assert f"{position}{name}哈尔滨市总工会" in listed
    reserve = text[text.index("二、后备人选（2名）") :]
    assert "1郑晓东哈尔滨市总工会" in reserve
    assert "2冯志刚哈尔滨市总工会" in reserve
    assert "郑晓东" not in listed


def test_locked_list_pdf_of_a_later_version_prints_its_reason_and_previous_hash(
    campaign, locked, make_nomination, council_user
):
    substitute = make_nomination(complete=False, name="钱国庆")
    second = lock_version(
        campaign,
        recorded_by=council_user,
        listed=[(substitute, "原人选公示期间异议成立，递补")],
        number=2,
        reason="公示期间异议成立，递补后备人选",
        previous_hash=locked.content_hash,
    )

    text = "".join(pages(exports.locked_list_pdf(campaign, version=2).content))

    assert f"上一版本哈希{locked.content_hash}" in text
    assert "变更理由公示期间异议成立，递补后备人选" in text
    assert "二、后备人选（0名）无。" in text
    assert text.count(second.content_hash) >= 3


def test_locked_list_pdf_of_an_unknown_version_is_refused(campaign, locked):
    with pytest.raises(exports.UnknownListVersion) as raised:
        exports.locked_list_pdf(campaign, version=9)

    assert str(raised.value) == "2021年度没有第9版锁定名单。"
    assert ListVersion.objects.count() == 1


def test_locked_list_pdf_prints_a_rare_name_with_the_font_chain(
    campaign, make_nomination, council_user
):
    nomination = make_nomination(complete=False, name="王" + EXT_B_CHAR)
    lock_version(campaign, recorded_by=council_user, listed=[(nomination, "")])

    export = exports.locked_list_pdf(campaign, version=1)

    assert "王" + EXT_B_CHAR in "".join(pages(export.content))
    assert export.warnings == ()


def test_locked_list_pdf_prints_an_unprintable_name_as_codes_and_warns(
    campaign, make_nomination, council_user
):
    nomination = make_nomination(complete=False, name="王堃")
    lock_version(campaign, recorded_by=council_user, listed=[(nomination, "")])
    ListEntry.objects.filter(version__campaign=campaign).update(name="王\u202e😀")

    export = exports.locked_list_pdf(campaign, version=1)

    assert "王[U+202E][U+1F600]" in "".join(pages(export.content))
    assert export.warnings == (
        "王[U+202E][U+1F600]：含有无法打印的字符 U+202E、U+1F600，已以[U+编码]代替。",
    )
