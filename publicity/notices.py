"""The publicity stage's notices on the staff dashboard: a missing calendar, open objections."""

from datetime import date

from django.db.models import Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from longjiang.notices import StaffNotice, register
from nominations.models import Campaign
from publicity.models import Objection
from publicity.workdays import next_year_uncovered
from publicity.workflow import ObjectionStatus


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


def objection_notice(today: date) -> StaffNotice | None:
    """Tell staff how many objections of the running campaign are not closed yet."""
    # One query for the count, none for the campaign.
    running = Campaign.objects.filter(is_running=True).values("pk")[:1]
    open_cases = Objection.objects.filter(
        campaign=Subquery(running),
        status__in=(
            ObjectionStatus.RECEIVED,
            ObjectionStatus.VERIFYING,
            ObjectionStatus.REPORTED,
        ),
    ).count()
    if not open_cases:
        return None
    return StaffNotice(
        text=_("公示异议：%(count)s件尚未办结。") % {"count": open_cases},
        link_url=reverse("publicity:staff_cases"),
        link_text=_("打开异议办理"),
    )


register("publicity.objections", objection_notice)
