"""The shipped nginx config (deploy/nginx/longjiang.conf) in front of a live Django.

nginx runs on the shipped file (bench/nginx.py substitutes only the paths, the
port and the upstream, here pytest-django's live server): /publicity/ is the
hour's snapshot file, and without one Django's fallback serves the same bytes
with the same headers. Without nginx the tests are skipped, or fail under
REQUIRE_SERVICES=1 (CI installs nginx).
"""

import gzip
import re
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from bench import nginx
from publicity import snapshots
from publicity.snapshots import Phase

CST = ZoneInfo("Asia/Shanghai")
# Longer than gzip_min_length (1024 bytes), as every real page is.
PAGE = ("<!doctype html><title>公示</title>" + "<p>张三 李四</p>" * 100).encode()
# Headers that describe the transfer or the server rather than the page.
TRANSFER = {"date", "server", "etag", "last-modified", "accept-ranges", "content-length"}
TRANSFER |= {"connection", "keep-alive", "transfer-encoding"}


@pytest.fixture
def nginx_url(live_server, transactional_db, tmp_path):
    """The base URL of nginx running the shipped config, with the live server upstream."""
    # nginx is a required system package (README, .ci/run, Dockerfile): a machine
    # without it fails here, it never skips.
    try:
        nginx.executable()
    except nginx.NginxUnavailable as exc:
        pytest.fail(f"{exc} (install the Debian package nginx)", pytrace=False)
    port = nginx.free_port()
    upstream = live_server.url.removeprefix("http://")
    work = tmp_path / "nginx"
    conf = nginx.config(
        port=port, upstream=upstream, public_root=settings.PUBLICITY_PUBLIC_ROOT, work_dir=work
    )
    with nginx.running(conf, port, work):
        yield f"http://127.0.0.1:{port}"


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` as a signed-in visitor would (with cookies); return status, headers, body."""
    headers = {"Cookie": "sessionid=abc; django_language=en", "Host": "localhost", **headers}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http only)
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read()


def _headers(message) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in message.items():
        name = name.lower()
        if name in headers:
            # A header sent twice (nginx's and Django's) is a defect: keep both to see it.
            headers[name] += f", {value}"
        else:
            headers[name] = value
    return headers


def page_headers(headers: dict[str, str]) -> dict[str, object]:
    """The headers that describe the page, the policy's directives as a set."""
    kept: dict[str, object] = {
        name: value for name, value in headers.items() if name not in TRANSFER
    }
    kept["content-security-policy"] = set(headers["content-security-policy"].split("; "))
    return kept


def this_hour() -> datetime:
    """The current clock hour, once the test has at least 10 seconds before the next one
    (the tests publish phases around it and expect it to stay current)."""
    now = datetime.now(CST)
    hour = now.replace(minute=0, second=0, microsecond=0)
    left = (hour + timedelta(hours=1) - now).total_seconds()
    if left < 10:
        time.sleep(left + 0.1)
        hour += timedelta(hours=1)
    return hour


def test_nginx_serves_the_hour_file_with_djangos_headers(nginx_url):
    hour = this_hour()
    stored, _closed = snapshots.publish(
        [
            Phase(hour - timedelta(hours=1), hour + timedelta(hours=3), "notice-1-open", PAGE),
            Phase(hour + timedelta(hours=3), None, "notice-1-closed", b"closed"),
        ]
    )

    status, headers, body = get(f"{nginx_url}/publicity/")

    assert (status, body) == (200, PAGE)
    # Served from the file, not by Django: nginx's validators of a static file.
    assert headers["etag"] and headers["last-modified"]
    assert "set-cookie" not in headers
    # Compressed or not by the browser's choice; never by its cookies.
    assert headers["vary"] == "Accept-Encoding"
    assert headers["cache-control"] in {
        f"public, max-age={seconds}" for seconds in (60, 50, 40, 30, 20, 10, 0)
    }
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert (settings.PUBLICITY_PUBLIC_ROOT / "files" / stored.name).read_bytes() == body

    # Published again with the current hour left out of the links (the phase starts
    # just after the hour began): nginx asks Django, which serves the same page with
    # the same headers.
    snapshots.publish([Phase(hour + timedelta(microseconds=1), None, "notice-1-open", PAGE)])
    # nginx keeps a file it opened for up to a second (open_file_cache_valid 1s).
    time.sleep(1.5)
    fallback_status, fallback_headers, fallback_body = get(f"{nginx_url}/publicity/")

    assert (fallback_status, fallback_body) == (200, PAGE)
    assert "etag" not in fallback_headers
    assert "set-cookie" not in fallback_headers
    page, fallback_page = page_headers(headers), page_headers(fallback_headers)
    # Django bounds the lifetime by the phase's end, nginx by the end of the hour.
    assert fallback_page.pop("cache-control") == "public, max-age=60"
    page.pop("cache-control")
    assert fallback_page == page


def test_browsers_accepting_gzip_get_the_page_compressed_at_publication(nginx_url):
    page = PAGE
    hour = this_hour()
    snapshots.publish([Phase(hour - timedelta(hours=1), None, "notice-1-open", page)])

    status, headers, body = get(f"{nginx_url}/publicity/", **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == page
    # The stored .gz as it is: compressing on the fly would weaken the ETag (W/"...").
    assert not headers["etag"].startswith("W/")
    assert headers["vary"] == "Accept-Encoding"
    assert "set-cookie" not in headers
    plain_status, plain_headers, plain_body = get(f"{nginx_url}/publicity/")
    assert (plain_status, plain_body) == (200, page)
    assert "content-encoding" not in plain_headers


def test_without_a_notice_nginx_falls_back_to_django(nginx_url):
    status, headers, body = get(f"{nginx_url}/publicity/")

    assert status == 200
    assert "目前没有正在公示的名单" in body.decode()
    assert "set-cookie" not in headers
    assert "cookie" not in headers.get("vary", "").lower()
    assert headers["content-language"] == "zh-hans"


def test_nginx_serves_stored_files_and_nothing_else(nginx_url):
    pdf = b"%PDF-1.4 notice"
    snapshots.store_file("notice-1.pdf", pdf)
    hour = this_hour()
    snapshots.publish([Phase(hour, None, "notice-1-open", PAGE)])

    status, headers, body = get(f"{nginx_url}/publicity/files/notice-1.pdf")

    assert (status, body) == (200, pdf)
    assert headers["content-type"] == "application/pdf"
    assert headers["cache-control"] == "public, max-age=300"
    assert "set-cookie" not in headers
    for path in (
        "/publicity/files/missing.pdf",
        "/publicity/manifest.json",
        "/publicity/hours/" + hour.strftime("%Y-%m-%dT%H.html"),
        "/publicity/files/../manifest.json",
        "/publicity/files/%2e%2e/manifest.json",
    ):
        assert get(f"{nginx_url}{path}")[0] == 404, path


def test_django_pages_through_nginx_carry_each_header_once(nginx_url):
    status, headers, _body = get(f"{nginx_url}/")

    assert status == 200
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"].count("default-src") == 1


def test_award_pages_through_nginx_get_no_cookie_and_set_none(nginx_url):
    cookies = {"Cookie": "sessionid=abc; django_language=en; csrftoken=xyz"}
    for path in ("/verify/", "/craftsmen/", "/verify/AAAAAAAAAAAAAAAAAAAAAA/", "/naming/"):
        status, headers, _body = get(f"{nginx_url}{path}", **cookies)
        assert status in (200, 404), path
        assert "set-cookie" not in headers, path
        assert "cookie" not in headers.get("vary", "").lower(), path
        assert headers["x-frame-options"] == "DENY", path
    # The lookup posts without any cookie and answers.
    request = urllib.request.Request(  # noqa: S310 (http only)
        f"{nginx_url}/verify/",
        data=b"serial=LJGJ-2021-999&name=x",
        headers={"Host": "localhost", **cookies},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http only)
        assert response.status == 200
        assert "未查到与该证书编号和姓名相符的证书" in response.read().decode()
        assert response.headers.get("Set-Cookie") is None


def test_the_shipped_headers_are_djangos(client):
    """The add_header lines of the public locations say what Django's views send."""
    text = nginx.SHIPPED.read_text()
    block = text.split("location = /publicity/ {", 1)[1].split("}", 1)[0]
    shipped = dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', block))
    response = client.get("/publicity/")

    assert set(shipped.pop("Content-Security-Policy").split("; ")) == set(
        response.headers["Content-Security-Policy"].split("; ")
    )
    for name, value in shipped.items():
        assert response.headers[name] == value, name
    expected = {name for name in response.headers if name not in ("Content-Type", "Content-Length")}
    assert expected == {*shipped, "Content-Security-Policy", "Cache-Control"}


@pytest.mark.parametrize("minute", range(60))
def test_nginx_never_caches_past_the_end_of_the_hour(minute):
    """The cache map, read with Python's regexes, for every second of every minute."""
    text = nginx.SHIPPED.read_text()
    block = text.split("map $time_iso8601 $publicity_cache_control {", 1)[1].split("}", 1)[0]
    rules = re.findall(r'"~([^"]+)" "public, max-age=(\d+)";', block)
    default = int(re.search(r'default "public, max-age=(\d+)";', block)[1])
    for second in range(60):
        stamp = f"2021-09-18T16:{minute:02d}:{second:02d}+08:00"
        max_age = next((int(age) for pattern, age in rules if re.search(pattern, stamp)), default)
        left = 3600 - minute * 60 - second
        assert max_age <= left, stamp
        assert max_age >= min(60, left) - 10, stamp
