"""The award's fourth step: earlier years imported into the register, and a few public
profiles of past craftsmen, one with a consented photo (a drawn placeholder).

Staff import the sample 2018 register (``nominations.demo.laureates``), then publish
profiles of six of its craftsmen, one per union first so the showcase's filters have
choices, and of the first three of the running year's craftsmen, whom the naming
notice added to the register (none when that step has not run). The first profile
has the photo, with its consent noted; the third leaves out the post, as staff may.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nominations.demo.laureates import sample_register_xlsx
from nominations.demo.seeding import seeding_of
from nominations.models import Craftsman
from nominations.services.laureates import import_register
from publicity.demo.portrait import placeholder_portrait
from publicity.services.showcase import ProfileChoices, clean_photo, publish_profile, save_profile

# How many imported and how many of this year's craftsmen get a published profile.
IMPORTED_SHOWN = 6
CURRENT_SHOWN = 3

# Public deeds for imported craftsmen, whose register rows carry none, by industry
# (GB/T 4754 section); invented, like the people.
DEEDS_BY_INDUSTRY = {
    "A": "扎根黑土地三十年，选育推广寒地水稻新品种4个，累计推广面积超过百万亩，"
    "带领合作社社员开展机插秧和侧深施肥技术培训二百余场次。",
    "B": "长期奋战在煤矿井下一线，主持完成综采设备检修工艺改进12项，"
    "设备故障率下降三成，创建的“检修八步法”在全省煤矿推广。",
    "C": "从事大型装备焊接工作二十余年，攻克厚板焊接变形等关键难题，"
    "主持的工艺改进使一次焊接合格率稳定在99%以上，带出高级技师和技师徒弟三十余名。",
    "D": "常年坚守在电网检修一线，完成带电作业三千余次，无一差错；"
    "牵头研制的绝缘工具获国家实用新型专利3项，保障了冬季供暖期电网安全运行。",
    "E": "参与多项省重点工程建设，在严寒条件下攻克混凝土冬期施工难题，"
    "总结的施工工法被评为省级工法，培养青年技术骨干五十余人。",
    "G": "从事机车检修工作二十五年，练就“听音辨障”的绝活，累计排除重大隐患百余起，"
    "以其名字命名的创新工作室完成技术革新40余项。",
}
DEFAULT_DEEDS = (
    "立足本职岗位，刻苦钻研技术，多次在全省职业技能竞赛中获奖；"
    "主持完成技术革新和合理化建议数十项，热心传授技艺，带出了一支技术过硬的青年团队。"
)


def _public_deeds(craftsman: Craftsman) -> str:
    return craftsman.brief_deeds or DEEDS_BY_INDUSTRY.get(craftsman.industry, DEFAULT_DEEDS)


def _spread(people: list[Craftsman], count: int) -> list[Craftsman]:
    """Up to ``count`` people, one per union first, so the showcase's filters have choices."""
    chosen, seen_units = [], set()
    for person in people:
        if person.unit_id not in seen_units:
            chosen.append(person)
            seen_units.add(person.unit_id)
    chosen += [person for person in people if person not in chosen]
    return chosen[:count]


def seed(run) -> str:
    seeding = seeding_of(run)
    staff = seeding.users["staff"]
    campaign = seeding.campaign
    report = import_register(sample_register_xlsx(), actor=staff)
    # The sample's rows with deeds are its invented craftsmen; the rows naming people of
    # the running campaign (for the repeat flag) carry none and stay off the showcase.
    imported = list(
        Craftsman.objects.filter(source=Craftsman.Source.IMPORTED)
        .exclude(year=campaign.year)
        .exclude(brief_deeds="")
        .select_related("unit")
        .order_by("year", "name_order", "pk")
    )
    current = list(
        Craftsman.objects.filter(year=campaign.year, source=Craftsman.Source.PORTAL)
        .select_related("unit")
        .order_by("name_order", "pk")
    )
    consent_day = timezone.localdate(run.now) - datetime.timedelta(days=20)
    consent_note = (
        f"本人签署的照片公开同意书（{consent_day.year}年{consent_day.month}月{consent_day.day}日）"
    )
    portrait = clean_photo(SimpleUploadedFile("portrait.png", placeholder_portrait()))
    published = 0
    for index, person in enumerate(_spread(imported, IMPORTED_SHOWN) + current[:CURRENT_SHOWN]):
        with_photo = index == 0
        profile = save_profile(
            person,
            actor=staff,
            choices=ProfileChoices(
                show_employer=True,
                # One profile shows how staff leave out a part: its post.
                show_post=index != 2,
                show_deeds=True,
                deeds=_public_deeds(person),
                photo_consent=with_photo,
                photo_consent_note=consent_note if with_photo else "",
            ),
            photo=portrait if with_photo else None,
        )
        publish_profile(profile, actor=staff)
        published += 1
    shown_current = min(len(current), CURRENT_SHOWN)
    return (
        f"Register: {report.imported} earlier craftsmen imported, "
        f"{report.failed} row{'' if report.failed == 1 else 's'} refused. "
        f"Showcase: {published} profiles published ({shown_current} of {campaign.year}), "
        "one with a consented photo."
    )
