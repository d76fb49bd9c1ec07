"""Input the nomination form refuses: months still to come, and row counts no page posts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nominations.validators import validate_month_begun
from tests.nominations.test_views import edit_url, field_errors, messages_of, nomination_data

INVALID_FORM = "请根据提示修改标红的项目。您填写的内容都保留在页面上，尚未保存。"
BAD_COUNTS = "提交的行数有误，本部分未能读取，所有内容均未保存。请刷新页面后重新填写。"
TOO_MANY = "每一部分最多填写50行，请删除多余的行。"
HONOURS = [{"title": "全国五一劳动奖章"}, {"title": "黑龙江省劳动模范"}]


def _next_month(today: date) -> str:
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return f"{year}-{month:02d}"


def _future_message(today: date) -> str:
    return f"不能晚于当前月份（{today.year}年{today.month}月）。"


def test_month_begun_accepts_this_month_and_refuses_the_next():
    today = date(2021, 6, 30)

    assert validate_month_begun(date(2021, 6, 1), today=today) is None
    with pytest.raises(ValidationError) as raised:
        validate_month_begun(date(2021, 7, 1), today=today)
    assert raised.value.messages == ["不能晚于当前月份（2021年6月）。"]


@pytest.mark.parametrize("name", ["employment_start", "union_joined", "skill_obtained_on"])
def test_a_month_still_to_come_is_refused_beside_its_field(clerk_client, make_nomination, name):
    nomination = make_nomination(complete=False)
    today = timezone.localdate()
    data = nomination_data(nomination, **{name: _next_month(today)})

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    assert field_errors(response.content, f"id_{name}") == [_future_message(today)]
    assert f'value="{_next_month(today)}"' in response.content.decode()
    nomination.refresh_from_db()
    assert getattr(nomination, name) is None


def test_this_month_is_accepted(clerk_client, make_nomination):
    nomination = make_nomination(complete=False)
    today = timezone.localdate()

    response = clerk_client.post(
        edit_url(nomination), nomination_data(nomination, union_joined=today.strftime("%Y-%m"))
    )

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.union_joined == today.replace(day=1)


@pytest.mark.parametrize(("prefix", "cell"), [("honours", "awarded_on"), ("awards", "awarded_on")])
def test_an_award_or_honour_dated_in_a_month_to_come_is_refused(
    clerk_client, make_nomination, prefix, cell
):
    nomination = make_nomination(complete=False)
    today = timezone.localdate()
    data = nomination_data(nomination)
    row = {"honours": {"title": "省劳动模范"}, "awards": {"name": "全省车工大赛", "rank": "1"}}
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-{cell}": _next_month(today)})
    data.update({f"{prefix}-0-{key}": value for key, value in row[prefix].items()})
    if prefix == "awards":
        data["awards-0-level"] = "provincial_1"

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    assert field_errors(response.content, f"id_{prefix}-0-{cell}") == [_future_message(today)]
    assert getattr(nomination, prefix).count() == 0


@pytest.mark.parametrize(
    ("total", "message"),
    [("-1", BAD_COUNTS), ("0", BAD_COUNTS), ("100000", TOO_MANY), ("51", TOO_MANY)],
    ids=["negative", "fewer-than-initial", "absurd", "one-too-many"],
)
def test_a_crafted_row_count_is_refused_and_deletes_nothing(
    clerk_client, make_nomination, total, message
):
    nomination = make_nomination(complete=False, rows={"honours": HONOURS})
    data = nomination_data(nomination, address="哈尔滨市南岗区")
    data["honours-TOTAL_FORMS"] = total

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    assert messages_of(response) == [INVALID_FORM]
    assert message in response.content.decode()
    nomination.refresh_from_db()
    assert list(nomination.honours.values_list("title", flat=True)) == [
        "全国五一劳动奖章",
        "黑龙江省劳动模范",
    ]
    assert (nomination.version, nomination.address) == (1, "")


def test_a_forged_initial_count_above_the_stored_rows_is_refused(clerk_client, make_nomination):
    nomination = make_nomination(complete=False, rows={"honours": HONOURS})
    data = nomination_data(nomination)
    data.update({"honours-TOTAL_FORMS": "3", "honours-INITIAL_FORMS": "3"})

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    assert BAD_COUNTS in response.content.decode()
    assert nomination.honours.count() == 2


def test_the_form_tells_the_browser_the_row_limit(clerk_client, make_nomination):
    nomination = make_nomination(complete=False)

    html = clerk_client.get(edit_url(nomination)).content.decode()

    assert 'name="honours-MAX_NUM_FORMS" value="50"' in html
