"""Benchmark Attachment 2 (推荐人选汇总表) for the province at 5,000 nominations.

Run: ``python -m bench.attachment2 [repeat]`` against the database in
DATABASE_URL; it creates and drops its own test database.

Measures, in one run and side by side:

- ``nominations.exports.summary.summary_xlsx`` for the whole province: the query, the
  data assembly and the styled write-only workbook, and
- a baseline: bare openpyxl in write-only mode appending the same number of
  rows and columns of similar strings, without styles, and saving.

Target (DESIGN.md): the export within 1.5× of the baseline.
"""

import io
import os
import sys
from datetime import date, timedelta

import django

from bench.harness import test_database, time_pair

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")

TOTAL = 5000


def _populate(total: int):
    """Bulk-create submitted nominations spread over the units, with one to four honours
    each (not through services: the benchmark measures the export, not intake)."""
    from django.utils import timezone

    from longjiang.accounts.models import Unit, User
    from nominations.models import Campaign, Honour, Nomination
    from nominations.validators import mask_id_number

    campaign, _ = Campaign.objects.get_or_create(
        year=2021,
        defaults={
            "title": "2021年“龙江工匠”选树",
            "is_running": True,
            "electronic_deadline": timezone.now() + timedelta(days=30),
            "paper_deadline": timezone.now() + timedelta(days=35),
        },
    )
    units = list(Unit.objects.exclude(kind=Unit.Kind.PROVINCE))
    author, _ = User.objects.get_or_create(username="bench", defaults={"role": "staff"})
    statuses = ("submitted", "in_check", "eligible", "returned")
    rows = []
    for i in range(total):
        rows.append(
            Nomination(
                campaign=campaign,
                unit=units[i % len(units)],
                unit_rank=i // len(units) + 1,
                status=statuses[i % len(statuses)],
                created_by=author,
                updated_by=author,
                name=f"候选人{i:05d}",
                sex="1" if i % 2 else "2",
                ethnicity="01",
                birth_month=date(1970 + i % 25, 1 + i % 12, 1),
                political_status="01",
                education="40",
                id_number_masked=mask_id_number(f"230102198001{i:06d}"),
                id_number_index=f"{i:064d}",
                employer_name=f"黑龙江某某装备制造有限公司{i % 97}",
                department="机加工车间",
                post="数控车工",
                position="班组长",
                occupation="焊工",
                skill_level=60,
                title_series="engineering",
                title_level="associate",
                criteria=["skill", "competition"],
                brief_deeds="长期扎根一线，攻克关键技术难题，" * 8,
                main_deeds="在重大工程中攻克关键技术难题。" * 60,
            )
        )
    nominations = Nomination.objects.bulk_create(rows, batch_size=1000)
    honours = [
        Honour(
            nomination=nomination,
            title=f"黑龙江省五一劳动奖章{k}",
            conferred_by="黑龙江省总工会",
            awarded_on=date(2015 + k, 4, 1),
            position=k,
        )
        for i, nomination in enumerate(nominations)
        for k in range(1 + i % 4)
    ]
    Honour.objects.bulk_create(honours, batch_size=2000)
    return campaign


def _baseline(rows: int, columns: int) -> bytes:
    """Write the same number of rows and columns of similar strings, unstyled."""
    from openpyxl import Workbook

    row = [
        "哈尔滨市总工会",
        "12",
        "候选人00012",
        "男",
        "汉族",
        "1980-05",
        "中共党员",
        "中专/中技/职高",
        "黑龙江某某装备制造有限公司12机加工车间数控车工、班组长",
        "焊工",
        "高级技师（一级）/工程副高级",
        "高超技能、竞赛奖励",
        "2015年黑龙江省五一劳动奖章0；2016年黑龙江省五一劳动奖章1",
        "长期扎根一线，攻克关键技术难题，" * 6 + "长期扎根一线，攻克…",
        "",
    ][:columns]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("推荐人选汇总表")
    for _ in range(rows):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main(repeat: int = 9) -> None:
    django.setup()
    with test_database():
        from django.db import connection

        from nominations.documents import SUMMARY_COLUMNS
        from nominations.exports.summary import summary_xlsx

        campaign = _populate(TOTAL)
        columns = len(SUMMARY_COLUMNS) + 1  # the province sheet adds the unit column

        def export():
            return summary_xlsx(campaign)

        executed = []
        with connection.execute_wrapper(
            lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)
        ):
            size = len(export().content)
        bare, ours = time_pair(lambda: _baseline(TOTAL, columns), export, repeat)
        bare_size = len(_baseline(TOTAL, columns))
        print(f"{'rows':>6} {'what':<34} {'median s':>9} {'bytes':>9}")
        print(f"{TOTAL:>6} {'baseline (bare write-only)':<34} {bare:>9.3f} {bare_size:>9}")
        print(f"{TOTAL:>6} {'summary_xlsx (province)':<34} {ours:>9.3f} {size:>9}")
        print(f"ratio {ours / bare:.2f}x (target <= 1.5x); queries: {len(executed)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
