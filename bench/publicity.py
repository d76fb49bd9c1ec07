"""Benchmark the public list (/publicity/): nginx on the shipped config, Django's fallback.

Run: ``make bench-publicity`` (or ``python -m bench.publicity [seconds]``). Needs
``nginx`` and ``wrk`` (Debian packages of those names); starts its own nginx on
the shipped deploy/nginx/longjiang.conf (bench/nginx.py) on a free port, as the
current user, and stops it afterwards. The database of DATABASE_URL only gets an
empty test database (the pages measured make no query; the run asserts it).

Measures, each beside its baseline in the same run:

1. nginx: ``/publicity/`` through the shipped config (the map of the clock hour,
   ``try_files`` of the hour link, the headers) against the same bytes as a plain
   file in a bare location of the same nginx; ``wrk``, rounds alternated.
   Target: at least 0.8x the plain file's requests per second.
2. Django: the fallback view (manifest, cached bytes, ``@cookie_free``) against a
   minimal view returning the same bytes, both through the full handler and
   middleware (the test client), calls alternated. Target: 0 queries, at most
   1.25x the minimal view's time.
3. A publication-day load test: 20,000 requests at 64 connections through nginx,
   while the notice is published again and again (links and manifest replaced
   under load; nginx has no upstream, so a reader who missed the hour's file
   would get a 502). Target: 0 errors, every response 200 with the page's bytes.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import django

from bench import nginx
from bench.harness import test_database, time_pair

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")

CONNECTIONS = 64
LOAD_REQUESTS = 20_000
NOMINEES = 100


def page() -> bytes:
    """A public list of NOMINEES people, about the size of the real page."""
    rows = "\n".join(
        f"<tr><td>{i:03d}</td><td>王{'明辉建国秀英'[i % 6]}{'华'[: i % 2]}</td>"
        f"<td>黑龙江某某装备制造有限公司第{i % 17}分公司</td><td>焊工（高级技师）</td></tr>"
        for i in range(1, NOMINEES + 1)
    )
    text = f"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>2021年“龙江工匠”拟命名人选公示</title>
<link rel="stylesheet" href="/static/css/portal.css"></head>
<body><main><h1>2021年“龙江工匠”拟命名人选公示</h1>
<p>{"公示期间，如对公示对象有异议，请以书面形式向省总工会劳动和经济工作部反映。" * 8}</p>
<table><thead><tr><th>序号</th><th>姓名</th><th>工作单位</th><th>职务/岗位/工种</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<p>名单版本哈希：{"0123456789abcdef" * 4}</p></main></body></html>
"""
    return text.encode()


def require(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        sys.exit(f"{program} is not installed (Debian: apt-get install {program})")
    return found


def wrk(url: str, seconds: int, *extra: str, threads: int = 1, args: tuple = ()) -> str:
    command = [
        require("wrk"),
        f"-t{threads}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        *extra,
        url,
        *(("--", *args) if args else ()),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return result.stdout


def requests_per_second(output: str) -> float:
    if re.search(r"Non-2xx|Socket errors", output):
        raise RuntimeError(f"wrk saw errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def publish(content: bytes, now: datetime, *, linked: bool = True) -> None:
    """A notice live until tomorrow: from an hour ago, with this hour's file linked for
    nginx; or (``linked=False``) from just after this hour began, which leaves this
    hour to Django, as in the hour of a cut-off at 17:30."""
    from publicity import snapshots

    hour = now.replace(minute=0, second=0, microsecond=0)
    start = hour - timedelta(hours=1) if linked else hour + timedelta(microseconds=1)
    snapshots.publish(
        [
            snapshots.Phase(start, hour + timedelta(days=1), "bench", content),
            snapshots.Phase(hour + timedelta(days=1), None, "bench-closed", b"closed"),
        ]
    )


def _workers(master: int) -> list[int]:
    """The process ids of nginx's workers (the children of its master)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the processes so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def bench_nginx(
    public_root: Path, work: Path, content: bytes, seconds: int, rounds: int, *headers: str
):
    """Rounds of wrk, alternated, on the plain file and on /publicity/.

    Returns, per URL, the requests per second of each round and the CPU time
    nginx's worker spent per request (which other processes on a shared machine
    disturb far less than the rate).
    """
    baseline_dir = work / "baseline"
    baseline_dir.mkdir(exist_ok=True)
    (baseline_dir / "plain.html").write_bytes(content)
    port = nginx.free_port()
    conf = nginx.config(
        port=port,
        # Nothing listens there: a request that reached Django would fail (502).
        upstream=f"127.0.0.1:{nginx.free_port()}",
        public_root=public_root,
        work_dir=work / f"nginx{len(headers)}",
        extra=f"    location = /plain.html {{ root {baseline_dir}; }}",
        workers=1,
    )
    base = f"http://127.0.0.1:{port}"
    urls = {"plain": f"{base}/plain.html", "shipped": f"{base}/publicity/"}
    rates: dict[str, list[float]] = {"plain": [], "shipped": []}
    cpu: dict[str, list[float]] = {"plain": [], "shipped": []}
    with nginx.running(conf, port, work / f"nginx{len(headers)}") as master:
        workers = _workers(master.pid)
        for url in urls.values():
            _check_body(url, content)
            wrk(url, 1)  # warm-up
        for round_ in range(rounds):
            # Alternate which goes first, so that neither always meets the same moment.
            order = ("plain", "shipped") if round_ % 2 == 0 else ("shipped", "plain")
            for name in order:
                before = _cpu_seconds(workers)
                output = wrk(urls[name], seconds, *headers)
                spent = _cpu_seconds(workers) - before
                rates[name].append(requests_per_second(output))
                done = int(re.search(r"(\d+) requests in", output)[1])
                cpu[name].append(spent / done)
    return rates, cpu


def _rounded(values: list[float]) -> str:
    return ", ".join(f"{value:,.0f}" for value in values)


def _check_body(url: str, content: bytes) -> None:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (http only)
        if response.status != 200 or response.read() != content:
            raise RuntimeError(f"{url} does not serve the page")


@contextmanager
def gunicorn(public_root: Path, work: Path) -> Iterator[str]:
    """Run the portal under gunicorn as the compose file does (3 workers, DEBUG off)."""
    port = nginx.free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LONGJIANG_PII_KEYS": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "LONGJIANG_PII_INDEX_KEY": "bench-only",
        "LONGJIANG_INTEGRITY_KEY": "bench-only",
        "EMAIL_URL": "consolemail://",
        # The public pages make no query; an empty SQLite file stands for the database.
        "DATABASE_URL": f"sqlite:///{work / 'gunicorn.sqlite3'}",
        "LONGJIANG_PUBLICITY_ROOT": str(public_root),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "longjiang.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "3",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env)  # noqa: S603
    try:
        # The port answers as soon as the master listens; wait for a worker's answer.
        deadline = time.monotonic() + 60
        while not _django_answers(f"http://127.0.0.1:{port}/publicity/"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _django_answers(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30):  # noqa: S310 (http only)
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def bench_load(public_root: Path, work: Path, content: bytes, *, upstream: str | None = None):
    """LOAD_REQUESTS at CONNECTIONS through nginx while the notice is published again and again.

    Without ``upstream`` this hour's file is linked and nothing listens behind
    nginx: a request that missed the file would fail (502). With it, this hour
    has no file and every request goes to Django there.

    ``ab`` counts the requests exactly and reports any failure: a refused or broken
    connection, a status other than 2xx, or a body of another length (both
    renditions have the same length, so a wrong or partial body shows).
    """
    from django.utils import timezone

    now = timezone.now()
    linked = upstream is None
    name = "nginx-load" if linked else "nginx-fallback"
    port = nginx.free_port()
    conf = nginx.config(
        port=port,
        upstream=upstream or f"127.0.0.1:{nginx.free_port()}",
        public_root=public_root,
        work_dir=work / name,
        workers=2,
    )
    # Version 2 of the page: other bytes of the same length.
    other = content.replace("拟命名人选公示".encode(), "拟命名人选公告".encode())
    if len(other) != len(content) or other == content:
        raise RuntimeError("the second rendition must differ in bytes, not in length")
    publish(content, now, linked=linked)
    republished = 0
    stop = threading.Event()

    def republish() -> None:
        nonlocal republished
        while not stop.is_set():
            publish(other if republished % 2 else content, now, linked=linked)
            republished += 1
            time.sleep(0.02)

    with nginx.running(conf, port, work / name):
        url = f"http://127.0.0.1:{port}/publicity/"
        # nginx keeps a file it opened for up to a second (open_file_cache_valid).
        time.sleep(1.5)
        if _served_by_django(url) == linked:
            raise RuntimeError(f"{url} is not served by {'nginx' if linked else 'Django'}")
        publisher = threading.Thread(target=republish)
        publisher.start()
        try:
            command = [require("ab"), "-q", "-k", "-n", str(LOAD_REQUESTS)]
            command += ["-c", str(CONNECTIONS), url]
            output = subprocess.run(  # noqa: S603
                command, capture_output=True, text=True, check=True
            ).stdout
        finally:
            stop.set()
            publisher.join()

    def field(label: str) -> str:
        found = re.search(rf"^{label}:\s+(.*)$", output, re.MULTILINE)
        return found[1].strip() if found else "0"

    return {
        "complete": int(field("Complete requests")),
        "failed": field("Failed requests"),
        "non-2xx": int(field("Non-2xx responses")),
        "seconds": float(field("Time taken for tests").split()[0]),
        "req/s": float(field("Requests per second").split()[0]),
        "p99 ms": int(re.search(r"^\s+99%\s+(\d+)", output, re.MULTILINE)[1]),
        "republished": republished,
    }


def _served_by_django(url: str) -> bool:
    """nginx sends an ETag with a file it serves; Django's fallback sends none."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (http only)
        return "ETag" not in response.headers


def bench_django(content: bytes, repeat: int) -> tuple[float, float, int]:
    """Median seconds of the fallback view and of the minimal view, and the queries seen."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(ROOT_URLCONF="bench.publicity_urls"):
        client = Client(HTTP_HOST="localhost")
        fallback = client.get("/publicity/")
        minimal = client.get("/bench/minimal/")
        if not (fallback.content == minimal.content == content):
            raise RuntimeError("the two views do not serve the same page")
        with CaptureQueriesContext(connection) as queries:
            for _ in range(100):
                client.get("/publicity/")
        # CPU time: the calls are single-threaded and CPU-bound; other processes
        # on a shared machine move wall-clock time far more.
        ours, bare = time_pair(
            lambda: client.get("/publicity/"),
            lambda: client.get("/bench/minimal/"),
            repeat,
            clock=time.process_time,
        )
    return ours, bare, len(queries)


def _print_load(load: dict) -> None:
    for key, value in load.items():
        print(f"   {key:<12} {value}")
    print("   target: 0 failed, 0 non-2xx")


def main(seconds: int = 5, rounds: int = 7, repeat: int = 3000) -> None:
    django.setup()
    from django.test.utils import override_settings
    from django.utils import timezone

    content = page()
    work = Path(tempfile.mkdtemp(prefix="bench-publicity-"))
    public_root = work / "publicity"
    try:
        with test_database(), override_settings(PUBLICITY_PUBLIC_ROOT=public_root):
            now = timezone.now()
            publish(content, now)
            print(f"page: {len(content)} bytes; {nginx.executable()}; {os.cpu_count()} cores")

            rates, cpu = bench_nginx(public_root, work, content, seconds, rounds)
            print(f"\n1. nginx, 1 worker; wrk -t1 -c{CONNECTIONS} -d{seconds}s, {rounds} rounds")
            for name, label in (("plain", "plain file"), ("shipped", "/publicity/")):
                rate, per_request = statistics.median(rates[name]), statistics.median(cpu[name])
                print(
                    f"   {label:<12} {rate:>8,.0f} req/s {per_request * 1e6:>6.1f} us CPU/request"
                    f"   (rounds: {_rounded(rates[name])})"
                )
            pairs = zip(rates["shipped"], rates["plain"], strict=True)
            by_rate = statistics.median(ours / bare for ours, bare in pairs)
            by_cpu = statistics.median(cpu["plain"]) / statistics.median(cpu["shipped"])
            print(f"   ratio by req/s {by_rate:.2f}x (median of the rounds' ratios)")
            print(f"   ratio by CPU per request {by_cpu:.2f}x (target >= 0.8x)")

            gzip_header = ("-H", "Accept-Encoding: gzip")
            rates, cpu = bench_nginx(public_root, work, content, seconds, 3, *gzip_header)
            print("\n1b. the same with Accept-Encoding: gzip (as browsers send), 3 rounds:")
            print("   /publicity/ sends the .gz stored at publication; the plain file is")
            print("   compressed on every request (gzip on, level 5)")
            for name, label in (("plain", "plain file"), ("shipped", "/publicity/")):
                rate, per_request = statistics.median(rates[name]), statistics.median(cpu[name])
                us = per_request * 1e6
                print(f"   {label:<12} {rate:>8,.0f} req/s {us:>6.1f} us CPU/request")

            # Django's fallback: the manifest says what is live; no hour link is needed.
            ours, bare, queries = bench_django(content, repeat)
            print(f"\n2. Django, test client through every middleware, {repeat} calls each")
            print(f"   minimal view      {bare * 1e3:>8.3f} ms CPU  ({1 / bare:,.0f} req/s)")
            print(f"   /publicity/       {ours * 1e3:>8.3f} ms CPU  ({1 / ours:,.0f} req/s)")
            print(f"   ratio {ours / bare:.2f}x (target <= 1.25x); queries: {queries} (target 0)")

            load = bench_load(public_root, work, content)
            print(f"\n3. load: ab -k -n {LOAD_REQUESTS} -c {CONNECTIONS}, nginx with 2 workers,")
            print("   the notice published again every 20 ms meanwhile")
            _print_load(load)

            with gunicorn(public_root, work) as upstream:
                load = bench_load(public_root, work, content, upstream=upstream)
            print("\n3b. the same through nginx to Django's fallback (gunicorn, 3 workers),")
            print("   as in the hour of a cut-off that is not on the hour")
            _print_load(load)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
