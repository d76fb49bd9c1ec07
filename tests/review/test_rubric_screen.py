"""The rubric screen and its services: list, add, change, remove, and the freeze."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from longjiang.exceptions import DomainError
from review import services
from review.models import Dimension, ReviewSettings
from review.services.rubric import add_dimension, remove_dimension
from tests.review.conftest import events

pytestmark = pytest.mark.django_db

RUBRIC_EVENTS = ("review.dimension_added", "review.dimension_updated", "review.dimension_removed")


@pytest.fixture
def rubric(campaign, staff_user) -> list[Dimension]:
    return services.ensure_default_rubric(campaign, actor=staff_user)


def rows(campaign) -> list[tuple]:
    return list(
        Dimension.objects.filter(campaign=campaign)
        .order_by("position", "pk")
        .values_list("key", "name", "max_points", "guidance", "position")
    )


def rubric_events() -> list:
    return [e for code in RUBRIC_EVENTS for e in events(code)]


def freeze_by_scoring(campaign, staff_user, expert, nomination) -> None:
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=3),
        actor=staff_user,
    )
    services.save_sheet(
        expert.user,
        nomination=nomination,
        scores={"skill": Decimal("20")},
        comment="",
        recommend=None,
        expected_version=0,
        actor=expert.user,
    )


def open_window_later_today(campaign, staff_user) -> None:
    """Open the window an hour ago, before anyone has scored."""
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
        actor=staff_user,
    )


# --- The page ---------------------------------------------------------------------------


def test_rubric_page_lists_dimensions_and_total(staff_client, rubric):
    page = staff_client.get(reverse("review:rubric")).content.decode()

    for name in ("技能水平与工艺专长", "创新成果与突出贡献", "事迹材料质量与综合评价"):
        assert name in page
    assert "高超技能、工艺专长" in page
    assert '<th scope="row" colspan="2">合计</th><td>100</td>' in page
    assert "不是100分" not in page
    assert "添加评分项目" in page
    assert reverse("review:dimension", args=[rubric[0].pk]) in page


def test_rubric_page_warns_when_the_total_is_not_100(staff_client, staff_user, rubric):
    services.update_dimension(
        rubric[4], name="综合评价", max_points=Decimal("7.5"), guidance="", actor=staff_user
    )

    page = staff_client.get(reverse("review:rubric")).content.decode()

    assert "各项满分合计为102.5分，不是100分，请调整。" in page


def test_rubric_page_without_rubric_offers_the_default(campaign, staff_client, staff_user):
    page = staff_client.get(reverse("review:rubric")).content.decode()
    assert "尚未设定评分标准。" in page

    response = staff_client.post(reverse("review:rubric"), {"action": "default"})

    assert response.status_code == 302
    assert [r[2] for r in rows(campaign)] == [30, 30, 20, 15, 5]


def test_rubric_page_is_read_only_once_frozen(
    campaign, staff_client, staff_user, rubric, signed_expert, candidate
):
    freeze_by_scoring(campaign, staff_user, signed_expert, candidate)

    page = staff_client.get(reverse("review:rubric")).content.decode()

    assert "评分已经开始，评分标准不能再修改。" in page
    assert "技能水平与工艺专长" in page
    assert "添加评分项目" not in page
    assert reverse("review:dimension", args=[rubric[0].pk]) not in page
    assert reverse("review:dimension_remove", args=[rubric[0].pk]) not in page


# --- Adding -----------------------------------------------------------------------------


def test_add_dimension_through_the_page(campaign, staff_client, staff_user, rubric):
    response = staff_client.post(
        reverse("review:rubric"),
        {"name": "安全生产", "max_points": "5", "guidance": "无安全事故。", "position": ""},
        follow=True,
    )

    assert "已添加评分项目“安全生产”。" in response.content.decode()
    assert rows(campaign)[-1] == ("item1", "安全生产", Decimal("5.0"), "无安全事故。", 6)
    (event,) = events("review.dimension_added")
    assert event.actor == staff_user
    assert event.data == {"key": "item1", "name": "安全生产", "max_points": "5", "position": 6}


def test_add_dimension_with_errors_keeps_the_input(campaign, staff_client, rubric):
    response = staff_client.post(
        reverse("review:rubric"),
        {"name": "", "max_points": "0", "guidance": "要点说明", "position": "3"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "这个字段是必填项。" in page
    assert "确保该值大于或等于0.1。" in page
    assert 'name="max_points" value="0"' in page
    assert "要点说明</textarea>" in page
    assert len(rows(campaign)) == 5
    assert rubric_events() == []


def test_add_dimension_keys_do_not_collide(campaign, staff_user, rubric):
    first = add_dimension(
        campaign, name="甲", max_points=Decimal("1"), guidance="", actor=staff_user
    )
    second = add_dimension(
        campaign, name="乙", max_points=Decimal("1"), guidance="", actor=staff_user, position=0
    )

    assert (first.key, second.key) == ("item1", "item2")
    assert rows(campaign)[0][:2] == ("item2", "乙")


# --- Changing and removing ------------------------------------------------------------


def test_edit_dimension_page_shows_the_values(staff_client, rubric):
    page = staff_client.get(reverse("review:dimension", args=[rubric[1].pk])).content.decode()

    assert "修改评分项目：创新成果与突出贡献" in page
    assert 'name="max_points" value="30.0"' in page
    assert 'name="position" value="2"' in page


def test_edit_dimension_changes_name_points_guidance_and_place(
    campaign, staff_client, staff_user, rubric
):
    response = staff_client.post(
        reverse("review:dimension", args=[rubric[4].pk]),
        {"name": "综合评价", "max_points": "5", "guidance": "总体印象", "position": "0"},
        follow=True,
    )

    assert "评分项目“事迹材料质量与综合评价”已保存。" in response.content.decode()
    assert rows(campaign)[0] == ("overall", "综合评价", Decimal("5.0"), "总体印象", 0)
    (event,) = events("review.dimension_updated")
    assert event.data == {
        "key": "overall",
        "before": {"name": "事迹材料质量与综合评价", "max_points": "5.0", "position": 5},
        "after": {"name": "综合评价", "max_points": "5", "position": 0},
    }


def test_edit_dimension_with_errors_keeps_the_input(campaign, staff_client, rubric):
    before = rows(campaign)

    response = staff_client.post(
        reverse("review:dimension", args=[rubric[0].pk]),
        {"name": "技能", "max_points": "12.25", "guidance": "", "position": "1"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "确认小数不超过 1 位." in page
    assert 'name="name" value="技能"' in page
    assert 'name="max_points" value="12.25"' in page
    assert rows(campaign) == before
    assert rubric_events() == []


def test_edit_dimension_of_another_campaign_is_404(staff_client, rubric):
    response = staff_client.get(reverse("review:dimension", args=[rubric[-1].pk + 100]))

    assert response.status_code == 404


def test_remove_dimension_through_the_page(campaign, staff_client, staff_user, rubric):
    response = staff_client.post(
        reverse("review:dimension_remove", args=[rubric[4].pk]), follow=True
    )

    assert "已删除评分项目“事迹材料质量与综合评价”。" in response.content.decode()
    assert [r[0] for r in rows(campaign)] == ["skill", "innovation", "leadership", "awards"]
    (event,) = events("review.dimension_removed")
    assert event.data == {"key": "overall", "name": "事迹材料质量与综合评价", "max_points": "5.0"}


def test_remove_the_last_dimension_is_refused(campaign, staff_user, rubric):
    for d in rubric[1:]:
        remove_dimension(d, actor=staff_user)

    with pytest.raises(DomainError, match="至少须保留一个评分项目"):
        remove_dimension(rubric[0], actor=staff_user)
    assert [r[0] for r in rows(campaign)] == ["skill"]


# --- The freeze -------------------------------------------------------------------------


def test_frozen_rubric_refuses_every_change_through_the_pages(
    campaign, staff_client, staff_user, rubric, signed_expert, candidate
):
    freeze_by_scoring(campaign, staff_user, signed_expert, candidate)
    before = rows(campaign)
    message = "评分已经开始，评分标准不能再修改。"

    added = staff_client.post(
        reverse("review:rubric"), {"name": "安全生产", "max_points": "5", "guidance": ""}
    )
    edited = staff_client.post(
        reverse("review:dimension", args=[rubric[0].pk]),
        {"name": "技能", "max_points": "40", "guidance": ""},
    )
    removed = staff_client.post(
        reverse("review:dimension_remove", args=[rubric[4].pk]), follow=True
    )

    assert (added.status_code, edited.status_code) == (200, 200)
    assert message in added.content.decode()
    # The page is read-only now: the refusal is shown, the add form is gone.
    assert "添加评分项目" not in added.content.decode()
    assert message in edited.content.decode()
    assert message in removed.content.decode()
    assert rows(campaign) == before
    assert rubric_events() == []


@pytest.mark.parametrize("action", ["add", "update", "remove"])
def test_rubric_services_refuse_once_the_window_opened(campaign, staff_user, rubric, action):
    open_window_later_today(campaign, staff_user)
    before = rows(campaign)

    with pytest.raises(DomainError) as exc:
        if action == "add":
            add_dimension(
                campaign, name="甲", max_points=Decimal("1"), guidance="", actor=staff_user
            )
        elif action == "update":
            services.update_dimension(
                rubric[0], name="甲", max_points=Decimal("1"), guidance="", actor=staff_user
            )
        else:
            remove_dimension(rubric[0], actor=staff_user)

    assert str(exc.value) == "评分时间已经开始，评分标准不能再修改。"
    assert ReviewSettings.objects.get(campaign=campaign).rubric_frozen_at is None
    assert rows(campaign) == before
    assert rubric_events() == []


def test_rubric_page_is_read_only_once_the_window_opened(
    staff_client, campaign, staff_user, rubric
):
    open_window_later_today(campaign, staff_user)

    page = staff_client.get(reverse("review:rubric")).content.decode()

    assert "评分时间已经开始，评分标准不能再修改。" in page
    assert "添加评分项目" not in page
