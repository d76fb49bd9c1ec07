"""The objection register, a case file and a reply letter: contents, access and audit."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from longjiang.audit.models import AuditEvent
from longjiang.documents import registry
from publicity import exports
from publicity.documents.cases import register_columns
from publicity.services.handling import decide, send_for_verification
from publicity.workflow import ObjectionStatus
from tests.factories import pdf_upload
from tests.pdftotext import pdftotext
from tests.publicity.handling_fixtures import (
    COMPLAINANT_EMAIL,
    COMPLAINANT_NAME,
    COMPLAINANT_PHONE,
    COMPLAINANT_UNIT,
)

pytestmark = pytest.mark.django_db


def viewed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code="publicity.complainant_viewed").order_by("id"))


def workbook_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        tuple(c if c is not None else "" for c in row) for row in sheet.iter_rows(values_only=True)
    ]


def test_register_lists_every_case_with_the_complainant_for_handlers(make_case, handler, campaign):
    first = make_case()
    second = make_case(status=ObjectionStatus.VERIFYING)

    built = exports.objection_register(campaign, user=handler, progress=None)

    rows = workbook_rows(built.content)
    assert rows[0][0] == "2021年“龙江工匠”公示异议登记表"
    assert list(rows[1]) == register_columns(with_complainants=True)
    assert rows[1][7:10] == ("反映人类型", "反映人姓名", "反映人工作单位")
    assert [r[0] for r in rows[2:]] == [first.receipt_number, second.receipt_number]
    assert rows[2][1:3] == ("欧阳明辉", "哈尔滨市总工会")
    assert rows[2][7:10] == ("个人", COMPLAINANT_NAME, COMPLAINANT_UNIT)
    assert rows[3][11] == "核查中"
    text = repr(rows)
    assert COMPLAINANT_PHONE not in text
    assert COMPLAINANT_EMAIL not in text
    assert [(e.actor, e.subject_id, e.data) for e in viewed()] == [
        (handler, first.pk, {"via": "register"}),
        (handler, second.pk, {"via": "register"}),
    ]


def test_register_is_for_handlers_only(handler, staff_user, clerk, campaign):
    kind = registry.get("publicity.objection_register")
    params = {"campaign": campaign.year}

    assert kind.allowed(handler, params) is True
    assert kind.allowed(staff_user, params) is False
    assert kind.allowed(clerk, params) is False


def test_export_command_writes_the_register(make_case, campaign, tmp_path):
    case = make_case()
    out = tmp_path / "r.xlsx"

    call_command(
        "export",
        "objection_register",
        "--campaign",
        "2021",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )

    rows = workbook_rows(out.read_bytes())
    assert rows[2][0] == case.receipt_number
    [event] = viewed()
    assert (event.actor, event.data) == (None, {"via": "register"})


def test_case_file_has_the_facts_report_outcome_and_history_but_no_complainant(
    make_case, handler, clerk, campaign
):
    from publicity.services.handling import submit_report

    case = send_for_verification(make_case(), actor=handler, note="请核实证书。")
    case = submit_report(case, actor=clerk, report_file=pdf_upload("核查报告.pdf"))
    decide(case, actor=handler, outcome="not_true", note="经核查。", reply_text="反映不实。")

    built = exports.case_file(campaign, case.receipt_number, user=handler, progress=None)

    text = pdftotext(built.content)
    for expected in (
        case.receipt_number,
        "欧阳明辉",
        "反映其获奖证书存疑。",
        "请核实证书。",
        "核查报告.pdf",
        case.report_sha256,
        "反映不实，维持",
        "反映不实。",
        "转推荐单位核查",
        "报送核查报告",
        "异议办结",
    ):
        assert expected in text.replace("\n", ""), expected
    for secret in (COMPLAINANT_NAME, COMPLAINANT_PHONE, COMPLAINANT_EMAIL):
        assert secret not in text
    assert viewed() == []


def test_case_file_allowed_to_staff_not_clerks(make_case, staff_user, clerk, campaign):
    case = make_case()
    kind = registry.get("publicity.case_file")
    params = {"campaign": campaign.year, "case": case.receipt_number}

    assert kind.allowed(staff_user, params) is True
    assert kind.allowed(clerk, params) is False
    assert kind.allowed(staff_user, {**params, "case": "NOPE"}) is False


def test_reply_letter_names_the_complainant_and_is_audited(make_case, handler, campaign):
    case = make_case(status=ObjectionStatus.REPORTED)
    decide(case, actor=handler, outcome="partly_true", reply_text="部分属实，但不影响其入选。")

    built = exports.reply_letter(campaign, case.receipt_number, user=handler, progress=None)

    text = pdftotext(built.content).replace("\n", "")
    assert f"{COMPLAINANT_NAME}：" in text
    assert "部分属实，不影响" in text
    assert "部分属实，但不影响其入选。" in text
    assert COMPLAINANT_PHONE not in text
    [event] = viewed()
    assert (event.actor, event.data) == (handler, {"via": "reply_letter"})


def test_reply_letter_for_handlers_only(make_case, handler, staff_user, campaign):
    case = make_case(status=ObjectionStatus.REPORTED)
    kind = registry.get("publicity.reply_letter")
    params = {"campaign": campaign.year, "case": case.receipt_number}

    assert kind.allowed(handler, params) is True
    assert kind.allowed(staff_user, params) is False


def test_reply_letter_refused_before_the_reply(make_case, handler, campaign):
    case = make_case(status=ObjectionStatus.REPORTED)

    with pytest.raises(exports.UnknownCase, match="尚未答复反映人"):
        exports.reply_letter(campaign, case.receipt_number, user=handler, progress=None)


# --- Asked for on the web -------------------------------------------------------------


def test_handler_gets_the_register_as_a_web_job(
    make_case, handler, staff_user, campaign, django_capture_on_commit_callbacks
):
    from django.test import Client
    from django.urls import reverse

    from longjiang.jobs.models import DocumentJob

    make_case()
    url = reverse("jobs:start", args=["publicity.objection_register"])
    handler_client, staff_client = Client(), Client()
    handler_client.force_login(handler)
    staff_client.force_login(staff_user)

    refused = staff_client.post(url, {"campaign": campaign.year})
    with django_capture_on_commit_callbacks(execute=True):
        started = handler_client.post(url, {"campaign": campaign.year})

    assert refused.status_code == 404
    assert started.status_code == 302
    job = DocumentJob.objects.get(kind="publicity.objection_register")
    assert (job.status, job.requested_by) == ("done", handler)
    assert [e.actor for e in viewed()] == [handler]


def test_staff_get_the_case_file_as_a_web_job(
    make_case, staff_user, campaign, django_capture_on_commit_callbacks
):
    from django.test import Client
    from django.urls import reverse

    from longjiang.jobs.models import DocumentJob

    case = make_case()
    client = Client()
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:start", args=["publicity.case_file"]),
            {"campaign": campaign.year, "case": case.receipt_number},
        )

    assert response.status_code == 302
    assert DocumentJob.objects.get(kind="publicity.case_file").status == "done"
