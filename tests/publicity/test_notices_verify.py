"""verify_list over the published snapshots, and the notice PDF as an exported document."""

import gzip
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from longjiang.audit.services import record_event
from longjiang.documents import registry
from longjiang.integrity import keyed_digest
from longjiang.uploads import private_path
from nominations.models import Nomination
from publicity import snapshots
from publicity.models import Snapshot
from publicity.services.notices import prepare_notice, publish_notice
from review import listhash
from review.models import CouncilDecision, ListVersion
from tests.publicity.notice_fixtures import future_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifiable(campaign, version, staff_user, private_root):
    """Version 1 as the council's service leaves it: minutes stored, lock audited."""
    minutes = b"%PDF-1.4 minutes"
    decision = version.decision
    path = private_path(decision.minutes_storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(minutes)
    # Behind WriteOnce's back: the fixture's rows stand for what the service writes.
    CouncilDecision.objects.filter(pk=decision.pk).update(
        minutes_sha256=hashlib.sha256(minutes).hexdigest()
    )
    Nomination.objects.filter(list_entries__version=version).update(locked_at=timezone.now())
    ListVersion.objects.filter(pk=version.pk).update(
        content_hash=keyed_digest(listhash.stored_content(version))
    )
    version.refresh_from_db()
    with transaction.atomic():
        record_event(
            "review.list_locked",
            actor=staff_user,
            subject=version,
            data={
                "campaign": campaign.year,
                "sheets": [],
                "scores_digest": listhash.scores_digest([]),
                "version": version.number,
                "content_hash": version.content_hash,
                "previous_hash": "",
                "reason": "",
            },
        )
    return version


@pytest.fixture
def published(campaign, verifiable, staff_user, covered_years):
    notice = prepare_notice(
        campaign, list_version=verifiable, starts_on=future_start(), actor=staff_user
    )
    return publish_notice(notice, actor=staff_user, confirmed=True)


def run_verify(year=2021) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_list", campaign=year, stdout=out, stderr=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def path_of(notice, kind):
    return snapshots.root() / "files" / notice.snapshots.get(kind=kind).file_name


def test_verify_list_passes_untouched_snapshots(published):
    code, output = run_verify()
    assert code == 0, output
    for snapshot in published.snapshots.all():
        assert f"公示快照 {snapshot.file_name}（第1版名单）：一致" in output
    assert "核验通过" in output


def test_verify_list_catches_an_altered_snapshot_file(published):
    path = path_of(published, Snapshot.Kind.PAGE)
    path.write_bytes(path.read_bytes().replace("欧阳明辉".encode(), "欧阳明".encode()))
    code, output = run_verify()
    assert code == 1
    name = path.name
    assert f"公示快照 {name}（第1版名单）：有改动" in output
    assert "文件内容与发布时记录的哈希不符。" in output


def test_verify_list_catches_a_rewritten_hash_in_a_snapshot(published, verifiable):
    path = path_of(published, Snapshot.Kind.CLOSED_PAGE)
    forged = "0" * 64
    content = path.read_bytes().replace(verifiable.content_hash.encode(), forged.encode())
    path.write_bytes(content)
    # The row rewritten to match: only the printed hash gives it away.
    Snapshot.objects.filter(file_name=path.name).update(
        sha256=hashlib.sha256(content).hexdigest(), size=len(content)
    )
    code, output = run_verify()
    assert code == 1
    assert f"文件中印制的名单哈希 {forged} 与第1版名单的哈希不符。" in output


def test_verify_list_catches_a_missing_snapshot_file(published):
    path_of(published, Snapshot.Kind.PDF).unlink()
    code, output = run_verify()
    assert code == 1
    assert "文件缺失。" in output


def test_export_writes_the_stored_notice_pdf(published, tmp_path, staff_user, clerk):
    out = tmp_path / "n.pdf"
    call_command(
        "export", "publicity_notice", "--campaign", "2021", "--out", str(out), stdout=io.StringIO()
    )
    assert out.read_bytes() == path_of(published, Snapshot.Kind.PDF).read_bytes()
    kind = registry.get("publicity.notice")
    assert kind.allowed(staff_user, {"campaign": 2021})
    assert not kind.allowed(clerk, {"campaign": 2021})
    assert not kind.allowed(staff_user, {"campaign": 2020})


# --- What the public is served: compressed copies, hour links, the manifest ---------


def page_of(notice) -> Path:
    return path_of(notice, Snapshot.Kind.PAGE)


def an_hour_link(notice) -> Path:
    """An hour link to the notice's open page (not its compressed copy)."""
    target = f"../files/{page_of(notice).name}"
    return next(
        link
        for link in sorted((snapshots.root() / "hours").iterdir())
        if link.name.endswith(".html") and os.readlink(link) == target
    )


def test_verify_list_checks_the_served_files_of_untouched_snapshots(published):
    code, output = run_verify()
    assert code == 0, output
    assert "公示页面压缩文件（files/*.gz）：一致" in output
    assert "公示时段链接（hours/）：一致" in output
    assert "公示清单（manifest.json）：一致" in output


def test_verify_list_catches_a_forged_compressed_copy(published):
    page = page_of(published)
    forged = page.read_bytes().replace("欧阳明辉".encode(), "欧阳明".encode())
    page.with_name(page.name + ".gz").write_bytes(gzip.compress(forged))
    code, output = run_verify()
    assert code == 1
    assert "公示页面压缩文件（files/*.gz）：有改动" in output
    assert f"files/{page.name}.gz 解压后与 files/{page.name} 不一致。" in output


def test_verify_list_catches_a_compressed_copy_that_is_not_gzip(published):
    page = page_of(published)
    page.with_name(page.name + ".gz").write_bytes(b"<html>forged</html>")
    code, output = run_verify()
    assert code == 1
    assert f"files/{page.name}.gz 解压后与 files/{page.name} 不一致。" in output


def test_verify_list_catches_an_hour_link_replaced_by_a_file(published):
    link = an_hour_link(published)
    content = page_of(published).read_bytes()
    link.unlink()
    link.write_bytes(content.replace("欧阳明辉".encode(), "欧阳明".encode()))
    code, output = run_verify()
    assert code == 1
    assert "公示时段链接（hours/）：有改动" in output
    assert f"hours/{link.name} 不是指向 files/ 的链接。" in output


def test_verify_list_catches_an_hour_link_outside_files(published, tmp_path):
    link = an_hour_link(published)
    forged = tmp_path / "forged.html"
    forged.write_bytes(b"<html>forged</html>")
    link.unlink()
    os.symlink(forged, link)
    code, output = run_verify()
    assert code == 1
    assert f"hours/{link.name} 指向 {forged}，不是已发布的公示页面。" in output


def test_verify_list_catches_an_hour_link_to_a_file_no_snapshot_owns(published):
    link = an_hour_link(published)
    stray = snapshots.root() / "files" / "notice-99-open-000000000000.html"
    stray.write_bytes(b"<html>forged</html>")
    link.unlink()
    os.symlink(f"../files/{stray.name}", link)
    code, output = run_verify()
    assert code == 1
    assert f"hours/{link.name} 指向 ../files/{stray.name}，不是已发布的公示页面。" in output


def test_verify_list_catches_a_compressed_hour_link_to_the_uncompressed_page(published):
    link = an_hour_link(published)
    gz_link = link.with_name(link.name + ".gz")
    gz_link.unlink()
    os.symlink(f"../files/{page_of(published).name}", gz_link)
    code, output = run_verify()
    assert code == 1
    assert f"hours/{gz_link.name} 指向 ../files/{page_of(published).name}" in output


def rewrite_manifest(change) -> None:
    path = snapshots.root() / "manifest.json"
    entries = json.loads(path.read_bytes())
    change(entries)
    path.write_text(json.dumps(entries))


def test_verify_list_catches_a_manifest_entry_pointing_elsewhere(published):
    def change(entries):
        entries[0]["file"] = "files/../../../etc/passwd"

    rewrite_manifest(change)
    code, output = run_verify()
    assert code == 1
    assert "公示清单（manifest.json）：有改动" in output
    assert "manifest.json 中的 files/../../../etc/passwd 不是已发布的公示页面。" in output


def test_verify_list_catches_a_manifest_entry_pointing_at_the_pdf(published):
    pdf = path_of(published, Snapshot.Kind.PDF).name

    def change(entries):
        entries[0]["file"] = f"files/{pdf}"

    rewrite_manifest(change)
    code, output = run_verify()
    assert code == 1
    assert f"manifest.json 中的 files/{pdf} 不是已发布的公示页面。" in output


def test_verify_list_catches_a_manifest_entry_with_a_wrong_hash(published):
    listed = []

    def change(entries):
        entries[0]["sha256"] = "0" * 64
        listed.append(entries[0]["file"])

    rewrite_manifest(change)
    code, output = run_verify()
    assert code == 1
    assert f"manifest.json 中 {listed[0]} 的哈希与发布时记录的不符。" in output


@pytest.mark.parametrize(
    "listed",
    ["files/../manifest.json", "/etc/passwd", "hours/2021-10-01T10.html", "files/a/b.html", "x"],
)
def test_the_fallback_refuses_a_manifest_path_outside_files(published, listed):
    def change(entries):
        entries[0]["file"] = listed

    rewrite_manifest(change)
    with pytest.raises(ValueError):
        snapshots.current()
