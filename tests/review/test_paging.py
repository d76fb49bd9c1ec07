"""The review's long pages a page at a time; what they count is still everything.

The page sizes are set small here (the pages' own constants) so that five
candidates make three pages; the clerk's list is tested at its real size in
tests/nominations/test_paging.py.
"""

import re

import pytest
from django.urls import reverse

from review import services
from review.models import ScoreSheet
from review.views import expert as expert_views
from review.views import panels as panel_views
from review.views import ranking as ranking_views
from tests.review.test_ranking import Field, row_cells, table_order
from tests.review.test_scoring import save

pytestmark = pytest.mark.django_db

RANKING = reverse("review:ranking")


def order(html: str) -> list[str]:
    return [pk or line for pk, line in table_order(html)]


@pytest.fixture
def ranked(campaign, staff_user, make_nomination, make_expert, panel, unit_qiqihar) -> Field:
    """test_ranking's five candidates: 甲 1 · 丙 and 乙 并列2 · 丁 4 · 戊 unscored."""
    return Field(
        campaign=campaign,
        staff=staff_user,
        make_nomination=make_nomination,
        make_expert=make_expert,
        panel=panel,
        unit_qiqihar=unit_qiqihar,
    )


@pytest.fixture
def two_a_page(monkeypatch):
    monkeypatch.setattr(ranking_views, "RANKING_PAGE_SIZE", 2)
    monkeypatch.setattr(panel_views, "PLACEMENT_PAGE_SIZE", 2)
    monkeypatch.setattr(expert_views, "CANDIDATE_PAGE_SIZE", 2)


# --- the ranking ------------------------------------------------------------------------------


def test_ranking_pages_keep_the_whole_campaigns_ranks_and_lines(ranked, staff_client, two_a_page):
    pages = [staff_client.get(RANKING, {"page": n}).content.decode() for n in (1, 2, 3)]

    assert [order(page) for page in pages] == [
        [str(ranked.jia.pk), str(ranked.bing.pk), "quota"],
        [str(ranked.yi.pk), "reserve", str(ranked.ding.pk)],
        [str(ranked.wu.pk)],
    ]
    # 司马青云 shares second place with 诸葛晓岚 on the page before; 上官伟 is fourth.
    assert row_cells(pages[1], ranked.yi)[:2] == ["并列2", "司马青云"]
    assert row_cells(pages[1], ranked.ding)[:2] == ["4", "上官伟"]
    assert row_cells(pages[2], ranked.wu)[:2] == ["暂无评分", "慕容雪"]
    for page in pages:
        # The summary, the tie and the list's balance count every candidate.
        assert "有效评分人选4名，暂无评分1名；建议人选2名（名额2名），后备人选1名。" in page
        assert "以下2名人选并列第2名（得分84.00）" in page
        assert "下表每页显示2名人选（共5名）" in page
    assert '<nav aria-label="评审排名分页"' in pages[0]
    assert 'href="?page=2">下一页</a>' in pages[0]
    assert "第2页 共3页" in pages[1]
    assert 'href="?page=1">上一页</a>' in pages[1]
    assert 'href="?page=3">下一页</a>' in pages[1]


def test_ranking_page_out_of_range_shows_the_last_page(ranked, staff_client, two_a_page):
    page = staff_client.get(RANKING, {"page": 40}).content.decode()

    assert order(page) == [str(ranked.wu.pk)]
    assert "第3页 共3页" in page


def test_ranking_page_links_the_full_ranking_documents(ranked, staff_client):
    page = staff_client.get(RANKING).content.decode()
    section = re.search(r'<section[^>]*id="full-ranking">.*?</section>', page, re.S)

    assert "下载评审得分汇总表（Excel）" in section[0]
    assert "下载建议名单（PDF）" in section[0]
    # Five candidates fit on one page: no page links.
    assert "第1页" not in page


def test_a_move_on_page_two_returns_to_page_two(ranked, staff_client, two_a_page):
    response = staff_client.post(
        reverse("review:list_move", kwargs={"pk": ranked.ding.pk}),
        {"direction": "in", "reason": "技能突出，名额线下调入。", "page": "2"},
    )

    assert response["Location"] == f"{RANKING}?page=2#row-{ranked.ding.pk}"


def test_a_refused_move_shows_its_own_page_with_the_reason(ranked, staff_client, two_a_page):
    # No reason: the service refuses, and the page the form came from shows the message.
    response = staff_client.post(
        reverse("review:list_move", kwargs={"pk": ranked.ding.pk}),
        {"direction": "in", "reason": "", "page": "2"},
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert order(page) == [str(ranked.yi.pk), "reserve", str(ranked.ding.pk)]
    assert 'class="invalid-feedback d-block"' in page


# --- the placements ---------------------------------------------------------------------------


def placement_names(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.findall(r'<td class="text-nowrap"><a href="[^"]*">(.*?)</a>', body)


def test_placements_pages_count_every_candidate(
    staff_client, campaign, staff_user, make_nomination, panel, two_a_page
):
    # Four manufacturing candidates are placed; 赵海涛 (transport) has no panel.
    for name in ("欧阳明辉", "诸葛晓岚", "上官伟", "慕容雪"):
        make_nomination(status="eligible", name=name)
    services.place_eligible_nominations(campaign, actor=staff_user)
    make_nomination(status="eligible", name="赵海涛", industry="G")

    pages = [
        staff_client.get(reverse("review:placements"), {"page": n}).content.decode()
        for n in (1, 2, 3, 9)
    ]

    # Unplaced first, then by unit and the unit's ranking.
    assert [placement_names(page) for page in pages] == [
        ["赵海涛", "欧阳明辉"],
        ["诸葛晓岚", "上官伟"],
        ["慕容雪"],
        ["慕容雪"],
    ]
    for page in pages:
        assert "初审通过的人选共5名，其中1名尚未分组。" in page
    assert 'name="page" value="2"' in pages[1]
    assert 'href="?page=3">下一页</a>' in pages[1]


def test_a_placement_move_returns_to_its_page(
    staff_client, campaign, staff_user, make_nomination, panel
):
    nomination = make_nomination(status="eligible", name="赵海涛", industry="G")

    response = staff_client.post(
        reverse("review:placement_move", kwargs={"pk": nomination.pk}),
        {"panel": panel.pk, "reason": "交通运输组未组建。", "page": "3"},
    )

    assert response["Location"] == reverse("review:placements") + "?page=3"
    assert nomination.placement.panel == panel


# --- the expert's candidates ------------------------------------------------------------------


def test_expert_pages_count_progress_over_every_candidate(
    ready, expert_client, make_nomination, campaign, staff_user, two_a_page
):
    expert, first = ready
    others = [make_nomination(status="eligible", name=n) for n in ("诸葛晓岚", "上官伟")]
    services.place_eligible_nominations(campaign, actor=staff_user)
    for candidate in (first, *others):
        sheet = save(expert, candidate)
        services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)

    pages = [
        expert_client.get(reverse("review:home"), {"page": n}).content.decode() for n in (1, 2)
    ]

    names = [
        re.findall(r'<td class="text-nowrap stack-title"[^>]*><a href="[^"]*">(.*?)</a>', page)
        for page in pages
    ]
    assert names == [["欧阳明辉", "诸葛晓岚"], ["上官伟"]]
    for page in pages:
        assert "已评 3 / 3" in page
        assert 'id="all-done"' in page
    assert ScoreSheet.objects.filter(status=ScoreSheet.Status.SUBMITTED).count() == 3
    assert '<nav aria-label="评审人选分页"' in pages[1]
    assert 'href="?page=1">上一页</a>' in pages[1]
