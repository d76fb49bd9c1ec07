"""Dates and times as people read them, in the active language's formats.

The formats are in ``longjiang/formats`` (2021年7月1日, 2021年7月1日 17:00);
templates use ``|date:"DATE_FORMAT"`` and ``|date:"DATETIME_FORMAT"`` for the same.
"""

from datetime import date, datetime

from django.utils import formats, timezone


def show_date(value: date) -> str:
    """Return a date as 2021年7月1日 (1 July 2021)."""
    return formats.date_format(value, "DATE_FORMAT")


def show_datetime(value: datetime) -> str:
    """Return an aware datetime in local time as 2021年7月1日 17:00 (1 July 2021 17:00)."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def show_month(value: date) -> str:
    """Return a date's year and month as 2021年7月 (July 2021)."""
    return formats.date_format(value, "YEAR_MONTH_FORMAT")
