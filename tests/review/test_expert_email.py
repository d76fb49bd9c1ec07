"""Staff add or correct an expert's email, so that a link to set a password can be sent."""

import pytest
from django.core import mail
from django.urls import reverse

from longjiang.exceptions import DomainError
from review import services
from tests.review.conftest import client_for, events

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_email(campaign, staff_user):
    """An expert imported without an email: no link could be sent."""
    return services.add_expert(
        campaign, actor=staff_user, name="韩立军", employer_name="东北农业大学", specialty="it"
    ).expert


def test_set_expert_email_saves_and_audits_the_change(without_email, staff_user):
    services.set_expert_email(without_email, email=" han@example.cn ", actor=staff_user)

    without_email.user.refresh_from_db()
    assert without_email.user.email == "han@example.cn"
    [event] = events("review.expert_email_changed")
    assert event.actor == staff_user
    assert event.data == {
        "username": without_email.user.username,
        "before": "",
        "after": "han@example.cn",
    }


@pytest.mark.parametrize(
    ("email", "message"),
    [("not-an-address", "请填写有效的电子邮箱地址。"), ("", "请填写有效的电子邮箱地址。")],
)
def test_set_expert_email_refuses_a_bad_address(without_email, staff_user, email, message):
    with pytest.raises(DomainError) as raised:
        services.set_expert_email(without_email, email=email, actor=staff_user)

    assert raised.value.message == message
    without_email.user.refresh_from_db()
    assert without_email.user.email == ""
    assert events("review.expert_email_changed") == []


def test_set_expert_email_refuses_the_same_address(without_email, staff_user):
    services.set_expert_email(without_email, email="han@example.cn", actor=staff_user)

    with pytest.raises(DomainError, match="新邮箱与原邮箱相同。"):
        services.set_expert_email(without_email, email="han@example.cn", actor=staff_user)
    assert len(events("review.expert_email_changed")) == 1


def test_staff_add_the_email_on_the_page_and_then_send_the_link(
    without_email, staff_user, django_capture_on_commit_callbacks
):
    client = client_for(staff_user)
    url = reverse("review:expert_email", args=[without_email.pk])
    experts_page = client.get(reverse("review:experts")).content.decode()
    assert f'href="{url}">填写邮箱</a>' in experts_page

    response = client.post(url, {"email": "han@example.cn"}, follow=True)

    assert response.redirect_chain == [(reverse("review:experts"), 302)]
    assert "已将韩立军的电子邮箱改为han@example.cn，现在可以发送设置密码链接。" in (
        response.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review:expert_password", args=[without_email.pk]))
    assert [m.to for m in mail.outbox] == [["han@example.cn"]]


def test_a_bad_address_on_the_page_keeps_what_was_typed(without_email, staff_user):
    url = reverse("review:expert_email", args=[without_email.pk])

    response = client_for(staff_user).post(url, {"email": "han@example"})

    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="han@example"' in text
    assert "请填写有效的电子邮箱地址。" in text
    without_email.user.refresh_from_db()
    assert without_email.user.email == ""


def test_only_staff_reach_the_email_page(without_email, expert, council_user):
    url = reverse("review:expert_email", args=[without_email.pk])
    for user in (expert.user, council_user):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {"email": "x@example.cn"}).status_code == 403
    without_email.user.refresh_from_db()
    assert without_email.user.email == ""
