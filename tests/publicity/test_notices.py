"""Publicity notices: dates, preparing, editing, publishing, withdrawing, with exact audits."""

import hashlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError, IllegalTransition
from publicity.models import Channel, Notice, Phase, PublicitySettings, Snapshot
from publicity.selectors.notices import live_notices, notice_persons, published_notices
from publicity.services.notices import (
    NoticeRefused,
    discard_notice,
    period_for,
    prepare_notice,
    publish_notice,
    update_notice,
    withdraw_notice,
)
from publicity.workflow import NoticeStatus
from tests.publicity.notice_fixtures import STROKE_ORDER, future_start

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def codes() -> list[str]:
    return list(
        AuditEvent.objects.filter(code__startswith="publicity.")
        .order_by("pk")
        .values_list("code", flat=True)
    )


def draft(campaign, version, staff_user, starts_on=None, **options) -> Notice:
    return prepare_notice(
        campaign,
        list_version=version,
        starts_on=starts_on or future_start(),
        actor=staff_user,
        **options,
    )


# --- Dates -------------------------------------------------------------------------------


def test_the_2021_period_ends_on_the_working_saturday_at_17(campaign):
    first, last, closes_at = period_for(campaign, date(2021, 9, 14))
    assert (first, last) == (date(2021, 9, 14), date(2021, 9, 18))
    assert closes_at == datetime(2021, 9, 18, 17, 0, tzinfo=SHANGHAI)


def test_prepared_notice_stores_explicit_dates_and_fills_the_template(
    campaign, version, staff_user
):
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    assert notice.status == NoticeStatus.DRAFT
    assert (notice.starts_on, notice.ends_on) == (date(2021, 9, 14), date(2021, 9, 18))
    assert notice.closes_at == datetime(2021, 9, 18, 17, 0, tzinfo=SHANGHAI)
    assert notice.working_days == 5
    assert notice.title == "关于2021年“龙江工匠”拟选树人选的公示"
    assert "确定3名拟选树2021年“龙江工匠”人选" in notice.text
    assert (
        "公示时间：2021年9月14日至9月18日，共5个工作日，异议受理截止时间为2021年9月18日17:00。"
        in (notice.text)
    )
    assert "通过来信、来电、来访、电子邮件、网上提交等形式反映情况" in notice.text
    assert notice.channels == ["letter", "call", "visit", "email"]
    assert notice.contact["department"] == campaign.contact_department
    assert f"联系电话：{campaign.contact_phones}" in notice.text
    [event] = AuditEvent.objects.filter(code="publicity.notice_prepared")
    assert event.actor == staff_user
    assert event.data["starts_on"] == "2021-09-14"
    assert event.data["ends_on"] == "2021-09-18"
    assert event.data["version"] == 1


def test_the_cutoff_follows_the_campaign_setting(campaign, version, staff_user):
    PublicitySettings.objects.create(campaign=campaign, cutoff_time=time(16, 30))
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    assert notice.closes_at == datetime(2021, 9, 18, 16, 30, tzinfo=SHANGHAI)


def test_an_uncovered_year_is_refused_in_chinese(campaign, version, staff_user):
    with pytest.raises(NoticeRefused, match="2099年的节假日安排尚未录入"):
        draft(campaign, version, staff_user, starts_on=date(2099, 3, 2))
    assert not Notice.objects.exists()
    assert codes() == []


def test_only_the_newest_version_can_be_noticed(campaign, version, version2, staff_user):
    with pytest.raises(NoticeRefused, match="只能依据最新的锁定名单版本（第2版）"):
        draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))


def test_a_supplementary_notice_lists_only_listed_substitutes(
    campaign, version2, people, substitute, staff_user
):
    with pytest.raises(NoticeRefused, match="须在该名单版本的建议人选中"):
        draft(
            campaign,
            version2,
            staff_user,
            starts_on=date(2021, 9, 14),
            kind=Notice.Kind.SUPPLEMENTARY,
            persons=[people[1]],
        )
    with pytest.raises(NoticeRefused, match="须选择递补人选"):
        draft(campaign, version2, staff_user, kind=Notice.Kind.SUPPLEMENTARY)
    notice = draft(
        campaign,
        version2,
        staff_user,
        starts_on=date(2021, 9, 14),
        kind=Notice.Kind.SUPPLEMENTARY,
        persons=[substitute],
    )
    assert notice.title.endswith("（补充公示）")
    assert "确定1名" in notice.text
    assert [p.name for p in notice_persons(notice)] == ["赵铁柱"]


def test_persons_are_in_stroke_order_with_only_consented_fields(campaign, version, staff_user):
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    persons = notice_persons(notice)
    assert [p.name for p in persons] == STROKE_ORDER
    assert [(p.employer_name, p.role) for p in persons] == [
        ("哈尔滨松江精密机械有限公司", "焊工、技师"),
        ("齐齐哈尔第一机床厂", "钳工"),
        ("哈尔滨松江精密机械有限公司", "数控车工、班组长"),
    ]
    assert set(vars(persons[0])) == {"nomination_id", "name", "employer_name", "role"}


def test_without_consent_no_post_or_position_is_published(campaign, version, people, staff_user):
    type(people[0]).objects.filter(pk=people[0].pk).update(consents_publication=False)
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    by_name = {p.name: p for p in notice_persons(notice)}
    assert by_name["欧阳明辉"].role == ""
    assert by_name["丁建国"].role == "焊工、技师"


# --- Editing and discarding ------------------------------------------------------------------


def test_editing_a_draft_recomputes_the_dates_in_the_text(campaign, version, staff_user):
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    updated = update_notice(
        notice,
        actor=staff_user,
        title=notice.title,
        text=notice.text,
        starts_on=date(2021, 9, 22),
        channels=["letter", "email"],
    )
    # 9/22 (Wed) + 9/23, 9/24, 9/26 (调休 Sunday), 9/27: 5 working days.
    assert (updated.starts_on, updated.ends_on) == (date(2021, 9, 22), date(2021, 9, 27))
    assert updated.closes_at == datetime(2021, 9, 27, 17, 0, tzinfo=SHANGHAI)
    assert "公示时间：2021年9月22日至9月27日" in updated.text
    assert "异议受理截止时间为2021年9月27日17:00" in updated.text
    assert "9月18日" not in updated.text
    assert updated.channels == ["letter", "email"]
    [event] = AuditEvent.objects.filter(code="publicity.notice_updated")
    assert event.data["changed"] == ["text", "starts_on", "ends_on", "closes_at", "channels"]
    assert event.data["ends_on"] == "2021-09-27"


def test_only_a_draft_can_be_edited_or_discarded(campaign, version, staff_user):
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    discard_notice(notice, actor=staff_user)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DISCARDED
    with pytest.raises(NoticeRefused, match="只有草稿状态的公示公告可以修改"):
        update_notice(
            notice,
            actor=staff_user,
            title="x",
            text="y",
            starts_on=date(2021, 9, 14),
            channels=[],
        )
    with pytest.raises(IllegalTransition, match="只有草稿状态的公示公告可以作废"):
        discard_notice(notice, actor=staff_user)
    assert codes() == ["publicity.notice_prepared", "publicity.notice_discarded"]


# --- Publishing -------------------------------------------------------------------------


def test_publishing_needs_confirmation(campaign, version, staff_user, covered_years):
    notice = draft(campaign, version, staff_user)
    with pytest.raises(NoticeRefused, match="请确认"):
        publish_notice(notice, actor=staff_user, confirmed=False)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT
    assert codes() == ["publicity.notice_prepared"]


def test_publishing_a_past_start_is_refused(campaign, version, staff_user):
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    with pytest.raises(NoticeRefused, match="公示开始日期已过"):
        publish_notice(notice, actor=staff_user, confirmed=True)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT
    assert not Snapshot.objects.exists()
    assert codes() == ["publicity.notice_prepared"]


def test_publishing_stores_snapshots_and_audits_the_pdf_hash(
    campaign, version, staff_user, covered_years, publicity_root
):
    notice = draft(campaign, version, staff_user)
    published = publish_notice(notice, actor=staff_user, confirmed=True)
    assert published.status == NoticeStatus.PUBLISHED
    assert published.published_by == staff_user
    snaps = {s.kind: s for s in published.snapshots.all()}
    assert set(snaps) == {Snapshot.Kind.PAGE, Snapshot.Kind.CLOSED_PAGE, Snapshot.Kind.PDF}
    [event] = AuditEvent.objects.filter(code="publicity.notice_published")
    assert event.data["sha256"] == snaps[Snapshot.Kind.PDF].sha256
    assert event.data["count"] == 3
    assert event.data["version"] == 1
    assert event.data["content_hash"] == version.content_hash
    assert codes() == ["publicity.notice_prepared", "publicity.notice_published"]
    assert list(published_notices(campaign)) == [published]

    with pytest.raises(IllegalTransition, match="只有草稿状态的公示公告可以发布"):
        publish_notice(published, actor=staff_user, confirmed=True)
    assert codes() == ["publicity.notice_prepared", "publicity.notice_published"]


def test_overlapping_periods_are_refused(campaign, version, staff_user, covered_years):
    start = future_start()
    first = publish_notice(
        draft(campaign, version, staff_user, start), actor=staff_user, confirmed=True
    )
    second = draft(campaign, version, staff_user, first.ends_on)
    with pytest.raises(NoticeRefused, match="公示期与已发布的"):
        publish_notice(second, actor=staff_user, confirmed=True)
    second.refresh_from_db()
    assert second.status == NoticeStatus.DRAFT
    assert codes() == [
        "publicity.notice_prepared",
        "publicity.notice_published",
        "publicity.notice_prepared",
    ]


# --- Withdrawing ------------------------------------------------------------------------


def test_withdrawing_before_the_start_drops_it_from_the_public(
    campaign, version, staff_user, covered_years, publicity_root
):
    notice = publish_notice(draft(campaign, version, staff_user), actor=staff_user, confirmed=True)
    assert (publicity_root / "manifest.json").read_text().count('"file"') == 2
    with pytest.raises(NoticeRefused, match="请填写撤回理由"):
        withdraw_notice(notice, actor=staff_user, reason=" ")
    withdrawn = withdraw_notice(notice, actor=staff_user, reason="日期有误")
    assert withdrawn.status == NoticeStatus.WITHDRAWN
    assert (publicity_root / "manifest.json").read_text().strip() == "[]"
    [event] = AuditEvent.objects.filter(code="publicity.notice_withdrawn")
    assert event.data["reason"] == "日期有误"
    assert list(published_notices(campaign)) == []


def test_withdrawing_takes_its_files_down_into_the_private_archive(
    campaign, version, staff_user, covered_years, publicity_root, private_root, client
):
    notice = publish_notice(draft(campaign, version, staff_user), actor=staff_user, confirmed=True)
    rows = sorted(notice.snapshots.all(), key=lambda row: row.file_name)
    for row in rows:
        assert client.get(f"/publicity/files/{row.file_name}").status_code == 200

    withdraw_notice(notice, actor=staff_user, reason="日期有误")

    archive = private_root / "publicity-archive"
    for row in rows:
        assert client.get(f"/publicity/files/{row.file_name}").status_code == 404
        assert not (publicity_root / "files" / row.file_name).exists()
        kept = (archive / row.file_name).read_bytes()
        assert hashlib.sha256(kept).hexdigest() == row.sha256
        assert len(kept) == row.size
    # The pages' compressed twins leave the public directory too.
    assert sorted(p.name for p in (publicity_root / "files").iterdir()) == []
    [event] = AuditEvent.objects.filter(code="publicity.files_archived")
    assert event.actor == staff_user
    assert event.subject_id == notice.pk
    assert event.data == {"files": [row.file_name for row in rows]}
    assert codes()[-2:] == ["publicity.notice_withdrawn", "publicity.files_archived"]


def test_withdrawing_after_the_start_is_refused(campaign, version, staff_user, covered_years):
    notice = publish_notice(draft(campaign, version, staff_user), actor=staff_user, confirmed=True)
    # Time passing: the period has started.
    Notice.objects.filter(pk=notice.pk).update(starts_on=timezone.localdate())
    with pytest.raises(NoticeRefused, match="公示已经开始，不能撤回"):
        withdraw_notice(notice, actor=staff_user, reason="日期有误")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    assert "publicity.notice_withdrawn" not in codes()


def test_a_draft_cannot_be_withdrawn(campaign, version, staff_user):
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    with pytest.raises(IllegalTransition, match="只有已发布且尚未开始的公示公告可以撤回"):
        withdraw_notice(notice, actor=staff_user, reason="x")


# --- The clock --------------------------------------------------------------------------


def test_phase_by_the_clock_at_the_exact_boundaries(campaign, version, staff_user):
    notice = draft(campaign, version, staff_user, starts_on=date(2021, 9, 14))
    assert notice.phase(datetime(2021, 9, 14, 0, 0, tzinfo=SHANGHAI)) is None  # a draft
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.PUBLISHED)
    notice.refresh_from_db()
    opens = datetime(2021, 9, 14, 0, 0, tzinfo=SHANGHAI)
    cutoff = datetime(2021, 9, 18, 17, 0, tzinfo=SHANGHAI)
    assert notice.phase(opens - timedelta(microseconds=1)) == Phase.SCHEDULED
    assert notice.phase(opens) == Phase.LIVE
    assert notice.phase(cutoff - timedelta(microseconds=1)) == Phase.LIVE
    assert notice.phase(cutoff) == Phase.CLOSED
    assert live_notices(opens - timedelta(microseconds=1)) == []
    assert live_notices(opens) == [notice]
    assert live_notices(cutoff - timedelta(microseconds=1)) == [notice]
    assert live_notices(cutoff) == []


def test_channels_must_be_known(campaign, version, staff_user):
    with pytest.raises(DomainError, match="反映渠道有误"):
        draft(campaign, version, staff_user, starts_on=date(2021, 9, 14), channels=["fax"])
    notice = draft(
        campaign, version, staff_user, starts_on=date(2021, 9, 14), channels=[Channel.EMAIL]
    )
    assert notice.channels == ["email"]
    assert "通过电子邮件、网上提交等形式" in notice.text


@pytest.mark.parametrize("cutoff", [time(0, 0), time(7, 59)])
def test_a_cutoff_before_8_is_refused_in_chinese(campaign, cutoff):
    from django.core.exceptions import ValidationError

    settings = PublicitySettings(campaign=campaign, cutoff_time=cutoff)

    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert refused.value.message_dict == {
        "cutoff_time": ["异议截止时刻须在08:00至23:59之间，否则公示最后一天将无法受理异议。"]
    }


@pytest.mark.parametrize("cutoff", [time(8, 0), time(17, 0), time(23, 59)])
def test_a_cutoff_from_8_to_23_59_is_taken(campaign, cutoff):
    PublicitySettings(campaign=campaign, cutoff_time=cutoff).full_clean()


def test_the_admin_refuses_a_midnight_cutoff(admin_user, campaign):
    from django.test import Client
    from django.urls import reverse

    settings = PublicitySettings.objects.create(campaign=campaign)
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:publicity_publicitysettings_change", args=[settings.pk]),
        {
            "title_template": settings.title_template,
            "text_template": settings.text_template,
            "cutoff_time": "00:00",
            "postmark_rule": settings.postmark_rule,
            "anonymous_policy": settings.anonymous_policy,
            "verification_working_days": 3,
            "postal_grace_days": 3,
        },
    )

    assert response.status_code == 200
    assert "异议截止时刻须在08:00至23:59之间" in response.content.decode()
    settings.refresh_from_db()
    assert settings.cutoff_time == time(17, 0)
