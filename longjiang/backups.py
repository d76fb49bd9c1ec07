"""Backups that are known to restore: the database, the private files and a manifest.

A backup is a folder:

    database.dump   pg_dump in its custom format (restored with pg_restore)
    private.tar     every file under PRIVATE_ROOT (uploads, minutes, generated documents)
    manifest.json   when, from which schema, and the SHA-256 and size of both files

``restore`` checks the manifest before it touches anything and restores only into
an empty database and an empty private folder, so a mistyped target can never
overwrite a running portal.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.exceptions import DomainError

FORMAT = 1
DATABASE_FILE = "database.dump"
FILES_ARCHIVE = "private.tar"
MANIFEST = "manifest.json"


class BackupError(DomainError):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    database_sha256: str
    database_size: int
    files_sha256: str
    files_size: int
    file_count: int
    migrations: dict[str, str]
    audit_chain_head: str

    def as_json(self) -> str:
        return json.dumps({"format": FORMAT, **self.__dict__}, ensure_ascii=False, indent=2)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Return the connection arguments and environment of pg_dump / pg_restore."""
    if connection.vendor != "postgresql":
        raise BackupError(_("备份与恢复仅支持PostgreSQL数据库（DATABASE_URL）。"))
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("找不到命令%(command)s，请安装PostgreSQL客户端（Debian软件包postgresql-client）。")
            % {"command": command[0]}
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(command)s 失败：%(error)s")
            % {"command": command[0], "error": result.stderr.strip()[-500:]}
        )


def _applied_migrations() -> dict[str, str]:
    """Return the newest applied migration of each app, to tell which code a backup needs."""
    newest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by(
        "app", "name"
    ):
        newest[app] = name
    return newest


def _chain_head() -> str:
    from longjiang.audit.models import ChainHead

    head = ChainHead.objects.filter(pk=1).first()
    return head.last_hash if head is not None else ""


def write_backup(out: Path) -> Manifest:
    """Write a backup of the database and the private files into the empty folder ``out``."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(_("备份目录“%(path)s”不是空目录。") % {"path": out})
    args, env = _pg_environment()
    out.mkdir(parents=True, exist_ok=True)
    database = out / DATABASE_FILE
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database), *args], env)
    archive = out / FILES_ARCHIVE
    root = Path(settings.PRIVATE_ROOT)
    count = 0
    with tarfile.open(archive, "w") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    count += 1
    manifest = Manifest(
        created_at=timezone.now().isoformat(),
        database_sha256=_sha256(database),
        database_size=database.stat().st_size,
        files_sha256=_sha256(archive),
        files_size=archive.stat().st_size,
        file_count=count,
        migrations=_applied_migrations(),
        audit_chain_head=_chain_head(),
    )
    (out / MANIFEST).write_text(manifest.as_json(), encoding="utf-8")
    return manifest


def read_manifest(folder: Path) -> Manifest:
    """Read a backup's manifest and check both files against it."""
    try:
        raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(_("“%(path)s”中没有可读的备份清单。") % {"path": folder}) from exc
    if raw.pop("format", None) != FORMAT:
        raise BackupError(_("备份清单的格式不受支持。"))
    manifest = Manifest(**raw)
    for name, expected in (
        (DATABASE_FILE, manifest.database_sha256),
        (FILES_ARCHIVE, manifest.files_sha256),
    ):
        path = folder / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(
                _("备份文件“%(name)s”缺失或与清单中的SHA-256不符，不能恢复。") % {"name": name}
            )
    return manifest


def restore_backup(folder: Path) -> Manifest:
    """Restore a checked backup into the empty database and the empty private folder."""
    manifest = read_manifest(folder)
    args, env = _pg_environment()
    if connection.introspection.table_names():
        raise BackupError(_("目标数据库不是空的，恢复只能写入新建的空数据库。"))
    root = Path(settings.PRIVATE_ROOT)
    if root.exists() and any(root.iterdir()):
        raise BackupError(_("私有文件目录“%(path)s”不是空目录。") % {"path": root})
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *args,
            str(folder / DATABASE_FILE),
        ],
        env,
    )
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / FILES_ARCHIVE) as tar:
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        tar.extractall(root, filter="data")
    return manifest
