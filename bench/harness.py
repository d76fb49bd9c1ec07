"""What every benchmark shares: a throw-away test database and paired timing.

Each target is a ratio against a baseline measured in the same run (DESIGN.md),
so the two are timed in turn: both see the same load on a shared machine.
"""

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def test_database() -> Iterator[None]:
    """Create the test database of DATABASE_URL for the benchmark; drop it afterwards."""
    from django.conf import settings
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    settings.DEBUG = False
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        _without_autovacuum()
        yield
    finally:
        teardown_databases(old_config, verbosity=0)


def _without_autovacuum() -> None:
    """Keep autovacuum from analysing the benchmark's tables while it runs.

    The benchmarks measure fresh tables, as a new year's data is before autovacuum
    reaches it: without statistics. Left on, autovacuum would analyse a table a
    minute after the bulk inserts, and a run would measure either plan by chance.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        for (table,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" SET (autovacuum_enabled = false)')


def analyze() -> None:
    """Gather the planner's statistics of every table, as autovacuum would in time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_pair(
    first: Callable[[], object],
    second: Callable[[], object],
    repeat: int,
    *,
    clock: Callable[[], float] = time.perf_counter,
    warm_up: bool = True,
) -> tuple[float, float]:
    """Return the median times of two functions run alternately ``repeat`` times.

    ``clock=time.process_time`` measures CPU time, for single-threaded CPU-bound
    work on a machine other processes share.
    """
    if warm_up:
        first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, spent in ((first, times[0]), (second, times[1])):
            start = clock()
            run()
            spent.append(clock() - start)
    return statistics.median(times[0]), statistics.median(times[1])
