"""verify_list over the published snapshots, and the notice PDF as an exported document."""

import hashlib
import io

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
