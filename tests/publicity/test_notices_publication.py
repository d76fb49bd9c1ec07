"""What a published notice puts before the public: pages, PDF, manifest, changelog."""

import hashlib
import json
from datetime import datetime

import pytest
from django.utils import timezone

from publicity import snapshots
from publicity.models import Notice, Snapshot
from publicity.selectors.changelog import changelog, describe_change
from publicity.services.notices import prepare_notice, publish_notice
from tests.pdftotext import pdftotext as pdf_text
from tests.publicity.notice_fixtures import STROKE_ORDER, future_start
from tests.review.scored import lock_version

pytestmark = pytest.mark.django_db


def publish(campaign, version, staff_user, starts_on=None, **options) -> Notice:
    notice = prepare_notice(
        campaign,
        list_version=version,
        starts_on=starts_on or future_start(),
        actor=staff_user,
        **options,
    )
    return publish_notice(notice, actor=staff_user, confirmed=True)


def stored(notice: Notice, kind: str) -> bytes:
    snapshot = notice.snapshots.get(kind=kind)
    return (snapshots.root() / "files" / snapshot.file_name).read_bytes()


def manifest(root) -> list[dict]:
    return json.loads((root / "manifest.json").read_text())


def local(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


def test_snapshot_files_match_their_rows(campaign, version, staff_user, covered_years):
    notice = publish(campaign, version, staff_user)
    rows = list(notice.snapshots.all())
    assert len(rows) == 3
    for row in rows:
        content = (snapshots.root() / "files" / row.file_name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == row.sha256
        assert len(content) == row.size
        assert row.rendered_at == notice.published_at
    pdf = notice.snapshots.get(kind=Snapshot.Kind.PDF)
    assert pdf.file_name == f"notice-{notice.pk}-{pdf.sha256[:12]}.pdf"


def test_manifest_of_one_notice_is_open_then_closed_for_ever(
    campaign, version, staff_user, covered_years, publicity_root
):
    notice = publish(campaign, version, staff_user)
    page = notice.snapshots.get(kind=Snapshot.Kind.PAGE)
    closed = notice.snapshots.get(kind=Snapshot.Kind.CLOSED_PAGE)
    assert [(e["from"], e["until"], e["file"]) for e in manifest(publicity_root)] == [
        (local(notice.opens_at()), local(notice.closes_at), f"files/{page.file_name}"),
        (local(notice.closes_at), None, f"files/{closed.file_name}"),
    ]
    assert snapshots.current(notice.opens_at()).name == page.file_name
    assert snapshots.current(notice.closes_at).name == closed.file_name


def test_manifest_of_two_notices_keeps_the_first_files(
    campaign, version, people, substitute, staff_user, covered_years, publicity_root
):
    # The main notice over version 1; then version 2 (王丽 removed, the substitute
    # listed) and the substitute's supplementary notice.
    first = publish(campaign, version, staff_user)
    first_files = {s.kind: s.file_name for s in first.snapshots.all()}
    version2 = lock_version(
        campaign,
        recorded_by=staff_user,
        listed=[(people[0], ""), (people[2], ""), (substitute, "")],
        number=2,
        reason="异议查实",
        previous_hash=version.content_hash,
    )
    second = publish(
        campaign,
        version2,
        staff_user,
        starts_on=future_start(after=first.ends_on),
        kind=Notice.Kind.SUPPLEMENTARY,
        persons=[substitute],
    )
    second_files = {s.kind: s.file_name for s in second.snapshots.all()}
    assert {s.kind: s.file_name for s in first.snapshots.all()} == first_files
    assert [(e["from"], e["until"], e["file"]) for e in manifest(publicity_root)] == [
        (local(first.opens_at()), local(first.closes_at), f"files/{first_files['page']}"),
        (local(first.closes_at), local(second.opens_at()), f"files/{first_files['closed_page']}"),
        (local(second.opens_at()), local(second.closes_at), f"files/{second_files['page']}"),
        (local(second.closes_at), None, f"files/{second_files['closed_page']}"),
    ]
    page = stored(second, Snapshot.Kind.PAGE).decode()
    assert "递补人选（1名）" in page
    assert "已结束的公示" in page
    # The substitute under its own heading, the earlier list (without 王丽) as closed.
    assert page.index("赵铁柱") < page.index("已结束的公示") < page.index("丁建国")
    assert "王丽" not in page
    assert "第2版（" in page and "取消1人资格，递补1人" in page


def test_public_page_shows_only_the_allowed_fields_in_stroke_order(
    campaign, version, people, staff_user, covered_years
):
    notice = publish(campaign, version, staff_user)
    content = stored(notice, Snapshot.Kind.PAGE)
    text = content.decode()
    positions = [text.index(f">{name}<") for name in STROKE_ORDER]
    assert positions == sorted(positions)
    for person in people:
        assert person.id_number not in text
        assert person.id_number[:6] + person.id_number[6:14] not in text
        assert person.mobile not in text
        assert person.birth_month.strftime("%Y-%m") not in text
        assert f"{person.birth_month.year}年{person.birth_month.month}月" not in text
        if person.address:
            assert person.address not in text
    assert "齐齐哈尔第一机床厂" in text
    assert "数控车工、班组长" in text
    assert '<html lang="zh-CN">' in text
    assert version.content_hash in text
    assert "<script" not in text
    start_text = f"{notice.starts_on.year}年{notice.starts_on.month}月{notice.starts_on.day}日至"
    assert start_text in text
    cutoff = timezone.localtime(notice.closes_at)
    assert f"{cutoff.year}年{cutoff.month}月{cutoff.day}日17:00" in text
    assert 'href="/publicity/objections/new/"' in text
    assert 'href="/publicity/objections/lookup/"' in text
    pdf = notice.snapshots.get(kind=Snapshot.Kind.PDF)
    assert f'href="/publicity/files/{pdf.file_name}"' in text
    assert "第1版" in text
    assert "公示已结束" not in text


def test_closed_page_has_the_same_list_and_no_objection_form(
    campaign, version, staff_user, covered_years
):
    notice = publish(campaign, version, staff_user)
    text = stored(notice, Snapshot.Kind.CLOSED_PAGE).decode()
    assert "公示已结束" in text
    assert "/publicity/objections/new/" not in text
    for name in STROKE_ORDER:
        assert f">{name}<" in text
    assert version.content_hash in text


def test_notice_pdf_has_the_text_dates_list_hash_and_time(
    campaign, version, staff_user, covered_years
):
    notice = publish(campaign, version, staff_user)
    text = pdf_text(stored(notice, Snapshot.Kind.PDF))
    flat = "".join(text.split())
    assert notice.title in flat
    for name in STROKE_ORDER:
        assert name in flat
    assert version.content_hash in flat
    assert "快照生成时间" in flat
    assert "异议受理截止时间" in flat
    positions = [flat.index(name) for name in STROKE_ORDER]
    assert positions == sorted(positions)


def test_changelog_says_what_each_version_changed(campaign, version, version2):
    lines = changelog(campaign)
    assert [(line.number, line.text) for line in lines] == [
        (1, "经省总工会主席办公会议审议确定，共3人。"),
        (2, "取消1人资格，递补1人。"),
    ]
    assert describe_change(2, 0, first=False, count=1) == "取消2人资格。"
    assert describe_change(0, 0, first=False, count=1) == "名单人员未变化。"
    assert [line.number for line in changelog(campaign, until=version)] == [1]
