"""The publicity stage's warning on the staff dashboard: next year has no calendar."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from longjiang.notices import StaffNotice, register
from publicity.workdays import next_year_uncovered


def calendar_notice(today: date) -> StaffNotice | None:
    """From 1 October, warn when next year's working days are not known."""
    if not next_year_uncovered(today):
        return None
    year = today.year + 1
    return StaffNotice(
        text=_(
            "%(year)s年的节假日安排尚未录入工作日历，届时将无法计算公示期。"
            "国务院办公厅通知发布后，请逐日录入放假和调休上班日期，并添加%(year)s年为已录入日历的年度。"
        )
        % {"year": year},
        link_url=reverse("admin:publicity_calendarday_changelist"),
        link_text=_("打开工作日历"),
    )


register("publicity.calendar", calendar_notice)
