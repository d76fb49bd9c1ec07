"""Assemble the documents' data from the database and build them.

Every export starts from ``nominations_visible_to(user)``; ``user=None`` is the
operator on the command line, who sees everything. The builders themselves are
in ``nominations.documents``; this module never imports openpyxl or reportlab.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Role, Unit, User
from longjiang.exceptions import DomainError
from longjiang.files import private_path
from nominations import attachment1, codes, documents, presentation
from nominations.models import Attachment, Campaign, Honour, Nomination
from nominations.paper_rules import REQUIRED_COPIES, PaperStatus, paper_is_late, paper_status
from nominations.selectors import nominations_visible_to
from nominations.services import ROW_FIELDS
from nominations.workflow import RECEIVED_STATES, Status

logger = logging.getLogger(__name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Progress = Callable[[int], None] | None

# The four opinion boxes at the end of Attachment 1, with the nomination field
# that holds each box's text (the province's boxes are filled in by hand).
OPINION_BOXES = (
    (gettext_lazy("所在单位意见"), "employer_opinion"),
    (gettext_lazy("市（地）总工会/产业工会推荐意见"), "recommendation_opinion"),
    (gettext_lazy("省总工会劳动和经济工作部初审意见"), None),
    (gettext_lazy("省总工会审批意见"), None),
)
# Sections of attachment1.SECTIONS printed as text blocks or boxes, not as grids.
NARRATIVE_SECTION, OPINION_SECTION = "deeds", "opinions"
# Relative column widths of the repeatable sections (columns: services.ROW_FIELDS).
TABLE_WIDTHS = {
    "awards": (4, 3, 3, 1.4, 1.4),
    "honours": (5, 4, 1.4),
    "innovations": (4, 2, 2.4, 1.4, 4),
    "mentorships": (2, 4, 2, 5),
}
# Statuses counted in the first-check summary, in the order of its columns.
CHECK_STATUSES = (
    Status.SUBMITTED,
    Status.IN_CHECK,
    Status.RETURNED,
    Status.ELIGIBLE,
    Status.REJECTED,
    Status.DISQUALIFIED,
)
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    content_type: str


class NothingToExport(DomainError):
    default_message = gettext_lazy("没有符合条件的推荐人选，未生成文件。")


class ExportNotAllowed(DomainError):
    default_message = gettext_lazy("无权导出该单位的材料。")


def _visible(campaign: Campaign, user: User | None) -> QuerySet[Nomination]:
    qs = Nomination.objects.all() if user is None else nominations_visible_to(user)
    return qs.filter(campaign=campaign)


def _scope_unit(user: User | None, unit: Unit | None) -> Unit | None:
    """Return the unit the export is for: the given one, or a clerk's own unit."""
    if user is not None and user.role == Role.CLERK:
        if unit is not None and unit.pk != user.unit_id:
            raise ExportNotAllowed
        return unit or user.unit
    return unit


def _report(progress: Progress, percent: int) -> None:
    if progress is not None:
        progress(percent)


def _month(value) -> str:
    return value.strftime("%Y-%m") if value else ""


# --- Attachment 1 -----------------------------------------------------------------


def _row_text(model, name: str, value) -> str:
    if value is None or value == "":
        return ""
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return _month(value)
    return str(value)


def _tables(nomination: Nomination) -> tuple[documents.FormTable, ...]:
    tables = []
    for related_name, title, _help in attachment1.REPEATABLE:
        model = getattr(Nomination, related_name).rel.related_model
        names = ROW_FIELDS[related_name]
        widths = TABLE_WIDTHS.get(related_name, ())
        headers = tuple(str(model._meta.get_field(name).verbose_name) for name in names)
        rows = tuple(
            tuple(_row_text(model, name, getattr(item, name)) for name in names)
            for item in getattr(nomination, related_name).all()
        )
        tables.append(documents.FormTable(str(title), headers, rows, widths))
    return tuple(tables)


def _photo(nomination: Nomination) -> bytes | None:
    for attachment in nomination.photos:
        try:
            return private_path(attachment.storage_name).read_bytes()
        except (OSError, ValueError):
            logger.warning("Photo %s of nomination %s is unreadable", attachment.pk, nomination.pk)
    return None


def attachment1_data(nomination: Nomination) -> documents.Attachment1Data:
    """Return the form data of a nomination loaded by ``_attachment1_queryset``."""
    sections, narratives = [], []
    for section in attachment1.SECTIONS:
        if section.key == OPINION_SECTION:
            continue
        rows = tuple(
            (presentation.label(name), presentation.display_value(nomination, name))
            for name in section.fields
        )
        if section.key == NARRATIVE_SECTION:
            narratives.extend(rows)
        else:
            sections.append(documents.FormSection(str(section.title), rows))
    opinions = tuple(
        documents.Opinion(str(title), getattr(nomination, name) if name else "")
        for title, name in OPINION_BOXES
    )
    submitted = nomination.submitted_at
    return documents.Attachment1Data(
        name=nomination.name,
        unit_name=nomination.unit.name,
        campaign_year=nomination.campaign.year,
        sections=tuple(sections),
        tables=_tables(nomination),
        narratives=tuple(narratives),
        opinions=opinions,
        photo=_photo(nomination),
        filled_on=timezone.localdate(submitted) if submitted else None,
    )


def _attachment1_queryset(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    photos = Attachment.objects.filter(kind=Attachment.Kind.PHOTO)
    return (
        qs.select_related("unit", "campaign")
        .prefetch_related(
            "awards",
            "honours",
            "innovations",
            "mentorships",
            Prefetch("attachments", queryset=photos, to_attr="photos"),
        )
        .order_by("unit__sort_order", "unit_rank", "id")
    )


def attachment1_pdf(
    campaign: Campaign,
    *,
    user: User | None = None,
    unit: Unit | None = None,
    nomination_ids: Iterable[int] | None = None,
    progress: Progress = None,
) -> Export:
    """Return Attachment 1 of one nomination (by id), or of a unit's or the province's.

    A bundle leaves out drafts and cancelled nominations; a nomination asked for by
    id is printed in any status the user can see.
    """
    unit = _scope_unit(user, unit)
    qs = _visible(campaign, user)
    if nomination_ids is not None:
        qs = qs.filter(pk__in=list(nomination_ids))
    else:
        qs = qs.exclude(status__in=(Status.DRAFT, Status.CANCELLED))
    if unit is not None:
        qs = qs.filter(unit=unit)
    forms, units, first = [], set(), None
    # Only the forms' data is kept; the model instances go chunk by chunk.
    for nomination in _attachment1_queryset(qs).iterator(chunk_size=CHUNK_SIZE):
        forms.append(attachment1_data(nomination))
        units.add(nomination.unit.name)
        first = first or nomination
    if first is None:
        raise NothingToExport
    _report(progress, 10)
    if len(forms) == 1:
        scope = f"{first.unit.name}-{first.name}"
    elif len(units) == 1:
        scope = first.unit.name
    else:
        scope = _("全省")

    def built(percent: int) -> None:
        _report(progress, 10 + percent * 89 // 100)

    content = documents.build_attachment1_pdf(forms, progress=built)
    _report(progress, 100)
    filename = _("%(year)s年龙江工匠推荐申报审批表-%(scope)s") % {
        "year": campaign.year,
        "scope": scope,
    }
    return Export(content, filename + ".pdf", PDF)


# --- Attachment 2 -----------------------------------------------------------------

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
                birth_month=_month(birth_month),
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
    unit = _scope_unit(user, unit)
    qs = _visible(campaign, user).filter(status__in=RECEIVED_STATES)
    if unit is not None:
        qs = qs.filter(unit=unit)
        # The unit's clerk who asked fills the sheet in; otherwise its first clerk.
        asking_clerk = user is not None and user.role == Role.CLERK and user.unit_id == unit.pk
        clerk = user if asking_clerk else _first_clerk(unit)
        unit_name, scope = unit.name, unit.name
    else:
        # The province compiles its own sheet: the staff member who asks fills it in.
        clerk = user
        province = Unit.objects.filter(kind=Unit.Kind.PROVINCE).only("name").first()
        unit_name = province.name if province else _("全省")
        scope = _("全省")
    _report(progress, 5)
    rows = _summary_rows(qs)
    _report(progress, 60)
    content = documents.build_summary_xlsx(
        documents.SummaryData(
            year=campaign.year,
            unit_name=unit_name,
            clerk_name=clerk.full_name if clerk else "",
            clerk_phone=clerk.phone if clerk else "",
            filled_on=timezone.localdate(),
            rows=rows,
            province_wide=unit is None,
        )
    )
    _report(progress, 100)
    filename = _("%(year)s年龙江工匠推荐人选汇总表-%(scope)s") % {
        "year": campaign.year,
        "scope": scope,
    }
    return Export(content, filename + ".xlsx", XLSX)


# --- First-check summary ----------------------------------------------------------


def _paper_note(nomination: Nomination, status: PaperStatus, campaign: Campaign) -> str:
    receipt = getattr(nomination, "paper_receipt", None)
    if receipt is None:
        return str(PaperStatus.MISSING.label)
    notes = []
    if receipt.copies < REQUIRED_COPIES:
        notes.append(
            _("收到%(copies)s份，应为%(required)s份")
            % {"copies": receipt.copies, "required": REQUIRED_COPIES}
        )
    if not receipt.stamped:
        notes.append(_("未加盖公章"))
    if paper_is_late(receipt, campaign):
        notes.append(_("逾期收到"))
    if receipt.note:
        notes.append(receipt.note)
    return "；".join(notes) or str(status.label)


def check_workbook(
    campaign: Campaign, *, user: User | None = None, progress: Progress = None
) -> Export:
    """Return the first-check summary: counts per unit by status and paper copy, and
    the nominations whose paper copy is missing or incomplete."""
    units = Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.PROVINCE)
    if user is not None and user.role == Role.CLERK:
        units = units.filter(pk=user.unit_id)
    units = list(units.order_by("sort_order", "code"))
    qs = (
        _visible(campaign, user)
        .filter(status__in=RECEIVED_STATES)
        .select_related("paper_receipt")
        .only(
            "unit_id",
            "unit_rank",
            "name",
            "status",
            "paper_receipt__received_on",
            "paper_receipt__copies",
            "paper_receipt__stamped",
            "paper_receipt__note",
        )
        .order_by("unit__sort_order", "unit_rank", "id")
    )
    _report(progress, 5)
    counts: dict[int, Counter] = defaultdict(Counter)
    missing_rows: dict[int, list] = defaultdict(list)
    for nomination in qs.iterator(chunk_size=CHUNK_SIZE):
        tally = counts[nomination.unit_id]
        # Numbered as on Attachment 2: 1, 2, 3... in the unit's ranking order.
        tally["rank"] += 1
        tally[nomination.status] += 1
        receipt = getattr(nomination, "paper_receipt", None)
        status = paper_status(receipt, campaign)
        if receipt is None:
            tally["missing"] += 1
        else:
            tally["received"] += 1
            tally["late"] += paper_is_late(receipt, campaign)
        if status in (PaperStatus.MISSING, PaperStatus.INCOMPLETE):
            missing_rows[nomination.unit_id].append(
                (tally["rank"], nomination, _paper_note(nomination, status, campaign))
            )
    _report(progress, 50)
    status_labels = {s: str(s.label) for s in CHECK_STATUSES}
    data = documents.CheckSummaryData(
        year=campaign.year,
        generated_on=timezone.localdate(),
        status_headers=tuple(status_labels.values()),
        units=[
            documents.UnitCheckCounts(
                unit_name=unit.name,
                counts=tuple(counts[unit.pk][s] for s in CHECK_STATUSES),
                paper_received=counts[unit.pk]["received"],
                paper_missing=counts[unit.pk]["missing"],
                paper_late=counts[unit.pk]["late"],
            )
            for unit in units
        ],
        missing_paper=[
            documents.MissingPaperRow(
                unit_name=unit.name,
                rank=rank,
                name=nomination.name,
                status=str(Status(nomination.status).label),
                note=note,
            )
            for unit in units
            for rank, nomination, note in missing_rows[unit.pk]
        ],
    )
    content = documents.build_check_workbook(data)
    _report(progress, 100)
    filename = _("%(year)s年龙江工匠初审情况汇总") % {"year": campaign.year}
    return Export(content, filename + ".xlsx", XLSX)
