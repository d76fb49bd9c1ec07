"""Run the shipped nginx config (deploy/nginx/longjiang.conf) locally, as the current user.

The benchmarks and tests measure and check the file that is deployed, not a copy:
``config()`` reads it and substitutes only what differs outside the container
(the paths under /srv, the upstream ``web:8000``, the port), then wraps it in an
``http`` block like the one of the nginx image's nginx.conf. ``running()`` starts
nginx on that config in the foreground, with its pid, logs and temporary files
in a directory of its own, and stops it afterwards. Nothing is installed as a
system service.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "longjiang.conf"
# Beijing time as a POSIX zone: what the nginx container runs with (docker-compose.yml).
TZ = "CST-8"


class NginxUnavailable(RuntimeError):
    """No nginx executable on this machine."""


def executable() -> str:
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
        None,
    )
    if found is None:
        raise NginxUnavailable("nginx is not installed (Debian: apt-get install nginx)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mime_types() -> str:
    for path in ("/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types"):
        if Path(path).exists():
            return f"include {path};"
    # The types the portal's public files need.
    return "types { text/html html; application/pdf pdf; text/css css; }"


def config(
    *,
    port: int,
    upstream: str,
    public_root: Path,
    work_dir: Path,
    static_root: Path | None = None,
    private_root: Path | None = None,
    extra: str = "",
    workers: int = 1,
    access_log: bool = True,
) -> str:
    """The text of an nginx.conf that serves the shipped server block on 127.0.0.1:``port``.

    ``extra`` goes into the server block, after the shipped locations (a
    benchmark's baseline location).
    """
    text = SHIPPED.read_text(encoding="utf-8")
    substitutions = [
        ("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;"),
        ("server web:8000;", f"server {upstream};"),
        ("root /srv/publicity;", f"root {public_root};"),
        # /publicity/files/<name> is <root>/publicity/files/<name>.
        ("root /srv;", f"root {public_root.parent};"),
        ("alias /srv/static/;", f"alias {static_root or work_dir / 'static'}/;"),
        ("alias /srv/private/;", f"alias {private_root or work_dir / 'private'}/;"),
    ]
    if public_root.name != "publicity":
        raise ValueError("the public root must be a directory named publicity, as /srv/publicity")
    for old, new in substitutions:
        if old not in text:
            raise ValueError(f"{SHIPPED} no longer holds {old!r}: update bench/nginx.py")
        text = text.replace(old, new)
    if any("/srv" in line.split("#", 1)[0] for line in text.splitlines()):
        raise ValueError(f"{SHIPPED} names a path under /srv/ that bench/nginx.py does not map")
    if extra:
        head, tail = text.rsplit("}", 1)
        text = f"{head}\n{extra}\n}}{tail}"
    temp = {name: work_dir / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    # Root starts the workers as nobody, who could not read the test's files.
    user = "user root;" if os.geteuid() == 0 else ""
    log = f"access_log {work_dir / 'access.log'};" if access_log else "access_log off;"
    return f"""
{user}
worker_processes {workers};
pid {work_dir / "nginx.pid"};
error_log {work_dir / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    {_mime_types()}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    {log}
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{text}
}}
"""


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@contextmanager
def running(conf: str, port: int, work_dir: Path) -> Iterator[subprocess.Popen]:
    """Run nginx on the config text ``conf`` (listening on ``port``) until the block ends."""
    work_dir.mkdir(parents=True, exist_ok=True)
    path = work_dir / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    command = [
        executable(),
        "-p",
        str(work_dir),
        "-e",
        str(work_dir / "error.log"),
        "-c",
        str(path),
    ]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TZ": TZ}
    check = subprocess.run([*command, "-t"], env=env, capture_output=True, text=True)  # noqa: S603
    if check.returncode != 0:
        raise RuntimeError(f"nginx refuses the config:\n{check.stderr}")
    process = subprocess.Popen([*command, "-g", "daemon off;"], env=env)  # noqa: S603
    try:
        deadline = time.monotonic() + 10
        while not answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (work_dir / "error.log").read_text(errors="replace")
                raise RuntimeError(f"nginx did not start:\n{log}")
            time.sleep(0.05)
        yield process
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
