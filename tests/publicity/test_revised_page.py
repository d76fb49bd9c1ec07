"""The public page after the council's revision: from the approval on, the current notice's
page without the removed person, with the new version's changelog and hash."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from publicity import publication, snapshots
from publicity.models import Notice, Snapshot
from publicity.services.notices import prepare_notice, publish_notice
from publicity.services.revisions import approve_revision
from review.verification import verify_campaign
from tests.factories import pdf_upload
from tests.publicity.notice_fixtures import future_start
from tests.publicity.upheld import decision, make_objection
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

MICROSECOND = timedelta(microseconds=1)


def local(value) -> str:
    return timezone.localtime(value).isoformat()


def manifest(root) -> list[tuple]:
    return [
        (e["from"], e["until"], e["file"]) for e in json.loads((root / "manifest.json").read_text())
    ]


def served(now) -> str:
    return snapshots.current(now).read_bytes().decode()


def publish(campaign, version, actor, **options) -> Notice:
    notice = prepare_notice(
        campaign,
        list_version=version,
        starts_on=options.pop("starts_on", None) or future_start(),
        actor=actor,
        **options,
    )
    return publish_notice(notice, actor=actor, confirmed=True)


def move(notice: Notice, *, live: bool) -> Notice:
    """Move a notice published for the future into the past: closed yesterday, or live
    until tomorrow (the files keep their printed dates; the manifest follows the rows)."""
    today = timezone.localdate()
    now = timezone.now()
    Notice.objects.filter(pk=notice.pk).update(
        starts_on=today - timedelta(days=8),
        ends_on=today + timedelta(days=1) if live else today - timedelta(days=1),
        closes_at=now + timedelta(days=1) if live else now - timedelta(days=1),
    )
    notice.refresh_from_db()
    publication.republish(notice.campaign)
    return notice


def revise(campaign, notice, candidates, actor, capture):
    case = make_objection(notice, candidates["孙丽华"])
    with capture(execute=True):
        return approve_revision(
            campaign,
            decision(),
            minutes=pdf_upload("会议纪要2.pdf"),
            removed_cases=[case],
            substitutes=[candidates["李建国"]],
            expected_version=1,
            actor=actor,
        )


def files(notice: Notice) -> dict:
    return {
        (s.kind, s.revision.number if s.revision else None): f"files/{s.file_name}"
        for s in notice.snapshots.select_related("revision")
    }


@pytest.fixture
def closed_notice(campaign, version1, staff_user, covered_years, publicity_root, private_root):
    return move(publish(campaign, version1, staff_user), live=False)


def test_after_the_approval_the_closed_page_drops_the_removed_person(
    campaign,
    candidates,
    closed_notice,
    council_secretary,
    publicity_root,
    django_capture_on_commit_callbacks,
):
    notice = closed_notice
    version = revise(
        campaign, notice, candidates, council_secretary, django_capture_on_commit_callbacks
    )

    revised = notice.snapshots.filter(revision=version)
    assert sorted(revised.values_list("kind", flat=True)) == [
        Snapshot.Kind.REVISED_CLOSED_PAGE,
        Snapshot.Kind.REVISED_PAGE,
    ]
    assert {s.rendered_at for s in revised} == {version.approved_at}
    f = files(notice)
    assert f[("revised_closed", 2)].startswith(f"files/notice-{notice.pk}-v2-closed-")
    # The superseded pages are taken down: the manifest starts at the approval.
    assert manifest(publicity_root) == [
        (local(version.approved_at), None, f[("revised_closed", 2)]),
    ]

    assert snapshots.current(version.approved_at - MICROSECOND) is None
    after = served(version.approved_at)
    assert "孙丽华" not in after
    assert "欧阳明辉" in after
    # The substitute has a supplementary notice of their own; this page does not list them.
    assert "李建国" not in after
    assert "公示已结束" in after
    assert "取消1人资格，递补1人。" in after
    assert "第2版（" in after
    assert version.content_hash in after
    assert "本次公示原按第1版名单发布。" in after
    assert "下载公示公告（PDF）" not in after
    assert served(version.approved_at + timedelta(days=400)) == after
    # The files published before are kept, unchanged, in the private archive only.
    assert not (publicity_root / f[("closed_page", None)]).exists()
    assert (
        "孙丽华"
        in publication.snapshot_path(
            notice.snapshots.get(kind=Snapshot.Kind.CLOSED_PAGE)
        ).read_text()
    )


def test_after_a_revision_the_superseded_files_are_404_and_kept_privately(
    campaign,
    candidates,
    closed_notice,
    council_secretary,
    publicity_root,
    private_root,
    client,
    django_capture_on_commit_callbacks,
):
    notice = closed_notice
    own = sorted(notice.snapshots.filter(revision=None), key=lambda row: row.file_name)
    for row in own:
        assert client.get(f"/publicity/files/{row.file_name}").status_code == 200

    version = revise(
        campaign, notice, candidates, council_secretary, django_capture_on_commit_callbacks
    )

    archive = private_root / "publicity-archive"
    # The notice's own pages and PDF name the removed person: no longer public.
    for row in own:
        assert client.get(f"/publicity/files/{row.file_name}").status_code == 404
        kept = (archive / row.file_name).read_bytes()
        assert hashlib.sha256(kept).hexdigest() == row.sha256
    closed = notice.snapshots.get(kind=Snapshot.Kind.CLOSED_PAGE)
    assert "孙丽华" in (archive / closed.file_name).read_text()
    assert not (publicity_root / "files" / f"{closed.file_name}.gz").exists()
    assert (archive / f"{closed.file_name}.gz").exists()
    # The revised pages stay public.
    for row in notice.snapshots.filter(revision=version):
        response = client.get(f"/publicity/files/{row.file_name}")
        assert response.status_code == 200
        assert "孙丽华" not in b"".join(response.streaming_content).decode()
    [event] = AuditEvent.objects.filter(code="publicity.files_archived")
    assert event.actor == council_secretary
    assert event.subject_id == notice.pk
    assert event.data == {"files": [row.file_name for row in own]}
    # verify_list finds the archived files and finds them intact.
    report = verify_campaign(campaign)
    assert not report.altered
    labels = [e.label for e in report.extra]
    for row in own:
        assert f"公示快照 {row.file_name}（第1版名单）" in labels


def test_a_failing_republish_leaves_the_approval_committed_and_logged(
    campaign,
    candidates,
    closed_notice,
    council_secretary,
    publicity_root,
    caplog,
    django_capture_on_commit_callbacks,
):
    # The manifest cannot be replaced: a directory stands where the file goes.
    (publicity_root / "manifest.json").unlink()
    (publicity_root / "manifest.json").mkdir()

    with caplog.at_level("ERROR", logger="publicity.services.revisions"):
        version = revise(
            campaign,
            closed_notice,
            candidates,
            council_secretary,
            django_capture_on_commit_callbacks,
        )

    assert version.number == 2
    assert campaign.list_versions.filter(number=2).exists()
    [record] = [r for r in caplog.records if r.name == "publicity.services.revisions"]
    assert record.getMessage() == "Republishing campaign 2021 after list version 2 failed"
    assert record.exc_info is not None
    assert "孙丽华" not in caplog.text


def test_verify_list_reports_a_manifest_the_notices_no_longer_imply(
    campaign, closed_notice, publicity_root
):
    label = "公示清单与已发布的公示公告"
    [finding] = [e for e in verify_campaign(campaign).extra if e.label == label]
    assert finding.problems == []

    # The notice's cut-off moves in the database; nothing republishes.
    Notice.objects.filter(pk=closed_notice.pk).update(
        closes_at=closed_notice.closes_at - timedelta(hours=1)
    )

    report = verify_campaign(campaign)
    [finding] = [e for e in report.extra if e.label == label]
    assert finding.problems == [
        "manifest.json 与数据库中已发布的公示公告不一致：公示页面未能重新发布，"
        "公众看到的可能是过时的页面。请重新发布。"
    ]
    assert report.altered

    publication.republish(campaign)
    [finding] = [e for e in verify_campaign(campaign).extra if e.label == label]
    assert finding.problems == []


def test_verify_list_covers_the_revised_pages(
    campaign,
    candidates,
    closed_notice,
    council_secretary,
    publicity_root,
    django_capture_on_commit_callbacks,
):
    version = revise(
        campaign, closed_notice, candidates, council_secretary, django_capture_on_commit_callbacks
    )
    report = verify_campaign(campaign)
    assert not report.altered
    labels = [e.label for e in report.extra]
    for s in closed_notice.snapshots.filter(revision=version):
        assert f"公示快照 {s.file_name}（第2版名单）" in labels

    revised = closed_notice.snapshots.get(kind=Snapshot.Kind.REVISED_CLOSED_PAGE)
    path = publicity_root / "files" / revised.file_name
    path.write_bytes(path.read_bytes().replace("欧阳明辉".encode(), "孙丽华".encode()))
    report = verify_campaign(campaign)
    assert report.altered
    altered = {e.label: e.problems for e in report.extra if e.problems}
    assert altered[f"公示快照 {revised.file_name}（第2版名单）"] == [
        "文件内容与发布时记录的哈希不符。"
    ]
    # What is served from it gives it away too: its compressed copy and the manifest.
    assert altered["公示页面压缩文件（files/*.gz）"] == [
        f"files/{revised.file_name}.gz 解压后与 files/{revised.file_name} 不一致。"
    ]
    assert altered["公示清单（manifest.json）"] == [
        f"manifest.json 中的 files/{revised.file_name} 文件内容与发布时记录的哈希不符。"
    ]
    assert len(altered) == 3


def test_a_revision_while_the_notice_is_live_keeps_the_form_until_the_cutoff(
    campaign,
    candidates,
    version1,
    staff_user,
    covered_years,
    council_secretary,
    publicity_root,
    private_root,
    django_capture_on_commit_callbacks,
):
    notice = move(publish(campaign, version1, staff_user), live=True)
    version = revise(
        campaign, notice, candidates, council_secretary, django_capture_on_commit_callbacks
    )

    f = files(notice)
    assert manifest(publicity_root) == [
        (local(version.approved_at), local(notice.closes_at), f[("revised_page", 2)]),
        (local(notice.closes_at), None, f[("revised_closed", 2)]),
    ]
    live = served(version.approved_at)
    assert "孙丽华" not in live
    assert "网上提交异议" in live
    assert "取消1人资格，递补1人。" in live
    closed = served(notice.closes_at)
    assert "孙丽华" not in closed
    assert "公示已结束，不再受理异议。" in closed


def test_the_supplementary_notice_follows_the_revised_page(
    campaign,
    candidates,
    closed_notice,
    staff_user,
    council_secretary,
    publicity_root,
    django_capture_on_commit_callbacks,
):
    version = revise(
        campaign, closed_notice, candidates, council_secretary, django_capture_on_commit_callbacks
    )
    second = publish(
        campaign,
        version,
        staff_user,
        kind=Notice.Kind.SUPPLEMENTARY,
        persons=[candidates["李建国"]],
    )
    first = files(closed_notice)
    own = files(second)
    assert manifest(publicity_root) == [
        (local(version.approved_at), local(second.opens_at()), first[("revised_closed", 2)]),
        (local(second.opens_at()), local(second.closes_at), own[("page", None)]),
        (local(second.closes_at), None, own[("closed_page", None)]),
    ]
    for moment in (second.opens_at(), second.closes_at, second.closes_at + timedelta(days=30)):
        assert "孙丽华" not in served(moment)
    assert not verify_campaign(campaign).altered


def test_a_notice_without_its_own_pages_gets_no_revised_page(
    campaign, candidates, main_notice, council_secretary, django_capture_on_commit_callbacks
):
    # main_notice is written with the ORM, without renditions: nothing to revise.
    revise(campaign, main_notice, candidates, council_secretary, django_capture_on_commit_callbacks)
    assert not Snapshot.objects.exists()


def test_staff_see_the_revised_pages_among_the_notice_files(
    campaign,
    candidates,
    closed_notice,
    staff_user,
    council_secretary,
    django_capture_on_commit_callbacks,
):
    revise(
        campaign, closed_notice, candidates, council_secretary, django_capture_on_commit_callbacks
    )
    client = client_for(staff_user)
    for url in (
        reverse("publicity:notices"),
        reverse("publicity:notice_detail", kwargs={"pk": closed_notice.pk}),
    ):
        page = client.get(url).content.decode()
        assert page.index("公示公告PDF") < page.index("公示页面（名单调整后，公示期间）")
        assert page.index("公示页面（名单调整后，公示期间）") < page.index(
            "公示页面（名单调整后，公示结束后）"
        )
    # The detail links the public files only; the taken-down ones are named, unlinked.
    page = client.get(reverse("publicity:notice_detail", kwargs={"pk": closed_notice.pk}))
    text = page.content.decode()
    for row in closed_notice.snapshots.all():
        link = f'href="{reverse("publicity:file", args=[row.file_name])}"'
        assert (link in text) == (row.revision_id is not None)
    assert text.count("已撤下，存于内部存档") == 3
