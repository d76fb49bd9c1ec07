"""Benchmark the nomination list pages at 5,000 nominations.

Run: ``make bench`` (or ``python -m bench.lists``) against the database in
DATABASE_URL; it creates and drops its own database ``<name>_bench``.

Measures, in one run and side by side:

- the staff list (first page, and filtered by unit) and a clerk's unit list
  through the whole Django stack (middleware, session, template), and
- a baseline: the same rows fetched with ``values()`` and written out as a bare
  HTML table, which is the least any list page must do.

Reports p50/p95 server time and the query count at 500 and 5,000 nominations,
so the target "query count independent of row count; p95 under 150 ms" is
checked by numbers, not by a timed test.

Then, at 5,000 nominations of which 1,000 are eligible candidates scored by a
panel of 15 experts (``bench.score_workbook``'s data), the pages of the review:
the expert's candidate list, the placements page and the ranking page, with the
clerk's list and the baseline again. They are measured twice: on fresh tables
(autovacuum is off for the benchmark's tables, so nothing is analysed), and after
ANALYZE, because the planner's choices depend on the statistics.

The process is prepared as production's: ``main`` imports ``longjiang.wsgi``,
which sets Django up and calls ``longjiang.runtime.prepare_process()`` (the
garbage collector's freeze and threshold) exactly as gunicorn's workers do;
the requests then go through Django's test client in that process.
"""

import os
import statistics
import sys
import time
from datetime import timedelta

from bench.harness import analyze, test_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")


def _populate(total: int) -> None:
    """Bulk-create realistic nominations spread over the units (not through services:
    the benchmark measures reading, and 5,000 service calls would only slow set-up)."""
    from django.utils import timezone

    from longjiang.accounts.models import Unit, User
    from nominations.models import Campaign, Nomination
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
    existing = Nomination.objects.count()
    rows = []
    for i in range(existing, total):
        unit = units[i % len(units)]
        rows.append(
            Nomination(
                campaign=campaign,
                unit=unit,
                unit_rank=i // len(units) + 1,
                status="submitted" if i % 3 else "draft",
                created_by=author,
                updated_by=author,
                name=f"候选人{i:05d}",
                sex="1" if i % 2 else "2",
                id_number_masked=mask_id_number(f"230102198001{i:06d}"),
                id_number_index=f"{i:064d}",
                employer_name=f"黑龙江某某装备制造有限公司{i % 97}",
                occupation="焊工",
                brief_deeds="长期扎根一线，" * 10,
                main_deeds="在重大工程中攻克关键技术难题。" * 60,
                criteria=["skill"],
            )
        )
    Nomination.objects.bulk_create(rows, batch_size=1000)


def _time(fn, repeat: int) -> tuple[float, float, int]:
    from django.db import connection

    fn()  # warm up
    # Django clears its query log at each request start, so count with a wrapper.
    executed = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)
    ):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return statistics.median(samples), p95, len(executed)


def main(repeat: int = 60) -> None:
    import longjiang.wsgi  # noqa: F401 - django.setup() and prepare_process(), as served

    with test_database():
        from django.test import Client

        from longjiang.accounts.models import Unit, User
        from nominations.models import Nomination

        staff = User.objects.create(username="bench_staff", role="staff")
        harbin = Unit.objects.get(code="230100")
        clerk = User.objects.create(username="bench_clerk", role="clerk", unit=harbin)
        staff_client, clerk_client = Client(), Client()
        staff_client.force_login(staff)
        clerk_client.force_login(clerk)

        def fetch(client, url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")

        def staff_first_page():
            fetch(staff_client, "/nominations/")

        def staff_by_unit():
            fetch(staff_client, "/nominations/?unit=230100")

        def clerk_list():
            fetch(clerk_client, "/nominations/")

        def baseline_page():
            rows = (
                Nomination.objects.exclude(status="cancelled")
                .order_by("unit__sort_order", "unit_rank", "id")
                .values(
                    "pk",
                    "unit__name",
                    "unit_rank",
                    "name",
                    "id_number_masked",
                    "employer_name",
                    "occupation",
                    "status",
                )[:50]
            )
            cells = "".join(
                f"<tr><td>{r['unit__name']}</td><td>{r['unit_rank']}</td><td>{r['name']}</td>"
                f"<td>{r['id_number_masked']}</td><td>{r['employer_name']}</td>"
                f"<td>{r['occupation']}</td><td>{r['status']}</td></tr>"
                for r in rows
            )
            return f"<table>{cells}</table>"

        print(f"{'size':>6} {'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for size in (500, 5000):
            _populate(size)
            for name, fn in (
                ("baseline (values+html)", baseline_page),
                ("staff list, page 1", staff_first_page),
                ("staff list, one unit", staff_by_unit),
                ("clerk list (own unit)", clerk_list),
            ):
                p50, p95, queries = _time(fn, repeat)
                print(f"{size:>6} {name:<22} {p50:>8.1f} {p95:>8.1f} {queries:>8}")

        # The review's pages: 1,000 of the 5,000 nominations eligible, 15 experts.
        Nomination.objects.all().delete()
        _populate_review()
        _populate(5000)
        expert_client = Client()
        expert_client.force_login(User.objects.get(username="bench_expert_0"))
        pages = (
            ("baseline (values+html)", baseline_page),
            ("clerk list (own unit)", clerk_list),
            ("expert's candidates", lambda: fetch(expert_client, "/review/")),
            ("placements", lambda: fetch(staff_client, "/review/placements/")),
            ("ranking", lambda: fetch(staff_client, "/review/ranking/")),
        )
        print()
        print(f"{'stats':>6} {'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for stats in ("none", "analyzed"):
            if stats == "analyzed":
                analyze()
            for name, fn in pages:
                p50, p95, queries = _time(fn, repeat)
                print(f"{stats:>6} {name:<22} {p50:>8.1f} {p95:>8.1f} {queries:>8}")


def _populate_review() -> None:
    """1,000 eligible candidates, each scored by the 15 experts of one panel, who
    have signed the campaign's pledge."""
    from django.utils import timezone

    from bench import score_workbook
    from review.models import Expert, Pledge

    campaign = score_workbook._populate()
    Pledge.objects.bulk_create(
        Pledge(campaign=campaign, expert=expert, text="承诺", signed_at=timezone.now())
        for expert in Expert.objects.all()
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
