"""Rendering a notice for the public, once, at publication: the pages and the PDF.

``render_snapshots`` renders (a) the public page while the notice is open, (b)
the page after its cut-off (the same list, 公示已结束, no objection form) and (c)
the notice as a PDF (proof of publication), stores them with
``publicity.snapshots`` and records a ``Snapshot`` row per file. ``republish``
hands every published notice of a campaign to ``snapshots.publish`` as phases,
in start order: notice i open [opens_at_i, closes_at_i), closed
[closes_at_i, opens_at_{i+1}), the last closed phase unbounded. An earlier
notice's files are handed over again byte for byte, never rendered anew.

When the council approves a later list version (``revise_public_pages``, from
``approve_revision``), the pages of the notice the public may still get are
rendered once more as that version stands (``Snapshot`` kinds REVISED_PAGE and
REVISED_CLOSED_PAGE, with the version): from the approval on, its phase serves
them instead, so a person the council removed is never shown again.

``take_down`` then moves out of the public directory (``snapshots.archive``) every
file the public may no longer get: all files of a withdrawn notice; of a revised
notice, the renditions a later revision superseded and the notice PDF (it lists
the persons as published). Their phases are left out of the manifest: they
lie in the past, and the public is served only what is still current.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from longjiang.audit.services import record_event
from nominations.models import Campaign
from publicity import snapshots
from publicity.models import Channel, Notice, Snapshot
from publicity.selectors.changelog import ChangeLine, changelog
from publicity.selectors.notices import (
    NoticePerson,
    listed_ids,
    notice_persons,
    published_notices,
)
from publicity.services.notices import contact_block, format_cutoff, format_period
from publicity.workflow import NoticeStatus
from review.models import ListVersion

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
    # A revised page: the later version it shows (the notice's own is notice_version).
    revised: bool = False
    notice_version: int = 0

    @property
    def supplementary(self) -> bool:
        return self.kind == Notice.Kind.SUPPLEMENTARY


def _period_text(starts_on, ends_on) -> str:
    start, end = format_period(starts_on, ends_on)
    return f"{start}至{end}"


def notice_content(
    notice: Notice, *, rendered_at: datetime, revision: ListVersion | None = None
) -> NoticeContent:
    """Gather what the public sees of a notice (through the selectors).

    With ``revision`` (a later version than the notice's): the same notice as that
    version stands, without whoever it no longer lists, its hash and changelog.
    """
    start, end = format_period(notice.starts_on, notice.ends_on)
    shown = revision or notice.list_version
    # Whoever the shown version no longer lists is not shown (the changelog says how many).
    still_listed = listed_ids(shown.pk)
    earlier = []
    if notice.kind == Notice.Kind.SUPPLEMENTARY:
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
        persons=[p for p in notice_persons(notice) if p.nomination_id in still_listed],
        earlier=earlier,
        version_number=shown.number,
        content_hash=shown.content_hash,
        changelog=changelog(notice.campaign, until=shown),
        rendered_at=local,
        rendered_at_text=show_datetime(local),
        revised=revision is not None,
        notice_version=notice.list_version.number,
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


PHASE_SUFFIX = {
    Snapshot.Kind.PAGE: "open",
    Snapshot.Kind.CLOSED_PAGE: "closed",
    Snapshot.Kind.REVISED_PAGE: "open",
    Snapshot.Kind.REVISED_CLOSED_PAGE: "closed",
}


def _phase_name(notice: Notice, kind: str, revision: ListVersion | None = None) -> str:
    """notice-1-open, notice-1-closed; a revised page: notice-1-v2-open, notice-1-v2-closed."""
    version = f"-v{revision.number}" if revision is not None else ""
    return f"notice-{notice.pk}{version}-{PHASE_SUFFIX[kind]}"


def snapshot_path(snapshot: Snapshot):
    """The snapshot's file: public while it may be served, otherwise in the private archive."""
    return snapshots.locate(snapshot.file_name)


def render_revised(notice: Notice, revision: ListVersion, *, rendered_at: datetime) -> int:
    """Render the notice's pages as ``revision`` stands (open and closed), store them and
    record a Snapshot row for each, ``rendered_at`` being when they are shown from.

    Returns the number of persons the revised page lists. The notice's own files
    stay as they were published; the revised pages link to no PDF (the notice's
    PDF lists the persons as published).
    """
    content = notice_content(notice, rendered_at=rendered_at, revision=revision)
    for kind, closed in (
        (Snapshot.Kind.REVISED_PAGE, False),
        (Snapshot.Kind.REVISED_CLOSED_PAGE, True),
    ):
        page = render_page(content, closed=closed, pdf_name=None)
        name = _stored_name(_phase_name(notice, kind, revision), page, ".html")
        stored = snapshots.store_file(name, page)
        Snapshot.objects.create(
            notice=notice,
            kind=kind,
            revision=revision,
            file_name=stored.name,
            sha256=stored.sha256,
            size=stored.size,
            rendered_at=rendered_at,
        )
    return len(content.persons)


def notices_to_revise(campaign: Campaign, now: datetime) -> list[Notice]:
    """The published notices whose public page is still to be served after ``now``: the
    one live or closed at ``now`` (until the next one opens) and any scheduled one."""
    notices = list(published_notices(campaign))
    wanted = []
    for index, notice in enumerate(notices):
        following = notices[index + 1] if index + 1 < len(notices) else None
        if following is None or following.opens_at() > now:
            wanted.append(notice)
    return wanted


def revise_public_pages(campaign: Campaign, revision: ListVersion) -> list[Snapshot]:
    """At the council's approval of ``revision``: render the revised pages of every notice
    the public may still get (``notices_to_revise``), shown from ``revision.approved_at``.

    A notice published without its own renditions (not through ``publish_notice``)
    has no public page and gets none. Returns the new rows.
    """
    rows = []
    for notice in notices_to_revise(campaign, revision.approved_at):
        kinds = set(notice.snapshots.values_list("kind", flat=True))
        if not {Snapshot.Kind.PAGE, Snapshot.Kind.CLOSED_PAGE} <= kinds:
            continue
        if notice.list_version.number >= revision.number:
            continue
        render_revised(notice, revision, rendered_at=revision.approved_at)
        rows.extend(notice.snapshots.filter(revision=revision))
    return rows


@dataclass(frozen=True)
class _Rendition:
    starts_at: datetime
    open: Snapshot
    closed: Snapshot
    revision: ListVersion | None


def _renditions(notice: Notice) -> list[_Rendition]:
    """The notice's own pages (from its opening), then each revised pair, by start."""
    rows = list(notice.snapshots.select_related("revision"))
    if not {Snapshot.Kind.PAGE, Snapshot.Kind.CLOSED_PAGE} <= {row.kind for row in rows}:
        return []
    own = {row.kind: row for row in rows if row.revision_id is None}
    result = [
        _Rendition(notice.opens_at(), own[Snapshot.Kind.PAGE], own[Snapshot.Kind.CLOSED_PAGE], None)
    ]
    revised: dict[int, dict[str, Snapshot]] = {}
    for row in rows:
        if row.revision_id is not None:
            revised.setdefault(row.revision_id, {})[row.kind] = row
    for pair in sorted(revised.values(), key=lambda p: p[Snapshot.Kind.REVISED_PAGE].rendered_at):
        opened = pair[Snapshot.Kind.REVISED_PAGE]
        result.append(
            _Rendition(
                opened.rendered_at, opened, pair[Snapshot.Kind.REVISED_CLOSED_PAGE], opened.revision
            )
        )
    return result


def _notice_phases(notice: Notice, until: datetime | None) -> list[snapshots.Phase]:
    """The phases of one notice from its opening until the next one opens (or for ever).

    Open before its cut-off, closed after; from each revision's approval on, that
    revision's pages. Adjacent stretches of the same file make one phase.
    """
    opens_at = notice.opens_at()
    renditions = _renditions(notice)
    points = {opens_at, notice.closes_at} | {r.starts_at for r in renditions}
    points = sorted(p for p in points if p >= opens_at and (until is None or p < until))
    result: list[snapshots.Phase] = []
    chosen: list[tuple[datetime, Snapshot, ListVersion | None]] = []
    for start in points:
        rendition = [r for r in renditions if r.starts_at <= start][-1]
        if rendition is not renditions[-1]:
            # Superseded by a revision, and past: taken down, not in the manifest.
            continue
        row = rendition.closed if start >= notice.closes_at else rendition.open
        if chosen and chosen[-1][1].pk == row.pk:
            continue
        chosen.append((start, row, rendition.revision))
    for index, (start, row, revision) in enumerate(chosen):
        ends_at = chosen[index + 1][0] if index + 1 < len(chosen) else until
        result.append(
            snapshots.Phase(
                starts_at=start,
                ends_at=ends_at,
                name=_phase_name(notice, row.kind, revision),
                content=snapshot_path(row).read_bytes(),
            )
        )
    return result


def phases(campaign: Campaign) -> list[snapshots.Phase]:
    """The manifest's phases for every published notice of the campaign, in start order."""
    notices = list(published_notices(campaign))
    result = []
    for index, notice in enumerate(notices):
        following = notices[index + 1] if index + 1 < len(notices) else None
        result.extend(_notice_phases(notice, following.opens_at() if following else None))
    return result


def republish(campaign: Campaign) -> list[snapshots.StoredFile]:
    """Make the campaign's published notices what the public gets, from now on."""
    return snapshots.publish(phases(campaign))


def withdrawn_files(notice: Notice) -> list[Snapshot]:
    """The snapshots of ``notice`` the public may no longer get, in file-name order.

    All of a withdrawn notice's; of a revised one, the renditions superseded by
    a later revision and the notice PDF (it names the persons as published).
    """
    rows = list(notice.snapshots.all())
    if notice.status == NoticeStatus.WITHDRAWN:
        return sorted(rows, key=lambda row: row.file_name)
    renditions = _renditions(notice)
    if len(renditions) < 2:
        return []
    superseded = {row.pk for r in renditions[:-1] for row in (r.open, r.closed)}
    return sorted(
        (row for row in rows if row.pk in superseded or row.kind == Snapshot.Kind.PDF),
        key=lambda row: row.file_name,
    )


def take_down(campaign: Campaign, *, actor) -> list[str]:
    """Move every file the public may no longer get into the private archive; audited.

    Run after ``republish`` (no link or manifest entry names them any more). One
    ``publicity.files_archived`` event per notice, with the file names. Files
    already archived are skipped; returns the names archived now.
    """
    archived = []
    with transaction.atomic():
        notices = Notice.objects.filter(
            campaign=campaign, status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN]
        ).order_by("starts_on", "pk")
        for notice in notices:
            names = [
                row.file_name for row in withdrawn_files(notice) if snapshots.archive(row.file_name)
            ]
            if names:
                record_event(
                    "publicity.files_archived", actor=actor, subject=notice, data={"files": names}
                )
                archived.extend(names)
    return archived
