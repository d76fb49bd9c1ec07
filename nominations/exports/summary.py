"""Attachment 2 (推荐人选汇总表): the nominations that reached the province, as a workbook."""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts import roles
from longjiang.accounts.models import Role, Unit, User
from longjiang.documents.export import XLSX, Export, Progress, report
from nominations import codes, documents
from nominations.exports.common import CHUNK_SIZE, month, scope_unit, visible
from nominations.models import Campaign, Honour, Nomination
from nominations.selectors import unit_contact
from nominations.workflow import RECEIVED_STATES

SUMMARY_FIELDS = (
    "id",
    "unit_id",
    "unit__name",
    "name",
    "sex",
    "ethnicity",
    "birth_month",
    "political_status",
    "education",
    "employer_name",
    "department",
    "post",
    "position",
    "occupation",
    "skill_level",
    "title_series",
    "title_level",
    "criteria",
    "brief_deeds",
)


def _labels(choices) -> dict:
    """Return a choice list's labels as plain strings, translated once per export."""
    return {value: str(label) for value, label in choices}


def _honours_by_nomination(qs: QuerySet[Nomination]) -> dict[int, str]:
    """Return each nomination's first three honours as one text, in one query."""
    honours: dict[int, list[str]] = defaultdict(list)
    dated = _("%(year)s年%(title)s")
    rows = (
        Honour.objects.filter(nomination__in=qs.values("pk"))
        .order_by("nomination_id", "position", "id")
        .values_list("nomination_id", "title", "awarded_on__year")
    )
    for nomination_id, title, year in rows.iterator(chunk_size=CHUNK_SIZE):
        items = honours[nomination_id]
        if len(items) < documents.MAX_HONOURS:
            items.append(dated % {"year": year, "title": title} if year else title)
    return {key: "；".join(items) for key, items in honours.items()}


def _summary_rows(qs: QuerySet[Nomination]) -> list[documents.SummaryRow]:
    sex = _labels(codes.Sex.choices)
    ethnicity = _labels(codes.Ethnicity.choices)
    political = _labels(codes.PoliticalStatus.choices)
    education = _labels(codes.Education.choices)
    skill = _labels(codes.SkillLevel.choices)
    series = _labels(codes.TitleSeries.choices)
    level = _labels(codes.TitleLevel.choices)
    criterion = _labels(codes.Criterion.choices)
    honours = _honours_by_nomination(qs)
    rows = []
    ranks: dict[int, int] = defaultdict(int)
    values = qs.order_by("unit__sort_order", "unit_rank", "id").values_list(*SUMMARY_FIELDS)
    for (
        pk,
        unit_id,
        unit_name,
        name,
        sex_code,
        ethnicity_code,
        birth_month,
        political_code,
        education_code,
        employer,
        department,
        post,
        position,
        occupation,
        skill_level,
        title_series,
        title_level,
        criteria,
        brief_deeds,
    ) in values.iterator(chunk_size=CHUNK_SIZE):
        # The sheet numbers the unit's candidates 1, 2, 3... in its ranking order;
        # drafts that hold a rank on screen are not on the sheet.
        ranks[unit_id] += 1
        qualification = []
        if skill_level:
            qualification.append(skill[skill_level])
        if title_level and title_level != codes.TitleLevel.NONE:
            qualification.append(series.get(title_series, "") + level[title_level])
        post_text = "、".join(p for p in (post, position) if p)
        rows.append(
            documents.SummaryRow(
                rank=ranks[unit_id],
                name=name,
                sex=sex.get(sex_code, ""),
                ethnicity=ethnicity.get(ethnicity_code, ""),
                birth_month=month(birth_month),
                political_status=political.get(political_code, ""),
                education=education.get(education_code, ""),
                employer_and_post=f"{employer}{department}{post_text}",
                occupation=occupation,
                qualification="/".join(qualification),
                criteria="、".join(criterion.get(c, c) for c in criteria or ()),
                honours=honours.get(pk, ""),
                brief_deeds=brief_deeds,
                unit=unit_name,
            )
        )
    return rows


def _unit_contact(campaign: Campaign, unit: Unit, user: User | None) -> tuple[str, str]:
    """Return the 填报人 and 联系电话 of a unit's sheet: the contact its clerks named.

    Until they name one, the clerk who asks (or the unit's first clerk) stands in
    with the name and phone of the account, which may be blank.
    """
    contact = unit_contact(campaign, unit)
    if contact is not None:
        return contact.name, contact.phone
    asking_clerk = user is not None and roles.is_clerk(user) and user.unit_id == unit.pk
    clerk = user if asking_clerk else _first_clerk(unit)
    return (clerk.full_name, clerk.phone) if clerk else ("", "")


def _first_clerk(unit: Unit) -> User | None:
    return (
        User.objects.filter(unit=unit, role=Role.CLERK, is_active=True)
        .only("full_name", "phone")
        .order_by("pk")
        .first()
    )


def summary_xlsx(
    campaign: Campaign,
    *,
    user: User | None = None,
    unit: Unit | None = None,
    progress: Progress = None,
) -> Export:
    """Return Attachment 2 of a unit, or of the province (with a unit column) without one.

    Lists the nominations that reached the province, in each unit's ranking order.
    """
    unit = scope_unit(user, unit)
    qs = visible(campaign, user).filter(status__in=RECEIVED_STATES)
    warnings = []
    if unit is not None:
        qs = qs.filter(unit=unit)
        contact_name, contact_phone = _unit_contact(campaign, unit, user)
        if not (contact_name and contact_phone):
            warnings.append(
                _("%(unit)s尚未填写汇总表的填报人和联系电话，表头可能不完整。")
                % {"unit": unit.name}
            )
        unit_name, scope = unit.name, unit.name
    else:
        # The province compiles its own sheet: the staff member who asks fills it in.
        contact_name = user.full_name if user else ""
        contact_phone = user.phone if user else ""
        province = Unit.objects.filter(kind=Unit.Kind.PROVINCE).only("name").first()
        unit_name = province.name if province else _("全省")
        scope = _("全省")
    report(progress, 5)
    rows = _summary_rows(qs)
    report(progress, 60)
    content = documents.build_summary_xlsx(
        documents.SummaryData(
            year=campaign.year,
            unit_name=unit_name,
            clerk_name=contact_name,
            clerk_phone=contact_phone,
            filled_on=timezone.localdate(),
            rows=rows,
            province_wide=unit is None,
        )
    )
    report(progress, 100)
    filename = _("%(year)s年龙江工匠推荐人选汇总表-%(scope)s") % {
        "year": campaign.year,
        "scope": scope,
    }
    return Export(content, filename + ".xlsx", XLSX, warnings=tuple(warnings))
