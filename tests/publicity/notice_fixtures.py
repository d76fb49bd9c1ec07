"""A campaign with a locked list version of three people, for the notice tests."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from publicity.models import CalendarYear
from publicity.workdays import PACKAGE_YEARS, period
from tests.review.scored import lock_version

NAMES = ("欧阳明辉", "王丽", "丁建国")
# 姓氏笔画: 丁 (2) < 王 (4) < 欧阳 (欧 8).
STROKE_ORDER = ["丁建国", "王丽", "欧阳明辉"]


@pytest.fixture
def covered_years(db):
    """Count working days this year and next whatever the package knows (Mon–Fri)."""
    year = timezone.localdate().year
    for value in (year, year + 1):
        if value not in PACKAGE_YEARS:
            CalendarYear.objects.get_or_create(year=value)


@pytest.fixture
def people(make_nomination, unit_qiqihar):
    return [
        make_nomination(status="eligible", name="欧阳明辉", post="数控车工", position="班组长"),
        make_nomination(
            status="eligible",
            name="王丽",
            unit=unit_qiqihar,
            employer_name="齐齐哈尔第一机床厂",
            post="钳工",
            position="",
        ),
        make_nomination(status="eligible", name="丁建国", post="焊工", position="技师"),
    ]


@pytest.fixture
def substitute(make_nomination):
    return make_nomination(status="eligible", name="赵铁柱", post="电工", position="")


@pytest.fixture
def version(campaign, people, substitute, staff_user):
    """Version 1: the three people listed, the substitute in reserve."""
    return lock_version(
        campaign,
        recorded_by=staff_user,
        listed=[(p, "") for p in people],
        reserve=[(substitute, "")],
    )


@pytest.fixture
def version2(campaign, version, people, substitute, staff_user):
    """Version 2: 王丽 removed, the substitute listed."""
    return lock_version(
        campaign,
        recorded_by=staff_user,
        listed=[(people[0], ""), (people[2], ""), (substitute, "")],
        number=2,
        reason="异议查实",
        previous_hash=version.content_hash,
    )


def future_start(covered_years=None, *, after: date | None = None) -> date:
    """A working day at least a week from today (or the day after ``after``)."""
    day = (after + timedelta(days=1)) if after else timezone.localdate() + timedelta(days=7)
    first, _last = period(day, 1)
    return first
