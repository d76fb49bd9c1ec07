"""Which days are working days (工作日), and the period of N working days from a date.

The one place the portal answers it. Staff's table of dates (``CalendarDay``,
edited in 系统管理 › 名单公示 › 工作日历) is consulted first; then the ``chinesecalendar``
package, whose data follow the State Council's holiday notice each November.
调休 weekend working days count, statutory holidays and ordinary weekends do not
(``chinese_calendar.is_workday`` already reads the 调休 days; never use its
``include_weekends=False`` helpers, which drop them).

A year is covered when the package has its data, or when staff have marked its
schedule as entered (a ``CalendarYear`` row): in such a year every Monday to
Friday is a working day and every weekend a rest day, except the dates in
``CalendarDay``. Any other year is refused with ``CalendarNotCovered``: the
portal never guesses a period the public will read.
"""

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays
from django.utils.translation import gettext as _

from publicity.models import CalendarDay, CalendarYear

# The years the installed package has data for (2004–2026 in 1.11.0).
PACKAGE_YEARS = range(
    min(_package_holidays).year,
    max(_package_holidays).year + 1,
)

# How many days of overrides ``period`` reads at a time.
_WINDOW = timedelta(days=60)


class CalendarNotCovered(Exception):
    """A date of the computation falls in a year with no working-day data."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "%(year)s年的节假日安排尚未录入，无法计算工作日。"
                "请在“系统管理 › 名单公示 › 工作日历”中"
                "逐日录入%(year)s年的放假日期和调休上班日期，"
                "再在“系统管理 › 名单公示 › 已录入日历的年度”中"
                "添加%(year)s年；或请系统管理员升级 chinesecalendar 软件包。"
            )
            % {"year": year}
        )


def package_covers(year: int) -> bool:
    """Whether the installed ``chinesecalendar`` has the year's holiday data."""
    return year in PACKAGE_YEARS


def _package_or_weekdays(day: date, table_years: set[int]) -> bool:
    if package_covers(day.year):
        return chinese_calendar.is_workday(day)
    if day.year in table_years:
        return day.weekday() < 5
    raise CalendarNotCovered(day.year)


def _table_years() -> set[int]:
    return set(CalendarYear.objects.values_list("year", flat=True))


def is_working_day(day: date) -> bool:
    """Whether people work on the day; raises ``CalendarNotCovered`` for an unknown year."""
    override = CalendarDay.objects.filter(date=day).values_list("is_working_day", flat=True)
    for is_working in override:
        return is_working
    return _package_or_weekdays(day, _table_years())


def period(start: date, days: int) -> tuple[date, date]:
    """Return the first and the last day of ``days`` working days from ``start``.

    The first day is ``start`` if it is a working day, else the next working
    day; the last is the ``days``-th working day counting the first. Raises
    ``CalendarNotCovered`` when a day it has to look at lies in an uncovered year.
    """
    if days < 1:
        raise ValueError("A period holds at least one working day.")
    table_years = _table_years()
    overrides: dict[date, bool] = {}
    loaded_until = start - timedelta(days=1)
    first = None
    count = 0
    day = start
    while True:
        if day > loaded_until:
            window_end = day + _WINDOW
            overrides.update(
                CalendarDay.objects.filter(date__gte=day, date__lte=window_end).values_list(
                    "date", "is_working_day"
                )
            )
            loaded_until = window_end
        working = overrides.get(day)
        if working is None:
            working = _package_or_weekdays(day, table_years)
        if working:
            first = first or day
            count += 1
            if count == days:
                return first, day
        day += timedelta(days=1)


def year_covered(year: int) -> bool:
    """Whether the portal can count working days in the year."""
    return package_covers(year) or CalendarYear.objects.filter(year=year).exists()


def next_year_uncovered(today: date) -> bool:
    """Whether staff should be warned, from 1 October, that next year has no calendar.

    The table is read whatever the date, so a page showing the warning costs
    the same queries all year round.
    """
    year = today.year + 1
    marked = CalendarYear.objects.filter(year=year).exists()
    if today.month < 10:
        return False
    return not (package_covers(year) or marked)
