"""Rendering a notice for the public, once, at publication: the pages and the PDF.

``render_snapshots`` renders (a) the public page while the notice is open, (b)
the page after its cut-off (the same list, 公示已结束, no objection form) and (c)
the notice as a PDF (proof of publication), stores them with
``publicity.snapshots`` and records a ``Snapshot`` row per file. ``republish``
hands every published notice of a campaign to ``snapshots.publish`` as phases,
in start order: notice i open [opens_at_i, closes_at_i), closed
[closes_at_i, opens_at_{i+1}), the last closed phase unbounded. An earlier
notice's files are handed over again byte for byte, never rendered anew.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from nominations.models import Campaign
from publicity import snapshots
from publicity.models import Channel, Notice, Snapshot
from publicity.selectors.changelog import ChangeLine, changelog
from publicity.selectors.notices import NoticePerson, notice_persons, published_notices
from publicity.services.notices import contact_block, format_cutoff, format_period
from review.models import ListEntry

# Where the public files an objection and looks one up. The names come with the
# objection pages (publicity:objection_new, publicity:objection_lookup); until
# they exist, these paths are used.
OBJECTION_NEW_PATH = "/publicity/objections/new/"
OBJECTION_LOOKUP_PATH = "/publicity/objections/lookup/"


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def objection_urls() -> tuple[str, str]:
    return (
        _url("publicity:objection_new", OBJECTION_NEW_PATH),
        _url("publicity:objection_lookup", OBJECTION_LOOKUP_PATH),
    )


def file_url(name: str) -> str:
    return reverse("publicity:file", kwargs={"name": name})


@dataclass(frozen=True)
class EarlierList:
    """An earlier notice's list, shown as closed on a supplementary notice's page."""

    title: str
    period: str
    persons: list[NoticePerson]


@dataclass(frozen=True)
class NoticeContent:
    """Everything the public page and the PDF show; nothing else about anyone."""

    notice_id: int
    kind: str
    title: str
    paragraphs: list[str]
    start: str
    end: str
    period: str
    cutoff: str
    working_days: int
    channels: list[str]
    contact_lines: list[str]
    persons: list[NoticePerson]
    earlier: list[EarlierList]
    version_number: int
    content_hash: str
    changelog: list[ChangeLine]
    rendered_at: datetime
    rendered_at_text: str

    @property
    def supplementary(self) -> bool:
        return self.kind == Notice.Kind.SUPPLEMENTARY


def _period_text(starts_on, ends_on) -> str:
    start, end = format_period(starts_on, ends_on)
    return f"{start}至{end}"


def notice_content(notice: Notice, *, rendered_at: datetime) -> NoticeContent:
    """Gather what the public sees of a notice (through the selectors)."""
    start, end = format_period(notice.starts_on, notice.ends_on)
    earlier = []
    if notice.kind == Notice.Kind.SUPPLEMENTARY:
        # The earlier lists as they stand in this notice's version: whoever the
        # council removed is no longer shown (the changelog says how many).
        still_listed = set(
            ListEntry.objects.filter(
                version_id=notice.list_version_id, part=ListEntry.Part.LISTED
            ).values_list("nomination_id", flat=True)
        )
        for other in published_notices(notice.campaign).filter(starts_on__lt=notice.starts_on):
            earlier.append(
                EarlierList(
                    title=other.title,
                    period=_period_text(other.starts_on, other.ends_on),
                    persons=[p for p in notice_persons(other) if p.nomination_id in still_listed],
                )
            )
    local = timezone.localtime(rendered_at)
    from longjiang.dates import show_datetime

    return NoticeContent(
        notice_id=notice.pk,
        kind=notice.kind,
        title=notice.title,
        paragraphs=[line for line in notice.text.splitlines() if line.strip()],
        start=start,
        end=end,
        period=f"{start}至{end}",
        cutoff=format_cutoff(notice.closes_at),
        working_days=notice.working_days,
        channels=[str(Channel(v).label) for v in Channel.values if v in notice.channels],
        contact_lines=[line for line in contact_block(notice.contact).splitlines() if line],
        persons=notice_persons(notice),
        earlier=earlier,
        version_number=notice.list_version.number,
        content_hash=notice.list_version.content_hash,
        changelog=changelog(notice.campaign, until=notice.list_version),
        rendered_at=local,
        rendered_at_text=show_datetime(local),
    )


def render_page(content: NoticeContent, *, closed: bool, pdf_name: str | None) -> bytes:
    """The public page as a complete standalone HTML document (open or closed)."""
    new_url, lookup_url = objection_urls()
    html = render_to_string(
        "publicity/public/notice.html",
        {
            "c": content,
            "closed": closed,
            "pdf_url": file_url(pdf_name) if pdf_name else "",
            "objection_new_url": new_url,
            "objection_lookup_url": lookup_url,
        },
    )
    return html.encode("utf-8")


def render_pdf(content: NoticeContent) -> bytes:
    from publicity.documents.notice import build_notice_pdf

    return build_notice_pdf(content).content


@dataclass(frozen=True)
class Rendered:
    count: int
    pdf_sha256: str


def _stored_name(prefix: str, content: bytes, suffix: str) -> str:
    return f"{prefix}-{hashlib.sha256(content).hexdigest()[:12]}{suffix}"


def render_snapshots(notice: Notice, *, rendered_at: datetime) -> Rendered:
    """Render and store the notice's three files; record a Snapshot row for each."""
    content = notice_content(notice, rendered_at=rendered_at)
    pdf = render_pdf(content)
    pdf_file = snapshots.store_file(_stored_name(f"notice-{notice.pk}", pdf, ".pdf"), pdf)
    rows = [(Snapshot.Kind.PDF, pdf_file)]
    for kind, closed in ((Snapshot.Kind.PAGE, False), (Snapshot.Kind.CLOSED_PAGE, True)):
        page = render_page(content, closed=closed, pdf_name=pdf_file.name)
        name = _phase_name(notice, kind)
        rows.append((kind, snapshots.store_file(_stored_name(name, page, ".html"), page)))
    for kind, stored in rows:
        Snapshot.objects.create(
            notice=notice,
            kind=kind,
            file_name=stored.name,
            sha256=stored.sha256,
            size=stored.size,
            rendered_at=rendered_at,
        )
    return Rendered(count=len(content.persons), pdf_sha256=pdf_file.sha256)


def _phase_name(notice: Notice, kind: str) -> str:
    return f"notice-{notice.pk}-{'open' if kind == Snapshot.Kind.PAGE else 'closed'}"


def snapshot_path(snapshot: Snapshot):
    return snapshots.root() / "files" / snapshot.file_name


def _read(notice: Notice, kind: str) -> bytes:
    snapshot = notice.snapshots.get(kind=kind)
    return snapshot_path(snapshot).read_bytes()


def phases(campaign: Campaign) -> list[snapshots.Phase]:
    """The manifest's phases for every published notice of the campaign, in start order."""
    notices = list(published_notices(campaign))
    result = []
    for index, notice in enumerate(notices):
        following = notices[index + 1] if index + 1 < len(notices) else None
        result.append(
            snapshots.Phase(
                starts_at=notice.opens_at(),
                ends_at=notice.closes_at,
                name=_phase_name(notice, Snapshot.Kind.PAGE),
                content=_read(notice, Snapshot.Kind.PAGE),
            )
        )
        closed_until = following.opens_at() if following else None
        if closed_until is None or closed_until > notice.closes_at:
            result.append(
                snapshots.Phase(
                    starts_at=notice.closes_at,
                    ends_at=closed_until,
                    name=_phase_name(notice, Snapshot.Kind.CLOSED_PAGE),
                    content=_read(notice, Snapshot.Kind.CLOSED_PAGE),
                )
            )
    return result


def republish(campaign: Campaign) -> list[snapshots.StoredFile]:
    """Make the campaign's published notices what the public gets, from now on."""
    return snapshots.publish(phases(campaign))
