"""Statutory retirement ages in China, with the gradual raise that began on 2025-01-01.

The rule is the 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定
(adopted 2024-09-13) and its 实施办法 (国务院关于渐进式延迟法定退休年龄的办法),
article 1:

    从2025年1月1日起，男职工和原法定退休年龄为五十五周岁的女职工，法定退休年龄每四个月
    延迟一个月，分别逐步延迟至六十三周岁和五十八周岁；原法定退休年龄为五十周岁的女职工，
    法定退休年龄每两个月延迟一个月，逐步延迟至五十五周岁。

Read as a table (the 对照表 attached to the 办法): people whose original retirement
month falls in the first step of the raise (January to April 2025, or January to
February 2025 for the women-50 group) retire one month later; each following step
adds one more month, up to the final age. So a man born in January 1965 (original
retirement 2025-01) retires at 60 years 1 month, in February 2025; a man born in
May 1965 at 60 years 2 months, in July 2025; a man born in September 1976 or later
at 63. The original ages were 60 for men, 55 for women cadres (女干部) and 50 for
women workers (女工人).

Everything here works on months; ``retirement_date`` puts the birthday's day of the
month into the retirement month.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from nominations.codes import Sex


class Group(StrEnum):
    """The three groups of the rule, by their original statutory retirement age."""

    MEN = "men_60"
    WOMEN_CADRES = "women_55"
    WOMEN_WORKERS = "women_50"


@dataclass(frozen=True)
class Raise:
    original_years: int
    # One more month of delay for each this many months of original retirement dates.
    step_months: int
    final_years: int


RAISES: dict[Group, Raise] = {
    Group.MEN: Raise(original_years=60, step_months=4, final_years=63),
    Group.WOMEN_CADRES: Raise(original_years=55, step_months=4, final_years=58),
    Group.WOMEN_WORKERS: Raise(original_years=50, step_months=2, final_years=55),
}

# The first month of the raise.
REFORM_START = (2025, 1)


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def retirement_age_months(birth_year: int, birth_month: int, group: Group) -> int:
    """Return the statutory retirement age, in months, of a person born in that month."""
    rule = RAISES[group]
    original = rule.original_years * 12
    original_retirement = _index(birth_year, birth_month) + original
    since_start = original_retirement - _index(*REFORM_START)
    if since_start < 0:
        return original
    delay = since_start // rule.step_months + 1
    return original + min(delay, (rule.final_years - rule.original_years) * 12)


def retirement_month(birth_year: int, birth_month: int, group: Group) -> tuple[int, int]:
    """Return the (year, month) in which a person born in that month reaches retirement age."""
    index = _index(birth_year, birth_month) + retirement_age_months(birth_year, birth_month, group)
    return index // 12, index % 12 + 1


def retirement_date(birth_date: date, group: Group) -> date:
    """Return the day a person reaches the statutory retirement age."""
    year, month = retirement_month(birth_date.year, birth_date.month, group)
    return date(year, month, min(birth_date.day, calendar.monthrange(year, month)[1]))


def groups_for_sex(sex: str) -> tuple[Group, ...]:
    """Return the groups a person of that sex (a ``codes.Sex`` value) may belong to.

    Whether a woman counts as a cadre or a worker is not on Attachment 1, so a
    woman has both groups, the earlier retirement first.
    """
    if sex == Sex.MALE:
        return (Group.MEN,)
    return (Group.WOMEN_WORKERS, Group.WOMEN_CADRES)
