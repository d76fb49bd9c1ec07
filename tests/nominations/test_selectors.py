"""The nominations selectors the later stages load their pages with."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from longjiang.exceptions import PublicNotFound
from nominations.selectors import running_campaign, visible_nomination
from tests.factories import CampaignFactory


def test_running_campaign_is_the_newest(db):
    CampaignFactory(year=2021)
    newest = CampaignFactory(year=2022)

    assert running_campaign() == newest


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
