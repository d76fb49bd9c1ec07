"""The public list as static files: what the public gets at /publicity/.

A notice's pages are rendered once, at publication, one rendition per phase
(open, then closed, ...), and stored here; nginx and Django both serve these
bytes and never build the list again. Layout under ``settings.PUBLICITY_PUBLIC_ROOT``:

- ``files/<name>``: immutable files (the renditions and the notice PDF). A name,
  once written, always holds the same bytes: proof of what was published.
- ``hours/<YYYY-MM-DDTHH>.html``: a relative symlink to a rendition in files/ for
  every whole clock hour (``settings.TIME_ZONE``) that lies entirely inside one
  phase, and ``<YYYY-MM-DDTHH>.html.gz`` to its compressed copy (``<name>.gz``,
  which every HTML file gets). The shipped nginx config maps the current hour to this name, so nginx
  serves the right phase by the clock alone; an hour without a link (the hour of
  a 17:30 cut-off, or no phase at all) falls back to Django.
- ``manifest.json``: the phases, ``[{"from", "until", "file"}, ...]`` with ISO
  times, the last one possibly open-ended (``"until": null``). Django's fallback
  reads it (``current()``) and never the database.
- ``tmp/``: where files, links and the manifest are written before they are
  moved into place, so a reader never sees a partial one.

A file the public may no longer get (every file of a withdrawn notice; a
rendition superseded by the council's revision, and the notice PDF it linked)
is taken down with ``archive(name)``: moved, with its compressed twin, out of the
public root into ``settings.PRIVATE_ROOT / "publicity-archive"``, where it keeps
its name and bytes as proof of what was published (``locate(name)`` finds a file
in either place). Since a file can be taken down, it is cached for minutes, not
for ever (``FILE_MAX_AGE`` in publicity.views.public and the nginx config).

Which phase is live is decided by the clock on every read, by nginx through the
hour links and by Django through the manifest: no scheduler opens or closes a
period.

API: ``Phase``, ``publish(phases)``, ``store_file(name, content)``, ``current(now)``,
``lookup(now)``, ``read(path)``, ``archive(name)`` and ``locate(name)``.
"""

import gzip
import hashlib
import itertools
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

# A file or phase name: no directory part, no leading dot.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")
HOUR = timedelta(hours=1)
GZIP = ".gz"
# An open-ended phase (the closed notice) gets hour links this far from its start;
# later hours fall back to Django, which serves the same file.
OPEN_ENDED_LINK_SPAN = timedelta(days=31)


@dataclass(frozen=True)
class Phase:
    """One rendition of the public page and the time it is shown: [starts_at, ends_at).

    ``name`` (e.g. ``notice-1-open``) starts the file's name; the file is stored as
    ``<name>-<first 12 hex digits of its SHA-256>.html``.
    """

    starts_at: datetime
    ends_at: datetime | None
    name: str
    content: bytes


@dataclass(frozen=True)
class StoredFile:
    """A file in ``files/``: its name, the SHA-256 of its bytes (hex) and its size."""

    name: str
    sha256: str
    size: int

    @property
    def path(self) -> Path:
        return root() / "files" / self.name


@dataclass(frozen=True)
class Current:
    """The phase live at a moment, as the manifest lists it."""

    path: Path
    starts_at: datetime
    ends_at: datetime | None


def root() -> Path:
    return Path(settings.PUBLICITY_PUBLIC_ROOT)


ARCHIVE_DIRECTORY = "publicity-archive"


def archive_root() -> Path:
    """Where taken-down files are kept, outside anything a web server serves."""
    return Path(settings.PRIVATE_ROOT) / ARCHIVE_DIRECTORY


def locate(name: str) -> Path:
    """The stored file ``name``: in files/ while public, otherwise in the private archive."""
    public = root() / "files" / check_name(name)
    if public.exists():
        return public
    return archive_root() / name


def archive(name: str) -> bool:
    """Take ``files/<name>`` (and ``<name>.gz``) down: move it into the private archive.

    The archived copy keeps the name and the bytes. Returns True when the public
    file was there and is now archived, False when it was not public (already
    archived, or never stored). Unlink comes last: a crash leaves the file in
    both places, never in neither.
    """
    check_name(name)
    target_directory = archive_root()
    target_directory.mkdir(mode=0o750, parents=True, exist_ok=True)
    moved = False
    for file_name in (name, name + GZIP):
        public = root() / "files" / file_name
        if not public.exists():
            continue
        target = target_directory / file_name
        if not target.exists():
            temporary = target_directory / f".{secrets.token_hex(8)}.part"
            shutil.copyfile(public, temporary)
            with temporary.open("rb") as handle:
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        public.unlink()
        moved = moved or file_name == name
    _content_cache.pop(root() / "files" / name, None)
    return moved


def _directory(name: str) -> Path:
    path = root() / name
    path.mkdir(mode=0o755, parents=True, exist_ok=True)
    return path


def _temporary(suffix: str) -> Path:
    return _directory("tmp") / f"{secrets.token_hex(8)}{suffix}"


def _write_temporary(content: bytes, suffix: str) -> Path:
    """Write ``content`` to a new file in tmp/, readable by nginx (0644), synced to disk."""
    path = _temporary(suffix)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.fchmod(fd, 0o644)  # whatever the umask
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise ValueError(f"not a valid file name: {name!r}")
    return name


def _store(name: str, content: bytes, *, same: Callable[[bytes], bool]) -> None:
    """Write ``files/<name>`` once; raise ValueError if it exists and ``same`` refuses it."""
    target = _directory("files") / name
    if not target.exists():
        temporary = _write_temporary(content, ".part")
        try:
            # link() never replaces: of two writers, one wins and the other compares.
            os.link(temporary, target)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    if not same(target.read_bytes()):
        raise ValueError(f"{name} is already published with other content")


def store_file(name: str, content: bytes) -> StoredFile:
    """Store ``content`` as ``files/<name>``, served at ``/publicity/files/<name>``.

    Storing the same bytes again is a no-op; other bytes under an existing name
    raise ValueError (a published file is never changed). An HTML file also gets
    ``<name>.gz``, its gzip compression, which nginx sends to browsers that
    accept it (gzip_static) instead of compressing the page on every request.
    """
    check_name(name)
    stored = StoredFile(name, hashlib.sha256(content).hexdigest(), len(content))
    _store(name, content, same=lambda found: hashlib.sha256(found).hexdigest() == stored.sha256)
    if name.endswith(".html"):
        # Compared by what it decompresses to: another zlib may compress differently.
        compressed = gzip.compress(content, compresslevel=9, mtime=0)
        _store(name + GZIP, compressed, same=lambda found: gzip.decompress(found) == content)
    return stored


def _aware(value: datetime, what: str) -> datetime:
    if timezone.is_naive(value):
        raise ValueError(f"{what} must carry a time zone: {value!r}")
    return value


def _check(phases: list[Phase]) -> list[Phase]:
    ordered = sorted(phases, key=lambda phase: phase.starts_at)
    for phase in ordered:
        check_name(phase.name)
        _aware(phase.starts_at, "starts_at")
        if phase.ends_at is not None and _aware(phase.ends_at, "ends_at") <= phase.starts_at:
            raise ValueError(f"phase {phase.name} ends before it starts")
    for earlier, later in itertools.pairwise(ordered):
        if earlier.ends_at is None or earlier.ends_at > later.starts_at:
            raise ValueError(f"phases {earlier.name} and {later.name} overlap")
    return ordered


def hours(starts_at: datetime, ends_at: datetime | None) -> list[str]:
    """The local clock hours (``YYYY-MM-DDTHH``) lying entirely inside [starts_at, ends_at).

    An open-ended phase counts OPEN_ENDED_LINK_SPAN from its start.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    end = ends_at if ends_at is not None else starts_at + OPEN_ENDED_LINK_SPAN
    local = starts_at.astimezone(zone)
    hour = local.replace(minute=0, second=0, microsecond=0)
    if hour < local:
        hour += HOUR
    # Step in UTC: the arithmetic stays right in a zone with daylight saving time.
    hour = hour.astimezone(ZoneInfo("UTC"))
    keys = []
    while hour + HOUR <= end:
        # nginx's $time_iso8601 to the hour: "2021-09-14T08".
        keys.append(hour.astimezone(zone).isoformat(timespec="hours")[:13])
        hour += HOUR
    return keys


def _link(link: Path, file_name: str) -> None:
    """Point ``link`` at ``files/<file_name>``, replacing any old link atomically."""
    target = f"../files/{file_name}"
    try:
        if os.readlink(link) == target:
            return
    except (FileNotFoundError, OSError):
        pass
    temporary = _temporary(".link")
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _write_manifest(entries: list[dict]) -> None:
    content = (json.dumps(entries, indent=2, ensure_ascii=False) + "\n").encode()
    path = root() / "manifest.json"
    if path.exists() and path.read_bytes() == content:
        return
    os.replace(_write_temporary(content, ".json"), path)


def publish(phases: list[Phase]) -> list[StoredFile]:
    """Make ``phases`` what the public gets from now on; return their stored files, in order.

    Replaces the phases published before. The new files and links are written
    first, then the manifest, then the links no longer wanted are removed: a
    reader never finds a link or manifest entry whose file is missing. Publishing
    the same phases again changes nothing. Phases must not overlap (ValueError).
    """
    ordered = _check(phases)
    zone = ZoneInfo(settings.TIME_ZONE)
    stored = []
    wanted: dict[str, str] = {}
    entries = []
    for phase in ordered:
        digest = hashlib.sha256(phase.content).hexdigest()
        file = store_file(f"{phase.name}-{digest[:12]}.html", phase.content)
        stored.append(file)
        for key in hours(phase.starts_at, phase.ends_at):
            wanted[key] = file.name
        entries.append(
            {
                "from": phase.starts_at.astimezone(zone).isoformat(),
                "until": phase.ends_at.astimezone(zone).isoformat() if phase.ends_at else None,
                "file": f"files/{file.name}",
                "sha256": file.sha256,
            }
        )
    directory = _directory("hours")
    links = set()
    for key, file_name in wanted.items():
        # The compressed page first: by the time nginx finds the page, it is there.
        _link(directory / f"{key}.html{GZIP}", file_name + GZIP)
        _link(directory / f"{key}.html", file_name)
        links |= {f"{key}.html{GZIP}", f"{key}.html"}
    _write_manifest(entries)
    for link in directory.iterdir():
        if link.name not in links:
            link.unlink()
    return stored


def manifest_path(listed: object) -> Path:
    """The path of a manifest entry's ``file``: ``files/<name>`` only, else ValueError.

    The manifest is read on every request; a rewritten entry must not make Django
    serve anything outside files/ (``../``, an absolute path, another directory).
    """
    if not isinstance(listed, str) or not listed.startswith("files/"):
        raise ValueError(f"manifest entry is not under files/: {listed!r}")
    name = listed.removeprefix("files/")
    if not NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"manifest entry is not a valid file name: {listed!r}")
    return root() / "files" / name


# The parsed manifest, keyed by the file's identity and size and time of change.
_manifest_cache: tuple[tuple, list[tuple[datetime, datetime | None, Path]]] | None = None


def _phases() -> list[tuple[datetime, datetime | None, Path]]:
    global _manifest_cache
    path = root() / "manifest.json"
    try:
        status = path.stat()
    except FileNotFoundError:
        return []
    key = (str(path), status.st_ino, status.st_size, status.st_mtime_ns)
    if _manifest_cache is None or _manifest_cache[0] != key:
        entries = json.loads(path.read_bytes())
        parsed = [
            (
                datetime.fromisoformat(entry["from"]),
                datetime.fromisoformat(entry["until"]) if entry["until"] else None,
                manifest_path(entry["file"]),
            )
            for entry in entries
        ]
        _manifest_cache = (key, parsed)
    return _manifest_cache[1]


def lookup(now: datetime | None = None) -> tuple[Current | None, datetime | None]:
    """Return the phase live at ``now`` (or None) and when that answer next changes (or None)."""
    now = now or timezone.now()
    for starts_at, ends_at, path in _phases():
        if now < starts_at:
            return None, starts_at
        if ends_at is None or now < ends_at:
            return Current(path, starts_at, ends_at), ends_at
    return None, None


def current(now: datetime | None = None) -> Path | None:
    """The file of the phase live at ``now`` (default: the clock), read from the manifest."""
    live, _changes_at = lookup(now)
    return live.path if live else None


# Files never change, so their bytes can be kept; bounded by the number of names.
_content_cache: dict[Path, bytes] = {}
CONTENT_CACHE_FILES = 32


def read(path: Path) -> bytes:
    """The bytes of a stored file, kept in memory after the first read (files never change)."""
    content = _content_cache.get(path)
    if content is None:
        content = path.read_bytes()
        if len(_content_cache) >= CONTENT_CACHE_FILES:
            _content_cache.clear()
        _content_cache[path] = content
    return content
