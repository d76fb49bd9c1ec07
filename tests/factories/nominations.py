"""The campaign factory and plain helpers that build valid nomination data."""

import itertools
from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from nominations import attachment1
from nominations.checklist import MANUAL_CHECKS
from nominations.codes import Sex
from nominations.demo.notice import (
    NOTICE_2021,
    NOTICE_2021_ELECTRONIC_DEADLINE,
    NOTICE_2021_PAPER_DEADLINE,
    demo_deadlines,
)
from nominations.models import Campaign
from nominations.services import Verdict
from nominations.validators import credit_code_check_char, id_check_digit


class CampaignFactory(DjangoModelFactory):
    """The 2021 campaign with the notice's values and deadlines (2021-07-01 / 07-06).

    The campaign is the running one unless told otherwise (``is_running=False``).
    ``CampaignFactory(open=True)`` moves the deadlines to 17:00 thirty days from
    now, as the demo does, so that submissions made "now" are on time.
    """

    class Meta:
        model = Campaign
        django_get_or_create = ("year",)

    class Params:
        open = factory.Trait(
            electronic_deadline=factory.LazyFunction(lambda: demo_deadlines(timezone.now())[0]),
            paper_deadline=factory.LazyFunction(lambda: demo_deadlines(timezone.now())[1]),
        )

    year = NOTICE_2021["year"]
    title = NOTICE_2021["title"]
    notice_ref = NOTICE_2021["notice_ref"]
    quota = NOTICE_2021["quota"]
    electronic_deadline = NOTICE_2021_ELECTRONIC_DEADLINE
    paper_deadline = NOTICE_2021_PAPER_DEADLINE
    award_amount = NOTICE_2021["award_amount"]
    publicity_working_days = NOTICE_2021["publicity_working_days"]
    focus_industries = NOTICE_2021["focus_industries"]
    contact_department = NOTICE_2021["contact_department"]
    contact_people = NOTICE_2021["contact_people"]
    contact_phones = NOTICE_2021["contact_phones"]
    contact_email = NOTICE_2021["contact_email"]
    postal_address = NOTICE_2021["postal_address"]
    # The portal runs one campaign at a time (a database constraint): a second
    # running campaign fails loudly, so a test with two campaigns says which runs,
    # e.g. CampaignFactory(year=2020, is_running=False).
    is_running = True


def valid_id_number(birth: date, sex: str, region: str = "230102", seq: int = 1) -> str:
    """Return a valid 18-digit ID number.

    The three-digit order code is ``seq`` (0–99) followed by 1 for a man or 2 for
    a woman, so the 17th digit is odd for men and even for women.
    """
    if not 0 <= seq <= 99:
        raise ValueError("seq must be between 0 and 99")
    sex_digit = 1 if sex == Sex.MALE else 2
    first17 = f"{region}{birth:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + id_check_digit(first17)


def valid_credit_code(first17: str = "91230100MA1B2C3D4") -> str:
    """Return the credit code with its correct check character appended."""
    return first17 + credit_code_check_char(first17)


# Harbin districts used in turn, so that more than 100 generated numbers stay unique.
_REGIONS = ("230102", "230103", "230104", "230108", "230109", "230110", "230111", "230112")
_id_sequence = itertools.count()

BRIEF_DEEDS = (
    "从事数控车削加工二十余年，攻克大型水轮机主轴精密加工难题，使一次交检合格率由92%提升到99%；"
    "总结的先进操作法在全厂推广，累计创效三百余万元，带出技师徒弟十二名。"
)
MAIN_DEEDS = (
    "张建国同志1999年参加工作，一直在机加工车间从事数控车削加工。二十余年来，他扎根生产一线，"
    "刻苦钻研技术，从一名普通学徒成长为高级技师，被同事们称为“金手指”。\n\n"
    "面对大型水轮机主轴加工精度不稳定的难题，他带领班组反复试验八个月，优化切削参数二十余项，"
    "自制专用工装三套，使主轴一次交检合格率由92%提升到99%，相关做法被写入企业工艺标准。"
    "他先后完成技术革新和合理化建议三十余项，其中三项获得国家实用新型专利授权，总结的"
    "“张建国精车操作法”在全厂推广应用，累计为企业创造经济效益三百余万元。\n\n"
    "他坚持“传帮带”，与十二名青年职工签订师徒协议，手把手传授操作技巧和排故经验，所带徒弟中"
    "五人取得技师资格，两人在省职业技能竞赛中获奖。在急难险重任务面前，他总是冲在前面，"
    "二〇二〇年企业承接国家重点工程配套任务，他连续四十天坚守现场，带领突击队圆满完成任务。\n\n"
    "张建国同志用实际行动诠释了精益求精、追求卓越的工匠精神，是新时代龙江产业工人的优秀代表。"
)


def complete_fields(**overrides) -> dict:
    """Return ``fields`` for ``create_nomination`` that pass every submission check.

    Each call returns a different ID number. Unless ``id_number`` is overridden,
    the number is generated to match ``sex`` and ``birth_month`` (overridden or
    not), so the three always agree. Other overrides replace fields verbatim.
    """
    sex = overrides.get("sex", Sex.MALE.value)
    birth_month = overrides.get("birth_month", date(1980, 5, 1))
    n = next(_id_sequence)
    id_number = valid_id_number(
        birth_month.replace(day=17), sex, region=_REGIONS[(n // 100) % len(_REGIONS)], seq=n % 100
    )
    fields = {
        "name": "张建国",
        "id_number": id_number,
        "sex": sex,
        "birth_month": birth_month,
        "ethnicity": "01",
        "political_status": "01",
        "nationality": "CHN",
        "education": "40",
        "employment_start": date(1999, 7, 1),
        "employer_name": "哈尔滨松江精密机械有限公司",
        "employer_credit_code": valid_credit_code(),
        "employer_nature": "state_holding",
        "industry": "C",
        "department": "机加工车间",
        "post": "数控车工",
        "position": "班组长",
        "frontline_category": "production",
        "occupation": "车工",
        "years_in_trade": 25,
        "skill_level": 60,
        "skill_obtained_on": date(2012, 12, 1),
        "skill_certificate_no": "S00012345678",
        "skill_certificate_issuer": "黑龙江省人力资源和社会保障厅",
        "criteria": ["skill"],
        "brief_deeds": BRIEF_DEEDS,
        "main_deeds": MAIN_DEEDS,
        "mobile": "13800138000",
        "office_phone": "0451-86000000",
        "address": "哈尔滨市香坊区中山路100号",
        "postal_code": "150000",
        "union_joined": date(2000, 1, 1),
        **dict.fromkeys(attachment1.REQUIRED_DECLARATIONS, True),
        "employer_opinion": "该同志爱岗敬业，技艺精湛，业绩突出，同意推荐。",
        "recommendation_opinion": "经审核，该同志符合“龙江工匠”推荐条件，同意推荐。",
    }
    fields.update(overrides)
    return fields


def complete_rows() -> dict[str, list[dict]]:
    """Return ``rows`` for ``create_nomination``: one honour (it needs an evidence file)."""
    return {
        "honours": [
            {
                "title": "黑龙江省五一劳动奖章",
                "conferred_by": "黑龙江省总工会",
                "awarded_on": date(2019, 4, 1),
            }
        ]
    }


def all_checks_met() -> dict:
    """Return every manual check of the first check recorded as met, as approval needs."""
    return {check.key: Verdict(passed=True) for check in MANUAL_CHECKS}
