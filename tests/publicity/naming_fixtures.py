"""A campaign whose publicity result is recorded: the final list of the notice fixtures'
version 1 (欧阳明辉 and 丁建国 of 哈尔滨市总工会, 王丽 of 齐齐哈尔市总工会)."""

import pytest

from publicity.models import PublicitySettings
from publicity.services.naming import prepare_naming_notice, update_naming_notice
from publicity.services.results import record_publicity_result
from tests.publicity.upheld import make_notice

DOC_NUMBER = "黑工办发〔2021〕35号"


@pytest.fixture
def final_by_unit(campaign, version, staff_user):
    """The publicity result recorded over version 1, after its notice closed."""
    PublicitySettings.objects.update_or_create(campaign=campaign, defaults={"postal_grace_days": 0})
    make_notice(campaign, version, staff_user)
    return record_publicity_result(campaign, actor=staff_user)


@pytest.fixture
def draft(campaign, final_by_unit, staff_user):
    """The naming notice prepared with its defaults and given its 文号."""
    notice = prepare_naming_notice(campaign, actor=staff_user)
    return update_naming_notice(
        notice,
        actor=staff_user,
        title=notice.title,
        doc_number=DOC_NUMBER,
        issued_on=notice.issued_on,
        body=notice.body,
    )
