"""What a unit's clerk sees once the intake has closed, and after a correction.

After the unit's deadline (its extension counted) nothing offers 新增推荐; the
list and a draft's page say 填报已截止 with the time. The first check's 退回修改
box shows only while the nomination is returned.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from nominations.models import Campaign, DeadlineExtension, Nomination
from nominations.services import submit_nomination
from nominations.workflow import Status
from tests.factories import complete_fields
from tests.nominations.test_views import form_data

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The deadline of the 2021 notice: 2021年7月1日 17:00, Beijing time.
DEADLINE_2021 = datetime(2021, 7, 1, 17, 0, tzinfo=SHANGHAI)
CLOSED = "填报已截止（2021年7月1日 17:00）"
CREATE_REFUSED = (
    "填报已截止（2021年7月1日 17:00），不能再新增推荐。如确有特殊情况，请联系省总工会。"
)
LIST_URL = reverse("nominations:list")
CREATE_URL = reverse("nominations:create")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def close_intake() -> None:
    Campaign.objects.update(electronic_deadline=DEADLINE_2021)


def detail(client, nomination: Nomination) -> str:
    return client.get(reverse("nominations:detail", kwargs={"pk": nomination.pk})).content.decode()


def test_list_before_deadline_offers_new_nomination_in_menu_and_page(clerk_client, campaign):
    page = clerk_client.get(LIST_URL).content.decode()

    assert page.count(f'href="{CREATE_URL}"') == 3  # the menu, the button, the empty list
    assert "填报已截止" not in page


def test_list_after_deadline_says_closed_with_time_and_offers_no_new_nomination(
    clerk_client, make_nomination
):
    make_nomination(complete=False, name="甲")
    close_intake()

    page = clerk_client.get(LIST_URL).content.decode()

    assert CLOSED in page
    assert "新增推荐" not in page
    assert CREATE_URL not in page
    # Nor can the ranking be changed any more.
    assert reverse("nominations:move", kwargs={"pk": Nomination.objects.get().pk}) not in page


def test_other_page_after_deadline_has_no_new_nomination_in_menu(clerk_client, campaign):
    close_intake()

    page = clerk_client.get(reverse("nominations:paper_mine")).content.decode()

    assert "新增推荐" not in page


def test_extension_keeps_new_nomination_after_campaign_deadline(
    clerk_client, campaign, unit_harbin, staff_user
):
    close_intake()
    DeadlineExtension.objects.create(
        campaign=campaign,
        unit=unit_harbin,
        extended_until=timezone.now() + timedelta(days=2),
        reason="汛期停电",
        granted_by=staff_user,
    )

    page = clerk_client.get(LIST_URL).content.decode()

    assert page.count(f'href="{CREATE_URL}"') == 3
    assert "填报已截止" not in page


def test_extension_of_another_unit_does_not_reopen_intake(
    clerk_client, campaign, unit_qiqihar, staff_user
):
    close_intake()
    DeadlineExtension.objects.create(
        campaign=campaign,
        unit=unit_qiqihar,
        extended_until=timezone.now() + timedelta(days=2),
        reason="汛期停电",
        granted_by=staff_user,
    )

    page = clerk_client.get(LIST_URL).content.decode()

    assert CLOSED in page
    assert "新增推荐" not in page


def test_create_page_after_deadline_sends_clerk_to_list_with_message(clerk_client, campaign):
    close_intake()

    response = clerk_client.get(CREATE_URL)

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert messages_of(response) == [CREATE_REFUSED]


def test_create_post_after_deadline_is_refused_and_keeps_what_was_typed(clerk_client, campaign):
    close_intake()

    response = clerk_client.post(CREATE_URL, form_data(complete_fields(name="欧阳明辉")))

    assert response.status_code == 200
    assert messages_of(response) == [CREATE_REFUSED]
    assert 'value="欧阳明辉"' in response.content.decode()
    assert not Nomination.objects.exists()


def test_draft_after_deadline_says_closed_and_offers_no_submit(clerk_client, make_nomination):
    nomination = make_nomination()
    close_intake()

    page = detail(clerk_client, nomination)

    assert CLOSED in page
    assert reverse("nominations:submit", kwargs={"pk": nomination.pk}) not in page


def test_submitted_nomination_after_deadline_has_no_closed_box(clerk_client, make_nomination):
    nomination = make_nomination(status="submitted")
    close_intake()

    page = detail(clerk_client, nomination)

    assert "填报已截止" not in page


def decision_box(page: str) -> str | None:
    match = re.search(r'<section[^>]*id="decision">(.*?)</section>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip() if match else None


def test_returned_box_shows_while_returned_and_goes_after_resubmission(
    clerk_client, clerk, make_nomination
):
    nomination = make_nomination(status="returned")
    returned_page = detail(clerk_client, nomination)
    submit_nomination(nomination, actor=clerk)

    resubmitted_page = detail(clerk_client, nomination)

    assert decision_box(returned_page).startswith("初审结果：退回修改")
    assert "主要事迹：请补充近三年的主要业绩。" in decision_box(returned_page)
    assert Nomination.objects.get().status == Status.SUBMITTED
    assert decision_box(resubmitted_page) is None
    assert "请补充近三年的主要业绩" not in resubmitted_page
