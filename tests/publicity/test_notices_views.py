"""Staff's notice screens: the computed period before saving, the confirmation, withdrawing."""

from datetime import date

import pytest
from django.urls import reverse

from longjiang.audit.models import AuditEvent
from publicity.models import Notice
from publicity.services.notices import prepare_notice
from publicity.workflow import NoticeStatus
from tests.publicity.notice_fixtures import future_start

pytestmark = pytest.mark.django_db


def test_the_period_is_shown_before_saving(staff_client, version):
    response = staff_client.post(
        reverse("publicity:notice_new"),
        {"kind": "main", "starts_on": "2021-09-14", "action": "compute"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "2021年9月14日至9月18日" in text
    assert "异议受理截止时间为2021年9月18日17:00" in text
    assert not Notice.objects.exists()

    response = staff_client.post(
        reverse("publicity:notice_new"),
        {"kind": "main", "starts_on": "2021-09-14", "action": "save"},
    )
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("publicity:notice_detail", kwargs={"pk": notice.pk})
    assert notice.ends_on == date(2021, 9, 18)


def test_an_uncovered_year_is_refused_on_the_form(staff_client, version):
    response = staff_client.post(
        reverse("publicity:notice_new"),
        {"kind": "main", "starts_on": "2099-03-02", "action": "compute"},
    )
    assert response.status_code == 200
    assert "2099年的节假日安排尚未录入" in response.content.decode()


def test_publishing_needs_the_checkbox_then_publishes(
    staff_client, staff_user, campaign, version, covered_years
):
    notice = prepare_notice(
        campaign, list_version=version, starts_on=future_start(), actor=staff_user
    )
    url = reverse("publicity:notice_publish", kwargs={"pk": notice.pk})
    page = staff_client.get(url).content.decode()
    assert version.content_hash in page
    assert "公示人数" in page
    response = staff_client.post(url, {})
    assert response.status_code == 200
    assert "请勾选确认后再发布" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT

    response = staff_client.post(url, {"confirmed": "on"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    detail = staff_client.get(reverse("publicity:notice_detail", kwargs={"pk": notice.pk}))
    for snapshot in notice.snapshots.all():
        assert snapshot.sha256 in detail.content.decode()
    overview = staff_client.get(reverse("publicity:notices")).content.decode()
    assert "尚未开始" in overview

    response = staff_client.post(
        reverse("publicity:notice_withdraw", kwargs={"pk": notice.pk}), {"reason": "日期有误"}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    assert AuditEvent.objects.filter(code="publicity.notice_withdrawn").count() == 1


def test_preview_is_the_public_page_of_the_draft(staff_client, staff_user, campaign, version):
    notice = prepare_notice(
        campaign, list_version=version, starts_on=date(2021, 9, 14), actor=staff_user
    )
    response = staff_client.get(reverse("publicity:notice_preview", kwargs={"pk": notice.pk}))
    text = response.content.decode()
    assert text.startswith("<!doctype html>") or "<!doctype html>" in text[:2000]
    assert '<html lang="zh-CN">' in text
    assert "2021年9月14日至9月18日" in text
    assert version.content_hash in text
    closed = staff_client.get(
        reverse("publicity:notice_preview", kwargs={"pk": notice.pk}) + "?closed=1"
    )
    assert "公示已结束" in closed.content.decode()


def test_editing_a_draft_on_screen(staff_client, staff_user, campaign, version):
    notice = prepare_notice(
        campaign, list_version=version, starts_on=date(2021, 9, 14), actor=staff_user
    )
    url = reverse("publicity:notice_detail", kwargs={"pk": notice.pk})
    data = {
        "title": notice.title,
        "text": notice.text,
        "starts_on": "2021-09-22",
        "channels": ["letter", "call"],
    }
    response = staff_client.post(url, {**data, "action": "compute"})
    assert "2021年9月22日至9月27日" in response.content.decode()
    notice.refresh_from_db()
    assert notice.starts_on == date(2021, 9, 14)
    response = staff_client.post(url, {**data, "action": "save"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.ends_on == date(2021, 9, 27)
    assert notice.channels == ["letter", "call"]
    response = staff_client.post(reverse("publicity:notice_discard", kwargs={"pk": notice.pk}))
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DISCARDED


def test_settings_edits_in_the_admin_are_audited(admin_user, campaign):
    from django.test import Client

    from publicity.models import PublicitySettings

    settings = PublicitySettings.objects.create(campaign=campaign)
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:publicity_publicitysettings_change", args=[settings.pk])
    response = client.post(
        url,
        {
            "title_template": settings.title_template,
            "text_template": settings.text_template,
            "cutoff_time": "16:30",
            "postmark_rule": settings.postmark_rule,
            "anonymous_policy": settings.anonymous_policy,
            "verification_working_days": 3,
            "postal_grace_days": 3,
        },
    )
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.cutoff_time.hour == 16
    [event] = AuditEvent.objects.filter(code="publicity.settings_changed")
    assert event.data == {"campaign": 2021, "changed": ["cutoff_time"]}


def test_the_overview_costs_the_same_queries_for_more_notices(
    staff_client, staff_user, campaign, version
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("publicity:notices")).status_code == 200
        return len(captured)

    prepare_notice(campaign, list_version=version, starts_on=date(2021, 9, 14), actor=staff_user)
    one = queries()
    for day in (22, 27):
        prepare_notice(
            campaign, list_version=version, starts_on=date(2021, 9, day), actor=staff_user
        )
    assert queries() == one
