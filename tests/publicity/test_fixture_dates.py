"""The test fixtures' dates are local dates, whatever the hour the tests run."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_case_notice_is_dated_by_the_local_day_just_after_midnight(monkeypatch, request):
    # 2021-09-11 01:30 in Beijing is still 2021-09-10 in UTC.
    just_after_midnight = datetime.datetime(2021, 9, 10, 17, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: just_after_midnight)

    notice = request.getfixturevalue("case_notice")

    assert (notice.starts_on, notice.ends_on) == (datetime.date(2021, 9, 11),) * 2
    assert notice.list_version.decision.meeting_date == datetime.date(2021, 9, 11)
