"""The review's documents as background jobs: who may ask, and the finished files.

Tasks run eagerly (``celery_eager`` in tests/conftest.py); a request runs its
job when the test lets the on-commit callbacks run.
"""

import io
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from longjiang.documents import registry
from longjiang.jobs.models import DocumentJob
from longjiang.uploads import private_path
from tests.review.scored import lock_version

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def version(scored, council_user):
    a, d = scored.candidates["欧阳明辉"], scored.candidates["孙立强"]
    return lock_version(
        scored.campaign,
        recorded_by=council_user,
        listed=[(a, ""), (d, "省级技能大师工作室领办人")],
        reserve=[(scored.candidates["赵铁柱"], "")],
    )


@pytest.fixture
def users(staff_user, council_user, expert_user, clerk, admin_user) -> dict:
    return {
        "staff": staff_user,
        "council": council_user,
        "expert": expert_user,
        "clerk": clerk,
        "admin": admin_user,
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(user, kind: str, **params):
    return client_for(user).post(reverse("jobs:start", args=[kind]), params)


def stored(job: DocumentJob) -> bytes:
    return private_path(job.storage_name).read_bytes()


def test_registry_knows_the_review_kinds():
    assert {"review.scores", "review.proposed_list", "review.locked_list"} <= {
        spec.kind for spec in registry.kinds()
    }


# --- Who may ask ------------------------------------------------------------------

ACCESS = {
    "review.scores": {"staff", "admin"},
    "review.proposed_list": {"staff", "admin", "council"},
    "review.locked_list": {"staff", "admin", "council"},
}


@pytest.mark.parametrize("role", ["staff", "admin", "council", "expert", "clerk"])
@pytest.mark.parametrize("kind", sorted(ACCESS))
def test_review_document_may_be_asked_for_only_by_allowed_roles(users, version, kind, role):
    user = users[role]

    response = start(user, kind, campaign="2021", version="1")

    if role in ACCESS[kind]:
        job = DocumentJob.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("jobs:detail", args=[job.pk])
        assert (job.kind, job.params, job.requested_by) == (
            kind,
            {"campaign": 2021, "version": 1}
            if kind == "review.locked_list"
            else {"campaign": 2021},
            user,
        )
    else:
        assert response.status_code == 404
        assert not DocumentJob.objects.exists()


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("review.scores", {"campaign": "1999"}),
        ("review.proposed_list", {"campaign": "1999"}),
        ("review.locked_list", {"campaign": "2021", "version": "2"}),
        ("review.locked_list", {"campaign": "1999", "version": "1"}),
        ("review.locked_list", {"campaign": "2021"}),
    ],
)
def test_review_document_of_a_missing_campaign_or_version_is_a_404(users, version, kind, params):
    response = start(users["staff"], kind, **params)

    assert response.status_code == 404
    assert not DocumentJob.objects.exists()


def test_review_document_titles(users, version):
    for kind in ACCESS:
        start(users["staff"], kind, campaign="2021", version="1")

    assert sorted(DocumentJob.objects.values_list("title", flat=True)) == sorted(
        ["2021年评审得分汇总表（Excel）", "2021年建议名单（PDF）", "2021年锁定名单第1版（PDF）"]
    )


# --- Running ----------------------------------------------------------------------


def test_score_workbook_job_runs_and_stores_the_workbook(
    users, scored, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(users["staff"], "review.scores", campaign="2021")

    job = DocumentJob.objects.get()
    assert (job.status, job.progress, job.filename, job.content_type) == (
        DocumentJob.Status.DONE,
        100,
        "2021年龙江工匠评审得分汇总表.xlsx",
        XLSX,
    )
    wb = load_workbook(io.BytesIO(stored(job)))
    assert wb.sheetnames == ["汇总", "王振华", "刘海涛", "陈思远", "回避"]
    assert wb["汇总"]["B4"].value == "欧阳明辉"


def test_proposed_list_job_runs_for_the_council_secretary(
    users, scored, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(users["council"], "review.proposed_list", campaign="2021")

    job = DocumentJob.objects.get()
    assert (job.status, job.filename) == (DocumentJob.Status.DONE, "2021年龙江工匠建议名单.pdf")
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(stored(job))).pages[0].extract_text())
    assert "建议名单（提交主席办公会议审议）" in text
    assert "欧阳明辉" in text


def test_locked_list_job_runs_and_prints_the_hash(
    users, version, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(users["council"], "review.locked_list", campaign="2021", version="1")

    job = DocumentJob.objects.get()
    assert (job.status, job.filename) == (
        DocumentJob.Status.DONE,
        "2021年龙江工匠名单（第1版）.pdf",
    )
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(stored(job))).pages[0].extract_text())
    assert text.count(version.content_hash) == 3


def test_proposed_list_job_without_scores_fails_with_the_reason(
    users, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(users["staff"], "review.proposed_list", campaign="2021")

    job = DocumentJob.objects.get()
    assert (job.status, job.error) == (
        DocumentJob.Status.FAILED,
        "尚无有效评分，不能生成建议名单。",
    )


# --- The buttons ------------------------------------------------------------------


def buttons(user, campaign, versions) -> list[str]:
    html = render_to_string(
        "review/_list_documents.html",
        {"campaign": campaign, "versions": versions, "user": user},
    )
    return re.findall(r'action="/[^"]*/start/([^/"]+)/"', html)


def test_list_documents_partial_offers_each_role_its_documents(users, campaign, version):
    versions = [version]

    assert buttons(users["staff"], campaign, versions) == [
        "review.scores",
        "review.proposed_list",
        "review.locked_list",
    ]
    assert buttons(users["council"], campaign, versions) == [
        "review.proposed_list",
        "review.locked_list",
    ]
    assert buttons(users["expert"], campaign, versions) == []
    assert buttons(users["clerk"], campaign, versions) == []
