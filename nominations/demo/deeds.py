"""The deeds, awards, honours and innovations of a fictional nominee."""

import random
from typing import TYPE_CHECKING

from nominations import codes

if TYPE_CHECKING:
    from nominations.demo.people import Trade

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


def write_deeds(rng: random.Random, *, name: str, sex: str, trade: "Trade", employer: str, **facts):
    """Return plausible short and main deeds (简要事迹, 主要事迹) for the nominee."""
    he = "他" if sex == codes.Sex.MALE else "她"
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


def award_rows(rng, *, competition: bool, city: str, employer: str, occupation: str, dates):
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


def honour_rows(rng, *, city: str, dates):
    return [
        {
            "title": title.format(city=city),
            "conferred_by": conferred_by.format(city=city),
            "awarded_on": dates(span=10),
        }
        for title, conferred_by in rng.sample(HONOURS, rng.randint(1, 3))
    ]


def innovation_rows(rng, *, surname: str, occupation: str, dates):
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
