"""The published list as static files (publicity.snapshots) and its public views."""

import gzip
import hashlib
import json
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publicity import snapshots
from publicity.snapshots import Phase

CST = ZoneInfo("Asia/Shanghai")
OPEN_PAGE = "<!doctype html><title>公示</title><p>张三</p>".encode()
CLOSED_PAGE = "<!doctype html><title>公示已结束</title>".encode()


def at(day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2021, 9, day, hour, minute, second, tzinfo=CST)


def notice(cut_off: datetime | None = None) -> list[Phase]:
    cut_off = cut_off or at(18, 17)
    return [
        Phase(at(14), cut_off, "notice-1-open", OPEN_PAGE),
        Phase(cut_off, None, "notice-1-closed", CLOSED_PAGE),
    ]


def links(root) -> dict[str, str]:
    """The hour links to pages, by name, after checking each has its compressed twin."""
    found = {path.name: os.readlink(path) for path in sorted((root / "hours").iterdir())}
    pages = {name: target for name, target in found.items() if name.endswith(".html")}
    assert {name: target for name, target in found.items() if name not in pages} == {
        f"{name}.gz": f"{target}.gz" for name, target in pages.items()
    }
    return pages


def tree(root) -> dict[str, tuple[bytes, int]]:
    """Every entry under ``root``: its bytes (or link target) and mtime."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[str(path)] = (os.readlink(path).encode(), path.lstat().st_mtime_ns)
        elif path.is_file():
            found[str(path)] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def test_publish_links_every_whole_hour_of_a_phase(publicity_root):
    opened, closed = snapshots.publish(notice())

    sha = hashlib.sha256(OPEN_PAGE).hexdigest()
    assert opened == snapshots.StoredFile(f"notice-1-open-{sha[:12]}.html", sha, len(OPEN_PAGE))
    assert (publicity_root / "files" / opened.name).read_bytes() == OPEN_PAGE
    assert closed.sha256 == hashlib.sha256(CLOSED_PAGE).hexdigest()
    found = links(publicity_root)
    open_links = [name for name, target in found.items() if target == f"../files/{opened.name}"]
    # 14th 00:00 to 18th 17:00: four whole days and 17 hours of the fifth.
    assert len(open_links) == 4 * 24 + 17
    assert open_links[0] == "2021-09-14T00.html"
    assert open_links[-1] == "2021-09-18T16.html"
    closed_links = [name for name, target in found.items() if target == f"../files/{closed.name}"]
    assert closed_links[0] == "2021-09-18T17.html"
    assert len(closed_links) == snapshots.OPEN_ENDED_LINK_SPAN // timedelta(hours=1)
    assert len(found) == len(open_links) + len(closed_links)
    # The link resolves to the file, as nginx follows it; its twin to the compressed page.
    assert (publicity_root / "hours" / "2021-09-16T09.html").read_bytes() == OPEN_PAGE
    compressed = (publicity_root / "hours" / "2021-09-16T09.html.gz").read_bytes()
    assert gzip.decompress(compressed) == OPEN_PAGE
    assert (publicity_root / "files" / f"{opened.name}.gz").stat().st_mode & 0o777 == 0o644


def test_manifest_lists_the_phases(publicity_root):
    opened, closed = snapshots.publish(notice())

    assert json.loads((publicity_root / "manifest.json").read_text()) == [
        {
            "from": "2021-09-14T00:00:00+08:00",
            "until": "2021-09-18T17:00:00+08:00",
            "file": f"files/{opened.name}",
            "sha256": opened.sha256,
        },
        {
            "from": "2021-09-18T17:00:00+08:00",
            "until": None,
            "file": f"files/{closed.name}",
            "sha256": closed.sha256,
        },
    ]


def test_a_cut_off_inside_an_hour_leaves_that_hour_to_django(publicity_root):
    snapshots.publish(notice(cut_off=at(18, 17, 30)))

    found = links(publicity_root)
    assert "2021-09-18T16.html" in found
    assert "2021-09-18T17.html" not in found
    assert found["2021-09-18T18.html"].startswith("../files/notice-1-closed-")
    assert snapshots.current(at(18, 17, 29, 59)).name.startswith("notice-1-open-")
    assert snapshots.current(at(18, 17, 30)).name.startswith("notice-1-closed-")


def test_a_phase_starting_inside_an_hour_links_from_the_next_hour():
    assert snapshots.hours(at(14, 8, 0, 1), at(14, 11)) == ["2021-09-14T09", "2021-09-14T10"]
    assert snapshots.hours(at(14, 8, 10), at(14, 8, 50)) == []
    # The hour key is Beijing time whatever the time zone of the datetime.
    utc = datetime(2021, 9, 13, 16, tzinfo=ZoneInfo("UTC"))
    assert snapshots.hours(utc, utc + timedelta(hours=1)) == ["2021-09-14T00"]


def test_overlapping_phases_are_refused(publicity_root):
    phases = [
        Phase(at(14), at(18, 17), "a", OPEN_PAGE),
        Phase(at(18, 16), None, "b", CLOSED_PAGE),
    ]
    with pytest.raises(ValueError, match="overlap"):
        snapshots.publish(phases)
    with pytest.raises(ValueError, match="overlap"):
        snapshots.publish([Phase(at(14), None, "a", OPEN_PAGE), Phase(at(20), None, "b", b"x")])
    with pytest.raises(ValueError, match="ends before it starts"):
        snapshots.publish([Phase(at(14), at(14), "a", OPEN_PAGE)])
    with pytest.raises(ValueError, match="time zone"):
        snapshots.publish([Phase(datetime(2021, 9, 14), None, "a", OPEN_PAGE)])
    with pytest.raises(ValueError, match="file name"):
        snapshots.publish([Phase(at(14), None, "../a", OPEN_PAGE)])
    assert not (publicity_root / "manifest.json").exists()


def test_publishing_again_changes_nothing(publicity_root):
    first = snapshots.publish(notice())
    before = tree(publicity_root)

    assert snapshots.publish(notice()) == first
    assert tree(publicity_root) == before


def test_republishing_replaces_links_and_keeps_old_files(publicity_root):
    old_open, _old_closed = snapshots.publish(notice())
    new_page = "<!doctype html><p>第2版</p>".encode()
    new_open, new_closed = snapshots.publish(
        [
            Phase(at(14), at(17, 17), "notice-1-open", new_page),
            Phase(at(17, 17), None, "notice-1-closed", CLOSED_PAGE),
        ]
    )

    found = links(publicity_root)
    assert found["2021-09-17T16.html"] == f"../files/{new_open.name}"
    assert found["2021-09-17T17.html"] == f"../files/{new_closed.name}"
    assert f"../files/{old_open.name}" not in found.values()
    # Stale links (the old closed phase's last hours) are gone.
    last = at(17, 17) + snapshots.OPEN_ENDED_LINK_SPAN - timedelta(hours=1)
    assert max(found) == last.strftime("%Y-%m-%dT%H.html")
    # What was published stays as proof.
    assert (publicity_root / "files" / old_open.name).read_bytes() == OPEN_PAGE
    assert list((publicity_root / "tmp").iterdir()) == []


def test_current_follows_the_clock_at_the_boundaries(publicity_root):
    opened, closed = snapshots.publish(notice())

    assert snapshots.current(at(13, 23, 59, 59)) is None
    assert snapshots.current(at(14)) == opened.path
    assert snapshots.current(at(18, 16, 59, 59)) == opened.path
    assert snapshots.current(at(18, 17)) == closed.path
    assert snapshots.current(at(30)) == closed.path
    assert snapshots.lookup(at(13, 23)) == (None, at(14))
    assert snapshots.lookup(at(18, 17))[1] is None


def test_current_without_a_publication_is_none():
    assert snapshots.current() is None
    assert snapshots.lookup() == (None, None)


def test_stored_files_are_never_changed(publicity_root):
    pdf = b"%PDF-1.4 notice"
    stored = snapshots.store_file("notice-1.pdf", pdf)

    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert stored.size == len(pdf)
    assert snapshots.store_file("notice-1.pdf", pdf) == stored
    with pytest.raises(ValueError, match="other content"):
        snapshots.store_file("notice-1.pdf", b"%PDF-1.4 forged")
    assert stored.path.read_bytes() == pdf
    # Readable by nginx, which runs as another user.
    assert stored.path.stat().st_mode & 0o777 == 0o644
    # Only HTML pages get a compressed twin.
    assert sorted(path.name for path in stored.path.parent.iterdir()) == ["notice-1.pdf"]
    for name in ("../x.pdf", ".hidden", "a/b.pdf", "", "x" * 200):
        with pytest.raises(ValueError, match="file name"):
            snapshots.store_file(name, pdf)


def test_a_compressed_twin_is_compared_by_its_content(publicity_root):
    """Another zlib (after an upgrade) may compress the same page to other bytes."""
    snapshots.store_file("page.html", OPEN_PAGE)
    twin = publicity_root / "files" / "page.html.gz"
    twin.write_bytes(gzip.compress(OPEN_PAGE, compresslevel=1, mtime=0))

    snapshots.store_file("page.html", OPEN_PAGE)

    twin.write_bytes(gzip.compress(b"forged", mtime=0))
    with pytest.raises(ValueError, match="other content"):
        snapshots.store_file("page.html", OPEN_PAGE)


# --- The views -------------------------------------------------------------------------

POLICY_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


@pytest.fixture
def clock(monkeypatch):
    """Set Django's clock: ``clock(moment)``."""

    def set_clock(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return set_clock


def assert_public_headers(response, cache_control: str) -> None:
    assert "Set-Cookie" not in response.headers
    assert response.cookies == {}
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert response.headers["Cache-Control"] == cache_control
    assert set(response.headers["Content-Security-Policy"].split("; ")) == POLICY_DIRECTIVES
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_public_page_serves_the_live_phase_without_a_query(client, clock):
    snapshots.publish(notice())
    clock(at(16, 10))

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/publicity/")

    assert len(queries) == 0
    assert response.status_code == 200
    assert response.content == OPEN_PAGE
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert_public_headers(response, "public, max-age=60")
    assert reverse("publicity:public") == "/publicity/"


@pytest.mark.django_db
def test_public_page_is_cached_no_longer_than_until_the_cut_off(client, clock):
    snapshots.publish(notice())
    clock(at(18, 16, 59, 35))

    response = client.get("/publicity/")

    assert response.content == OPEN_PAGE
    assert response.headers["Cache-Control"] == "public, max-age=25"
    clock(at(18, 17))
    assert client.get("/publicity/").content == CLOSED_PAGE


@pytest.mark.django_db
def test_a_signed_in_visitor_gets_the_same_response_and_keeps_the_session(
    client, clock, staff_user
):
    snapshots.publish(notice())
    clock(at(16, 10))
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    session_key = client.cookies["sessionid"].value

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/publicity/")

    assert len(queries) == 0
    assert response.content == OPEN_PAGE
    assert_public_headers(response, "public, max-age=60")
    # The session was neither saved nor ended.
    assert client.cookies["sessionid"].value == session_key
    assert client.get(reverse("password_change")).status_code == 200


@pytest.mark.django_db
def test_without_a_live_notice_the_page_says_so_without_a_query(client, clock):
    clock(at(16, 10))
    client.cookies["django_language"] = "en"

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/publicity/")

    assert len(queries) == 0
    assert response.status_code == 200
    assert "目前没有正在公示的名单" in response.content.decode()
    assert_public_headers(response, "public, max-age=60")


@pytest.mark.django_db
def test_before_the_start_the_page_is_cached_until_the_start(client, clock):
    snapshots.publish(notice())
    clock(at(13, 23, 59, 50))

    response = client.get("/publicity/")

    assert "目前没有正在公示的名单" in response.content.decode()
    assert response.headers["Cache-Control"] == "public, max-age=10"


@pytest.mark.django_db
def test_public_page_refuses_to_be_written_to(client):
    assert client.post("/publicity/").status_code == 405


@pytest.mark.django_db
def test_stored_files_are_served_by_name(client):
    pdf = b"%PDF-1.4 notice"
    snapshots.store_file("notice-1.pdf", pdf)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("publicity:file", args=["notice-1.pdf"]))

    assert len(queries) == 0
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response.headers["Content-Type"] == "application/pdf"
    assert_public_headers(response, "public, max-age=300")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/publicity/files/missing.pdf",
        "/publicity/files/..%2Fmanifest.json",
        "/publicity/files/%2E%2E%2Fmanifest.json",
        "/publicity/files/.hidden",
        "/publicity/files/../manifest.json",
        "/publicity/files/",
    ],
)
def test_other_paths_are_not_found(client, path, publicity_root):
    snapshots.publish(notice())
    (publicity_root / "files" / ".hidden").write_bytes(b"secret")

    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_missing_file_is_not_found_without_a_cookie(client, publicity_root):
    client.cookies["django_language"] = "en"

    response = client.get("/publicity/files/missing.pdf")

    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers
    assert response.cookies == {}
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert response.headers["Content-Language"] == "zh-hans"
    assert "csrftoken" not in client.cookies


@pytest.mark.django_db
def test_a_404_elsewhere_keeps_the_language_form_token(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
