"""The review's stages in a unit clerk's list: where each own nomination stands.

An eligible nomination placed in a panel reads 专家评审中; on a council-locked
list 拟入选; left off a locked list 未列入拟入选名单. The clerk never sees a
score, a rank, or another unit's nomination.
"""

import re

import pytest
from django.db.models import Q
from django.urls import reverse

from nominations import progress
from nominations.selectors import nomination_list
from nominations.services import disqualify_nomination, lock_for_list
from review.models import ListEntry
from tests.review.scored import lock_version

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def list_rows(client) -> dict[str, str]:
    """Return each row of the clerk's list as name -> its status cell."""
    page = client.get(reverse("nominations:list")).content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        name = text(re.search(r'<td class="stack-title"[^>]*>(.*?)</td>', row, re.S).group(1))
        status = re.search(r'<td data-label="状态">(.*?)</td>', row, re.S).group(1)
        rows[name] = text(status)
    return rows


def test_placed_eligible_nominations_read_in_review(scored, clerk_client):
    assert list_rows(clerk_client) == {"欧阳明辉": "专家评审中", "李秀英": "专家评审中"}


def test_locked_list_shows_listed_and_not_listed_own_nominations(
    scored, clerk_client, staff_user, council_user
):
    a, c = scored.candidates["欧阳明辉"], scored.candidates["赵铁柱"]
    lock_version(scored.campaign, recorded_by=council_user, listed=[(a, ""), (c, "")])
    lock_for_list([a.pk, c.pk], reference="黑工办纪〔2021〕12号", actor=council_user)

    assert list_rows(clerk_client) == {"欧阳明辉": "拟入选", "李秀英": "未列入拟入选名单"}


def test_a_reserve_reads_not_listed_though_its_nomination_is_locked(
    scored, clerk_client, council_user
):
    a, b, c = (scored.candidates[name] for name in ("欧阳明辉", "李秀英", "赵铁柱"))
    lock_version(
        scored.campaign, recorded_by=council_user, listed=[(a, ""), (c, "")], reserve=[(b, "")]
    )
    # The council's lock covers every entry of the version, the reserve included.
    lock_for_list([a.pk, b.pk, c.pk], reference="黑工办纪〔2021〕12号", actor=council_user)

    assert list_rows(clerk_client) == {"欧阳明辉": "拟入选", "李秀英": "未列入拟入选名单"}


def test_a_later_version_without_the_nominee_reads_not_listed(scored, clerk_client, council_user):
    a, b, c = (scored.candidates[name] for name in ("欧阳明辉", "李秀英", "赵铁柱"))
    lock_version(scored.campaign, recorded_by=council_user, listed=[(a, ""), (b, ""), (c, "")])
    lock_for_list([a.pk, b.pk, c.pk], reference="黑工办纪〔2021〕12号", actor=council_user)
    lock_version(
        scored.campaign,
        recorded_by=council_user,
        listed=[(a, ""), (c, "")],
        number=2,
        reason="复议",
    )

    assert list_rows(clerk_client) == {"欧阳明辉": "拟入选", "李秀英": "未列入拟入选名单"}


def test_clerk_list_shows_no_score_rank_or_other_unit(scored, clerk_client, council_user):
    a, c = scored.candidates["欧阳明辉"], scored.candidates["赵铁柱"]
    lock_version(scored.campaign, recorded_by=council_user, listed=[(a, ""), (c, "")])
    lock_for_list([a.pk, c.pk], reference="黑工办纪〔2021〕12号", actor=council_user)

    page = text(clerk_client.get(reverse("nominations:list")).content.decode())

    # 欧阳明辉's sheets add up to 86, 90 and 88 (mean 88.00); 李秀英's to 84 and 80.5.
    for number in ("86", "88", "90", "84", "80.5", "82.25"):
        assert not re.search(rf"(?<![\d-]){re.escape(number)}(?![\d-])", page), number
    assert ListEntry.objects.get(nomination=a).score not in page
    for other in ("赵铁柱", "孙立强", "齐齐哈尔"):
        assert other not in page


def test_disqualified_after_placement_shows_its_status_not_the_review(scored, clerk, staff_user):
    b = scored.candidates["李秀英"]
    disqualify_nomination(b, actor=staff_user, reason="获奖证书系伪造。")

    rows = {row.name: row.progress_key for row in nomination_list(clerk, scored.campaign)}

    assert rows == {"欧阳明辉": "review", "李秀英": ""}


def test_a_later_stage_registered_by_publicity_outranks_the_review(scored, clerk_client):
    progress.register(
        "publicity",
        label="公示中",
        order=400,
        condition=lambda: Q(name="欧阳明辉"),
    )
    try:
        rows = list_rows(clerk_client)
    finally:
        progress.unregister("publicity")

    assert rows == {"欧阳明辉": "公示中", "李秀英": "专家评审中"}


def test_clerk_paper_page_shows_the_same_stages(scored, clerk_client, council_user):
    a, c = scored.candidates["欧阳明辉"], scored.candidates["赵铁柱"]
    lock_version(scored.campaign, recorded_by=council_user, listed=[(a, ""), (c, "")])
    lock_for_list([a.pk, c.pk], reference="黑工办纪〔2021〕12号", actor=council_user)

    page = clerk_client.get(reverse("nominations:paper_mine")).content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = {
        text(re.search(r'<td class="stack-title"[^>]*>(.*?)</td>', row, re.S).group(1)): text(
            re.search(r'<td data-label="状态">(.*?)</td>', row, re.S).group(1)
        )
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    }

    assert rows == {"欧阳明辉": "拟入选", "李秀英": "未列入拟入选名单"}
