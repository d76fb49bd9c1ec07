"""Fixtures of the publicity tests: a locked list version to put on notice."""

from tests.publicity.notice_fixtures import (  # noqa: F401
    covered_years,
    people,
    substitute,
    version,
    version2,
)
