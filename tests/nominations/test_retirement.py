"""Statutory retirement ages with the gradual raise from 2025-01-01.

Each expected value is worked out from the rule's text (one more month of delay
for every four months of original retirement dates, every two for the women-50
group, starting with January 2025) and agrees with the 对照表 attached to the
国务院关于渐进式延迟法定退休年龄的办法.
"""

import itertools
from datetime import date

import pytest

from nominations.codes import Sex
from nominations.retirement import (
    Group,
    groups_for_sex,
    retirement_age_months,
    retirement_date,
    retirement_month,
)


@pytest.mark.parametrize(
    ("group", "born", "age", "retires"),
    [
        # Men: 60, raised by a month every four months, to 63.
        (Group.MEN, (1964, 12), (60, 0), (2024, 12)),  # Retired before the raise.
        (Group.MEN, (1965, 1), (60, 1), (2025, 2)),  # The first step.
        (Group.MEN, (1965, 4), (60, 1), (2025, 5)),
        (Group.MEN, (1965, 5), (60, 2), (2025, 7)),
        (Group.MEN, (1970, 1), (61, 4), (2031, 5)),
        (Group.MEN, (1976, 8), (62, 11), (2039, 7)),
        (Group.MEN, (1976, 9), (63, 0), (2039, 9)),  # The last step reaches 63.
        (Group.MEN, (1976, 12), (63, 0), (2039, 12)),
        (Group.MEN, (1990, 6), (63, 0), (2053, 6)),
        # Women cadres: 55, raised by a month every four months, to 58.
        (Group.WOMEN_CADRES, (1969, 12), (55, 0), (2024, 12)),
        (Group.WOMEN_CADRES, (1970, 1), (55, 1), (2025, 2)),
        (Group.WOMEN_CADRES, (1975, 3), (56, 4), (2031, 7)),
        (Group.WOMEN_CADRES, (1981, 8), (57, 11), (2039, 7)),
        (Group.WOMEN_CADRES, (1981, 9), (58, 0), (2039, 9)),
        # Women workers: 50, raised by a month every two months, to 55.
        (Group.WOMEN_WORKERS, (1974, 12), (50, 0), (2024, 12)),
        (Group.WOMEN_WORKERS, (1975, 1), (50, 1), (2025, 2)),
        (Group.WOMEN_WORKERS, (1975, 2), (50, 1), (2025, 3)),
        (Group.WOMEN_WORKERS, (1975, 3), (50, 2), (2025, 5)),
        (Group.WOMEN_WORKERS, (1980, 1), (52, 7), (2032, 8)),
        (Group.WOMEN_WORKERS, (1984, 10), (54, 11), (2039, 9)),
        (Group.WOMEN_WORKERS, (1984, 11), (55, 0), (2039, 11)),
        (Group.WOMEN_WORKERS, (1995, 7), (55, 0), (2050, 7)),
    ],
)
def test_retirement_age_and_month_follow_the_table(group, born, age, retires):
    months = retirement_age_months(*born, group)

    assert divmod(months, 12) == age
    assert retirement_month(*born, group) == retires


def test_retirement_age_rises_by_at_most_one_month_per_birth_month():
    for group in Group:
        ages = [
            retirement_age_months(year, month, group)
            for year in range(1955, 2000)
            for month in range(1, 13)
        ]
        assert all(0 <= later - earlier <= 1 for earlier, later in itertools.pairwise(ages))


def test_retirement_date_keeps_the_birthday_clamped_to_the_month():
    assert retirement_date(date(1965, 5, 17), Group.MEN) == date(2025, 7, 17)
    # Born on 31 December 1964: 60 on 31 December 2024.
    assert retirement_date(date(1964, 12, 31), Group.MEN) == date(2024, 12, 31)
    # Born on 31 January 1965: 60 years 1 month falls in February, which has 28 days.
    assert retirement_date(date(1965, 1, 31), Group.MEN) == date(2025, 2, 28)


def test_groups_for_sex_give_a_woman_both_groups_workers_first():
    assert groups_for_sex(Sex.MALE) == (Group.MEN,)
    assert groups_for_sex(Sex.FEMALE) == (Group.WOMEN_WORKERS, Group.WOMEN_CADRES)
