"""Dates read the same everywhere: 2021年7月1日 and 2021年7月1日 17:00 (1 July 2021 17:00).

The formats live once, in ``longjiang/formats``. Templates name them
(``|date:"DATETIME_FORMAT"``) and Python goes through ``longjiang.dates``; the
scans below keep a hand-written format from coming back.
"""

import ast
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from longjiang.dates import show_date, show_datetime, show_month
from nominations.models import Nomination

ROOT = Path(settings.BASE_DIR)
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    "TIME_FORMAT",
}
# ISO 8601 for machines: the datetime attribute of <time>.
MACHINE = {"c"}
DATE_FILTER = re.compile(r"\|\s*(date|time)\s*:\s*(\"[^\"]*\"|'[^']*'|[\w.]+)")
NOW_TAG = re.compile(r"\{%\s*now\s+(\"[^\"]*\"|'[^']*')")
SHANGHAI = ZoneInfo("Asia/Shanghai")
JULY_FIRST = datetime(2021, 7, 1, 17, 0, tzinfo=SHANGHAI)


def hard_coded_formats() -> list[str]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        text = path.read_text()
        for match in DATE_FILTER.finditer(text):
            argument = match.group(2).strip("\"'")
            quoted = match.group(2)[0] in "\"'"
            if not quoted or argument not in NAMED | MACHINE:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
        for match in NOW_TAG.finditer(text):
            if match.group(1).strip("\"'") not in NAMED | MACHINE:
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    return found


def _formats_by_hand(node: ast.Call) -> bool:
    """A strftime call, or Django's date formatting given anything but a named format."""
    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
    if name == "strftime":
        return True
    owner = getattr(getattr(node.func, "value", None), "id", None)
    if name in ("date_format", "time_format") or (name == "format" and owner == "dateformat"):
        argument = node.args[1] if len(node.args) > 1 else None
        return not (isinstance(argument, ast.Constant) and argument.value in NAMED)
    return False


def strftime_calls() -> list[str]:
    found = []
    for package in ("longjiang", "nominations", "review", "publicity"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call) and _formats_by_hand(node):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scans_find_a_hard_coded_format():
    assert DATE_FILTER.search('{{ d|date:"Y-m-d" }}').group(2) == '"Y-m-d"'
    assert DATE_FILTER.search("{{ d|date:fmt }}").group(2) == "fmt"

    def call(source: str) -> ast.Call:
        return ast.parse(source).body[0].value

    assert _formats_by_hand(call('d.strftime("%Y")'))
    assert _formats_by_hand(call('dateformat.format(d, "Y年n月j日")'))
    assert _formats_by_hand(call("date_format(d, fmt)"))
    assert not _formats_by_hand(call('date_format(d, "DATETIME_FORMAT")'))


def test_no_template_writes_a_date_format_by_hand():
    assert hard_coded_formats() == [], 'use |date:"DATE_FORMAT" or |date:"DATETIME_FORMAT"'


def test_no_code_formats_a_date_with_strftime():
    assert strftime_calls() == [], "use longjiang.dates (show_date, show_datetime, show_month)"


@pytest.mark.parametrize(
    ("language", "day", "moment", "month"),
    [
        ("zh-hans", "2021年7月1日", "2021年7月1日 17:00", "2021年7月"),
        ("en", "1 July 2021", "1 July 2021 17:00", "July 2021"),
    ],
)
def test_dates_read_the_same_in_python_and_templates(language, day, moment, month):
    from django.template import Context, Template

    template = Template(
        '{{ d|date:"DATE_FORMAT" }}|{{ t|date:"DATETIME_FORMAT" }}|{{ d|date:"YEAR_MONTH_FORMAT" }}'
        "|{{ d }}"
    )
    # A UTC datetime shows in Beijing time.
    utc = JULY_FIRST.astimezone(ZoneInfo("UTC"))

    with translation.override(language):
        python = (show_date(date(2021, 7, 1)), show_datetime(utc), show_month(date(2021, 7, 1)))
        rendered = template.render(Context({"d": date(2021, 7, 1), "t": utc}))

    assert python == (day, moment, month)
    assert rendered == f"{day}|{moment}|{month}|{day}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "2021年7月1日 17:00"), ("en", "1 July 2021 17:00")],
)
def test_the_staff_list_shows_the_submission_time_in_the_language(
    staff_client, make_nomination, language, expected
):
    nomination = make_nomination(status="submitted")
    Nomination.objects.filter(pk=nomination.pk).update(submitted_at=JULY_FIRST)
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = staff_client.get(reverse("nominations:list")).content.decode()

    assert f'class="small text-nowrap">{expected}</td>' in html
    assert "2021-07-01" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "2021年7月1日"), ("en", "1 July 2021")]
)
def test_the_audit_trail_shows_dates_in_its_data_in_the_language(
    staff_user, make_nomination, language, expected
):
    from django.db import transaction

    from longjiang.audit.display import describe
    from longjiang.audit.services import record_event

    nomination = make_nomination(complete=False)
    with transaction.atomic():
        event = record_event(
            "paper.received",
            actor=staff_user,
            subject=nomination,
            data={"received_on": "2021-07-01", "copies": 3, "stamped": True, "late": False},
        )

    with translation.override(language):
        row = describe([event])[0]

    assert row.details[0].text == expected
