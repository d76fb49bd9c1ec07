"""The nominations selectors the later stages load their pages with."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from longjiang.exceptions import PublicNotFound
from nominations.selectors import running_campaign, visible_nomination
from tests.factories import CampaignFactory


def test_running_campaign_is_the_one_staff_set_running_not_the_newest(db):
    running = CampaignFactory(year=2021)
    CampaignFactory(year=2022, is_running=False)

    assert running_campaign() == running


def test_running_campaign_with_campaigns_but_none_running_is_a_404_that_says_so(db):
    CampaignFactory(year=2021, is_running=False)

    with pytest.raises(PublicNotFound) as raised:
        running_campaign()

    assert str(raised.value) == (
        "当前没有运行中的选树活动。请省总工会工作人员在“选树活动”页面设定当前运行的活动。"
    )


def test_running_campaign_without_one_is_a_404_that_says_so(db):
    with pytest.raises(PublicNotFound) as raised:
        running_campaign()

    assert str(raised.value) == "本年度选树活动尚未创建。请系统管理员在“系统管理”中创建选树活动。"


def test_visible_nomination_for_its_clerk_and_staff(make_nomination, clerk, staff_user):
    nomination = make_nomination(complete=False)

    assert visible_nomination(clerk, nomination.pk) == nomination
    assert visible_nomination(staff_user, nomination.pk) == nomination


@pytest.mark.parametrize("who", ["other_clerk", "expert_user", "council_user", "anonymous"])
def test_visible_nomination_is_a_404_for_anyone_else(request, make_nomination, who):
    nomination = make_nomination(complete=False)
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    with pytest.raises(Http404):
        visible_nomination(user, nomination.pk)
