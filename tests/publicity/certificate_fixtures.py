"""A campaign with its publicity result recorded: the final list the award works from.

Version 1 lists 欧阳明辉 and 孙丽华 (``tests.publicity.upheld``); no objection, so
it is the final list.
"""

import pytest

from publicity.services.results import record_publicity_result


@pytest.fixture
def final(campaign, version1, main_notice, staff_user):
    """The campaign, its publicity result recorded: final list 欧阳明辉, 孙丽华."""
    record_publicity_result(campaign, actor=staff_user, note="公示期满无异议")
    return campaign
