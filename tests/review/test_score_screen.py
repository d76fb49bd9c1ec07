"""The expert's score screen: the total, errors beside the fields, the way back to the form,
and the candidate list once everything is submitted."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from review import services
from review.models import ScoreSheet
from tests.review.test_scoring import post_score, save

pytestmark = pytest.mark.django_db

# FULL: 25.5 + 28 + 15 + 12 + 4 of the default rubric's 30 + 30 + 20 + 15 + 5.
FULL_TOTAL = "84.5 / 100"
REFUSED = "请根据提示修改标红的项目。您填写的内容都保留在页面上，尚未保存。"


def candidate_page(client, candidate) -> str:
    return client.get(reverse("review:candidate", args=[candidate.pk])).content.decode()


def total_on(page: str) -> str:
    return re.search(r'<output id="score-total"[^>]*>(.*?)</output>', page).group(1)


def field_errors(page: str, name: str) -> list[str]:
    block = re.search(
        rf'<div id="id_score_{name}_error" class="invalid-feedback">(.*?)</div>', page, re.S
    )
    return re.findall(r"<strong>(.*?)</strong>", block.group(1)) if block else []


def typed(page: str, name: str) -> str:
    field = re.search(rf'<input[^>]*name="score_{name}"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', field)
    return value.group(1) if value else ""


def test_new_sheet_shows_a_zero_total_out_of_full_marks(ready, expert_client):
    _expert, candidate = ready

    page = candidate_page(expert_client, candidate)

    assert total_on(page) == "0 / 100"
    assert 'data-score-max="100"' in page
    assert page.count("data-score-points") == 5


def test_saved_draft_shows_its_total_without_javascript(ready, expert_client):
    expert, candidate = ready
    save(expert, candidate)

    page = candidate_page(expert_client, candidate)

    assert total_on(page) == FULL_TOTAL
    assert re.search(r"草稿已于\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d保存。", page)


def test_submit_button_confirms_with_the_total(ready, expert_client):
    _expert, candidate = ready

    page = candidate_page(expert_client, candidate)

    assert 'data-confirm="评分合计 {total}。提交后不可修改，确认提交？"' in page


def test_submitted_sheet_shows_its_total(ready, expert_client):
    _expert, candidate = ready

    submitted = post_score(expert_client, candidate, action="submit")
    message = [str(m) for m in get_messages(submitted.wsgi_request)]
    page = candidate_page(expert_client, candidate)

    assert submitted.url == reverse("review:home")
    assert message == [f"已提交对{candidate}的评分（合计 {FULL_TOTAL}）。"]
    assert ScoreSheet.objects.get().status == ScoreSheet.Status.SUBMITTED
    total = re.search(r'<dd class="col-5 fw-semibold" id="score-total">(.*?)</dd>', page)
    assert total.group(1) == FULL_TOTAL
    assert re.findall(r'<dd class="col-5">([^<]*)</dd>', page) == [
        "25.5 / 30",
        "28 / 30",
        "15 / 20",
        "12 / 15",
        "4 / 5",
        "推荐",
    ]


def test_draft_save_returns_to_the_form(ready, expert_client):
    _expert, candidate = ready

    response = post_score(expert_client, candidate)

    assert response.status_code == 302
    assert response.url == reverse("review:candidate", args=[candidate.pk]) + "#score"


def test_out_of_range_score_shows_error_beside_field_and_keeps_input(ready, expert_client):
    _expert, candidate = ready

    response = post_score(
        expert_client, candidate, score_skill="31", score_awards="12.25", comment="扎根一线"
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert ScoreSheet.objects.count() == 0
    assert field_errors(page, "skill") == ["得分不能超过满分30分。"]
    assert field_errors(page, "awards") == ["得分最多保留一位小数。"]
    assert field_errors(page, "innovation") == []
    assert REFUSED in page
    assert (typed(page, "skill"), typed(page, "innovation"), typed(page, "awards")) == (
        "31",
        "28",
        "12.25",
    )
    assert "扎根一线" in page
    # The total adds up what is on the page, the wrong values included.
    assert total_on(page) == "90.25 / 100"


def test_submit_with_missing_scores_shows_what_is_missing_and_saves_nothing(ready, expert_client):
    _expert, candidate = ready

    response = post_score(expert_client, candidate, action="submit", score_overall="", recommend="")
    page = response.content.decode()

    assert response.status_code == 200
    assert ScoreSheet.objects.count() == 0
    assert field_errors(page, "overall") == ["提交前须为此项评分。"]
    assert field_errors(page, "skill") == []
    assert "提交前须选择是否推荐。" in page
    assert typed(page, "skill") == "25.5"


def test_stale_version_keeps_input_and_offers_to_save_again(ready, expert_client):
    expert, candidate = ready
    save(expert, candidate)  # Another window saved version 1.

    refused = post_score(expert_client, candidate, score_skill="20", version=0)
    page = refused.content.decode()
    again = post_score(expert_client, candidate, score_skill="20", version=1)

    assert refused.status_code == 200
    assert "该评分表已在其他页面保存过。本页填写的内容仍在下方，再次保存将以本页内容为准。" in page
    assert typed(page, "skill") == "20"
    assert re.search(r'name="version" value="(\d+)"', page).group(1) == "1"
    assert again.status_code == 302
    assert ScoreSheet.objects.get().scores.get(dimension__key="skill").points == Decimal("20.0")


def row_action(home: str, name: str) -> str:
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", home, re.S) if name in r)
    return re.search(r'<td class="text-nowrap stack-actions"><a[^>]*>(.*?)</a>', row).group(1)


def test_list_names_each_rows_next_step(
    ready, expert_client, make_nomination, campaign, staff_user
):
    expert, candidate = ready
    second = make_nomination(status="eligible", name="司马青云")
    third = make_nomination(status="eligible", name="上官红")
    services.place_eligible_nominations(campaign, actor=staff_user)
    sheet = save(expert, candidate)
    services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)
    save(expert, second)

    home = expert_client.get(reverse("review:home")).content.decode()

    assert row_action(home, str(candidate)) == "查看已提交评分"
    assert row_action(home, str(second)) == "继续评分"
    assert row_action(home, str(third)) == "查看材料并评分"
    assert "全部完成" not in home


def test_list_says_all_done_once_every_sheet_is_submitted(ready, expert_client):
    expert, candidate = ready
    sheet = save(expert, candidate)
    services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)

    home = expert_client.get(reverse("review:home")).content.decode()

    done = re.search(
        r'<div class="alert alert-success" role="status" id="all-done">(.*?)</div>', home, re.S
    )
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", done.group(1))).strip() == (
        "全部完成 您已提交全部 1 位人选的评分表，感谢您的认真评审。"
    )
    assert "查看材料并评分" not in home
