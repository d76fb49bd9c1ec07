"""Writes of the publicity stage: staff's edits of the working-day calendar, audited.

A calendar row moves the dates of every publicity period it touches, so each
change is an audit event naming the date (or year) and what it now says.
"""

from django.db import transaction

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from publicity.models import CalendarDay, CalendarYear


def save_calendar_day(day: CalendarDay, *, actor: User) -> CalendarDay:
    """Save a date's status as staff entered it."""
    with transaction.atomic():
        created = day.pk is None
        data = {}
        if not created:
            # What the row said before: a moved date stops overriding its old day.
            was = CalendarDay.objects.select_for_update().get(pk=day.pk)
            data = {
                "was_date": was.date,
                "was_working_day": was.is_working_day,
                "was_note": was.note,
            }
        day.full_clean()
        day.save()
        record_event(
            "calendar.day_saved",
            actor=actor,
            data={
                "date": day.date,
                "is_working_day": day.is_working_day,
                "note": day.note,
                "created": created,
                **data,
            },
        )
    return day


def delete_calendar_day(day: CalendarDay, *, actor: User) -> None:
    """Remove a date's override; the package (or Monday to Friday) decides it again."""
    with transaction.atomic():
        record_event(
            "calendar.day_deleted",
            actor=actor,
            data={"date": day.date, "is_working_day": day.is_working_day},
        )
        day.delete()


def save_calendar_year(year: CalendarYear, *, actor: User) -> CalendarYear:
    """Mark a year's schedule as entered (or edit its note)."""
    with transaction.atomic():
        created = year.pk is None
        year.full_clean()
        year.save()
        record_event(
            "calendar.year_saved",
            actor=actor,
            data={"year": year.year, "note": year.note, "created": created},
        )
    return year


def delete_calendar_year(year: CalendarYear, *, actor: User) -> None:
    """Unmark a year: outside the package's years it is refused again."""
    with transaction.atomic():
        record_event("calendar.year_deleted", actor=actor, data={"year": year.year})
        year.delete()
