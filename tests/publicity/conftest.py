"""Fixtures of the publicity tests: locked list versions to put on notice and to revise, and
a live notice with its objection handler."""

from tests.publicity.certificate_fixtures import final  # noqa: F401
from tests.publicity.handling_fixtures import case_notice, make_case, nominee  # noqa: F401
from tests.publicity.naming_fixtures import draft, final_by_unit  # noqa: F401
from tests.publicity.notice_fixtures import (  # noqa: F401
    covered_years,
    people,
    substitute,
    version,
    version2,
)
from tests.publicity.objection_helpers import handler, listed, live_notice  # noqa: F401
from tests.publicity.roster_fixtures import (  # noqa: F401 (fixtures)
    final_people,
    final_roster,
    reserve_person,
)
from tests.publicity.upheld import (  # noqa: F401 (fixtures)
    candidates,
    council_secretary,
    main_notice,
    version1,
)
from tests.review.conftest import make_expert, panel  # noqa: F401 (fixtures)
