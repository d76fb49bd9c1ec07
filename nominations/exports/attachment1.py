"""Attachment 1 (推荐申报审批表): one nomination's form, or a unit's or the province's bundle."""

import logging
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Unit, User
from longjiang.documents.export import PDF, Export, NothingToExport, Progress, report
from longjiang.uploads import private_path
from nominations import attachment1, documents, presentation, services
from nominations.exports.common import CHUNK_SIZE, month, scope_unit, visible
from nominations.models import Attachment, Campaign, Nomination
from nominations.services import ROW_FIELDS
from nominations.workflow import Status

logger = logging.getLogger(__name__)

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


def _row_text(model, name: str, value) -> str:
    if value is None or value == "":
        return ""
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return month(value)
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


# The personal numbers the stamped form prints in full.
FULL_NUMBERS = ("id_number", "mobile")


def _printed_value(nomination: Nomination, name: str, *, full_numbers: bool) -> str:
    if full_numbers and name in FULL_NUMBERS:
        return getattr(nomination, name)
    return presentation.display_value(nomination, name)


def attachment1_data(
    nomination: Nomination, *, full_numbers: bool = False
) -> documents.Attachment1Data:
    """Return the form data of a nomination loaded by ``_attachment1_queryset``.

    ``full_numbers`` prints the ID number and mobile in full, as on the legal form
    the unit signs and stamps; otherwise they are masked as on every screen.
    """
    sections, narratives = [], []
    for section in attachment1.SECTIONS:
        if section.key == OPINION_SECTION:
            continue
        rows = tuple(
            (
                presentation.label(name),
                _printed_value(nomination, name, full_numbers=full_numbers),
            )
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
        unit_rank=nomination.unit_rank,
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
    full_numbers: bool = False,
    progress: Progress = None,
) -> Export:
    """Return Attachment 1 of one nomination (by id), or of a unit's or the province's.

    A bundle leaves out drafts and cancelled nominations; a nomination asked for by
    id is printed in any status the user can see. Every nomination printed gets a
    ``nomination.form_printed`` event once the PDF is built, saying whether its
    numbers were printed in full.
    """
    unit = scope_unit(user, unit)
    qs = visible(campaign, user)
    if nomination_ids is not None:
        qs = qs.filter(pk__in=list(nomination_ids))
    else:
        qs = qs.exclude(status__in=(Status.DRAFT, Status.CANCELLED))
    if unit is not None:
        qs = qs.filter(unit=unit)
    count = qs.count()
    if not count:
        raise NothingToExport
    units = list(qs.order_by().values_list("unit__name", flat=True).distinct()[:2])
    if count == 1:
        scope = "-".join(qs.values_list("unit__name", "name").get())
    else:
        scope = units[0] if len(units) == 1 else _("全省")
    report(progress, 10)

    def built(percent: int) -> None:
        report(progress, 10 + percent * 89 // 100)

    # The forms are read chunk by chunk while the PDF is laid out, each photo only
    # when its form is drawn, so memory does not grow with the bundle.
    nominations = _attachment1_queryset(qs).iterator(chunk_size=CHUNK_SIZE)
    printed: list[Nomination] = []

    def forms():
        for nomination in nominations:
            # Only the keys are kept for the audit, not the forms' content.
            printed.append(Nomination(pk=nomination.pk, unit_id=nomination.unit_id))
            yield attachment1_data(nomination, full_numbers=full_numbers)

    pdf = documents.build_attachment1_pdf(forms(), count=count, progress=built)
    services.record_forms_printed(printed, actor=user, full_numbers=full_numbers)
    report(progress, 100)
    filename = _("%(year)s年龙江工匠推荐申报审批表-%(scope)s") % {
        "year": campaign.year,
        "scope": scope,
    }
    return Export(pdf.content, filename + ".pdf", PDF, warnings=pdf.warnings)
