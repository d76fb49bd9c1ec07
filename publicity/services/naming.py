"""Writes of the naming notice (命名通报): prepare, edit the draft, publish; and the
register of craftsmen the publication fills.

Staff prepare the notice once the publicity result has fixed the final list: the
title and the text come from the defaults of ``publicity.naming_text``, filled
with the year, the list's first name and count, the selection notice and the
award. They edit the draft (title, 文号, 成文日期, text) and publish it with a
confirmation. Publishing copies the final list by unit into ``entries``, renders
the PDF once, stores its bytes under ``PRIVATE_ROOT/naming/`` and keeps their
SHA-256 (every download serves those bytes, checked against it), and adds each
person of the final list to the register of craftsmen (``register_final_list``).

Published is final: the notice is an official document with its 文号. There is
no unpublishing and no editing after publication; a correction is issued as a
new document. Every write is audited in its transaction.
"""

import datetime
import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from longjiang.accounts.models import Unit, User
from longjiang.accounts.roles import is_provincial
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from longjiang.pii import blind_index, redact_personal_numbers
from longjiang.uploads import private_path
from longjiang.workflow import transition
from nominations.models import Campaign, Craftsman
from nominations.services.laureates import craftsman_name_order
from nominations.validators import mask_id_number, normalize_id_number
from publicity import naming_text
from publicity.models import NamingNotice, PublicityResult
from publicity.selectors.naming import final_list_by_unit, first_name, people_count
from publicity.selectors.notices import role_of
from publicity.selectors.results import final_list
from publicity.workflow import NAMING, NamingAction, NamingStatus

__all__ = [
    "NamingRefused",
    "default_text",
    "naming_content",
    "prepare_naming_notice",
    "publish_naming_notice",
    "register_final_list",
    "render_naming_pdf",
    "stored_pdf",
    "update_naming_notice",
]

# Where the published PDFs are kept, under PRIVATE_ROOT (backed up with it).
PDF_DIRECTORY = "naming"


class NamingRefused(DomainError):
    default_message = _("命名通报当前不能执行此操作。")


class StoredPdfDamaged(RuntimeError):
    """The stored PDF is missing or no longer matches the SHA-256 kept at publication."""


# --- Text --------------------------------------------------------------------------


def _values(campaign: Campaign, entries: list[dict]) -> dict:
    notice = naming_text.SELECTION_NOTICE.format(year=campaign.year)
    if campaign.notice_ref:
        notice += f"（{campaign.notice_ref}）"
    return {
        "year": campaign.year,
        "first_name": first_name(entries),
        "count": people_count(entries),
        "notice": notice,
        "amount": campaign.award_amount,
    }


def default_text(campaign: Campaign, entries: list[dict]) -> tuple[str, str]:
    """The default title and text of the campaign's notice (``publicity.naming_text``)."""
    values = _values(campaign, entries)
    return naming_text.TITLE.format_map(values), naming_text.BODY.format_map(values)


def naming_content(notice: NamingNotice, entries: list[dict]):
    """What the PDF prints of ``notice`` with ``entries`` (its own once published)."""
    from longjiang.dates import show_date
    from publicity.documents.naming import NamingContent

    return NamingContent(
        issuer=naming_text.ISSUER,
        doc_number=notice.doc_number,
        title=notice.title,
        paragraphs=[line.strip() for line in notice.body.splitlines() if line.strip()],
        issued_on_text=show_date(notice.issued_on),
        attachment_title=naming_text.ATTACHMENT_TITLE.format(year=notice.campaign.year),
        entries=entries,
    )


def render_naming_pdf(notice: NamingNotice, entries: list[dict] | None = None) -> bytes:
    """Render the notice's PDF: a draft with the final list as it stands (the preview),
    a published notice with its own entries."""
    from publicity.documents.naming import build_naming_pdf

    if entries is None:
        if notice.status == NamingStatus.PUBLISHED:
            entries = notice.entries
        else:
            entries = final_list_by_unit(notice.campaign)
    return build_naming_pdf(naming_content(notice, entries)).content


# --- The stored PDF ------------------------------------------------------------------


def _pdf_name(year: int, sha256: str) -> str:
    return f"{PDF_DIRECTORY}/naming-{year}-{sha256}.pdf"


def _store_pdf(year: int, content: bytes) -> tuple[str, Path]:
    """Write the PDF under a name made of its year and SHA-256; return (sha256, path)."""
    sha256 = hashlib.sha256(content).hexdigest()
    path = private_path(_pdf_name(year, sha256))
    path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    try:
        with open(path, "xb") as handle:
            handle.write(content)
    except FileExistsError:
        if hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
            raise StoredPdfDamaged(f"{path.name} exists with other content") from None
    return sha256, path


def stored_pdf(notice: NamingNotice) -> bytes:
    """The PDF stored at publication, byte for byte; StoredPdfDamaged if it changed."""
    if notice.status != NamingStatus.PUBLISHED or not notice.pdf_sha256:
        raise StoredPdfDamaged(f"naming notice {notice.pk} is not published")
    path = private_path(_pdf_name(notice.campaign.year, notice.pdf_sha256))
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise StoredPdfDamaged(f"{path.name} is missing") from None
    if hashlib.sha256(content).hexdigest() != notice.pdf_sha256:
        raise StoredPdfDamaged(f"{path.name} no longer matches its SHA-256")
    return content


# --- Services -------------------------------------------------------------------------


def _require_staff(actor: User) -> None:
    if not is_provincial(actor):
        raise NamingRefused(_("只有省总工会工作人员可以起草和发布命名通报。"))


def _has_result(campaign: Campaign) -> bool:
    return PublicityResult.objects.filter(campaign=campaign).exists()


NO_RESULT = _("公示结果尚未记录，命名名单尚未确定，不能起草或发布命名通报。")


def prepare_naming_notice(campaign: Campaign, *, actor: User) -> NamingNotice:
    """Draft the campaign's notice with the default title and text, dated today.

    Needs the final list (the publicity result recorded); a campaign has one
    notice. The 文号 is left for staff to enter.
    """
    _require_staff(actor)
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        if NamingNotice.objects.filter(campaign=campaign).exists():
            raise NamingRefused(_("本年度的命名通报已起草，请在原稿上修改。"))
        if not _has_result(campaign):
            raise NamingRefused(NO_RESULT)
        entries = final_list_by_unit(campaign)
        title, body = default_text(campaign, entries)
        notice = NamingNotice(
            campaign=campaign,
            title=title[:100],
            doc_number="",
            issued_on=timezone.localdate(),
            body=body[:4000],
        )
        return transition(
            notice,
            NamingAction.PREPARE,
            table=NAMING,
            actor=actor,
            data={"year": campaign.year, "count": people_count(entries)},
        )


EDITABLE = ("title", "doc_number", "issued_on", "body")


def update_naming_notice(
    notice: NamingNotice,
    *,
    actor: User,
    title: str,
    doc_number: str,
    issued_on: datetime.date,
    body: str,
) -> NamingNotice:
    """Edit the draft's title, 文号, 成文日期 and text; a published notice is final."""
    _require_staff(actor)
    title, doc_number, body = title.strip(), doc_number.strip(), body.strip()
    if not title or not body:
        raise NamingRefused(_("请填写标题和正文。"))
    with transaction.atomic():
        locked = NamingNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.status != NamingStatus.DRAFT:
            raise NamingRefused(_("命名通报已发布，不能修改；如需更正，请另行发文。"))
        changes = {"title": title, "doc_number": doc_number, "issued_on": issued_on, "body": body}
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["campaign", "published_by"])
        locked.save(update_fields=[*EDITABLE, "updated_at"])
        record_event(
            "publicity.naming_updated",
            actor=actor,
            subject=locked,
            data={"changed": changed, "doc_number": doc_number, "issued_on": issued_on},
        )
    return locked


def publish_naming_notice(notice: NamingNotice, *, actor: User, confirmed: bool) -> NamingNotice:
    """Publish the draft: copy the final list by unit, render and store the PDF once,
    keep its SHA-256, and register the final list's people as craftsmen.

    Needs the confirmation, the publicity result (the final list) and a 文号.
    Published is final (``publicity.workflow.NAMING``).
    """
    _require_staff(actor)
    if not confirmed:
        raise NamingRefused(_("请确认文号、成文日期和名单后再发布。"))
    data: dict = {}
    written: list[Path] = []

    def guard(locked: NamingNotice) -> None:
        if locked.status != NamingStatus.DRAFT:
            return  # the table refuses it, with its own message
        # The campaign row, as the publicity result takes it.
        Campaign.objects.select_for_update().get(pk=locked.campaign_id)
        if not _has_result(locked.campaign):
            raise NamingRefused(NO_RESULT)
        if not locked.doc_number.strip():
            raise NamingRefused(_("请先填写文号（如黑工办发〔2021〕XX号）并保存，再发布。"))

    def prepare(locked: NamingNotice) -> list[str]:
        entries = final_list_by_unit(locked.campaign)
        if not entries:
            raise NamingRefused(NO_RESULT)
        locked.entries = entries
        locked.published_by = actor
        locked.published_at = timezone.now()
        sha256, path = _store_pdf(locked.campaign.year, render_naming_pdf(locked, entries))
        written.append(path)
        locked.pdf_sha256 = sha256
        registered = register_final_list(locked.campaign, actor=actor)
        data.update(
            {
                "doc_number": locked.doc_number,
                "issued_on": locked.issued_on,
                "units": len(entries),
                "count": people_count(entries),
                "registered": registered,
                "sha256": sha256,
            }
        )
        return ["entries", "published_by", "published_at", "pdf_sha256", "updated_at"]

    try:
        return transition(
            notice,
            NamingAction.PUBLISH,
            table=NAMING,
            actor=actor,
            data=data,
            related=["campaign"],
            guard=guard,
            prepare=prepare,
        )
    except BaseException:
        # Nothing names a file of a publication that did not happen.
        for path in written:
            path.unlink(missing_ok=True)
        raise


@sensitive_variables("id_number")
def register_final_list(campaign: Campaign, *, actor: User | None) -> int:
    """Add each person of the campaign's final list to the register of craftsmen.

    Idempotent: a person already registered from this nomination is left as it
    is. A row imported earlier for the same year and ID number (no nomination
    yet) is linked to the nomination instead of duplicated. The ID number is
    copied encrypted, with the blind index and the mask made as for the
    nomination (``longjiang.pii.blind_index``, ``mask_id_number``); the post is
    what the publicity list shows (only with the nominee's consent). A digit run in
    the post or employer that looks like an ID number or a mobile is copied masked
    (``redact_personal_numbers``): the register feeds the public showcase, and the
    rest of the text stays useful (docs/decisions.md). Returns how
    many rows were added now; audited (``publicity.craftsmen_registered``) when
    anything changed.
    """
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        entries = list(final_list(campaign).select_related("nomination"))
        done = set(
            Craftsman.objects.filter(
                nomination_id__in=[entry.nomination_id for entry in entries]
            ).values_list("nomination_id", flat=True)
        )
        units = {
            unit.code: unit
            for unit in Unit.objects.filter(code__in={entry.unit_code for entry in entries})
        }
        added = linked = 0
        for entry in entries:
            if entry.nomination_id in done:
                continue
            nomination = entry.nomination
            id_number = normalize_id_number(nomination.id_number or "")
            index = blind_index(id_number) if id_number else None
            if index is not None:
                imported = (
                    Craftsman.objects.select_for_update()
                    .filter(year=campaign.year, id_number_index=index, nomination__isnull=True)
                    .first()
                )
                if imported is not None:
                    imported.nomination = nomination
                    imported.save(update_fields=["nomination"])
                    linked += 1
                    continue
            Craftsman.objects.create(
                year=campaign.year,
                name=entry.name,
                name_order=craftsman_name_order(entry.name),
                employer_name=redact_personal_numbers(entry.employer_name),
                unit=units.get(entry.unit_code) or nomination.unit,
                industry=nomination.industry,
                post=redact_personal_numbers(role_of(nomination))[
                    : Craftsman._meta.get_field("post").max_length
                ],
                brief_deeds=nomination.brief_deeds,
                id_number=id_number,
                id_number_index=index,
                id_number_masked=mask_id_number(id_number) if id_number else "",
                source=Craftsman.Source.PORTAL,
                nomination=nomination,
                created_by=actor,
            )
            added += 1
        if added or linked:
            record_event(
                "publicity.craftsmen_registered",
                actor=actor,
                subject=campaign,
                data={"year": campaign.year, "count": added, "linked": linked},
            )
    return added
