"""Staff's certificates page: the list, 生成证书, and the documents offered."""

import pytest
from django.urls import reverse
from django.utils import timezone

from longjiang.jobs.models import DocumentJob
from publicity.models import Certificate
from publicity.services.certificates import allocate_certificates

pytestmark = pytest.mark.django_db

PAGE = "publicity:certificates"


@pytest.fixture(autouse=True)
def site(settings):
    settings.LONGJIANG_SITE_URL = "https://gj.example.org"


def test_before_the_result_the_page_says_there_is_no_final_list(staff_client, campaign):
    html = staff_client.get(reverse(PAGE)).content.decode()

    assert "尚未记录公示结果，还没有命名名单。" in html
    assert "生成证书</button>" not in html


def test_generating_without_a_final_list_refuses_with_a_message(staff_client, campaign):
    response = staff_client.post(reverse("publicity:certificates_generate"), follow=True)

    assert response.redirect_chain == [(reverse(PAGE), 302)]
    assert "尚未记录公示结果，还没有命名名单，不能生成荣誉证书。" in response.content.decode()
    assert not DocumentJob.objects.exists()


def test_the_page_offers_generation_with_what_it_will_do(staff_client, final):
    html = staff_client.get(reverse(PAGE)).content.decode()

    assert "命名名单：2人" in html
    assert "尚未分配编号：2人" in html
    assert "将为尚无证书的2人分配证书编号" in html
    assert "生成证书</button>" in html
    # Nothing to download before the numbers exist.
    assert "publicity.certificates" not in html


def test_generating_allocates_and_queues_the_pdf(
    staff_client, staff_user, final, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("publicity:certificates_generate"))

    job = DocumentJob.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.params, job.requested_by) == (
        "publicity.certificates",
        {"campaign": 2021},
        staff_user,
    )
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.DONE
    assert list(Certificate.objects.values_list("serial", "allocated_by")) == [
        ("LJGJ-2021-001", staff_user.pk),
        ("LJGJ-2021-002", staff_user.pk),
    ]
    page = staff_client.get(response.url).content.decode()
    assert (
        "已为命名名单上的2人分配证书编号（LJGJ-2021-001至LJGJ-2021-002），正在生成证书PDF。" in page
    )


def test_the_list_shows_each_certificate_and_its_state(
    staff_client, staff_user, final, django_assert_max_num_queries
):
    issued = allocate_certificates(final, actor=staff_user)
    Certificate.objects.filter(pk=issued[1].pk).update(
        revoked_at=timezone.now(), revoked_by=staff_user
    )

    with django_assert_max_num_queries(12):
        html = staff_client.get(reverse(PAGE)).content.decode()

    assert "已分配编号：2张（有效1张，已撤销1张）" in html
    assert "尚未分配编号" not in html
    assert "重新生成证书PDF</button>" in html
    assert html.index("LJGJ-2021-001") < html.index("欧阳明辉") < html.index("LJGJ-2021-002")
    assert '<span class="badge text-bg-success">有效</span>' in html
    assert '<span class="badge text-bg-secondary">已撤销</span>' in html
    issued_on = timezone.localdate()
    assert f"{issued_on.year}年{issued_on.month}月{issued_on.day}日" in html
    assert reverse("public:verify", args=[issued[0].token]) in html
    # Only a valid certificate can be revoked; a revoked one links to its revocation.
    revoke = reverse("publicity:certificate_revoke", args=[issued[0].pk])
    record = reverse("publicity:certificate_revoke", args=[issued[1].pk])
    assert f'href="{revoke}">撤销</a>' in html
    assert f'href="{record}">撤销记录</a>' in html
    assert reverse("jobs:start", args=["publicity.certificates"]) in html
    assert reverse("jobs:start", args=["publicity.certificates_zip"]) in html


def test_the_menu_leads_staff_to_the_page(staff_client, campaign):
    html = staff_client.get(reverse("publicity:result")).content.decode()

    assert 'id="award-menu"' in html
    assert f'<a class="dropdown-item" href="{reverse(PAGE)}">荣誉证书</a>' in html
