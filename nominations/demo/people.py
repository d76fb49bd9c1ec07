"""Fictional nominees for the demo and the tests: names, employers, their records.

Everything here is invented: names are drawn from common (and a few rare)
characters, ID numbers and credit codes are generated with valid check digits,
and employers are made-up companies in Heilongjiang.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from longjiang.accounts.models import Unit
from nominations import attachment1, codes
from nominations.demo.deeds import award_rows, honour_rows, innovation_rows, write_deeds
from nominations.demo.files import demo_photo
from nominations.validators import (
    USCC_ALPHABET,
    count_characters,
    credit_code_check_char,
    id_check_digit,
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董于潘袁蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严武戴孔汤"
)
COMPOUND_SURNAMES = ("欧阳", "上官", "司马")
MALE, FEMALE = codes.Sex.MALE.value, codes.Sex.FEMALE.value
GIVEN_NAMES = {
    MALE: _words("建国 志强 海涛 宏伟 立新 永刚 国庆 文博 振华 晓东 明 军 磊 鹏飞 俊杰 春雷"),
    FEMALE: _words("丽华 秀英 红梅 晓燕 静 雪 玉兰 春燕 海燕 婷婷 欣怡 淑芬 桂兰 丹 颖 慧敏"),
}
# Given names with characters outside GB 2312 (淼 aside) that fonts and old systems
# often miss; every fourth nominee gets one, so documents and searches meet them.
RARE_GIVEN_NAMES = (
    ("堃", MALE),
    ("思玥", FEMALE),
    ("喆", MALE),
    ("淼", FEMALE),
    ("昇", MALE),
    ("玥", FEMALE),
    ("犇", MALE),
    ("一喆", FEMALE),
    ("子堃", MALE),
    ("鑫淼", MALE),
)
# GB/T 3304 codes with rough weights for Heilongjiang.
ETHNICITIES = {"01": 80, "11": 8, "10": 4, "02": 3, "03": 3, "31": 1, "38": 1, "52": 1, "53": 1}
POLITICAL_STATUSES = {"01": 55, "02": 3, "03": 6, "10": 2, "13": 34}
EDUCATIONS = {"14": 4, "21": 20, "31": 30, "40": 34, "61": 9, "71": 3}
SKILL_LEVELS = {40: 10, 50: 35, 60: 40, 70: 10, 80: 5}

# Area code and postal code of each 市（地）; provincial industry unions use Harbin's.
CITY_CONTACT = {
    "230100": ("0451", "150000"),
    "230200": ("0452", "161000"),
    "230300": ("0467", "158100"),
    "230400": ("0468", "154100"),
    "230500": ("0469", "155100"),
    "230600": ("0459", "163000"),
    "230700": ("0458", "153000"),
    "230800": ("0454", "154000"),
    "230900": ("0464", "154600"),
    "231000": ("0453", "157000"),
    "231100": ("0456", "164300"),
    "231200": ("0455", "152000"),
    "232700": ("0457", "165000"),
}
STREETS = ("中山路", "红旗大街", "学府路", "友谊路", "建设街", "新华路", "胜利路", "长江路")
BRANDS = ("北疆", "松江", "龙华", "兴安", "寒地", "冰城", "三江", "东极", "北辰", "龙泽", "鸿源")


@dataclass(frozen=True)
class Trade:
    """A kind of fictional employer and the frontline job a nominee holds there."""

    industry: str
    employer_suffix: str
    natures: tuple[str, ...]
    department: str
    occupation: str
    post: str
    frontline: str
    # Codes of the provincial industry unions that would nominate from this trade.
    unions: tuple[str, ...]


# One kind of fictional employer per line: industry (GB/T 4754)|employer name suffix|
# natures|department|occupation|post|frontline category|industry unions that nominate from it.
TRADE_TABLE = """
C|精密机械有限公司|private state_holding|机加工车间|车工|数控车工|production|cy06
C|重型装备制造有限公司|state state_holding|焊接车间|焊工|电焊工|production|cy06
C|电机有限责任公司|state_holding|装配车间|装配钳工|装配钳工|production|cy06 cy09
C|航空零部件有限公司|state|数控加工中心|数控铣工|五轴加工|production|cy09
C|乳业有限公司|private|生产部|乳品加工工|杀菌工段|production|cy01
C|粮油食品有限公司|private collective|质检中心|农产品食品检验员|检验|technical|cy01
C|化工有限公司|state_holding|合成车间|化工总控工|总控操作|production|cy05
B|煤业有限责任公司|state|综采一队|采煤机司机|综采|production|cy05
D|热电有限公司|state|检修分公司|电气值班员|电气检修|technical|cy05
E|建工集团有限公司|state_holding|第三项目部|钢筋工|钢筋班|production|cy08
E|路桥建设有限公司|state|桥梁工程处|工程测量员|工程测量|technical|cy08 cy07
G|公路客运有限公司|state|车辆维修中心|汽车维修工|机修|production|cy07
G|港航物流有限公司|state_holding|装卸作业区|起重装卸机械操作工|门机司机|production|cy07
I|信息技术有限公司|private|研发中心|网络运行管理员|网络运维|research|cy09
A|现代农业发展有限公司|state collective|农机服务中心|农业机械维修工|农机维修|production|cy04
N|水务集团有限公司|state|第二净水厂|水生产处理工|净水工段|production|cy04
P|技师学院|public_institution|机电工程系|数控车工|实训指导|technical|cy03
M|测绘地理信息有限公司|state|外业测绘队|工程测量员|外业测量|technical|cy02 cy03
J|农村商业银行股份有限公司|collective|信息科技部|计算机网络技术员|系统运维|technical|cy10
H|餐饮管理有限公司|private|中餐厨房|中式烹调师|热菜主厨|production|cy01
"""
TRADES = tuple(
    Trade(
        industry=cells[0],
        employer_suffix=cells[1],
        natures=tuple(cells[2].split()),
        department=cells[3],
        occupation=cells[4],
        post=cells[5],
        frontline=cells[6],
        unions=tuple(cells[7].split()),
    )
    for cells in (
        [cell.strip() for cell in line.split("|")] for line in TRADE_TABLE.strip().splitlines()
    )
)
POSITIONS = ("班组长", "技术员", "首席技师", "主任技师", "工段长", "")


@dataclass
class Nominee:
    """A fictional candidate: the form's fields, its repeatable rows and a photo."""

    region: str
    birth: date
    sex: str
    fields: dict
    rows: dict[str, list[dict]]
    photo: bytes

    def reissue_id_number(self, rng: random.Random) -> None:
        """Give the nominee another number with the same region, birth date and sex."""
        self.fields["id_number"] = fictional_id_number(rng, self.region, self.birth, self.sex)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _month(value: date) -> date:
    return value.replace(day=1)


def _month_since(rng: random.Random, started: date, today: date, *, span: int) -> date:
    """Return a first-of-month date in the last ``span`` years, after the nominee started work."""
    year = rng.randint(max(started.year + 1, today.year - span), today.year - 1)
    return date(year, rng.randint(1, 12), 1)


def fictional_id_number(rng: random.Random, region: str, birth: date, sex: str) -> str:
    """Return a well-formed ID number; the 17th digit is odd for men, even for women."""
    order = rng.randrange(500) * 2 + (1 if sex == MALE else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_digit(first17)


def fictional_credit_code(rng: random.Random, region: str) -> str:
    """Return an enterprise credit code (91…) with a correct check character."""
    first17 = "91" + region + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return first17 + credit_code_check_char(first17)


def fictional_name(rng: random.Random, *, rare: bool) -> tuple[str, str]:
    """Return a name and its sex."""
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
    if rare:
        given, sex = rng.choice(RARE_GIVEN_NAMES)
    else:
        sex = rng.choice((MALE, MALE, FEMALE))
        given = rng.choice(GIVEN_NAMES[sex])
    return surname + given, sex


def _mentorships(rng, *, name: str):
    rows = []
    for _ in range(rng.randint(0, 2)):
        if rng.random() < 0.6:
            apprentice, _sex = fictional_name(rng, rare=False)
            achievement = rng.choice(
                ("取得高级工职业资格", "取得技师职业资格", "获市级技能竞赛二等奖")
            )
            rows.append({"kind": "apprentice", "name": apprentice, "achievement": achievement})
        else:
            rows.append(
                {
                    "kind": "studio",
                    "name": f"{name}{rng.choice(('技能大师工作室', '劳模创新工作室'))}",
                    "level": rng.choice(("provincial", "city", "enterprise")),
                    "achievement": f"攻克技术难题{rng.randint(5, 30)}项",
                }
            )
    return rows


def fictional_nominee(rng: random.Random, *, unit: Unit, rare_name: bool, today: date) -> Nominee:
    """Invent a complete, consistent candidate of the unit (every required field filled)."""
    name, sex = fictional_name(rng, rare=rare_name)
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    city_code = unit.code if unit.code in CITY_CONTACT else "230100"
    area_code, postal_code = CITY_CONTACT[city_code]
    city = unit.region_name if unit.kind == Unit.Kind.CITY else "哈尔滨市"
    place = city.removesuffix("市").removesuffix("地区")
    region = "232721" if city_code == "232700" else city_code[:4] + rng.choice(("02", "03", "04"))

    age = rng.randint(25, 58)
    birth = date(today.year - age, today.month, min(today.day, 28)) - timedelta(
        days=rng.randrange(365)
    )
    started = _month(date(birth.year + rng.randint(18, 22), rng.randint(1, 12), 1))
    years = max(3, today.year - started.year - rng.randint(0, 3))

    def dates(*, span: int) -> date:
        return _month_since(rng, started, today, span=span)

    trades = [t for t in TRADES if unit.code in t.unions] or list(TRADES)
    trade = rng.choice(trades)
    employer = f"{place if unit.kind == Unit.Kind.CITY else '黑龙江'}{rng.choice(BRANDS)}"
    employer += trade.employer_suffix
    skill_level = _weighted(rng, SKILL_LEVELS)
    position = rng.choice(POSITIONS)
    criteria = rng.sample(["craft", "skill", "leadership", "contribution"], rng.randint(1, 3))
    competition = rng.random() < 0.3
    if competition:
        criteria.append("competition")
    criteria.sort(key=[c.value for c in codes.Criterion].index)

    skill_label = str(codes.SkillLevel(skill_level).label).split("（")[0]
    brief, main = write_deeds(
        rng,
        name=name,
        sex=sex,
        trade=trade,
        employer=employer,
        skill=skill_label,
        years=years,
        started=started,
        position=position,
    )
    if count_characters(brief) > 300 or count_characters(main) > 1500:
        raise ValueError("Demo deeds exceed the form's limits; shorten the templates.")

    fields = {
        "name": name,
        "id_number": fictional_id_number(rng, region, birth, sex),
        "sex": sex,
        "birth_month": _month(birth),
        "ethnicity": _weighted(rng, ETHNICITIES),
        "political_status": _weighted(rng, POLITICAL_STATUSES),
        "nationality": "CHN",
        "education": _weighted(rng, EDUCATIONS),
        "employment_start": started,
        "employer_name": employer,
        "employer_credit_code": fictional_credit_code(rng, city_code),
        "employer_nature": rng.choice(trade.natures),
        "industry": trade.industry,
        "department": trade.department,
        "post": trade.post,
        "position": position,
        "frontline_category": trade.frontline,
        "occupation": trade.occupation,
        "years_in_trade": years,
        "skill_level": skill_level,
        "skill_obtained_on": dates(span=9),
        "skill_certificate_no": f"S{rng.randrange(10**11):011d}",
        "skill_certificate_issuer": "黑龙江省人力资源和社会保障厅",
        "criteria": criteria,
        "brief_deeds": brief,
        "main_deeds": main,
        "mobile": f"1{rng.choice('35789')}{rng.randrange(10**9):09d}",
        "office_phone": f"{area_code}-{rng.randrange(10**7, 10**8)}",
        "address": f"{city}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
        "postal_code": postal_code,
        "union_joined": _month(started + timedelta(days=400)),
        **dict.fromkeys(attachment1.REQUIRED_DECLARATIONS, True),
        "employer_opinion": "该同志政治立场坚定，爱岗敬业，技艺精湛，业绩突出，同意推荐。",
        "recommendation_opinion": f"经{unit.name}审核，该同志符合“龙江工匠”推荐条件，同意推荐。",
    }
    if rng.random() < 0.35:
        fields["title_series"] = "engineering"
        fields["title_level"] = rng.choice(("intermediate", "intermediate", "associate", "senior"))
        fields["title_obtained_on"] = dates(span=12)

    rows = {
        "awards": award_rows(
            rng,
            competition=competition,
            city=city,
            employer=employer,
            occupation=trade.occupation,
            dates=dates,
        ),
        "honours": honour_rows(rng, city=city, dates=dates),
        "innovations": innovation_rows(
            rng, surname=surname, occupation=trade.occupation, dates=dates
        ),
        "mentorships": _mentorships(rng, name=name),
    }
    return Nominee(region, birth, sex, fields, rows, demo_photo(rng))
