"""The provincial staff's dashboard: the campaign's nominations counted several ways."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from longjiang.accounts import roles
from longjiang.dates import show_date
from longjiang.notices import staff_notices
from longjiang.views import require
from nominations import stats
from nominations.selectors import running_campaign

# Geometry of the bar charts, in SVG user units. Each category takes one row: its
# label on top, the bar below, the value just after the bar's end. The width is about
# a phone's, so the 14-unit text is drawn near 14 px there and never much smaller.
CHART_WIDTH = 320
VALUE_GUTTER = 48
ROW_HEIGHT = 36


@dataclass(frozen=True)
class ChartRow:
    bar: stats.Bar
    top: int


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart laid out for ``_chart_bar.html``."""

    rows: list[ChartRow]
    height: int
    width: int = CHART_WIDTH
    # The bars' full length; a bar of 100 percent spans it.
    bar_area: int = CHART_WIDTH - VALUE_GUTTER


def bar_chart(bars: list[stats.Bar]) -> BarChart:
    """Lay the bars out one per row."""
    rows = [ChartRow(bar=bar, top=i * ROW_HEIGHT) for i, bar in enumerate(bars)]
    return BarChart(rows=rows, height=max(len(rows), 1) * ROW_HEIGHT)


@dataclass(frozen=True)
class Section:
    """One distribution on the page: a heading, its chart and its table."""

    slug: str
    title: str
    category: str
    distribution: stats.Distribution
    note: str = ""

    @property
    def chart(self) -> BarChart:
        return bar_chart(self.distribution.bars)


def _sections(data: stats.Dashboard) -> list[Section]:
    return [
        Section("industry", _("行业分布"), _("行业门类（GB/T 4754）"), data.industry),
        Section(
            "criterion",
            _("符合条件"),
            _("条件"),
            data.criterion,
            note=_("一人可符合多项条件，各项人数之和可能超过已报送人数。"),
        ),
        Section("sex", _("性别"), _("性别"), data.sex),
        Section(
            "age",
            _("年龄"),
            _("年龄段"),
            data.age,
            note=_("按出生年月计算至电子材料截止日（%(date)s）的周岁。")
            % {"date": show_date(data.age_on)},
        ),
        Section("skill-level", _("职业技能等级"), _("职业技能等级"), data.skill_level),
    ]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show provincial staff the current campaign's nominations counted several ways."""
    require(roles.is_provincial(request.user))
    campaign = running_campaign()
    data = stats.dashboard(request.user, campaign)
    return render(
        request,
        "nominations/dashboard.html",
        {
            "campaign": campaign,
            "stats": data,
            "unit_chart": bar_chart(data.unit_totals.bars),
            "sections": _sections(data),
            # Later stages' warnings (e.g. next year's working-day calendar).
            "notices": staff_notices(timezone.localdate()),
        },
    )
