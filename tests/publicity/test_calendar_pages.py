"""The calendar on the staff dashboard and in the admin (系统管理 › 名单公示 › 工作日历)."""

from datetime import date

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from publicity import workdays
from publicity.models import CalendarDay, CalendarYear

DASHBOARD = "/nominations/dashboard/"
FAR_YEAR = 2040
pytestmark = pytest.mark.uncovered_calendar


def pin_today(monkeypatch, today: date) -> None:
    """Make Django's clock read ``today`` for the dashboard's "today"."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return today if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.mark.parametrize(
    ("today", "warned"), [(date(2039, 9, 30), False), (date(2039, 10, 1), True)]
)
def test_dashboard_warns_from_october_when_next_year_is_not_covered(
    monkeypatch, staff_client, campaign, today, warned
):
    assert not workdays.package_covers(FAR_YEAR)
    pin_today(monkeypatch, today)

    response = staff_client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    warning = "2040年的节假日安排尚未录入工作日历，届时将无法计算公示期。"
    assert (warning in html) is warned
    link = f'href="{reverse("admin:publicity_calendarday_changelist")}"'
    assert (link in html) is warned


def test_dashboard_does_not_warn_once_next_year_is_entered(monkeypatch, staff_client, campaign):
    CalendarYear.objects.create(year=FAR_YEAR)
    pin_today(monkeypatch, date(2039, 10, 1))

    response = staff_client.get(DASHBOARD)

    assert "尚未录入工作日历" not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "admin:publicity_calendarday_changelist",
        "admin:publicity_calendarday_add",
        "admin:publicity_calendaryear_changelist",
        "admin:publicity_calendaryear_add",
    ],
)
def test_staff_open_the_calendar_pages(staff_client, name):
    assert staff_client.get(reverse(name)).status_code == 200


def test_staff_enter_a_day_in_the_admin(staff_client):
    response = staff_client.post(
        reverse("admin:publicity_calendarday_add"),
        {"date": "2040-10-06", "is_working_day": "on", "note": "国庆调休上班"},
    )

    assert response.status_code == 302
    day = CalendarDay.objects.get()
    assert (day.date, day.is_working_day, day.note) == (date(2040, 10, 6), True, "国庆调休上班")


def test_the_admin_refuses_a_second_row_for_the_same_date(staff_client):
    CalendarDay.objects.create(date=date(2040, 10, 6), is_working_day=True)

    response = staff_client.post(
        reverse("admin:publicity_calendarday_add"),
        {"date": "2040-10-06", "note": "重复"},
    )

    assert response.status_code == 200
    assert CalendarDay.objects.count() == 1
    assert "具有 日期 的 工作日历 已存在。" in response.content.decode()


def test_calendar_pages_are_for_provincial_staff_only(staff_user, clerk):
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    factory = RequestFactory()
    for user, expected in [(staff_user, True), (clerk, False)]:
        request = factory.get("/")
        request.user = user
        for model in (CalendarDay, CalendarYear):
            model_admin = admin.site._registry[model]
            assert model_admin.has_module_permission(request) is expected
            assert model_admin.has_view_permission(request) is expected
            assert model_admin.has_add_permission(request) is expected
            assert model_admin.has_change_permission(request) is expected
            assert model_admin.has_delete_permission(request) is expected


def test_every_calendar_edit_in_the_admin_is_audited(staff_client, staff_user):
    add_day = reverse("admin:publicity_calendarday_add")
    staff_client.post(add_day, {"date": "2040-10-06", "is_working_day": "on", "note": "调休上班"})
    day = CalendarDay.objects.get()
    staff_client.post(
        reverse("admin:publicity_calendarday_change", args=[day.pk]),
        {"date": "2040-10-07", "note": "调休上班（更正）"},
    )
    staff_client.post(reverse("admin:publicity_calendarday_delete", args=[day.pk]), {"post": "yes"})
    staff_client.post(
        reverse("admin:publicity_calendaryear_add"), {"year": "2040", "note": "〔2039〕1号"}
    )
    year = CalendarYear.objects.get()
    staff_client.post(
        reverse("admin:publicity_calendaryear_delete", args=[year.pk]), {"post": "yes"}
    )

    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()
    events = AuditEvent.objects.filter(code__startswith="calendar.").order_by("pk")
    assert [(e.code, e.actor_id, e.data) for e in events] == [
        (
            "calendar.day_saved",
            staff_user.pk,
            {"date": "2040-10-06", "is_working_day": True, "note": "调休上班", "created": True},
        ),
        (
            "calendar.day_saved",
            staff_user.pk,
            {
                "date": "2040-10-07",
                "is_working_day": False,
                "note": "调休上班（更正）",
                "created": False,
                # A moved date stops overriding its old day: the event names it.
                "was_date": "2040-10-06",
                "was_working_day": True,
                "was_note": "调休上班",
            },
        ),
        ("calendar.day_deleted", staff_user.pk, {"date": "2040-10-07", "is_working_day": False}),
        (
            "calendar.year_saved",
            staff_user.pk,
            {"year": 2040, "note": "〔2039〕1号", "created": True},
        ),
        ("calendar.year_deleted", staff_user.pk, {"year": 2040}),
    ]


def test_the_bulk_delete_action_audits_each_day(staff_client, staff_user):
    days = [
        CalendarDay.objects.create(date=date(2040, 10, n), is_working_day=False) for n in (1, 2)
    ]

    response = staff_client.post(
        reverse("admin:publicity_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in days], "post": "yes"},
    )

    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    deleted = AuditEvent.objects.filter(code="calendar.day_deleted").order_by("pk")
    assert [e.data["date"] for e in deleted] == ["2040-10-01", "2040-10-02"]
