"""Attachment 1, the form the unit signs and stamps, prints the full ID number and mobile.

Only the nominating unit's clerks and staff can have it generated on the web, and
every generation is audited per nomination like a reveal of the ID number. The
operator's ``manage.py export forms`` prints the numbers masked, and is audited too.
"""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from longjiang.documents import registry
from longjiang.jobs import services as jobs
from longjiang.jobs.models import DocumentJob
from longjiang.uploads import private_path
from nominations.workflow import Status

pytestmark = pytest.mark.django_db

MOBILE = "13800138000"  # complete_fields' mobile


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in reader.pages)


def _run(kind: str, params: dict, actor, capture) -> DocumentJob:
    with capture(execute=True):
        job = jobs.request_document(kind, params=params, actor=actor)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.DONE, job.error
    return job


def _printed(nomination) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(code="nomination.form_printed", subject_id=nomination.pk)
        .order_by("id")
        .values_list("actor_id", "unit_id", "data")
    )


def test_clerk_prints_a_nomination_with_full_numbers_and_it_is_audited(
    clerk, make_nomination, django_capture_on_commit_callbacks
):
    nomination = make_nomination(status=Status.SUBMITTED, name="王堃")

    job = _run(
        "attachment1.nomination",
        {"nomination": nomination.pk},
        clerk,
        django_capture_on_commit_callbacks,
    )

    text = _text(private_path(job.storage_name).read_bytes())
    assert f"公民身份号码{nomination.id_number}" in text
    assert f"手机{MOBILE}" in text
    assert _printed(nomination) == [
        (clerk.pk, nomination.unit_id, {"full_numbers": True, "via": "web"})
    ]


def test_staff_print_a_units_bundle_and_each_nomination_is_audited(
    campaign, staff_user, make_nomination, django_capture_on_commit_callbacks
):
    first = make_nomination(status=Status.SUBMITTED, name="王堃")
    second = make_nomination(status=Status.SUBMITTED, name="张玥")
    draft = make_nomination(status=Status.DRAFT, name="草稿人")

    job = _run(
        "attachment1.unit",
        {"campaign": campaign.year, "unit": "230100"},
        staff_user,
        django_capture_on_commit_callbacks,
    )

    text = _text(private_path(job.storage_name).read_bytes())
    for nomination in (first, second):
        assert nomination.id_number in text
        assert _printed(nomination) == [
            (staff_user.pk, nomination.unit_id, {"full_numbers": True, "via": "web"})
        ]
    assert _printed(draft) == []
    assert verify_chain().ok


def test_the_provinces_compilation_prints_masked_numbers_and_is_audited(
    campaign, staff_user, make_nomination, django_capture_on_commit_callbacks
):
    # A reading copy of every unit's forms, never stamped: no full numbers in bulk.
    nomination = make_nomination(status=Status.SUBMITTED, name="王堃")

    job = _run(
        "attachment1.province",
        {"campaign": campaign.year},
        staff_user,
        django_capture_on_commit_callbacks,
    )

    text = _text(private_path(job.storage_name).read_bytes())
    assert nomination.id_number not in text
    assert f"公民身份号码{nomination.id_number_masked}" in text
    assert MOBILE not in text and "手机138****8000" in text
    assert _printed(nomination) == [
        (staff_user.pk, nomination.unit_id, {"full_numbers": False, "via": "web"})
    ]


@pytest.mark.parametrize(
    "who", ["other_clerk", "expert_user", "council_user"], ids=["other-unit", "expert", "council"]
)
def test_nobody_but_the_unit_and_staff_may_ask_for_the_form(request, make_nomination, who):
    nomination = make_nomination(status=Status.SUBMITTED)
    user = request.getfixturevalue(who)

    for kind, params in (
        ("attachment1.nomination", {"nomination": nomination.pk}),
        ("attachment1.unit", {"campaign": 2021, "unit": "230100"}),
        ("attachment1.province", {"campaign": 2021}),
    ):
        assert registry.get(kind).allowed(user, params) is False, kind


def test_operator_command_prints_masked_numbers_and_is_audited(make_nomination, tmp_path):
    nomination = make_nomination(status=Status.SUBMITTED, name="王堃")
    out = tmp_path / "forms.pdf"

    call_command("export", "forms", "--campaign", "2021", "--unit", "230100", "--out", str(out))

    text = _text(out.read_bytes())
    assert nomination.id_number not in text
    assert f"公民身份号码{nomination.id_number_masked}" in text
    assert MOBILE not in text and "手机138****8000" in text
    assert _printed(nomination) == [
        (None, nomination.unit_id, {"full_numbers": False, "via": "command"})
    ]
