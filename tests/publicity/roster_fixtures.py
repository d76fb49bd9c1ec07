"""A final list of five people from three units, in a list order that is not the units'
order, and a substitute who stayed in reserve; the publicity result recorded ten days ago.

List order: 1 欧阳明辉 (齐齐哈尔), 2 王丽 (哈尔滨), 3 丁建国 (机械冶金建材工会),
4 孙丽华 (哈尔滨), 5 李建国 (齐齐哈尔). The roster by the units' official order:
哈尔滨 王丽, 孙丽华; 齐齐哈尔 欧阳明辉, 李建国; 机械冶金建材工会 丁建国.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from longjiang.accounts.models import Unit
from publicity.models import PublicityResult, PublicitySettings
from publicity.services.results import record_publicity_result
from tests.publicity.upheld import make_notice
from tests.review.scored import lock_version

PEOPLE = (
    ("欧阳明辉", "230200", "齐齐哈尔第一机床厂"),
    ("王丽", "230100", "哈尔滨电机厂有限责任公司"),
    ("丁建国", "cy06", "中国一重集团有限公司"),
    ("孙丽华", "230100", "哈尔滨锅炉厂有限责任公司"),
    ("李建国", "230200", "中国第一重型机械集团公司齐齐哈尔分公司"),
)
FINAL_DAYS_AGO = 10


@pytest.fixture
def final_people(campaign, make_nomination, seeded_units):
    return {
        name: make_nomination(
            unit=Unit.objects.get(code=code), complete=False, name=name, employer_name=employer
        )
        for name, code, employer in PEOPLE
    }


@pytest.fixture
def reserve_person(campaign, make_nomination):
    return make_nomination(complete=False, name="赵铁柱", employer_name="哈尔滨轴承厂")


def record_final_list(campaign, listed, staff_user, *, reserve=()) -> None:
    """Lock ``listed`` (and ``reserve``), publicize them, and record the publicity result
    through its service, dated ten days back."""
    version = lock_version(
        campaign,
        recorded_by=staff_user,
        listed=[(person, "") for person in listed],
        reserve=[(person, "") for person in reserve],
    )
    PublicitySettings.objects.update_or_create(campaign=campaign, defaults={"postal_grace_days": 0})
    make_notice(campaign, version, staff_user)
    result = record_publicity_result(campaign, actor=staff_user)
    PublicityResult.objects.filter(pk=result.pk).update(
        recorded_at=timezone.now() - timedelta(days=FINAL_DAYS_AGO)
    )


@pytest.fixture
def final_roster(campaign, final_people, reserve_person, staff_user):
    record_final_list(
        campaign,
        [final_people[name] for name, _code, _employer in PEOPLE],
        staff_user,
        reserve=[reserve_person],
    )
    return final_people
