"""``verify_list`` over the published snapshots: each file as it was published.

Registered with ``review.verification`` from ``PublicityConfig.ready``. For every
snapshot of a published or withdrawn notice of the campaign: the file is still
under ``PUBLICITY_PUBLIC_ROOT`` or, once taken down, in the private archive
(``snapshots.locate``), its SHA-256 and size match its ``Snapshot`` row,
and the list hash printed in it is its list version's ``content_hash`` (for a
page revised after a later version, that version's).

Then what the public is actually served from ``PUBLICITY_PUBLIC_ROOT`` (one
directory for every campaign, so against every campaign's Snapshot rows):

- every ``files/<name>.gz`` (nginx's gzip_static) decompresses to its
  ``files/<name>`` byte for byte;
- every ``hours/*`` entry is a symlink ``../files/<name>`` to an existing file that
  belongs to a Snapshot row (``<name>.html``) or is its compressed copy
  (``<name>.html.gz``, for a ``.html.gz`` link only);
- every ``manifest.json`` entry (Django's fallback) names ``files/<name>`` of a
  Snapshot row, with that row's SHA-256, and the file on disk has it.
"""

import gzip
import hashlib
import io
import json
import os
import re
import zlib
from zoneinfo import ZoneInfo

from django.conf import settings
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
    found = [_check(snapshot) for snapshot in rows]
    # The public directory is checked with any campaign that published into it.
    if not found:
        return found
    return [*found, *check_public_root(), _manifest_follows_notices(campaign)]


def _manifest_follows_notices(campaign: Campaign) -> ExtraCheck:
    """The manifest lists exactly the phases the campaign's published notices imply now
    (``publication.phases``): a republish that failed after a commit leaves it stale."""
    from publicity import publication

    finding = ExtraCheck(label=_("公示清单与已发布的公示公告"))
    try:
        expected_phases = publication.phases(campaign)
    except OSError:
        return finding  # a snapshot file is missing: reported with that snapshot
    zone = ZoneInfo(settings.TIME_ZONE)
    expected = [
        (
            phase.starts_at.astimezone(zone).isoformat(),
            phase.ends_at.astimezone(zone).isoformat() if phase.ends_at else None,
            phase.name,
        )
        for phase in sorted(expected_phases, key=lambda phase: phase.starts_at)
    ]
    try:
        entries = json.loads((snapshots.root() / "manifest.json").read_bytes())
        # The file's name is the phase's name and its hash (the files are checked above).
        listed = [
            (e["from"], e["until"], e["file"].split("/")[-1].rsplit("-", 1)[0]) for e in entries
        ]
    except FileNotFoundError:
        listed = []
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        listed = None
    if listed != expected:
        finding.problems.append(
            _(
                "manifest.json 与数据库中已发布的公示公告不一致：公示页面未能重新发布，"
                "公众看到的可能是过时的页面。请重新发布。"
            )
        )
    return finding


def _compressed_copies(files) -> ExtraCheck:
    finding = ExtraCheck(label=_("公示页面压缩文件（files/*.gz）"))
    if not files.is_dir():
        return finding
    for path in sorted(files.iterdir()):
        if not path.name.endswith(snapshots.GZIP):
            continue
        name = f"files/{path.name}"
        sibling = path.with_name(path.name.removesuffix(snapshots.GZIP))
        try:
            expected = sibling.read_bytes()
        except OSError:
            finding.problems.append(
                _("%(name)s 没有对应的未压缩文件 %(sibling)s。")
                % {"name": name, "sibling": f"files/{sibling.name}"}
            )
            continue
        try:
            same = gzip.decompress(path.read_bytes()) == expected
        except (OSError, EOFError, zlib.error):
            same = False
        if not same:
            finding.problems.append(
                _("%(name)s 解压后与 %(sibling)s 不一致。")
                % {"name": name, "sibling": f"files/{sibling.name}"}
            )
    return finding


def _hour_links(directory, files, known: dict[str, Snapshot]) -> ExtraCheck:
    finding = ExtraCheck(label=_("公示时段链接（hours/）"))
    if not directory.is_dir():
        return finding
    for path in sorted(directory.iterdir()):
        name = f"hours/{path.name}"
        if not path.is_symlink():
            finding.problems.append(_("%(name)s 不是指向 files/ 的链接。") % {"name": name})
            continue
        target = os.readlink(path)
        file_name = target.removeprefix("../files/")
        compressed = path.name.endswith(snapshots.GZIP)
        page = file_name.removesuffix(snapshots.GZIP) if compressed else file_name
        if (
            not target.startswith("../files/")
            or not snapshots.NAME.fullmatch(file_name)
            or compressed != file_name.endswith(snapshots.GZIP)
            or page not in known
            or known[page].kind == Snapshot.Kind.PDF
        ):
            finding.problems.append(
                _("%(name)s 指向 %(target)s，不是已发布的公示页面。")
                % {"name": name, "target": target}
            )
        elif not (files / file_name).is_file():
            finding.problems.append(
                _("%(name)s 指向的文件 %(target)s 缺失。") % {"name": name, "target": target}
            )
    return finding


def _manifest(path, files, known: dict[str, Snapshot]) -> ExtraCheck:
    finding = ExtraCheck(label=_("公示清单（manifest.json）"))
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return finding
    try:
        entries = json.loads(content)
        listed = [(str(entry["file"]), str(entry.get("sha256", ""))) for entry in entries]
    except (ValueError, TypeError, KeyError, AttributeError):
        finding.problems.append(_("manifest.json 无法读取。"))
        return finding
    for listed_file, digest in listed:
        file_name = listed_file.removeprefix("files/")
        row = known.get(file_name)
        if (
            not listed_file.startswith("files/")
            or not snapshots.NAME.fullmatch(file_name)
            or row is None
            or row.kind == Snapshot.Kind.PDF
        ):
            finding.problems.append(
                _("manifest.json 中的 %(file)s 不是已发布的公示页面。") % {"file": listed_file}
            )
            continue
        if digest != row.sha256:
            finding.problems.append(
                _("manifest.json 中 %(file)s 的哈希与发布时记录的不符。") % {"file": listed_file}
            )
        try:
            on_disk = hashlib.sha256((files / file_name).read_bytes()).hexdigest()
        except OSError:
            finding.problems.append(
                _("manifest.json 中的 %(file)s 文件缺失。") % {"file": listed_file}
            )
            continue
        if on_disk != row.sha256:
            finding.problems.append(
                _("manifest.json 中的 %(file)s 文件内容与发布时记录的哈希不符。")
                % {"file": listed_file}
            )
    return finding


def check_public_root() -> list[ExtraCheck]:
    """What nginx and Django serve: compressed copies, hour links and the manifest."""
    root = snapshots.root()
    files = root / "files"
    known = {row.file_name: row for row in Snapshot.objects.only("file_name", "kind", "sha256")}
    return [
        _compressed_copies(files),
        _hour_links(root / "hours", files, known),
        _manifest(root / "manifest.json", files, known),
    ]


register_check("publicity.snapshots", check_snapshots)
