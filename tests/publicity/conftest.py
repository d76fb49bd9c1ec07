"""Fixtures of the publicity tests: a locked list version to put on notice, and a live notice
with its objection handler."""

from tests.publicity.notice_fixtures import (  # noqa: F401
    covered_years,
    people,
    substitute,
    version,
    version2,
)
from tests.publicity.objection_helpers import handler, listed, live_notice  # noqa: F401
