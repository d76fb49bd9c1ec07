"""The working-day calendar staff maintain (consulted before the chinesecalendar package)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One date whose status staff set by hand; it wins over the ``chinesecalendar`` package."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("工作日"),
        default=False,
        help_text=_("勾选：当天上班（如调休上班的周六、周日）；不勾选：当天放假。"),
    )
    note = models.CharField(
        _("说明"), max_length=100, blank=True, help_text=_("例如：国庆节放假、国庆节调休上班。")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return self.date.isoformat()


class CalendarYear(models.Model):
    """A year whose whole schedule staff have entered in ``CalendarDay``.

    Only a row here makes the portal count days in a year the package does not
    know: there every Monday to Friday is a working day and every weekend a rest
    day, except the dates entered in ``CalendarDay``. A year with a few
    ``CalendarDay`` rows but no row here is not covered, so an override entered
    early for one date never passes for the whole year's schedule.
    """

    year = models.PositiveSmallIntegerField(
        _("年度"),
        unique=True,
        help_text=_(
            "该年全部放假和调休上班日期已在“工作日历”中录入后再添加。"
            "未录入的日期按周一至周五上班、周六周日休息计算。"
        ),
    )
    note = models.CharField(
        _("说明"), max_length=200, blank=True, help_text=_("例如：国务院办公厅通知的文号。")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("已录入日历的年度")
        verbose_name_plural = _("已录入日历的年度")

    def __str__(self) -> str:
        return str(self.year)
