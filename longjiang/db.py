"""Database helpers the apps share."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections


@contextmanager
def whole_campaign_read(using: str = "default") -> Iterator[None]:
    """Plan the queries run inside with hash joins instead of nested loops (PostgreSQL).

    A read over a whole campaign's score sheets joins some 15,000 sheets to their
    placements, panels and conflicts. On tables without fresh statistics (a year's
    sheets just submitted, before autovacuum has analysed them) PostgreSQL
    estimates one row for every equality filter, so it joins by nested loops:
    15,000 index probes for each join, several times as slow as the hash joins it
    picks after ANALYZE (docs/benchmarks.md). No rewriting of the query changes
    those estimates, and hash joins are the right plan at every size such a read
    has, so the planner is told not to use nested loops for these queries.

    Each query is sent as ``SET LOCAL enable_nestloop = off; <query>``: one round
    trip and one query in Django's count. Outside a transaction the two run as one
    implicit transaction, so the setting ends with the query; inside one (an
    ``atomic`` block) it lasts until that transaction ends. Not for
    ``QuerySet.iterator()``: a server-side cursor cannot declare two statements.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return

    def without_nested_loops(execute, sql, params, many, context):
        return execute(f"SET LOCAL enable_nestloop = off; {sql}", params, many, context)

    with connection.execute_wrapper(without_nested_loops):
        yield
