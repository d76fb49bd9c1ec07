"""Code lists used on the nomination form, as Django choices.

Values follow the national standards where one exists (GB/T 2261.1, 3304, 4762,
4658, 4754), so exports can be read by other systems without a mapping table.
"""

from functools import cache

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """Sex per GB/T 2261.1."""

    MALE = "1", _("男")
    FEMALE = "2", _("女")


class Ethnicity(models.TextChoices):
    """Ethnic group per GB/T 3304, plus the codes 97 and 98 used on ID cards."""

    HAN = "01", _("汉族")
    MONGOL = "02", _("蒙古族")
    HUI = "03", _("回族")
    TIBETAN = "04", _("藏族")
    UYGHUR = "05", _("维吾尔族")
    MIAO = "06", _("苗族")
    YI = "07", _("彝族")
    ZHUANG = "08", _("壮族")
    BOUYEI = "09", _("布依族")
    KOREAN = "10", _("朝鲜族")
    MANCHU = "11", _("满族")
    DONG = "12", _("侗族")
    YAO = "13", _("瑶族")
    BAI = "14", _("白族")
    TUJIA = "15", _("土家族")
    HANI = "16", _("哈尼族")
    KAZAKH = "17", _("哈萨克族")
    DAI = "18", _("傣族")
    LI = "19", _("黎族")
    LISU = "20", _("傈僳族")
    VA = "21", _("佤族")
    SHE = "22", _("畲族")
    GAOSHAN = "23", _("高山族")
    LAHU = "24", _("拉祜族")
    SUI = "25", _("水族")
    DONGXIANG = "26", _("东乡族")
    NAXI = "27", _("纳西族")
    JINGPO = "28", _("景颇族")
    KYRGYZ = "29", _("柯尔克孜族")
    TU = "30", _("土族")
    DAUR = "31", _("达斡尔族")
    MULAO = "32", _("仫佬族")
    QIANG = "33", _("羌族")
    BLANG = "34", _("布朗族")
    SALAR = "35", _("撒拉族")
    MAONAN = "36", _("毛南族")
    GELAO = "37", _("仡佬族")
    XIBE = "38", _("锡伯族")
    ACHANG = "39", _("阿昌族")
    PUMI = "40", _("普米族")
    TAJIK = "41", _("塔吉克族")
    NU = "42", _("怒族")
    UZBEK = "43", _("乌孜别克族")
    RUSSIAN = "44", _("俄罗斯族")
    EWENKI = "45", _("鄂温克族")
    DEANG = "46", _("德昂族")
    BONAN = "47", _("保安族")
    YUGUR = "48", _("裕固族")
    GIN = "49", _("京族")
    TATAR = "50", _("塔塔尔族")
    DERUNG = "51", _("独龙族")
    OROQEN = "52", _("鄂伦春族")
    HEZHEN = "53", _("赫哲族")
    MONBA = "54", _("门巴族")
    LHOBA = "55", _("珞巴族")
    JINO = "56", _("基诺族")
    UNRECOGNIZED = "97", _("其他（未识别民族）")
    FOREIGN_ORIGIN = "98", _("外国血统中国籍人士")


# Names still found in older records, mapped to today's codes.
_LEGACY_ETHNICITY_NAMES: dict[str, str] = {
    "崩龙族": Ethnicity.DEANG.value,
    "毛难族": Ethnicity.MAONAN.value,
}


@cache
def _ethnicity_codes_by_name() -> dict[str, str]:
    """Map every accepted Chinese name, with and without the trailing 族, to its code."""
    # The labels are lazy; disabling translation yields the Chinese source strings
    # whatever language the current request uses.
    with translation.override(None):
        names = {str(label): code for code, label in Ethnicity.choices}
    names.update(_LEGACY_ETHNICITY_NAMES)
    for name, code in list(names.items()):
        if name.endswith("族") and len(name) > 1:
            names.setdefault(name.removesuffix("族"), code)
    return names


def normalize_ethnicity_name(name: str) -> str | None:
    """Return the GB/T 3304 code for a Chinese ethnicity name, or None if unknown."""
    return _ethnicity_codes_by_name().get("".join(name.split()))


class Nationality(models.TextChoices):
    """Nationality: China (GB/T 2659 alpha-3 code) or another, which needs a reason.

    The notice says a nominee is "一般为中国籍"; another nationality is an exception
    the unit names and explains in ``nationality_note``.
    """

    CHINA = "CHN", _("中国")
    OTHER = "other", _("其他国籍")


# Free-text values of the old nationality field that mean China.
CHINA_NAMES: frozenset[str] = frozenset(
    {"中国", "中国籍", "中华人民共和国", "中华人民共和国国籍", "CHN", "CN", "CHINA"}
)


def normalize_nationality(value: str) -> str:
    """Return the code for a nationality typed as free text; blank stays blank."""
    text = "".join(value.split())
    if not text:
        return ""
    if text in Nationality.values:
        return text
    return Nationality.CHINA if text.upper() in CHINA_NAMES else Nationality.OTHER


class PoliticalStatus(models.TextChoices):
    """Political status per GB/T 4762, with the short labels printed on forms."""

    CPC_MEMBER = "01", _("中共党员")
    CPC_PROBATIONARY_MEMBER = "02", _("中共预备党员")
    CYL_MEMBER = "03", _("共青团员")
    RCCK_MEMBER = "04", _("民革会员")
    CDL_MEMBER = "05", _("民盟盟员")
    CNDCA_MEMBER = "06", _("民建会员")
    CAPD_MEMBER = "07", _("民进会员")
    CPWDP_MEMBER = "08", _("农工党党员")
    CZGP_MEMBER = "09", _("致公党党员")
    JIUSAN_MEMBER = "10", _("九三学社社员")
    TDSL_MEMBER = "11", _("台盟盟员")
    NON_PARTISAN = "12", _("无党派人士")
    MASSES = "13", _("群众")


class Education(models.TextChoices):
    """Highest education, as a short dropdown keyed by GB/T 4658 codes."""

    DOCTORATE = "11", _("博士研究生")
    MASTER = "14", _("硕士研究生")
    BACHELOR = "21", _("大学本科")
    JUNIOR_COLLEGE = "31", _("大学专科")
    SECONDARY_VOCATIONAL = "40", _("中专/中技/职高")
    HIGH_SCHOOL = "61", _("普通高中")
    JUNIOR_HIGH_OR_BELOW = "71", _("初中及以下")


class SkillLevel(models.IntegerChoices):
    """Vocational skill level, covering both the five-level and the eight-level systems."""

    # Values grow with the level, so "技师及以上" is `level >= SkillLevel.TECHNICIAN`.
    # NONE, SPECIAL and OTHER are not levels on that scale and sit below it.
    NONE = 0, _("无")
    SPECIAL = 1, _("专项职业能力")
    OTHER = 2, _("其他（如非遗传承人）")
    APPRENTICE = 10, _("学徒工")
    JUNIOR = 20, _("初级工（五级）")
    INTERMEDIATE = 30, _("中级工（四级）")
    SENIOR = 40, _("高级工（三级）")
    TECHNICIAN = 50, _("技师（二级）")
    SENIOR_TECHNICIAN = 60, _("高级技师（一级）")
    MASTER_TECHNICIAN = 70, _("特级技师")
    CHIEF_TECHNICIAN = 80, _("首席技师")


class TitleLevel(models.TextChoices):
    """Level of a professional technical title."""

    NONE = "none", _("无")
    SENIOR = "senior", _("正高级")
    ASSOCIATE = "associate", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    ASSISTANT = "assistant", _("助理级")
    JUNIOR = "junior", _("员级")


class TitleSeries(models.TextChoices):
    """Series of a professional technical title."""

    ENGINEERING = "engineering", _("工程")
    AGRICULTURE = "agriculture", _("农业")
    HEALTH = "health", _("卫生")
    ECONOMICS = "economics", _("经济")
    ACCOUNTING = "accounting", _("会计")
    STATISTICS = "statistics", _("统计")
    ARTS_CRAFTS = "arts_crafts", _("工艺美术")
    UNIVERSITY_TEACHER = "university_teacher", _("高校教师")
    VOCATIONAL_TEACHER = "vocational_teacher", _("中职教师")
    TECHNICAL_SCHOOL_TEACHER = "technical_school_teacher", _("技工院校教师")
    OTHER = "other", _("其他")


class EmployerNature(models.TextChoices):
    """Ownership or legal nature of the employer."""

    STATE = "state", _("国有")
    STATE_HOLDING = "state_holding", _("国有控股")
    COLLECTIVE = "collective", _("集体")
    PRIVATE = "private", _("民营")
    FOREIGN = "foreign", _("外资")
    HMT = "hmt", _("港澳台资")
    GOVERNMENT = "government", _("机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    SOCIAL_ORG = "social_org", _("社会组织")
    OTHER = "other", _("其他")


# Employers counted as the non-public economy in the balance statistics.
NON_PUBLIC_NATURES: frozenset[str] = frozenset(
    {EmployerNature.PRIVATE, EmployerNature.FOREIGN, EmployerNature.HMT}
)


class Industry(models.TextChoices):
    """Industry section (门类) per GB/T 4754-2017."""

    AGRICULTURE = "A", _("农、林、牧、渔业")
    MINING = "B", _("采矿业")
    MANUFACTURING = "C", _("制造业")
    UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
    CONSTRUCTION = "E", _("建筑业")
    WHOLESALE_RETAIL = "F", _("批发和零售业")
    TRANSPORT = "G", _("交通运输、仓储和邮政业")
    ACCOMMODATION_CATERING = "H", _("住宿和餐饮业")
    INFORMATION_TECHNOLOGY = "I", _("信息传输、软件和信息技术服务业")
    FINANCE = "J", _("金融业")
    REAL_ESTATE = "K", _("房地产业")
    LEASING_BUSINESS = "L", _("租赁和商务服务业")
    RESEARCH_TECHNICAL = "M", _("科学研究和技术服务业")
    WATER_ENVIRONMENT = "N", _("水利、环境和公共设施管理业")
    RESIDENT_SERVICES = "O", _("居民服务、修理和其他服务业")
    EDUCATION = "P", _("教育")
    HEALTH_SOCIAL_WORK = "Q", _("卫生和社会工作")
    CULTURE_SPORTS = "R", _("文化、体育和娱乐业")
    PUBLIC_ADMINISTRATION = "S", _("公共管理、社会保障和社会组织")
    INTERNATIONAL_ORGANIZATIONS = "T", _("国际组织")


class FrontlineCategory(models.TextChoices):
    """Kind of frontline post."""

    PRODUCTION = "production", _("生产")
    TECHNICAL = "technical", _("技术")
    RESEARCH = "research", _("研发")


class Criterion(models.TextChoices):
    """The notice's five qualifying conditions, in notice order."""

    CRAFT = "craft", _("工艺专长")
    SKILL = "skill", _("高超技能")
    LEADERSHIP = "leadership", _("领军作用")
    CONTRIBUTION = "contribution", _("突出贡献")
    COMPETITION = "competition", _("竞赛奖励")


class CompetitionLevel(models.TextChoices):
    """Level and class of a skills or innovation competition."""

    NATIONAL_1 = "national_1", _("国家级一类职业技能竞赛")
    NATIONAL_2 = "national_2", _("国家级二类职业技能竞赛")
    PROVINCIAL_1 = "provincial_1", _("省级一类职业技能竞赛")
    PROVINCIAL_2 = "provincial_2", _("省级二类职业技能竞赛")
    PROVINCIAL_INNOVATION = "provincial_innovation", _("全省职工技术创新竞赛")
    CITY = "city", _("市（地）级竞赛")
    ENTERPRISE = "enterprise", _("行业企业竞赛")


# Lowest qualifying rank per competition level under the notice's 竞赛奖励 condition:
# 国家一类 top 3, 省级一类 top 2, 全省职工技术创新竞赛 first prize. Other levels never qualify.
NOTICE_COMPETITION_THRESHOLDS: dict[str, int] = {
    CompetitionLevel.NATIONAL_1: 3,
    CompetitionLevel.PROVINCIAL_1: 2,
    CompetitionLevel.PROVINCIAL_INNOVATION: 1,
}


def meets_notice_threshold(level: str, rank: int | None) -> bool:
    """Return whether a placing satisfies the notice's 竞赛奖励 condition."""
    threshold = NOTICE_COMPETITION_THRESHOLDS.get(level)
    if threshold is None or rank is None:
        return False
    return 1 <= rank <= threshold


class InnovationKind(models.TextChoices):
    """Kind of technical innovation result."""

    INVENTION_PATENT = "invention_patent", _("发明专利")
    UTILITY_PATENT = "utility_patent", _("实用新型专利")
    DESIGN_PATENT = "design_patent", _("外观设计专利")
    METHOD = "method", _("先进操作法")
    STANDARD = "standard", _("标准")
    ACHIEVEMENT = "achievement", _("技术革新成果")
    OTHER = "other", _("其他")


class MentorshipKind(models.TextChoices):
    """Kind of skill-transfer activity."""

    APPRENTICE = "apprentice", _("带徒传技")
    STUDIO = "studio", _("创新工作室")


class StudioLevel(models.TextChoices):
    """Recognition level of an innovation studio."""

    NATIONAL = "national", _("全国级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市（地）级")
    ENTERPRISE = "enterprise", _("企业级")
    NONE = "none", _("无")
