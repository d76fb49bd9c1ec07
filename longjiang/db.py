"""Database helpers the apps share."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def whole_campaign_read(using: str = "default") -> Iterator[None]:
    """Plan the reads inside with hash joins instead of nested loops (PostgreSQL only).

    A read over a whole campaign's score sheets joins some 15,000 sheets to their
    placements, panels and conflicts. On tables without fresh statistics (a new
    year's sheets, just submitted, before autovacuum has analysed them) PostgreSQL
    estimates one row for every filter and joins by nested loops: 15,000 index
    probes per join, five times as slow as the hash joins it picks after ANALYZE
    (docs/benchmarks.md). Hash joins are the right plan at every size these reads
    have, so the planner is told not to use nested loops here, and the setting is
    put back before the block ends (inside a transaction: an error rolls it back).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_nestloop'), "
                "set_config('enable_nestloop', 'off', true)"
            )
            (previous, _off) = cursor.fetchone()
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('enable_nestloop', %s, true)", [previous])
