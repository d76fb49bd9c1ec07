"""The 2021 campaign as its notice announces it, and the demo's deadlines."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The 2021 campaign as 黑工办发〔2021〕16号 announces it (shared/domain/notice-2021.txt).
NOTICE_2021 = {
    "year": 2021,
    "title": "2021年“龙江工匠”选树",
    "notice_ref": "黑工办发〔2021〕16号",
    "quota": 100,
    "award_amount": 5000,
    "publicity_working_days": 5,
    "focus_industries": (
        "装备制造、能源化工、食品、新材料、生物医药及医疗器械、新一代信息技术、种业及农机装备"
    ),
    "contact_department": "省总工会劳动和经济工作部",
    "contact_people": "栾程、徐翔、魏少龙",
    "contact_phones": "0451-87581306、53624689、53624720",
    "contact_email": "hljsldjs@163.com",
    "postal_address": "哈尔滨市南岗区阿什河街9号",
}
# The notice's own deadlines: electronic copies before 1 July, paper copies before 6 July.
NOTICE_2021_ELECTRONIC_DEADLINE = datetime(2021, 7, 1, 0, 0, tzinfo=SHANGHAI)
NOTICE_2021_PAPER_DEADLINE = datetime(2021, 7, 6, 0, 0, tzinfo=SHANGHAI)


def demo_deadlines(now: datetime) -> tuple[datetime, datetime]:
    """Return electronic and paper deadlines that keep intake open for at least 30 days.

    The notice's electronic deadline (2021-07-01) has passed, and demo clerks must
    be able to submit.
    """
    day = max(NOTICE_2021_ELECTRONIC_DEADLINE.date(), timezone.localdate(now) + timedelta(days=30))
    electronic = datetime.combine(day, time(17, 0), tzinfo=SHANGHAI)
    return electronic, electronic + timedelta(days=5)
