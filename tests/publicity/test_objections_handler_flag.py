"""Administrators grant the objection-handling flag in the admin's user form, audited."""

import pytest
from django.urls import reverse

from longjiang.accounts.models import Role
from longjiang.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def change_data(user, **overrides):
    joined = user.date_joined.astimezone()
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "role": user.role,
        "unit": user.unit_id or "",
        "full_name": user.full_name,
        "phone": user.phone,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_admin_grants_the_flag_and_it_is_audited(admin_client, admin_user):
    staff = UserFactory(role=Role.STAFF, username="zhou", full_name="周工作")
    url = reverse("admin:accounts_user_change", args=[staff.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, change_data(staff, handles_objections="on"))

    assert 'name="handles_objections"' in page.content.decode()
    assert response.status_code == 302, response.context["adminform"].form.errors
    staff.refresh_from_db()
    assert staff.handles_objections is True
    event = AuditEvent.objects.get(code="account.objection_handler_changed")
    assert event.actor == admin_user
    assert event.subject_id == staff.pk
    assert event.data == {"username": "zhou", "handles_objections": True}


def test_a_save_without_changing_the_flag_is_not_audited(admin_client):
    staff = UserFactory(role=Role.STAFF, username="wu")
    url = reverse("admin:accounts_user_change", args=[staff.pk])

    admin_client.post(url, change_data(staff, full_name="吴新名"))

    assert not AuditEvent.objects.filter(code="account.objection_handler_changed").exists()


def test_a_clerk_cannot_be_given_the_flag(admin_client, clerk):
    url = reverse("admin:accounts_user_change", args=[clerk.pk])

    response = admin_client.post(url, change_data(clerk, handles_objections="on"))

    assert response.status_code == 200
    assert "只有省总工会工作人员可以处理异议。" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.handles_objections is False
