"""The ranking on real records, the ranking page, and staff's moves of the proposed list."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from longjiang.exceptions import DomainError
from nominations.models import Nomination
from nominations.services import disqualify_nomination
from review import services
from review.aggregation import SheetTotal, aggregate
from review.models import Conflict, ListMove
from review.selectors.candidates import counted_sheets
from review.selectors.ranking import Share, list_distribution, ranking_data, sheet_tenths
from review.services.proposed import move_into_list, move_out_of_list, undo_move
from tests.review.conftest import client_for, events
from tests.review.ranking_helpers import draft, open_review, scorer, set_rules, submit

pytestmark = pytest.mark.django_db

D = Decimal


class Field:
    """Five candidates scored by three experts; the quota is 2 and the reserve 1.

    甲 92.00 (1) · 丙 84.00 and 乙 84.00 (并列2, across the quota line) · 丁 72.50 (4,
    plus a draft that does not count) · 戊 without scores.
    """

    def __init__(self, *, campaign, staff, make_nomination, make_expert, panel, unit_qiqihar):
        self.campaign = campaign
        it = services.create_panel(campaign, actor=staff, name="信息技术组", industry_group="it")
        self.a, self.b, self.c = (
            scorer(make_expert, [panel, it], campaign, staff, name)
            for name in ("赵一", "钱二", "孙三")
        )
        self.jia = make_nomination(status="eligible", name="欧阳明辉")
        self.yi = make_nomination(
            unit=unit_qiqihar,
            status="eligible",
            name="司马青云",
            industry="I",
            sex="2",
            employer_nature="private",
            skill_level=50,
        )
        self.bing = make_nomination(
            status="eligible", name="诸葛晓岚", sex="2", employer_nature="private", skill_level=50
        )
        self.ding = make_nomination(status="eligible", name="上官伟")
        self.wu = make_nomination(status="eligible", name="慕容雪")
        services.place_eligible_nominations(campaign, actor=staff)
        open_review(campaign, staff)
        for nomination, totals in (
            (self.jia, (90, 92, 94)),
            (self.yi, (80, 84, 88)),
            (self.bing, (84, 84, 84)),
            (self.ding, (70, 75)),
        ):
            for expert, total in zip((self.a, self.b, self.c), totals, strict=False):
                submit(expert, nomination, total)
        draft(self.c, self.ding, 100)
        set_rules(campaign, quota=2, reserve_size=1)


@pytest.fixture
def field(campaign, staff_user, make_nomination, make_expert, panel, unit_qiqihar):
    return Field(
        campaign=campaign,
        staff=staff_user,
        make_nomination=make_nomination,
        make_expert=make_expert,
        panel=panel,
        unit_qiqihar=unit_qiqihar,
    )


def summary(ranking) -> list[tuple]:
    return [
        (ranking.nomination(r).name, r.rank, r.tied, r.n, r.mean, r.part, r.tie_at_quota)
        for r in ranking.results
    ]


def names(results, ranking) -> list[str]:
    return [ranking.nomination(r).name for r in results]


# --- ranking_data on real records --------------------------------------------------------------


def test_ranking_data_ranks_submitted_sheets(field, campaign):
    ranking = ranking_data(campaign)

    assert summary(ranking) == [
        ("欧阳明辉", 1, False, 3, D("92.00"), "listed", False),
        # Harbin before Qiqihar within the tie (units' order).
        ("诸葛晓岚", 2, True, 3, D("84.00"), "listed", True),
        ("司马青云", 2, True, 3, D("84.00"), "reserve", True),
        # The draft of 100 is left out: (70 + 75) / 2.
        ("上官伟", 4, False, 2, D("72.50"), "", False),
        ("慕容雪", None, False, 0, None, "", False),
    ]
    assert names(ranking.composition.listed, ranking) == ["欧阳明辉", "诸葛晓岚"]
    assert names(ranking.composition.reserve, ranking) == ["司马青云"]
    (yi,) = [r for r in ranking.results if r.nomination_id == field.yi.pk]
    # 80, 84, 88: sample sd √((16 + 0 + 16) / 2) = 4; spread 8.
    assert (yi.std_dev, yi.spread, yi.disagreement) == (D("4.00"), D("8.0"), False)


def test_ranking_data_from_tenths_is_the_ranking_of_the_decimal_totals(
    field, campaign, staff_user, make_expert, panel
):
    # Totals with a half point, and a mean on a half cent: 丁 (70 + 75 + 77.5) / 3 =
    # 74.1666… → 74.17; 戊 60.5 alone; 甲 (90 + 92 + 94 + 80.5) / 4 = 89.125 → 89.13.
    d = scorer(make_expert, [panel], campaign, staff_user, "李四")
    for nomination, total in ((field.ding, "77.5"), (field.wu, "60.5"), (field.jia, "80.5")):
        submit(d, nomination, D(total))
    counted = counted_sheets(campaign).order_by("nomination_id", "expert_id")
    decimals = [
        SheetTotal(*row) for row in counted.values_list("nomination_id", "expert_id", "total")
    ]

    tenths = sheet_tenths(campaign)
    ranking = ranking_data(campaign)

    assert tenths == [(n, e, int(total * 10)) for n, e, total in decimals]
    assert 775 in [t for _n, _e, t in tenths]
    # The candidates in the order ranking_data gives those tied or unscored: the units'.
    eligible = list(
        Nomination.objects.filter(status="eligible")
        .order_by("unit__sort_order", "unit_rank", "pk")
        .values_list("pk", flat=True)
    )
    order = {pk: i for i, pk in enumerate(eligible)}
    expected = aggregate(decimals, ranking.rules, candidates=eligible, display_order=order)
    assert [repr(r) for r in ranking.results] == [repr(r) for r in expected]
    means = {ranking.nomination(r).name: r.mean for r in ranking.results}
    assert (means["上官伟"], means["慕容雪"], means["欧阳明辉"]) == (
        D("74.17"),
        D("60.50"),
        D("89.13"),
    )


def test_ranking_data_leaves_out_confirmed_conflict_and_counts_dismissed(
    field, campaign, staff_user
):
    # 赵一 gave 欧阳明辉 90 and 上官伟 70; conflicts surface after the sheets were in.
    confirmed = Conflict.objects.create(
        expert=field.a, nomination=field.jia, kind="same_employer", status="suggested"
    )
    dismissed = Conflict.objects.create(
        expert=field.a, nomination=field.ding, kind="same_employer", status="suggested"
    )
    services.confirm_conflict(confirmed, reason="同一单位", actor=staff_user)
    services.dismiss_conflict(dismissed, reason="已调离该单位", actor=staff_user)

    results = {r.nomination_id: r for r in ranking_data(campaign).results}

    # 欧阳明辉: (92 + 94) / 2 = 93 without 赵一's 90.
    assert (results[field.jia.pk].n, results[field.jia.pk].mean) == (2, D("93.00"))
    assert set(results[field.jia.pk].by_expert) == {field.b.pk, field.c.pk}
    # 上官伟 keeps 赵一's 70: (70 + 75) / 2.
    assert (results[field.ding.pk].n, results[field.ding.pk].mean) == (2, D("72.50"))


def test_ranking_data_leaves_out_nominations_no_longer_eligible(field, campaign, staff_user):
    disqualify_nomination(field.jia, actor=staff_user, reason="获奖证书系伪造。")

    ranking = ranking_data(campaign)

    assert field.jia.pk not in ranking.nominations
    assert [ranking.nomination(r).name for r in ranking.results] == [
        "诸葛晓岚",
        "司马青云",
        "上官伟",
        "慕容雪",
    ]
    assert [r.rank for r in ranking.results] == [1, 1, 3, None]


def test_ranking_data_leaves_out_other_statuses(field, campaign, make_nomination):
    make_nomination(status="in_check", name="东方未审")

    ranking = ranking_data(campaign)

    assert "东方未审" not in [n.name for n in ranking.nominations.values()]
    assert len(ranking.results) == 5


def test_list_distribution_counts_the_proposed_list(field, campaign, staff_user):
    move_into_list(campaign, field.yi, reason="并列第2名，经研究补入", actor=staff_user)

    distributions = list_distribution(ranking_data(campaign))

    # Listed: 欧阳明辉 (Harbin, 制造业, 男, 国有控股, 高级技师), 诸葛晓岚 (Harbin, 制造业,
    # 女, 民营, 技师) and 司马青云 (Qiqihar, 信息技术, 女, 民营, 技师): 2 of 3 = 66.7%.
    assert [(d.title, d.rows) for d in distributions] == [
        (
            "推荐单位",
            [Share("哈尔滨市总工会", 2, D("66.7")), Share("齐齐哈尔市总工会", 1, D("33.3"))],
        ),
        (
            "所属行业",
            [Share("制造业", 2, D("66.7")), Share("信息传输、软件和信息技术服务业", 1, D("33.3"))],
        ),
        ("性别", [Share("女", 2, D("66.7")), Share("男", 1, D("33.3"))]),
        ("单位性质", [Share("民营", 2, D("66.7")), Share("国有控股", 1, D("33.3"))]),
        (
            "职业技能等级",
            [Share("技师（二级）", 2, D("66.7")), Share("高级技师（一级）", 1, D("33.3"))],
        ),
    ]


# --- Moves ---------------------------------------------------------------------------------


def test_move_out_of_list_records_reason_and_audit(field, campaign, staff_user):
    move = move_out_of_list(campaign, field.jia, reason="  存在未决信访  ", actor=staff_user)

    move.refresh_from_db()
    assert (move.direction, move.reason, move.moved_by) == ("out", "存在未决信访", staff_user)
    ranking = ranking_data(campaign)
    assert names(ranking.composition.listed, ranking) == ["诸葛晓岚"]
    assert names(ranking.composition.reserve, ranking) == ["司马青云"]
    (event,) = events("review.list_moved")
    assert (event.actor, event.subject_id, event.unit) == (staff_user, field.jia.pk, field.jia.unit)
    assert event.data == {
        "campaign": campaign.year,
        "nomination": field.jia.pk,
        "direction": "out",
        "reason": "存在未决信访",
        "rank": 1,
        "score": "92.00",
    }


def test_move_into_list_records_reason_and_audit(field, campaign, staff_user):
    move_into_list(campaign, field.ding, reason="行业代表性", actor=staff_user)

    ranking = ranking_data(campaign)
    assert names(ranking.composition.listed, ranking) == ["欧阳明辉", "诸葛晓岚", "上官伟"]
    assert names(ranking.composition.reserve, ranking) == ["司马青云"]
    (event,) = events("review.list_moved")
    assert event.data == {
        "campaign": campaign.year,
        "nomination": field.ding.pk,
        "direction": "in",
        "reason": "行业代表性",
        "rank": 4,
        "score": "72.50",
    }


@pytest.mark.parametrize("reason", ["", "   "])
def test_move_without_reason_is_refused(field, campaign, staff_user, reason):
    with pytest.raises(DomainError) as into:
        move_into_list(campaign, field.ding, reason=reason, actor=staff_user)
    with pytest.raises(DomainError) as out:
        move_out_of_list(campaign, field.jia, reason=reason, actor=staff_user)

    assert str(into.value) == "请填写移入建议名单的理由。"
    assert str(out.value) == "请填写移出建议名单的理由。"
    assert ListMove.objects.count() == 0
    assert events("review.list_moved") == []


def test_move_with_overlong_reason_is_refused(field, campaign, staff_user):
    with pytest.raises(DomainError, match="理由不能超过300个字"):
        move_into_list(campaign, field.ding, reason="长" * 301, actor=staff_user)
    assert ListMove.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "direction", "message"),
    [
        ("jia", "in", "欧阳明辉按排名已在建议名单内，无需移入。"),
        ("yi", "out", "司马青云按排名不在建议名单内，不能移出。"),
        ("ding", "out", "上官伟按排名不在建议名单内，不能移出。"),
        ("wu", "in", "慕容雪暂无有效评分，不能移入建议名单。"),
        ("wu", "out", "慕容雪按排名不在建议名单内，不能移出。"),
    ],
)
def test_move_against_the_ranking_is_refused(field, campaign, staff_user, who, direction, message):
    move = move_into_list if direction == "in" else move_out_of_list

    with pytest.raises(DomainError) as exc:
        move(campaign, getattr(field, who), reason="理由", actor=staff_user)

    assert str(exc.value) == message
    assert ListMove.objects.count() == 0
    assert events("review.list_moved") == []


def test_second_move_of_a_nominee_is_refused(field, campaign, staff_user):
    move_out_of_list(campaign, field.jia, reason="存在未决信访", actor=staff_user)

    with pytest.raises(DomainError) as exc:
        move_into_list(campaign, field.jia, reason="信访已了结", actor=staff_user)

    assert str(exc.value) == "欧阳明辉已有调整（移出建议名单），如需改变请先撤销原调整。"
    assert ListMove.objects.get().direction == "out"


def test_move_of_a_nomination_not_eligible_is_refused(field, campaign, staff_user, make_nomination):
    pending = make_nomination(status="in_check", name="东方未审")

    with pytest.raises(DomainError) as exc:
        move_into_list(campaign, pending, reason="理由", actor=staff_user)

    assert str(exc.value) == "只能调整本年度初审合格的人选。"
    assert ListMove.objects.count() == 0


def test_undo_move_restores_the_ranking_and_is_audited(field, campaign, staff_user):
    move = move_out_of_list(campaign, field.jia, reason="存在未决信访", actor=staff_user)

    undo_move(move, reason="信访已了结", actor=staff_user)

    assert ListMove.objects.count() == 0
    ranking = ranking_data(campaign)
    assert names(ranking.composition.listed, ranking) == ["欧阳明辉", "诸葛晓岚"]
    (event,) = events("review.list_move_undone")
    assert (event.actor, event.subject_id) == (staff_user, field.jia.pk)
    assert event.data == {
        "campaign": campaign.year,
        "nomination": field.jia.pk,
        "direction": "out",
        "moved_reason": "存在未决信访",
        "moved_by": staff_user.pk,
        "reason": "信访已了结",
        "rank": 1,
        "score": "92.00",
    }
    # Undone, the nominee may be moved again.
    move_out_of_list(campaign, field.jia, reason="重新研究后移出", actor=staff_user)
    assert ListMove.objects.get().reason == "重新研究后移出"


def test_undo_move_without_reason_or_twice_is_refused(field, campaign, staff_user):
    move = move_into_list(campaign, field.ding, reason="行业代表性", actor=staff_user)

    with pytest.raises(DomainError) as exc:
        undo_move(move, reason=" ", actor=staff_user)
    assert str(exc.value) == "请填写撤销调整的理由。"
    assert ListMove.objects.count() == 1

    undo_move(move, reason="撤销", actor=staff_user)
    with pytest.raises(DomainError) as exc:
        undo_move(move, reason="再撤销", actor=staff_user)
    assert str(exc.value) == "该调整已撤销。"
    assert len(events("review.list_move_undone")) == 1


# --- The page --------------------------------------------------------------------------------


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def row_cells(page: str, nomination) -> list[str]:
    """Return the text of each cell of the nomination's row."""
    (row,) = re.findall(rf'<tr id="row-{nomination.pk}"[^>]*>(.*?)</tr>', page, re.DOTALL)
    return [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]


def table_order(page: str) -> list[str]:
    """Return the table's rows in order: nomination pks and the drawn lines."""
    return re.findall(r'id="row-(\d+)"|class="table-group-divider[^"]*\b(quota|reserve)-line', page)


def test_ranking_page_for_staff_shows_rows_lines_and_forms(field, staff_client, campaign):
    page = staff_client.get(reverse("review:ranking")).content.decode()

    order = [pk or line for pk, line in table_order(page)]
    assert order == [
        str(field.jia.pk),
        str(field.bing.pk),
        "quota",
        str(field.yi.pk),
        "reserve",
        str(field.ding.pk),
        str(field.wu.pk),
    ]
    assert row_cells(page, field.jia) == [
        "1", "欧阳明辉", "哈尔滨市总工会", "3", "92.00", "92.00", "2.00", "4.0", "建议人选",
        "调整理由 移出建议名单",
    ]  # fmt: skip
    assert row_cells(page, field.bing) == [
        "并列2", "诸葛晓岚", "哈尔滨市总工会", "3", "84.00", "84.00", "0.00", "0.0", "建议人选",
        "调整理由 移出建议名单",
    ]  # fmt: skip
    assert row_cells(page, field.yi) == [
        "并列2", "司马青云", "齐齐哈尔市总工会", "3", "84.00", "84.00", "4.00", "8.0", "后备人选",
        "调整理由 移入建议名单",
    ]  # fmt: skip
    assert row_cells(page, field.ding) == [
        "4", "上官伟", "哈尔滨市总工会", "2", "72.50", "72.50", "3.54", "5.0", "—",
        "调整理由 移入建议名单",
    ]  # fmt: skip
    assert row_cells(page, field.wu) == [
        "暂无评分", "慕容雪", "哈尔滨市总工会", "0", "—", "—", "—", "—", "—", "—",
    ]  # fmt: skip
    assert "名额线：以上为排名前2名" in page
    assert "后备线：以上1名为后备人选" in page
    warning = text(
        re.search(r'<section class="alert alert-warning".*?</section>', page, re.DOTALL)[0]
    )
    assert warning == (
        "名额线处出现并列，请提请主席办公会议研究决定 以下2名人选并列第2名（得分84.00），"
        "跨越第2名的名额线： 诸葛晓岚（哈尔滨市总工会） 司马青云（齐齐哈尔市总工会）"
    )
    assert "有效评分人选4名，暂无评分1名；建议人选2名（名额2名），后备人选1名。" in page


def test_ranking_page_writes_out_the_formula(field, staff_client):
    page = text(staff_client.get(reverse("review:ranking")).content.decode())

    assert "满分100分" in page
    assert "去高低平均分 = （有效评分之和 − 最高分 − 最低分）÷（n − 2），仅在 n ≥ 5 时计算" in page
    assert "极差超过20分时提示专家意见分歧" in page
    assert "排名依据：去掉一个最高分和一个最低分后的平均分。" in page
    assert "排名第1至2名为建议人选，其后1名为后备人选" in page
    assert "标准化得分" not in page


def test_ranking_page_shows_normalised_beside_raw_and_explains_it(field, staff_client, campaign):
    set_rules(campaign, quota=2, reserve_size=1, show_normalised=True, disagreement_threshold=7)

    page = staff_client.get(reverse("review:ranking")).content.decode()

    assert "标准化得分仅供参考，与原始得分并列显示，不替代原始得分，也不用于排名" in text(page)
    assert "标准化得分（参考）" in page
    cells = row_cells(page, field.yi)
    # Raw mean and trimmed mean still shown; the normalised score beside them; the
    # spread of 8 is above the threshold of 7.
    assert cells[:8] == [
        "并列2",
        "司马青云",
        "齐齐哈尔市总工会",
        "3",
        "84.00",
        "84.00",
        "4.00",
        "8.0 分歧",
    ]
    assert re.fullmatch(r"\d+\.\d\d", cells[8])
    assert cells[9] == "后备人选"
    assert "1名人选专家意见分歧" in page


def test_ranking_page_marks_trimmed_means(field, staff_client, campaign):
    set_rules(campaign, quota=2, reserve_size=1, trim_from=3)

    page = staff_client.get(reverse("review:ranking")).content.decode()

    # 88, 84, 80 → the middle one, 84, is the trimmed mean.
    assert row_cells(page, field.yi)[5] == "84.00 已去高低分"
    assert row_cells(page, field.ding)[5] == "72.50"


def test_ranking_page_shows_distribution(field, staff_client):
    page = staff_client.get(reverse("review:ranking")).content.decode()

    tables = re.findall(
        r'<table class="table table-sm table-bordered distribution">(.*?)</table>', page, re.DOTALL
    )
    assert [text(t) for t in tables] == [
        "推荐单位 推荐单位 人数 占比 哈尔滨市总工会 2 100.0%",
        "所属行业 所属行业 人数 占比 制造业 2 100.0%",
        "性别 性别 人数 占比 女 1 50.0% 男 1 50.0%",
        "单位性质 单位性质 人数 占比 国有控股 1 50.0% 民营 1 50.0%",
        "职业技能等级 职业技能等级 人数 占比 技师（二级） 1 50.0% 高级技师（一级） 1 50.0%",
    ]


def test_ranking_page_never_shows_id_numbers_or_phones(field, staff_client):
    page = staff_client.get(reverse("review:ranking")).content.decode()

    nomination = Nomination.objects.get(pk=field.jia.pk)
    assert nomination.id_number and nomination.id_number not in page
    assert nomination.id_number_masked not in page
    assert nomination.mobile not in page
    assert "0451-86000000" not in page
    # Aggregates only: no expert's name.
    assert "赵一" not in page


def test_ranking_page_for_council_reads_without_forms(field, council_user):
    client = client_for(council_user)

    page = client.get(reverse("review:ranking")).content.decode()

    assert row_cells(page, field.jia)[-2:] == ["建议人选", "—"]
    assert row_cells(page, field.yi)[-2:] == ["后备人选", "—"]
    assert 'name="reason"' not in page and 'name="direction"' not in page
    assert "/move/" not in page and "/undo/" not in page
    assert 'id="tie-at-quota"' in page
    # Reached from the council's navigation.
    assert f'href="{reverse("review:ranking")}"' in page


@pytest.mark.parametrize("user", ["clerk", "other_clerk", "expert_user"])
def test_ranking_page_refuses_clerks_and_experts(field, request, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(reverse("review:ranking")).status_code == 403
    assert client.post(reverse("review:list_move", args=[field.jia.pk])).status_code == 403


def test_ranking_page_refuses_the_experts_who_score(field):
    client = client_for(field.a.user)

    assert client.get(reverse("review:ranking")).status_code == 403


def test_council_cannot_move(field, council_user):
    client = client_for(council_user)

    response = client.post(
        reverse("review:list_move", args=[field.jia.pk]), {"direction": "out", "reason": "理由"}
    )

    assert response.status_code == 403
    assert ListMove.objects.count() == 0


def test_list_move_view_moves_out_and_redirects_to_row(field, staff_client, staff_user):
    response = staff_client.post(
        reverse("review:list_move", args=[field.jia.pk]),
        {"direction": "out", "reason": "存在未决信访"},
    )

    assert response.status_code == 302
    assert response.url == f"{reverse('review:ranking')}#row-{field.jia.pk}"
    move = ListMove.objects.get()
    assert (move.nomination_id, move.direction, move.reason) == (
        field.jia.pk,
        "out",
        "存在未决信访",
    )
    assert events("review.list_moved")[0].actor == staff_user
    page = staff_client.get(response.url).content.decode()
    assert "已将欧阳明辉移出建议名单。" in page
    cells = row_cells(page, field.jia)
    assert cells[8] == "—"
    assert cells[9].startswith("移出建议名单 存在未决信访 ")
    assert cells[9].endswith(" 撤销理由 撤销调整")
    assert reverse("review:list_move_undo", args=[move.pk]) in page
    # 司马青云 takes the reserve; 诸葛晓岚 alone is listed.
    assert row_cells(page, field.bing)[8] == "建议人选"
    assert row_cells(page, field.yi)[8] == "后备人选"


def test_list_move_view_without_reason_shows_error_on_the_page(field, staff_client):
    response = staff_client.post(
        reverse("review:list_move", args=[field.ding.pk]), {"direction": "in", "reason": " "}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<div class="alert alert-danger" role="alert" id="move-error">请填写移入建议名单的理由。'
        in page
    )
    assert row_cells(page, field.ding)[9] == "调整理由 移入建议名单 请填写移入建议名单的理由。"
    assert ListMove.objects.count() == 0


def test_list_move_view_refused_keeps_the_reason(field, staff_client):
    response = staff_client.post(
        reverse("review:list_move", args=[field.ding.pk]),
        {"direction": "out", "reason": "名额调剂"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "上官伟按排名不在建议名单内，不能移出。" in page
    assert re.search(rf'id="reason-{field.ding.pk}"[^>]*value="名额调剂"', page)
    assert ListMove.objects.count() == 0


def test_list_move_view_with_unknown_direction_is_refused(field, staff_client):
    response = staff_client.post(
        reverse("review:list_move", args=[field.ding.pk]), {"direction": "up", "reason": "理由"}
    )

    assert response.status_code == 200
    assert "请选择移入或移出建议名单。" in response.content.decode()
    assert ListMove.objects.count() == 0


def test_list_move_view_other_campaigns_nomination_is_404(field, staff_client):
    assert staff_client.post(reverse("review:list_move", args=[999999]), {}).status_code == 404


def test_list_move_undo_view_undoes_with_reason(field, staff_client, campaign, staff_user):
    move = move_into_list(campaign, field.ding, reason="行业代表性", actor=staff_user)
    url = reverse("review:list_move_undo", args=[move.pk])

    refused = staff_client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert row_cells(refused.content.decode(), field.ding)[9].endswith(
        "撤销调整 请填写撤销调整的理由。"
    )
    assert ListMove.objects.count() == 1

    response = staff_client.post(url, {"reason": "经研究不再调整"})

    assert response.status_code == 302
    assert response.url == f"{reverse('review:ranking')}#row-{field.ding.pk}"
    assert ListMove.objects.count() == 0
    assert events("review.list_move_undone")[0].data["reason"] == "经研究不再调整"
    assert "已撤销对上官伟的调整。" in staff_client.get(response.url).content.decode()
    assert staff_client.post(url, {"reason": "再撤销"}).status_code == 404


def test_ranking_page_without_candidates(campaign, staff_client):
    page = staff_client.get(reverse("review:ranking")).content.decode()

    assert "暂无初审合格的人选。" in page
    assert "建议名单暂无人选。" in page
    assert 'id="tie-at-quota"' not in page


def test_ranking_nav_tab_for_staff(field, staff_client):
    page = staff_client.get(reverse("review:conflicts")).content.decode()

    assert f'href="{reverse("review:ranking")}"' in page
