"""The nominee's age is taken on the campaign's electronic deadline, not on the day of entry.

facts.md §5.1: the ID number must give a working age of 16 to 65. The campaign
fixture's deadline lies 30 days ahead, so a birthday in between tells the two apart.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from nominations.models import Nomination
from nominations.rules import age_reference_date, submission_problems
from tests.factories import valid_id_number
from tests.nominations.test_views import field_errors, form_data


def years_before(day: date, years: int) -> date:
    # 29 February becomes the 28th in a year without it: a day earlier, still in range.
    if (day.month, day.day) == (2, 29):
        day = day - timedelta(days=1)
    return day.replace(year=day.year - years)


def deadline_day(campaign) -> date:
    return timezone.localdate(campaign.electronic_deadline)


def test_age_reference_date_is_the_electronic_deadline_in_local_time(campaign):
    assert age_reference_date(campaign) == deadline_day(campaign)
    assert age_reference_date(campaign) == timezone.localdate() + timedelta(days=30)


def test_submission_refuses_a_nominee_who_is_66_at_the_deadline_though_65_today(
    make_nomination, campaign
):
    # The 66th birthday falls ten days before the deadline, twenty days from today.
    birth = years_before(deadline_day(campaign) - timedelta(days=10), 66)
    nomination = make_nomination(
        birth_month=birth.replace(day=1), id_number=valid_id_number(birth, "1")
    )

    problems = submission_problems(nomination)

    deadline = deadline_day(campaign)
    assert problems["id_number"] == [
        f"按公民身份号码计算，截至{deadline.year}年{deadline.month}月{deadline.day}日，"
        "年龄为66岁，超过65岁。"
    ]


def test_submission_accepts_a_nominee_who_is_16_at_the_deadline_though_15_today(
    make_nomination, campaign
):
    birth = years_before(deadline_day(campaign) - timedelta(days=10), 16)
    nomination = make_nomination(
        birth_month=birth.replace(day=1), id_number=valid_id_number(birth, "1")
    )

    assert "id_number" not in submission_problems(nomination)


def test_form_refuses_an_id_number_over_65_at_the_deadline_keeping_it_typed(clerk_client, campaign):
    birth = years_before(deadline_day(campaign) - timedelta(days=10), 66)
    number = valid_id_number(birth, "1")
    data = form_data({"name": "赵长青", "id_number": number})

    response = clerk_client.post(reverse("nominations:create"), data)

    deadline = deadline_day(campaign)
    assert response.status_code == 200
    assert field_errors(response.content, "id_id_number") == [
        f"按公民身份号码计算，截至{deadline.year}年{deadline.month}月{deadline.day}日，"
        "年龄为66岁，超过65岁。"
    ]
    assert f'name="id_number" value="{number}"' in response.content.decode()
    assert not Nomination.objects.exists()


def test_submission_refuses_months_to_come_saved_before_the_form_refused_them(
    make_nomination,
):
    # A draft saved before the form checked months may hold one still to come.
    nomination = make_nomination()
    today = date(2021, 6, 15)
    next_month = date(2021, 7, 1)
    Nomination.objects.filter(pk=nomination.pk).update(employment_start=next_month)
    honour_count = nomination.honours.update(awarded_on=next_month)
    nomination = Nomination.objects.get(pk=nomination.pk)

    problems = submission_problems(nomination, today=today)

    message = "不能晚于当前月份（2021年6月）。"
    assert honour_count == 1
    assert problems == {"employment_start": [message], "honours": [message]}
