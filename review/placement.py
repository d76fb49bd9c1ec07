"""Which panel (评审组) an eligible nomination goes to, by its industry.

The mapping below is the portal's default and is meant to be edited: it sends
each GB/T 4754 section (门类) of the form's 所属行业 to one industry group. A
section is coarse — 制造业 (C) holds machinery as well as food, chemicals and
medicines — so staff move individual nominations to a better panel by hand
(``services.move_placement``), with a reason that the audit trail keeps.
"""

from nominations.codes import Industry
from review.models import IndustryGroup

# Editable: GB/T 4754 section -> the industry group whose panel reviews it.
# 新材料与冶金建材 (MATERIALS) has no whole section of its own; its candidates
# come from 制造业 and are moved there by hand.
INDUSTRY_GROUPS: dict[str, str] = {
    Industry.AGRICULTURE: IndustryGroup.AGRICULTURE,  # A 农、林、牧、渔业
    Industry.MINING: IndustryGroup.ENERGY,  # B 采矿业
    Industry.MANUFACTURING: IndustryGroup.EQUIPMENT,  # C 制造业
    Industry.UTILITIES: IndustryGroup.ENERGY,  # D 电力、热力、燃气及水生产和供应业
    Industry.CONSTRUCTION: IndustryGroup.CONSTRUCTION,  # E 建筑业
    Industry.WHOLESALE_RETAIL: IndustryGroup.SERVICES,  # F 批发和零售业
    Industry.TRANSPORT: IndustryGroup.TRANSPORT,  # G 交通运输、仓储和邮政业
    Industry.ACCOMMODATION_CATERING: IndustryGroup.SERVICES,  # H 住宿和餐饮业
    Industry.INFORMATION_TECHNOLOGY: IndustryGroup.IT,  # I 信息传输、软件和信息技术服务业
    Industry.FINANCE: IndustryGroup.SERVICES,  # J 金融业
    Industry.REAL_ESTATE: IndustryGroup.SERVICES,  # K 房地产业
    Industry.LEASING_BUSINESS: IndustryGroup.SERVICES,  # L 租赁和商务服务业
    Industry.RESEARCH_TECHNICAL: IndustryGroup.SERVICES,  # M 科学研究和技术服务业
    Industry.WATER_ENVIRONMENT: IndustryGroup.CONSTRUCTION,  # N 水利、环境和公共设施管理业
    Industry.RESIDENT_SERVICES: IndustryGroup.SERVICES,  # O 居民服务、修理和其他服务业
    Industry.EDUCATION: IndustryGroup.SERVICES,  # P 教育
    Industry.HEALTH_SOCIAL_WORK: IndustryGroup.HEALTH,  # Q 卫生和社会工作
    Industry.CULTURE_SPORTS: IndustryGroup.SERVICES,  # R 文化、体育和娱乐业
    Industry.PUBLIC_ADMINISTRATION: IndustryGroup.SERVICES,  # S 公共管理、社会保障和社会组织
    Industry.INTERNATIONAL_ORGANIZATIONS: IndustryGroup.SERVICES,  # T 国际组织
}


def industry_group_of(industry: str) -> str | None:
    """Return the industry group of a GB/T 4754 section, or None if it has none."""
    return INDUSTRY_GROUPS.get(industry)
