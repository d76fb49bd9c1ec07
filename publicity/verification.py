"""``verify_list`` over the published snapshots: each file as it was published.

Registered with ``review.verification`` from ``PublicityConfig.ready``. For every
snapshot of a published or withdrawn notice of the campaign: the file is still
under ``PUBLICITY_PUBLIC_ROOT`` or, once taken down, in the private archive
(``snapshots.locate``), its SHA-256 and size match its ``Snapshot`` row,
and the list hash printed in it is its list version's ``content_hash`` (for a
page revised after a later version, that version's).
"""

import hashlib
import io
import re

from django.utils.translation import gettext as _

from nominations.models import Campaign
from publicity import snapshots
from publicity.models import Snapshot
from publicity.workflow import NoticeStatus
from review.verification import ExtraCheck, register_check

# The hash as the public page prints it.
PAGE_HASH = re.compile(rb'<code class="publicity-hash">([0-9a-f]{64})</code>')
HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def _printed_hash(snapshot: Snapshot, content: bytes) -> str | None:
    """The list hash printed in a snapshot file, or None when none can be read."""
    if snapshot.kind == Snapshot.Kind.PDF:
        from pypdf import PdfReader

        try:
            text = "".join(
                page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages
            )
        except Exception:
            return None
        found = HEX64.search(text)
        return found.group(0) if found else None
    found = PAGE_HASH.search(content)
    return found.group(1).decode() if found else None


def _check(snapshot: Snapshot) -> ExtraCheck:
    notice = snapshot.notice
    # A revised page prints the version it shows; every other file the notice's own.
    version = snapshot.revision or notice.list_version
    finding = ExtraCheck(
        label=_("公示快照 %(name)s（第%(number)s版名单）")
        % {"name": snapshot.file_name, "number": version.number}
    )
    # A file taken down (withdrawn, superseded) is checked in the private archive.
    path = snapshots.locate(snapshot.file_name)
    try:
        content = path.read_bytes()
    except OSError:
        finding.problems.append(_("文件缺失。"))
        return finding
    if hashlib.sha256(content).hexdigest() != snapshot.sha256 or len(content) != snapshot.size:
        finding.problems.append(_("文件内容与发布时记录的哈希不符。"))
    printed = _printed_hash(snapshot, content)
    if printed != version.content_hash:
        finding.problems.append(
            _("文件中印制的名单哈希 %(printed)s 与第%(number)s版名单的哈希不符。")
            % {"printed": printed or _("（无）"), "number": version.number}
        )
    return finding


def check_snapshots(campaign: Campaign) -> list[ExtraCheck]:
    rows = (
        Snapshot.objects.filter(
            notice__campaign=campaign,
            notice__status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN],
        )
        .select_related("notice__list_version", "revision")
        .order_by("notice__starts_on", "notice_id", "revision__number", "kind")
    )
    return [_check(snapshot) for snapshot in rows]


register_check("publicity.snapshots", check_snapshots)
