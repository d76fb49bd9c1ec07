"""Benchmark the score workbook (评审得分汇总表) at 1,000 candidates × 15 experts.

Run: ``python -m bench.score_workbook [repeat]`` against the database in
DATABASE_URL; it creates and drops its own test database.

Measures, in one run and side by side:

- ``review.exports.score_workbook`` for the whole campaign: the ranking, the
  queries, the data assembly and the styled write-only workbook (the summary,
  one sheet per expert and the conflicts), and
- a baseline: bare openpyxl in write-only mode appending exactly the same cell
  values to the same sheets, without styles, and saving.

Target (DESIGN.md): the export within 1.5× of the baseline.
"""

import io
import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

import django

from bench.harness import test_database, time_pair

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")

CANDIDATES = 1000
EXPERTS = 15
# Pairs in confirmed conflict (their sheets do not count), as a real year has a few.
CONFLICTS = 40


def _populate():
    """Bulk-create one panel of 15 experts who each submitted a sheet for each of
    1,000 eligible candidates (not through services: the benchmark measures the
    export, not scoring)."""
    from django.utils import timezone

    from longjiang.accounts.models import Role, Unit, User
    from nominations.models import Campaign, Nomination
    from review.models import (
        Conflict,
        Dimension,
        Expert,
        IndustryGroup,
        Panel,
        Placement,
        ReviewSettings,
        Score,
        ScoreSheet,
    )
    from review.services.rubric import default_dimensions

    campaign, _ = Campaign.objects.get_or_create(
        year=2021,
        defaults={
            "title": "2021年“龙江工匠”选树",
            "is_running": True,
            "electronic_deadline": timezone.now() + timedelta(days=30),
            "paper_deadline": timezone.now() + timedelta(days=35),
        },
    )
    ReviewSettings.objects.get_or_create(campaign=campaign)
    units = list(Unit.objects.exclude(kind=Unit.Kind.PROVINCE))
    staff, _ = User.objects.get_or_create(username="bench", defaults={"role": Role.STAFF})
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                campaign=campaign,
                unit=units[i % len(units)],
                unit_rank=i // len(units) + 1,
                status="eligible",
                created_by=staff,
                updated_by=staff,
                name=f"候选人{i:04d}",
                sex="1" if i % 2 else "2",
                birth_month=date(1970 + i % 25, 1 + i % 12, 1),
                employer_name=f"黑龙江某某装备制造有限公司{i % 97}",
                industry="C",
            )
            for i in range(CANDIDATES)
        ],
        batch_size=1000,
    )
    users = User.objects.bulk_create(
        [User(username=f"bench_expert_{k}", role=Role.EXPERT) for k in range(EXPERTS)]
    )
    experts = Expert.objects.bulk_create(
        [
            Expert(
                user=user,
                name=f"专家{k:02d}",
                employer_name="哈尔滨工业大学",
                specialty=IndustryGroup.choices[0][0],
            )
            for k, user in enumerate(users)
        ]
    )
    panel = Panel.objects.create(
        campaign=campaign, name="装备制造组", industry_group=IndustryGroup.choices[0][0]
    )
    for expert in experts:
        expert.campaigns.add(campaign)
    panel.members.add(*experts)
    Placement.objects.bulk_create(
        [Placement(nomination=n, panel=panel, placed_by=staff) for n in nominations]
    )
    dimensions = Dimension.objects.bulk_create(
        Dimension(
            campaign=campaign,
            key=d.key,
            name=d.name,
            max_points=d.max_points,
            guidance=d.guidance,
            position=n,
        )
        for n, d in enumerate(default_dimensions(), start=1)
    )
    submitted_at = timezone.now() - timedelta(days=1)
    pairs = [(nomination, expert) for nomination in nominations for expert in experts]
    points = [
        [
            (dimension.max_points * Decimal(60 + (n * 7 + d * 3) % 40) / 100).quantize(
                Decimal("0.1")
            )
            for d, dimension in enumerate(dimensions)
        ]
        for n in range(len(pairs))
    ]
    sheets = ScoreSheet.objects.bulk_create(
        [
            ScoreSheet(
                expert=expert,
                nomination=nomination,
                status=ScoreSheet.Status.SUBMITTED,
                recommend=(n // EXPERTS + n % EXPERTS) % 3 != 0,
                submitted_at=submitted_at,
                comment="事迹突出，技能精湛。",
                total=sum(points[n]),
            )
            for n, (nomination, expert) in enumerate(pairs)
        ],
        batch_size=2000,
    )
    Score.objects.bulk_create(
        [
            Score(sheet=sheet, dimension=dimension, points=points[n][d])
            for n, sheet in enumerate(sheets)
            for d, dimension in enumerate(dimensions)
        ],
        batch_size=5000,
    )
    Conflict.objects.bulk_create(
        [
            Conflict(
                expert=experts[c % EXPERTS],
                nomination=nominations[c * 23 % CANDIDATES],
                kind=Conflict.Kind.MASTER_APPRENTICE,
                declared=c % 2 == 0,
                note="曾为师徒关系",
                status=Conflict.Status.CONFIRMED,
                reason="经核实为师徒关系",
                decided_by=staff,
                decided_at=submitted_at,
            )
            for c in range(CONFLICTS)
        ]
    )
    return campaign


def _cell_values(content: bytes) -> list[tuple[str, list[list]]]:
    """Return every sheet of a workbook with the values of its rows, as written."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True)
    sheets = [
        (ws.title, [[c.value for c in row] for row in ws.iter_rows()]) for ws in wb.worksheets
    ]
    wb.close()
    return sheets


def _baseline(sheets: list[tuple[str, list[list]]]) -> bytes:
    """Write the same values to the same sheets, without styles."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main(repeat: int = 5) -> None:
    django.setup()
    with test_database():
        from django.db import connection

        from review import exports

        campaign = _populate()

        def export():
            return exports.score_workbook(campaign)

        executed = []
        with connection.execute_wrapper(
            lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)
        ):
            content = export().content
        sheets = _cell_values(content)
        cells = sum(1 for _title, rows in sheets for row in rows for v in row if v is not None)
        bare, ours = time_pair(lambda: _baseline(sheets), export, repeat)
        # CPU time of this process leaves out the database's own time, but not the load
        # of other processes on a shared machine: both are shown.
        bare_cpu, ours_cpu = time_pair(
            lambda: _baseline(sheets), export, repeat, clock=time.process_time, warm_up=False
        )
        bare_size = len(_baseline(sheets))
        print(f"{CANDIDATES} candidates × {EXPERTS} experts: {len(sheets)} sheets, {cells} cells")
        print(f"{'what':<34} {'median s':>9} {'cpu s':>9} {'bytes':>9}")
        print(f"{'baseline (bare write-only)':<34} {bare:>9.3f} {bare_cpu:>9.3f} {bare_size:>9}")
        print(f"{'score_workbook':<34} {ours:>9.3f} {ours_cpu:>9.3f} {len(content):>9}")
        print(
            f"ratio {ours / bare:.2f}x, cpu {ours_cpu / bare_cpu:.2f}x (target <= 1.5x); "
            f"queries: {len(executed)}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
