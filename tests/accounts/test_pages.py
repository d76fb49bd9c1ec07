"""Public home page, sign-in, lockout, dashboard and the lockout's client address."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.urls import reverse

from longjiang.accounts.client_ip import client_ip
from nominations.models import Campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "correct-horse-battery-9"


def make_campaign() -> Campaign:
    return Campaign.objects.create(
        year=2021,
        is_running=True,
        title="2021年“龙江工匠”选树",
        notice_ref="黑工办发〔2021〕16号",
        quota=100,
        electronic_deadline=datetime.datetime(2021, 7, 1, 0, 0, tzinfo=SHANGHAI),
        paper_deadline=datetime.datetime(2021, 7, 6, 0, 0, tzinfo=SHANGHAI),
        award_amount=5000,
        focus_industries="装备制造\n能源化工",
        contact_department="省总工会劳动和经济工作部",
        contact_people="栾程、徐翔、魏少龙",
        contact_phones="0451-87581306、53624689、53624720",
        contact_email="hljsldjs@163.com",
        postal_address="哈尔滨市南岗区阿什河街9号",
    )


def login_post(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_home_with_campaign_shows_title_dates_and_contacts(client, db):
    make_campaign()

    response = client.get(reverse("home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "2021年“龙江工匠”选树" in content
    assert "黑工办发〔2021〕16号" in content
    assert "2021年7月1日 00:00" in content
    assert "2021年7月6日 00:00" in content
    assert '<a href="mailto:hljsldjs@163.com">hljsldjs@163.com</a>' in content
    assert "哈尔滨市南岗区阿什河街9号" in content
    assert "每人一次性奖励 5000 元" in content
    assert "公示 5 个工作日" in content
    assert "装备制造<br>能源化工" in content
    # The seeded recommending units, one column each.
    assert "哈尔滨市总工会" in content
    assert "黑龙江省财贸轻工纺织工会" in content
    # Both deadlines of 2021 have passed.
    assert content.count("已截止") == 2
    assert "进行中" not in content
    assert "登录填报" in content


def test_home_without_campaign_says_not_published(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "本年度选树活动尚未发布" in response.content.decode()


def test_home_sets_no_cookies_for_anonymous_visitor(client, db):
    make_campaign()

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert dict(response.cookies) == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "hx-headers" not in response.content.decode()


def test_login_page_renders_form(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert 'type="password"' in content


def test_login_wrong_password_shows_chinese_error(client, django_user_model):
    django_user_model.objects.create_user("expert1", password=PASSWORD, role="expert")

    response = login_post(client, "expert1", "wrong-password")

    assert response.status_code == 200
    assert "用户名或密码不正确。连续输错5次，账户将被锁定15分钟。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_sixth_attempt_after_five_failures_is_locked_out(client, django_user_model):
    django_user_model.objects.create_user("expert1", password=PASSWORD, role="expert")
    for _ in range(5):
        login_post(client, "expert1", "wrong-password")

    response = login_post(client, "expert1", PASSWORD)

    assert response.status_code == 429
    assert "由于连续5次登录失败，该账户在本设备上已被锁定15分钟。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_dashboard_redirects_anonymous_to_login(client, db):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('dashboard')}"


def test_dashboard_sends_experts_to_the_review(client, django_user_model):
    make_campaign()
    user = django_user_model.objects.create_user("expert1", password=PASSWORD, role="expert")
    client.force_login(user)

    response = client.get(reverse("dashboard"))

    assert (response.status_code, response["Location"]) == (302, "/review/")


def test_dashboard_sends_the_council_secretary_to_the_council_page(client, django_user_model):
    make_campaign()
    user = django_user_model.objects.create_user(
        "council1", password=PASSWORD, role="council", full_name="王秘书"
    )
    client.force_login(user)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == "/review/council/"


@pytest.fixture
def rf_request():
    def build(remote: str, forwarded: str | None = None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    return build


def test_client_ip_without_proxy_returns_remote_addr(settings, rf_request):
    settings.PROXY_COUNT = 0

    request = rf_request("203.0.113.7", forwarded="198.51.100.1")

    assert client_ip(request) == "203.0.113.7"


def test_client_ip_behind_one_proxy_returns_rightmost_forwarded(settings, rf_request):
    settings.PROXY_COUNT = 1

    # The client forged the two left entries; nginx appended the real address.
    request = rf_request("10.0.0.2", forwarded="1.2.3.4, 5.6.7.8, 203.0.113.7")

    assert client_ip(request) == "203.0.113.7"


def test_client_ip_behind_one_proxy_without_header_returns_remote_addr(settings, rf_request):
    settings.PROXY_COUNT = 1

    request = rf_request("10.0.0.2")

    assert client_ip(request) == "10.0.0.2"


def password_change_post(client, old: str):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old,
            "new_password1": "Qh7-longjiang-ok",
            "new_password2": "Qh7-longjiang-ok",
        },
    )


def test_password_change_wrong_current_password_five_times_locks_and_signs_out(
    client, django_user_model
):
    user = django_user_model.objects.create_user("staff9", password=PASSWORD, role="staff")
    client.force_login(user)
    for _ in range(4):
        response = password_change_post(client, "wrong-password")
        assert response.status_code == 200

    response = password_change_post(client, "wrong-password")

    assert response.status_code == 429
    assert "由于连续5次登录失败，该账户在本设备上已被锁定15分钟。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The login is locked too, even with the right password.
    assert login_post(client, "staff9", PASSWORD).status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_with_right_current_password_still_works(client, django_user_model):
    user = django_user_model.objects.create_user("staff8", password=PASSWORD, role="staff")
    client.force_login(user)
    password_change_post(client, "wrong-password")

    response = password_change_post(client, PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Qh7-longjiang-ok")
