"""A complainant's file name and the reply never reach staff who do not handle objections.

The case history (case page, /audit/, case file PDF) is shown to every provincial
staff member, so the evidence-viewed event records the evidence's number, and an
event written before with the file name never displays it.
"""

import pytest
from django.test import Client
from django.urls import reverse

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import record_event
from longjiang.uploads import CleanFile, store
from publicity import exports
from publicity.models import Evidence
from publicity.services.handling import decide
from publicity.workflow import ObjectionStatus
from tests.factories import pdf_bytes
from tests.pdftotext import pdftotext

pytestmark = pytest.mark.django_db

FILE_NAME = "张三实名举报-13900001111.pdf"
REPLY = "张三同志：您反映的问题经核查不属实。"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def item(make_case):
    case = make_case()
    name = store(CleanFile(pdf_bytes(), "pdf", FILE_NAME), folder="objection-evidence")
    return Evidence.objects.create(
        objection=case,
        original_name=FILE_NAME,
        storage_name=name,
        content_type="application/pdf",
        size=100,
        sha256="0" * 64,
    )


def test_handler_view_is_audited_with_the_evidence_number(item, handler):
    url = reverse("publicity:case_evidence", args=[item.objection_id, item.pk])

    response = client_for(handler).get(url)

    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(code="publicity.evidence_viewed")
    assert (event.actor, event.subject_id, event.data) == (
        handler,
        item.objection_id,
        {"evidence": item.pk},
    )


@pytest.fixture
def old_event(item, handler):
    """An event as written before the fix: with the file name in its data."""
    record_event(
        "publicity.evidence_viewed",
        actor=handler,
        subject=item.objection,
        data={"name": FILE_NAME},
    )


@pytest.mark.parametrize("viewed_now", [False, True])
def test_non_handler_case_page_and_audit_search_never_show_the_file_name(
    item, handler, staff_user, old_event, viewed_now
):
    if viewed_now:
        url = reverse("publicity:case_evidence", args=[item.objection_id, item.pk])
        assert client_for(handler).get(url).status_code == 200
    staff = client_for(staff_user)

    page = staff.get(reverse("publicity:staff_case", args=[item.objection_id]))
    audit = staff.get(reverse("audit:search"), {"code": "publicity.evidence_viewed"})

    assert page.status_code == 200
    assert audit.status_code == 200
    assert "查看异议证明材料" in page.content.decode()
    assert "查看异议证明材料" in audit.content.decode()
    for response in (page, audit):
        body = response.content.decode()
        assert FILE_NAME not in body
        assert "13900001111" not in body


def test_case_file_pdf_never_shows_the_file_name(item, handler, staff_user, old_event, campaign):
    url = reverse("publicity:case_evidence", args=[item.objection_id, item.pk])
    assert client_for(handler).get(url).status_code == 200

    built = exports.case_file(
        campaign, item.objection.receipt_number, user=staff_user, progress=None
    )

    text = pdftotext(built.content).replace("\n", "")
    assert "查看异议证明材料" in text
    assert "13900001111" not in text
    assert "张三实名举报" not in text


def test_reply_text_is_for_handlers_only_on_the_page_and_in_the_case_file(
    make_case, handler, staff_user, campaign
):
    case = make_case(status=ObjectionStatus.REPORTED)
    decide(case, actor=handler, outcome="not_true", note="经核查。", reply_text=REPLY)
    page_url = reverse("publicity:staff_case", args=[case.pk])

    staff_page = client_for(staff_user).get(page_url).content.decode()
    handler_page = client_for(handler).get(page_url).content.decode()
    staff_pdf = exports.case_file(campaign, case.receipt_number, user=staff_user, progress=None)
    handler_pdf = exports.case_file(campaign, case.receipt_number, user=handler, progress=None)

    assert "张三同志" not in staff_page
    assert "经核查。" in staff_page
    assert REPLY in handler_page
    assert "张三同志" not in pdftotext(staff_pdf.content)
    assert "张三同志" in pdftotext(handler_pdf.content)
