"""django-axes' admin entries read in the admin's language."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def admin_page(admin_user, name: str, language: str | None = None) -> str:
    client = Client()
    client.force_login(admin_user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lockout_app_and_its_models_have_chinese_names(admin_user):
    html = admin_page(admin_user, "admin:index")

    assert "登录保护" in html
    assert "登录尝试" in html
    assert "登录日志" in html
    assert "Axes" not in html
    assert "Access attempts" not in html


def test_the_attempts_list_names_its_columns_in_chinese(admin_user):
    AccessAttempt.objects.create(
        username="clerk_230100",
        ip_address="203.0.113.9",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )

    html = admin_page(admin_user, "admin:axes_accessattempt_changelist")

    assert "尝试时间" in html
    assert "失败次数" in html
    assert "3 次剩余尝试机会" in html
    assert "Attempt Time" not in html
    assert "Status" not in html


def test_the_lockout_app_keeps_english_names_in_english(admin_user):
    html = admin_page(admin_user, "admin:index", language="en")

    assert "Login protection" in html
    assert "Access attempts" in html
