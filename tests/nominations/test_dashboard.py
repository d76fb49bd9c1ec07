"""The staff dashboard: who may see it, its exact numbers, its charts and its query count.

``make_nomination`` makes drafts, submitted and cancelled nominations only. The
first-check states (in_check, eligible, returned, rejected, disqualified) are set
here with a queryset ``update()``, for counting purposes only: the dashboard reads
nothing but the stored status, and the check services are tested elsewhere.
"""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from longjiang.accounts.models import Unit
from nominations import stats
from nominations.codes import Criterion, Industry, Sex, SkillLevel
from nominations.demo.notice import NOTICE_2021_ELECTRONIC_DEADLINE
from nominations.models import Campaign, Nomination
from nominations.views.dashboard import bar_chart
from nominations.workflow import Status
from tests.factories import complete_rows

URL = "/nominations/dashboard/"
STATUS_HEADERS = ["已提交", "初审中", "退回修改", "初审通过", "初审未通过", "取消资格"]
QUALIFYING_AWARD = {"name": "全国数控技能大赛", "level": "national_1", "rank": 1}


def set_status(nomination: Nomination, status: str) -> None:
    """Put a submitted nomination in a first-check state (test data for counting only)."""
    Nomination.objects.filter(pk=nomination.pk).update(status=status)


def pin_deadline_to_notice(campaign: Campaign) -> None:
    """Move the electronic deadline back to the notice's 2021-07-01 after submitting."""
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=NOTICE_2021_ELECTRONIC_DEADLINE
    )


def counts(distribution: stats.Distribution) -> dict:
    return {bar.key: bar.value for bar in distribution.bars}


class TableParser(HTMLParser):
    """Collect the text of every cell of every table, by table id, row by row."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id", ""), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(response) -> dict[str, list[list[str]]]:
    parser = TableParser()
    parser.feed(response.content.decode())
    return parser.tables


def row_named(table: list[list[str]], name: str) -> list[str]:
    (row,) = [row for row in table if row[0] == name]
    return row


@pytest.fixture
def nominations(make_nomination, unit_harbin, unit_qiqihar, campaign):
    """Four received nominations in two units, two drafts and a cancelled one.

    哈尔滨: A and B submitted, a draft, a cancelled draft.
    齐齐哈尔: E eligible, F returned, a draft.
    Ages are counted on 2021-07-01: A 41, B 26, E 56, F 30.
    """
    make_nomination(unit=unit_harbin, status=Status.SUBMITTED, name="甲")
    make_nomination(
        unit=unit_harbin,
        status=Status.SUBMITTED,
        name="乙",
        sex=Sex.FEMALE,
        birth_month=date(1995, 3, 1),
        industry=Industry.INFORMATION_TECHNOLOGY,
        criteria=[Criterion.SKILL, Criterion.COMPETITION],
        skill_level=SkillLevel.TECHNICIAN,
        rows={**complete_rows(), "awards": [QUALIFYING_AWARD]},
    )
    make_nomination(unit=unit_harbin, status=Status.DRAFT, name="丙")
    make_nomination(unit=unit_harbin, status=Status.CANCELLED, complete=False, name="丁")
    eligible = make_nomination(
        unit=unit_qiqihar,
        status=Status.SUBMITTED,
        name="戊",
        birth_month=date(1965, 1, 1),
        criteria=[Criterion.CRAFT, Criterion.LEADERSHIP, Criterion.SKILL],
        skill_level=SkillLevel.SENIOR,
    )
    returned = make_nomination(
        unit=unit_qiqihar,
        status=Status.SUBMITTED,
        name="己",
        sex=Sex.FEMALE,
        birth_month=date(1990, 9, 1),
        industry=Industry.MINING,
        criteria=[Criterion.CONTRIBUTION],
    )
    make_nomination(unit=unit_qiqihar, status=Status.DRAFT, complete=False, name="庚")
    set_status(eligible, Status.ELIGIBLE)
    set_status(returned, Status.RETURNED)
    pin_deadline_to_notice(campaign)


# --- Access ---------------------------------------------------------------------------


def test_dashboard_url_name_resolves():
    assert reverse("nominations:dashboard") == URL


def test_dashboard_anonymous_is_sent_to_login(client, campaign):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("user", ["clerk", "expert_user", "council_user"])
def test_dashboard_refused_outside_the_province(request, campaign, user):
    client = Client()
    client.force_login(request.getfixturevalue(user))

    response = client.get(URL)

    assert response.status_code == 403


@pytest.mark.parametrize("user", ["staff_user", "admin_user"])
def test_dashboard_shown_to_staff_and_admin(request, campaign, user):
    client = Client()
    client.force_login(request.getfixturevalue(user))

    response = client.get(URL)

    assert response.status_code == 200
    assert response.templates[0].name == "nominations/dashboard.html"


def test_dashboard_without_campaign_is_404(staff_client):
    response = staff_client.get(URL)

    assert response.status_code == 404


def test_dashboard_refuses_post(staff_client, campaign):
    response = staff_client.post(URL)

    assert response.status_code == 405


# --- Numbers --------------------------------------------------------------------------


def test_dashboard_counts_units_by_status(staff_client, nominations):
    response = staff_client.get(URL)

    table = response.context["stats"].units
    harbin, qiqihar = table.rows[0], table.rows[1]
    assert table.statuses == [
        Status.SUBMITTED,
        Status.IN_CHECK,
        Status.RETURNED,
        Status.ELIGIBLE,
        Status.REJECTED,
        Status.DISQUALIFIED,
    ]
    assert (harbin.unit.code, harbin.cells, harbin.total, harbin.drafts) == (
        "230100",
        [2, 0, 0, 0, 0, 0],
        2,
        1,
    )
    assert (qiqihar.unit.code, qiqihar.cells, qiqihar.total, qiqihar.drafts) == (
        "230200",
        [0, 0, 1, 1, 0, 0],
        2,
        1,
    )
    assert (table.column_totals, table.total, table.drafts) == ([2, 0, 1, 1, 0, 0], 4, 2)
    # Every active recommending unit has a row, in the units' sort order.
    recommending = Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.PROVINCE)
    assert [row.unit.code for row in table.rows] == [u.code for u in recommending]
    assert all(row.cells == [0] * 6 and row.drafts == 0 for row in table.rows[2:])


def test_dashboard_unit_table_renders_the_counts(staff_client, nominations):
    response = staff_client.get(URL)

    table = tables_of(response)["table-units"]
    assert table[0] == ["推荐单位", *STATUS_HEADERS, "合计", "未提交草稿"]
    rows = {row[0]: row[1:] for row in table[1:-1]}
    assert rows["哈尔滨市总工会"] == ["2", "0", "0", "0", "0", "0", "2", "1"]
    assert rows["齐齐哈尔市总工会"] == ["0", "0", "1", "1", "0", "0", "2", "1"]
    assert rows["鸡西市总工会"] == ["0", "0", "0", "0", "0", "0", "0", "0"]
    assert table[-1] == ["合计", "2", "0", "1", "1", "0", "0", "4", "2"]
    assert len(rows) == Unit.objects.exclude(kind=Unit.Kind.PROVINCE).count()


def test_dashboard_counts_industry_in_standard_order(staff_client, nominations):
    response = staff_client.get(URL)

    industry = response.context["stats"].industry
    assert [bar.key for bar in industry.bars] == Industry.values
    assert counts(industry) == {code: 0 for code in Industry.values} | {"B": 1, "C": 2, "I": 1}
    assert industry.total == 4
    table = tables_of(response)["table-industry"]
    assert table[0] == ["行业门类（GB/T 4754）", "人数", "占比"]
    assert row_named(table, "制造业") == ["制造业", "2", "50.0%"]
    assert row_named(table, "采矿业") == ["采矿业", "1", "25.0%"]
    assert row_named(table, "金融业") == ["金融业", "0", "0.0%"]
    assert table[-1] == ["已报送人数", "4", ""]


def test_dashboard_counts_each_criterion_claimed(staff_client, nominations):
    response = staff_client.get(URL)

    criterion = response.context["stats"].criterion
    assert [bar.key for bar in criterion.bars] == Criterion.values
    assert counts(criterion) == {
        "craft": 1,
        "skill": 3,
        "leadership": 1,
        "contribution": 1,
        "competition": 1,
    }
    assert criterion.total == 4
    table = tables_of(response)["table-criterion"]
    assert row_named(table, "高超技能") == ["高超技能", "3", "75.0%"]
    assert table[-1] == ["已报送人数", "4", ""]


def test_dashboard_criteria_fetched_column_counts_the_same(staff_client, nominations, monkeypatch):
    # The fallback for databases without JSON containment (SQLite) must agree with SQL.
    monkeypatch.setattr(connection.features, "supports_json_field_contains", False)

    response = staff_client.get(URL)

    criterion = response.context["stats"].criterion
    assert counts(criterion) == {
        "craft": 1,
        "skill": 3,
        "leadership": 1,
        "contribution": 1,
        "competition": 1,
    }
    assert criterion.total == 4


def test_dashboard_counts_sex_age_and_skill_level(staff_client, nominations):
    response = staff_client.get(URL)

    data = response.context["stats"]
    assert counts(data.sex) == {"1": 2, "2": 2}
    assert data.age_on == date(2021, 7, 1)
    assert counts(data.age) == {"under_30": 1, "30_39": 1, "40_49": 1, "50_59": 1, "60_plus": 0}
    assert [bar.key for bar in data.skill_level.bars] == SkillLevel.values
    assert counts(data.skill_level) == {level: 0 for level in SkillLevel.values} | {
        SkillLevel.SENIOR: 1,
        SkillLevel.TECHNICIAN: 1,
        SkillLevel.SENIOR_TECHNICIAN: 2,
    }
    tables = tables_of(response)
    assert tables["table-sex"][1:] == [
        ["男", "2", "50.0%"],
        ["女", "2", "50.0%"],
        ["已报送人数", "4", ""],
    ]
    assert tables["table-age"][1:] == [
        ["30岁以下", "1", "25.0%"],
        ["30至39岁", "1", "25.0%"],
        ["40至49岁", "1", "25.0%"],
        ["50至59岁", "1", "25.0%"],
        ["60岁及以上", "0", "0.0%"],
        ["已报送人数", "4", ""],
    ]
    assert row_named(tables["table-skill-level"], "高级技师（一级）") == [
        "高级技师（一级）",
        "2",
        "50.0%",
    ]


def test_dashboard_age_bands_turn_on_the_birthday(staff_client, make_nomination, campaign):
    # Birth months are set after submission, so the submission's own age limit (on
    # today's date) cannot make this test fail as the years pass.
    births = [
        date(1991, 8, 1),  # 29 on 2021-07-01
        date(1991, 7, 1),  # 30 that very day
        date(1981, 8, 1),  # 39
        date(1981, 7, 1),  # 40
        date(1971, 8, 1),  # 49
        date(1971, 7, 1),  # 50
        date(1961, 8, 1),  # 59
        date(1961, 7, 1),  # 60
        None,
    ]
    for n, birth in enumerate(births):
        nomination = make_nomination(status=Status.SUBMITTED, name=f"候选{n}")
        Nomination.objects.filter(pk=nomination.pk).update(birth_month=birth)
    pin_deadline_to_notice(campaign)

    response = staff_client.get(URL)

    age = response.context["stats"].age
    assert [(bar.key, bar.value) for bar in age.bars] == [
        ("under_30", 1),
        ("30_39", 2),
        ("40_49", 2),
        ("50_59", 2),
        ("60_plus", 1),
        ("", 1),
    ]
    assert age.total == 9
    assert tables_of(response)["table-age"][-2] == ["未填写", "1", "11.1%"]


def test_dashboard_empty_campaign_shows_zeros_and_a_message(staff_client, campaign):
    response = staff_client.get(URL)

    data = response.context["stats"]
    assert (data.received, data.units.total, data.units.drafts) == (0, 0, 0)
    distributions = [data.industry, data.criterion, data.sex, data.age, data.skill_level]
    assert all(d.total == 0 for d in distributions)
    assert all(bar.value == 0 and bar.percent == 0.0 for d in distributions for bar in d.bars)
    assert "本年度还没有已报送的推荐人选" in response.content.decode()
    tables = tables_of(response)
    assert tables["table-units"][-1] == ["合计", *["0"] * 8]
    assert tables["table-sex"][1:] == [
        ["男", "0", "0.0%"],
        ["女", "0", "0.0%"],
        ["已报送人数", "0", ""],
    ]


def test_dashboard_drafts_alone_still_show_the_message(staff_client, make_nomination):
    make_nomination(status=Status.DRAFT)

    response = staff_client.get(URL)

    assert response.context["stats"].units.drafts == 1
    assert "本年度还没有已报送的推荐人选" in response.content.decode()


def test_dashboard_with_nominations_shows_no_empty_message(staff_client, nominations):
    response = staff_client.get(URL)

    assert "本年度还没有已报送的推荐人选" not in response.content.decode()


# --- Bars and charts ------------------------------------------------------------------


def test_make_bars_sizes_against_the_largest_and_shares_the_total():
    bars = stats.make_bars([("a", "甲", 4), ("b", "乙", 2), ("c", "丙", 0)], total=6)

    assert [(bar.percent, bar.share) for bar in bars] == [(100.0, 66.7), (50.0, 33.3), (0.0, 0.0)]


def test_make_bars_all_zero_gives_empty_bars():
    bars = stats.make_bars([("a", "甲", 0), ("b", "乙", 0)], total=0)

    assert [(bar.percent, bar.share) for bar in bars] == [(0.0, 0.0), (0.0, 0.0)]


def test_bar_chart_partial_draws_each_bar_from_its_percent():
    bars = stats.make_bars([("a", "制造业", 3), ("", "未填写", 1)], total=4)

    svg = render_to_string("nominations/_chart_bar.html", {"chart": bar_chart(bars)})

    assert 'viewBox="0 0 320 72"' in svg
    assert 'aria-hidden="true"' in svg
    assert '<rect class="bar" width="100.0%" height="12" rx="2" fill="#b22222"/>' in svg
    assert '<rect class="bar" width="33.3%" height="12" rx="2" fill="#6c757d"/>' in svg
    assert svg.index("制造业") < svg.index(">3<") < svg.index("未填写") < svg.index(">1<")
    assert 'transform="translate(0 36)"' in svg


def test_dashboard_page_has_a_chart_per_table(staff_client, nominations):
    response = staff_client.get(URL)

    html = response.content.decode()
    # The units, then industry, criteria, sex, age and skill level.
    assert html.count('<svg class="bar-chart') == 6
    assert html.count('<table class="table table-sm') == 6


# --- Query count ----------------------------------------------------------------------

# Statuses of the generated nominations in turn; the first-check ones by update().
KINDS = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.CANCELLED,
    Status.IN_CHECK,
    Status.ELIGIBLE,
    Status.RETURNED,
    Status.REJECTED,
    Status.DISQUALIFIED,
)
INDUSTRIES = ("A", "C", "E", "I")


def grow_to(size: int, *, units, make_nomination) -> None:
    """Grow every unit to ``size`` nominations, in every status and several categories."""
    for unit in units:
        for n in range(Nomination.objects.filter(unit=unit).count(), size):
            status = KINDS[n % len(KINDS)]
            made = status if status in (Status.DRAFT, Status.CANCELLED) else Status.SUBMITTED
            nomination = make_nomination(
                unit=unit,
                status=made,
                complete=status != Status.CANCELLED,
                name=f"候选{n}",
                sex=Sex.values[n % 2],
                birth_month=date(1970 + n, 1 + n % 12, 1),
                industry=INDUSTRIES[n % len(INDUSTRIES)],
                criteria=Criterion.values[: 1 + n % 3] if n % 3 else [Criterion.SKILL],
                skill_level=SkillLevel.values[n % len(SkillLevel.values)],
            )
            if status != made:
                set_status(nomination, status)


def test_dashboard_query_count_is_constant(
    staff_client, campaign, unit_harbin, unit_qiqihar, make_nomination
):
    # Session and user (2), campaign, unit × status counts, units, industry, criteria,
    # sex, age, skill level (8), the session save (3), the working-day calendar's
    # years for the staff notice (1, read whatever the date) and the count of open
    # publicity objections for the other notice (1).
    numbers = []
    for size in (3, 12):
        grow_to(size, units=(unit_harbin, unit_qiqihar), make_nomination=make_nomination)
        with CaptureQueriesContext(connection) as context:
            response = staff_client.get(URL)
        assert response.status_code == 200
        numbers.append(len(context.captured_queries))
        queries = [q["sql"] for q in context.captured_queries]
        print(f"{size}: {numbers[-1]} queries", *queries, sep="\n  ")

    assert Nomination.objects.count() == 24
    # 12 per unit, less 2 drafts and 2 cancelled.
    assert response.context["stats"].received == 2 * 8
    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert numbers == [16, 16]
