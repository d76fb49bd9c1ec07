"""The navbar marks the current page for assistive technology."""

import pytest
from django.urls import reverse

from longjiang.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_navbar_marks_the_current_page_and_only_it(client, django_user_model):
    user = django_user_model.objects.create_user("staff6", password="x" * 12, role=Role.STAFF)
    client.force_login(user)

    html = client.get(reverse("nominations:check_queue")).content.decode()

    queue = reverse("nominations:check_queue")
    current = f'<a class="nav-link active" aria-current="page" href="{queue}">'
    assert current in html
    assert html.count('aria-current="page"') == 1
    assert f'<a class="dropdown-item" href="{reverse("nominations:paper")}">' in html


def test_admin_is_branded_and_in_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "龙江工匠选树 · 系统管理" in html
    assert "css/admin.css" in html
    assert "站点管理" not in html
