"""A forms bundle with a record no font can print still finishes, with a warning."""

import pytest
from django.urls import reverse

from longjiang.jobs import services
from longjiang.jobs.models import DocumentJob
from nominations.models import Nomination
from nominations.workflow import Status

pytestmark = pytest.mark.django_db

WARNING = "哈尔滨市总工会 王[U+1F600]：含有无法打印的字符 U+1F600，其审批表已以说明页代替。"


@pytest.fixture
def bundle_job(campaign, clerk, make_nomination, django_capture_on_commit_callbacks):
    make_nomination(status=Status.SUBMITTED, name="李喆")
    broken = make_nomination(status=Status.SUBMITTED, name="王堃")
    # Older data or an import: the form would refuse the emoji.
    Nomination.objects.filter(pk=broken.pk).update(name="王😀")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_document(
            "attachment1.unit", params={"campaign": campaign.year, "unit": "230100"}, actor=clerk
        )
    job.refresh_from_db()
    return job


def test_forms_job_with_an_unprintable_record_finishes_with_a_warning(bundle_job):
    assert (bundle_job.status, bundle_job.error, bundle_job.warnings) == (
        DocumentJob.Status.DONE,
        "",
        [WARNING],
    )
    assert bundle_job.size > 0


def test_job_page_lists_the_warnings_beside_the_download(bundle_job, clerk_client):
    html = clerk_client.get(
        reverse("jobs:detail", kwargs={"job_id": bundle_job.pk})
    ).content.decode()

    assert "文件已生成，但有以下问题：" in html
    assert f"<li>{WARNING}</li>" in html
    assert "下载文件" in html
