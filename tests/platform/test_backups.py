"""Backups restore: a backup of the locked demo restores into a fresh database and verifies."""

import io
import json
import os
import subprocess
import sys
import uuid

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from longjiang.backups import DATABASE_FILE, FILES_ARCHIVE, MANIFEST


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        _unavailable("backups need PostgreSQL (set DATABASE_URL)")
    return settings.DATABASES["default"]


@pytest.fixture
def empty_database(postgres):
    """Create an empty database beside the test database; drop it afterwards."""
    name = f"lj_restore_{uuid.uuid4().hex[:12]}"
    params = {
        "host": postgres["HOST"] or None,
        "port": postgres["PORT"] or None,
        "user": postgres["USER"] or None,
        "password": postgres["PASSWORD"] or None,
        "dbname": "postgres",
    }
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _url(db: dict, name: str) -> str:
    auth = db["USER"] or ""
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{name}"


def _manage(*args: str, database: str, private_root, db: dict) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": _url(db, database),
        "LONGJIANG_PRIVATE_ROOT": str(private_root),
        "DJANGO_DEBUG": "1",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_of_the_locked_demo_restores_into_an_empty_database_and_verifies(
    settings, tmp_path, postgres, empty_database, default_units
):
    settings.DEBUG = True
    call_command("seed_demo", stage="locked", nominations=30, stdout=io.StringIO())
    out = tmp_path / "backup"

    call_command("backup", out=out, stdout=io.StringIO())

    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(p.name for p in out.iterdir()) == [DATABASE_FILE, MANIFEST, FILES_ARCHIVE]
    assert manifest["format"] == 1
    assert manifest["file_count"] > 0
    restored_root = tmp_path / "restored-private"
    restore = _manage(
        "restore", str(out), database=empty_database, private_root=restored_root, db=postgres
    )
    assert restore.returncode == 0, restore.stderr
    verify = _manage(
        "verify_list",
        "--campaign",
        "2021",
        database=empty_database,
        private_root=restored_root,
        db=postgres,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "核验通过：名单与审计日志均未被改动。" in verify.stdout
    assert len(list(restored_root.rglob("*.*"))) == manifest["file_count"]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_whose_file_was_altered(tmp_path, postgres, empty_database):
    out = tmp_path / "backup"
    call_command("backup", out=out, stdout=io.StringIO())
    with open(out / DATABASE_FILE, "ab") as handle:
        handle.write(b"tampered")

    restore = _manage(
        "restore", str(out), database=empty_database, private_root=tmp_path / "p", db=postgres
    )

    assert restore.returncode == 1
    assert "备份文件“database.dump”缺失或与清单中的SHA-256不符，不能恢复。" in restore.stderr


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, postgres):
    out = tmp_path / "backup"
    call_command("backup", out=out, stdout=io.StringIO())

    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", out, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_folder_that_is_not_empty(tmp_path, postgres):
    (tmp_path / "old.txt").write_text("x")

    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", out=tmp_path, stdout=io.StringIO())
