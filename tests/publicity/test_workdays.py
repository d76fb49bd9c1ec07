"""Working days: the package's data, staff's overrides, uncovered years, and the command.

The periods are those of facts §2.4 (荆楚 2021-09-14 → 09-18, ending on a 调休
Saturday) and our own across 国庆 2021 and 春节 2021, checked against the State
Council's notices: 国庆 2021 rested 10-01 to 10-07 and worked Sunday 09-26 and
Saturday 10-09; 春节 2021 rested 02-11 to 02-17 and worked Sunday 02-07 and
Saturday 02-20.
"""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from publicity import workdays
from publicity.models import CalendarDay, CalendarYear
from publicity.workdays import CalendarNotCovered, is_working_day, period

# The package's last year (1.11.0) and a year no version will know for a while.
LAST_PACKAGE_YEAR = max(workdays.PACKAGE_YEARS)
FAR_YEAR = 2040


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # facts §2.4: five working days counting the start, the last a 调休 Saturday.
        (date(2021, 9, 14), 5, (date(2021, 9, 14), date(2021, 9, 18))),
        # Across 国庆 2021: 9/29, 9/30, then 10/8, Saturday 10/9 (调休) and 10/11.
        (date(2021, 9, 29), 5, (date(2021, 9, 29), date(2021, 10, 11))),
        # Starting on a statutory holiday: the period starts on the first working day.
        (date(2021, 10, 1), 5, (date(2021, 10, 8), date(2021, 10, 13))),
        # Starting on an ordinary Sunday: Monday is the first day.
        (date(2021, 9, 12), 5, (date(2021, 9, 13), date(2021, 9, 17))),
        # Starting on a 调休 Sunday (9/26): it counts.
        (date(2021, 9, 26), 3, (date(2021, 9, 26), date(2021, 9, 28))),
        # Across 春节 2021: 2/10, then 2/18, 2/19, Saturday 2/20 (调休) and 2/22.
        (date(2021, 2, 10), 5, (date(2021, 2, 10), date(2021, 2, 22))),
        # One working day: the first day is the last.
        (date(2021, 10, 2), 1, (date(2021, 10, 8), date(2021, 10, 8))),
    ],
)
@pytest.mark.django_db
def test_period_follows_the_state_councils_calendar(start, days, expected):
    assert period(start, days) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 9, 18), True),  # 调休 Saturday
        (date(2021, 9, 19), False),  # 中秋 Sunday
        (date(2021, 9, 21), False),  # 中秋, a Tuesday
        (date(2021, 10, 9), True),  # 调休 Saturday
        (date(2021, 10, 16), False),  # ordinary Saturday
        (date(2021, 10, 15), True),  # ordinary Friday
    ],
)
def test_is_working_day_reads_the_package(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.django_db
def test_a_period_holds_exactly_n_working_days_from_and_to_working_days():
    for offset in range(0, 365, 7):
        start = date(2021, 1, 1) + timedelta(days=offset)
        first, last = period(start, 5)
        span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        assert sum(is_working_day(day) for day in span) == 5
        assert is_working_day(first) and is_working_day(last)
        # Nothing between the start and the first day is a working day.
        skipped = [start + timedelta(days=i) for i in range((first - start).days)]
        assert not any(is_working_day(day) for day in skipped)


@pytest.mark.django_db
def test_an_override_makes_a_package_working_day_a_rest_day():
    # Thursday 2021-09-16 made a rest day: the period runs one working day longer.
    CalendarDay.objects.create(date=date(2021, 9, 16), is_working_day=False, note="临时停工")

    assert is_working_day(date(2021, 9, 16)) is False
    assert period(date(2021, 9, 14), 5) == (date(2021, 9, 14), date(2021, 9, 22))


@pytest.mark.django_db
def test_an_override_makes_a_package_rest_day_a_working_day():
    # 国庆 2021-10-01 made a working day: a period starting that day starts that day.
    CalendarDay.objects.create(date=date(2021, 10, 1), is_working_day=True, note="更正")

    assert is_working_day(date(2021, 10, 1)) is True
    assert period(date(2021, 10, 1), 2) == (date(2021, 10, 1), date(2021, 10, 8))


@pytest.mark.django_db
def test_a_year_nobody_covers_is_refused_with_a_message_naming_it():
    with pytest.raises(CalendarNotCovered) as refused:
        period(date(FAR_YEAR, 3, 2), 5)

    assert refused.value.year == FAR_YEAR
    message = str(refused.value)
    assert message.startswith(f"{FAR_YEAR}年的节假日安排尚未录入，无法计算工作日。")
    assert "系统管理 › 名单公示 › 工作日历" in message
    with pytest.raises(CalendarNotCovered):
        is_working_day(date(FAR_YEAR, 3, 2))


@pytest.mark.django_db
@pytest.mark.uncovered_calendar
def test_a_period_running_into_an_uncovered_year_is_refused():
    # The package's last 28 December: five working days run into January.
    with pytest.raises(CalendarNotCovered) as refused:
        period(date(LAST_PACKAGE_YEAR, 12, 28), 5)
    assert refused.value.year == LAST_PACKAGE_YEAR + 1


@pytest.mark.django_db
def test_override_rows_alone_do_not_cover_a_year():
    CalendarDay.objects.create(date=date(FAR_YEAR, 1, 1), is_working_day=False, note="元旦")

    # The day itself is known, the rest of the year is not.
    assert is_working_day(date(FAR_YEAR, 1, 1)) is False
    with pytest.raises(CalendarNotCovered):
        period(date(FAR_YEAR, 1, 1), 2)


@pytest.mark.django_db
def test_a_year_marked_entered_counts_weekdays_and_its_overrides():
    CalendarYear.objects.create(year=FAR_YEAR, note="国办发明电〔2039〕1号")
    # Monday 2040-10-01 to Friday 10-05 rest; Saturday 10-06 is a 调休 working day.
    for day in range(1, 6):
        CalendarDay.objects.create(date=date(FAR_YEAR, 10, day), is_working_day=False)
    CalendarDay.objects.create(date=date(FAR_YEAR, 10, 6), is_working_day=True)

    assert is_working_day(date(FAR_YEAR, 10, 7)) is False  # an ordinary Sunday
    # Friday 9/28, then Saturday 10/6 (调休), Monday 10/8 and Tuesday 10/9.
    assert period(date(FAR_YEAR, 9, 28), 4) == (date(FAR_YEAR, 9, 28), date(FAR_YEAR, 10, 9))


@pytest.mark.django_db
def test_period_refuses_zero_days():
    with pytest.raises(ValueError):
        period(date(2021, 9, 14), 0)


@pytest.mark.parametrize(
    ("today", "uncovered"),
    [
        (date(FAR_YEAR - 1, 9, 30), False),
        (date(FAR_YEAR - 1, 10, 1), True),
        (date(FAR_YEAR - 1, 12, 31), True),
        (date(LAST_PACKAGE_YEAR - 1, 10, 1), False),  # the package has next year
    ],
)
@pytest.mark.django_db
def test_next_year_uncovered_from_october(today, uncovered):
    assert workdays.next_year_uncovered(today) is uncovered


@pytest.mark.django_db
def test_next_year_marked_entered_is_covered():
    CalendarYear.objects.create(year=FAR_YEAR)
    assert workdays.next_year_uncovered(date(FAR_YEAR - 1, 10, 1)) is False


# --- The command -------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_the_first_and_last_day(capsys):
    call_command("publicity_period", "--start", "2021-09-14")
    assert capsys.readouterr().out == "2021-09-14 2021-09-18\n"


@pytest.mark.django_db
def test_command_defaults_to_the_campaigns_publicity_days(capsys, campaign):
    campaign.publicity_working_days = 7
    campaign.save(update_fields=["publicity_working_days"])

    call_command("publicity_period", "--start", "2021-09-14")
    # 9/14, 9/15, 9/16, 9/17, 9/18 (调休), then 中秋 9/19–9/21, then 9/22 and 9/23.
    assert capsys.readouterr().out == "2021-09-14 2021-09-23\n"


@pytest.mark.django_db
def test_command_takes_days(capsys):
    call_command("publicity_period", "--start", "2021-10-01", "--days", "3")
    assert capsys.readouterr().out == "2021-10-08 2021-10-11\n"


@pytest.mark.django_db
def test_command_exits_1_with_the_message_where_the_calendar_lacks_data(capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("publicity_period", "--start", f"{FAR_YEAR}-03-02")

    assert exited.value.code == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.startswith(f"{FAR_YEAR}年的节假日安排尚未录入，无法计算工作日。")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2021-13-01", "14/09/2021", "tomorrow"])
def test_command_refuses_a_bad_start(value):
    with pytest.raises(CommandError) as refused:
        call_command("publicity_period", "--start", value)
    assert refused.value.returncode == 2
    assert str(refused.value) == (
        f"--start 须为 YYYY-MM-DD 格式的日期，例如 2021-09-14（收到：{value}）"
    )


@pytest.mark.django_db
def test_command_refuses_zero_days():
    with pytest.raises(CommandError) as refused:
        call_command("publicity_period", "--start", "2021-09-14", "--days", "0")
    assert refused.value.returncode == 2
