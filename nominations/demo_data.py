"""Fictional nominees for the demo and the tests: names, employers, deeds, files.

Everything here is invented: names are drawn from common (and a few rare)
characters, ID numbers and credit codes are generated with valid check digits,
and employers are made-up companies in Heilongjiang.
"""

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from PIL import Image, ImageDraw

from longjiang.accounts.models import Unit
from nominations import attachment1, codes
from nominations.validators import (
    USCC_ALPHABET,
    count_characters,
    credit_code_check_char,
    id_check_digit,
)

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


# --- Fictional people ---------------------------------------------------------------


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

# Competition placings: (name, organiser, level, best rank, worst rank).
QUALIFYING_AWARDS = (
    ("全国{occupation}职业技能竞赛", "人力资源和社会保障部", "national_1", 1, 3),
    ("黑龙江省{occupation}职业技能大赛", "黑龙江省人力资源和社会保障厅", "provincial_1", 1, 2),
    ("全省职工技术创新竞赛", "黑龙江省总工会", "provincial_innovation", 1, 1),
)
OTHER_AWARDS = (
    ("全国{occupation}职业技能竞赛", "人力资源和社会保障部", "national_1", 4, 8),
    ("全国行业{occupation}职业技能竞赛", "全国行业协会", "national_2", 1, 3),
    ("黑龙江省{occupation}技能比武", "黑龙江省行业协会", "provincial_2", 1, 3),
    ("{city}职工职业技能大赛", "{city}总工会", "city", 1, 3),
    ("{employer}岗位练兵技术比武", "{employer}", "enterprise", 1, 1),
)
HONOURS = (
    ("黑龙江省五一劳动奖章", "黑龙江省总工会"),
    ("全国技术能手", "人力资源和社会保障部"),
    ("龙江技术能手", "黑龙江省人力资源和社会保障厅"),
    ("黑龙江省劳动模范", "黑龙江省人民政府"),
    ("{city}劳动模范", "{city}人民政府"),
    ("{city}五一劳动奖章", "{city}总工会"),
    ("黑龙江省青年岗位能手", "共青团黑龙江省委员会"),
)
GADGETS = ("快速定位工装", "在线检测装置", "防松脱紧固装置", "自动对中装置", "余热回收装置")
NICKNAMES = ("技术大拿", "金手指", "排故专家", "活字典", "定海神针")
CHALLENGES = (
    ("关键部件加工精度不稳定", "产品一次交检合格率"),
    ("设备故障频发、停机时间长", "设备综合效率"),
    ("新产品试制周期长", "单件作业效率"),
    ("冬季低温条件下作业质量难以保证", "冬季作业合格率"),
)


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


def demo_photo(rng: random.Random) -> bytes:
    """Draw a 2寸 ID-style portrait (413×579 px) as PNG: plain background, head and shoulders."""
    background = rng.choice(((255, 255, 255), (67, 142, 219), (216, 30, 40)))
    skin = rng.choice(((241, 194, 167), (224, 172, 138), (198, 145, 110)))
    clothes = rng.choice(((30, 42, 70), (40, 40, 40), (70, 70, 90)))
    hair = rng.choice(((20, 20, 20), (45, 32, 25), (95, 95, 95)))
    image = Image.new("RGB", (413, 579), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 420, 373, 760), fill=clothes)
    draw.rectangle((176, 330, 237, 440), fill=skin)
    draw.ellipse((121, 110, 292, 350), fill=skin)
    draw.chord((113, 88, 300, 280), 180, 360, fill=hair)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_pdf(text: str) -> bytes:
    """Build a one-page PDF showing an ASCII line of text (a stand-in for a scanned certificate)."""
    stream = f"BT /F1 16 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF" % xref)
    return out.getvalue()


def _deeds(rng: random.Random, *, name: str, sex: str, trade: Trade, employer: str, **facts):
    """Return plausible short and main deeds (简要事迹, 主要事迹) for the nominee."""
    he = "他" if sex == MALE else "她"
    occupation = trade.occupation
    challenge, metric = rng.choice(CHALLENGES)
    before = rng.randint(80, 90)
    after = rng.randint(max(before + 3, 93), 99)
    innovations = rng.randint(6, 40)
    patents = rng.randint(1, 5)
    apprentices = rng.randint(8, 40)
    senior = rng.randint(2, max(2, apprentices // 3))
    benefit = rng.randint(50, 900)
    days = rng.randint(15, 60)
    skill = facts["skill"]
    brief = (
        f"{name}，{employer}{trade.department}{occupation}，{skill}。从事{occupation}工作"
        f"{facts['years']}年，攻克“{challenge}”难题，使{metric}由{before}%提升到{after}%；"
        f"完成技术革新{innovations}项，获国家专利{patents}项，累计创效{benefit}万元；"
        f"带徒{apprentices}名，其中{senior}人取得技师以上资格。"
    )
    paragraphs = [
        f"{name}同志{facts['started']:%Y}年参加工作，现任{employer}{trade.department}{trade.post}"
        f"岗位{facts['position'] or '职工'}。{facts['years']}年来，{he}始终扎根生产一线，刻苦钻研"
        f"业务，从一名普通学徒成长为{skill}，被同事们亲切地称为“{rng.choice(NICKNAMES)}”。",
        f"在技能提升方面，{he}坚持“干中学、学中干”，系统学习{occupation}相关理论知识，熟练掌握"
        f"精细操作、设备故障诊断和工艺优化等核心技能。面对“{challenge}”的难题，{he}带领班组"
        f"反复试验{rng.randint(3, 12)}个月，优化工艺参数{rng.randint(5, 30)}项，使{metric}由"
        f"{before}%提升到{after}%，相关做法被写入企业作业标准。",
        f"在技术创新方面，{he}先后完成技术革新和合理化建议{innovations}项，其中{patents}项获得"
        f"国家专利授权。{he}总结的{occupation}先进操作法在全{rng.choice(('企业', '行业', '省'))}"
        f"推广应用，累计为企业创造经济效益{benefit}万元。",
        f"在技艺传承方面，{he}坚持“传帮带”，与{apprentices}名青年职工签订师徒协议，手把手传授"
        f"操作技巧和排故经验。所带徒弟中，{senior}人取得技师、高级技师资格，多人在省市职业技能"
        f"竞赛中获奖，成为企业生产技术骨干。",
        f"在急难险重任务面前，{he}总是冲在前面。{rng.randint(2015, 2020)}年，企业承接重点工程"
        f"配套任务，工期紧、标准高，{he}主动请缨，连续{days}天坚守现场，带领突击队圆满完成"
        f"任务，受到用户书面表扬。",
        f"{name}同志用实际行动诠释了精益求精、追求卓越的工匠精神，是新时代龙江产业工人的优秀代表。",
    ]
    return brief, "\n\n".join(paragraphs)


def _awards(rng, *, competition: bool, city: str, employer: str, occupation: str, dates):
    choices = list(rng.sample(OTHER_AWARDS, rng.randint(0, 2)))
    if competition:
        choices.insert(0, rng.choice(QUALIFYING_AWARDS))
    awards = []
    for name, organiser, level, best, worst in choices:
        context = {"city": city, "employer": employer, "occupation": occupation}
        awards.append(
            {
                "name": name.format(**context),
                "organiser": organiser.format(**context),
                "level": level,
                "rank": rng.randint(best, worst),
                "awarded_on": dates(span=8),
            }
        )
    return awards


def _honours(rng, *, city: str, dates):
    return [
        {
            "title": title.format(city=city),
            "conferred_by": conferred_by.format(city=city),
            "awarded_on": dates(span=10),
        }
        for title, conferred_by in rng.sample(HONOURS, rng.randint(1, 3))
    ]


def _innovations(rng, *, surname: str, occupation: str, dates):
    rows = []
    for _ in range(rng.randint(0, 2)):
        obtained_on = dates(span=8)
        kind = rng.choice(("method", "utility_patent", "achievement"))
        if kind == "method":
            title, number = f"{surname}氏{occupation}操作法", ""
        elif kind == "utility_patent":
            title = f"一种{rng.choice(GADGETS)}"
            number = f"ZL{obtained_on.year}2{rng.randrange(10**7):07d}.{rng.randrange(10)}"
        else:
            title, number = f"{occupation}工艺改进", ""
        rows.append(
            {
                "title": title,
                "kind": kind,
                "number": number,
                "obtained_on": obtained_on,
                "benefit": f"年节约成本约{rng.randint(10, 300)}万元",
            }
        )
    return rows


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
    brief, main = _deeds(
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
        "nationality": "中国",
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
        "awards": _awards(
            rng,
            competition=competition,
            city=city,
            employer=employer,
            occupation=trade.occupation,
            dates=dates,
        ),
        "honours": _honours(rng, city=city, dates=dates),
        "innovations": _innovations(rng, surname=surname, occupation=trade.occupation, dates=dates),
        "mentorships": _mentorships(rng, name=name),
    }
    return Nominee(region, birth, sex, fields, rows, demo_photo(rng))
