"""The staff's and the unit clerk's pages of objection handling, and their confidentiality."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from longjiang.audit.models import AuditEvent
from longjiang.uploads import CleanFile, store
from publicity.models import Evidence
from publicity.workflow import ObjectionStatus
from tests.factories import pdf_bytes, pdf_upload
from tests.publicity.handling_fixtures import (
    COMPLAINANT_EMAIL,
    COMPLAINANT_NAME,
    COMPLAINANT_PHONE,
    COMPLAINANT_UNIT,
)

pytestmark = pytest.mark.django_db

SECRETS = (COMPLAINANT_NAME, COMPLAINANT_PHONE, COMPLAINANT_EMAIL, COMPLAINANT_UNIT)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_no_complainant(response) -> None:
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body


def viewed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code="publicity.complainant_viewed").order_by("id"))


@pytest.fixture
def handler_client(handler):
    return client_for(handler)


@pytest.fixture
def evidence(make_case):
    def add(case):
        name = store(CleanFile(pdf_bytes(), "pdf", "证据.pdf"), folder="objection-evidence")
        return Evidence.objects.create(
            objection=case,
            original_name="证据.pdf",
            storage_name=name,
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
        )

    return add


# --- Staff -------------------------------------------------------------------------


def test_staff_list_shows_cases_without_the_complainant(make_case, staff_client, handler_client):
    case = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 10, 11))

    for client in (staff_client, handler_client):
        response = client.get(reverse("publicity:staff_cases"))
        assert response.status_code == 200
        assert case.receipt_number in response.content.decode()
        assert "欧阳明辉" in response.content.decode()
        assert_no_complainant(response)
    assert viewed() == []


def test_staff_list_filters_by_status(make_case, handler_client):
    received = make_case()
    verifying = make_case(status=ObjectionStatus.VERIFYING)

    response = handler_client.get(reverse("publicity:staff_cases"), {"status": "verifying"})

    page = [case.pk for case in response.context["page"]]
    assert page == [verifying.pk]
    assert received.pk not in page


def test_staff_list_costs_the_same_queries_for_more_cases(make_case, handler_client):
    make_case()
    with CaptureQueriesContext(connection) as few:
        handler_client.get(reverse("publicity:staff_cases"))
    for _ in range(5):
        make_case(status=ObjectionStatus.VERIFYING)
    with CaptureQueriesContext(connection) as many:
        handler_client.get(reverse("publicity:staff_cases"))

    assert len(many) == len(few)


def test_plain_staff_case_page_has_no_complainant_nor_evidence(make_case, staff_client, evidence):
    case = make_case()
    evidence(case)

    response = staff_client.get(reverse("publicity:staff_case", args=[case.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "反映其获奖证书存疑。" in body
    assert "查看反映人信息" not in body
    assert "证据.pdf" not in body
    assert_no_complainant(response)
    assert viewed() == []


def test_handler_sees_the_complainant_only_after_asking_and_each_view_is_audited(
    make_case, handler, handler_client
):
    case = make_case()
    url = reverse("publicity:staff_case", args=[case.pk])

    page = handler_client.get(url)
    assert "查看反映人信息" in page.content.decode()
    assert_no_complainant(page)
    assert viewed() == []

    shown = handler_client.post(reverse("publicity:case_complainant", args=[case.pk]))
    handler_client.post(reverse("publicity:case_complainant", args=[case.pk]))

    assert shown.status_code == 200
    body = shown.content.decode()
    assert COMPLAINANT_NAME in body
    assert COMPLAINANT_PHONE in body
    assert [(e.actor, e.subject_id) for e in viewed()] == [(handler, case.pk), (handler, case.pk)]


def test_plain_staff_cannot_ask_for_the_complainant(make_case, staff_client):
    case = make_case()

    response = staff_client.post(reverse("publicity:case_complainant", args=[case.pk]))

    assert response.status_code == 403
    assert_no_complainant(response)
    assert viewed() == []


def test_evidence_is_served_to_handlers_only_and_audited(
    make_case, evidence, handler, handler_client, staff_client
):
    case = make_case()
    item = evidence(case)
    url = reverse("publicity:case_evidence", args=[case.pk, item.pk])

    refused = staff_client.get(url)
    served = handler_client.get(url)

    assert refused.status_code == 403
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    [event] = AuditEvent.objects.filter(code="publicity.evidence_viewed")
    assert (event.actor, event.subject_id, event.data) == (handler, case.pk, {"evidence": item.pk})


def test_handler_sends_a_case_through_the_page(make_case, handler_client, staff_client):
    case = make_case()
    url = reverse("publicity:case_send", args=[case.pk])

    data = {"forwarded_facts": "反映其获奖证书存疑。", "note": "请核实。"}
    refused = staff_client.post(url, data)
    response = handler_client.post(url, data)

    assert refused.status_code == 403
    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:staff_case", args=[case.pk])
    case.refresh_from_db()
    assert case.status == ObjectionStatus.VERIFYING
    assert case.verification_note == "请核实。"


def test_handler_decides_through_the_page(make_case, handler_client):
    case = make_case(status=ObjectionStatus.REPORTED)
    url = reverse("publicity:case_decide", args=[case.pk])

    missing_reply = handler_client.post(url, {"outcome": "not_true"})
    response = handler_client.post(url, {"outcome": "not_true", "reply_text": "反映不实。"})

    assert missing_reply.status_code == 422
    assert "实名反映的异议须填写对反映人的答复内容" in missing_reply.content.decode()
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (ObjectionStatus.DECIDED, "not_true")


def test_handler_declines_through_the_page(make_case, handler_client):
    case = make_case()

    response = handler_client.post(
        reverse("publicity:case_decline", args=[case.pk]), {"reason": "与公示人选无关。"}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == ObjectionStatus.NOT_ACCEPTED


def test_case_page_timeline_shows_the_history(make_case, handler_client):
    case = make_case()
    handler_client.post(
        reverse("publicity:case_send", args=[case.pk]),
        {"forwarded_facts": "反映其获奖证书存疑。", "note": ""},
    )

    response = handler_client.get(reverse("publicity:staff_case", args=[case.pk]))

    assert "转推荐单位核查" in response.content.decode()
    assert [row.event.code for row in response.context["timeline"]] == [
        "publicity.objection_sent_for_verification"
    ]


# --- The unit's clerk ---------------------------------------------------------------


def test_clerk_sees_sent_cases_without_the_complainant(make_case, clerk_client):
    received = make_case()
    sent = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 10, 11))

    listing = clerk_client.get(reverse("publicity:unit_cases"))
    page = clerk_client.get(reverse("publicity:unit_case", args=[sent.pk]))
    hidden = clerk_client.get(reverse("publicity:unit_case", args=[received.pk]))

    assert listing.status_code == 200
    assert sent.receipt_number in listing.content.decode()
    assert received.receipt_number not in listing.content.decode()
    assert "已逾期" in listing.content.decode()
    assert page.status_code == 200
    assert "反映其获奖证书存疑。" in page.content.decode()
    assert hidden.status_code == 404
    for response in (listing, page):
        assert_no_complainant(response)


def test_clerk_of_another_unit_gets_404(make_case, other_clerk_client):
    case = make_case(status=ObjectionStatus.VERIFYING)

    responses = [
        other_clerk_client.get(reverse("publicity:unit_case", args=[case.pk])),
        other_clerk_client.post(
            reverse("publicity:unit_case", args=[case.pk]), {"report": pdf_upload()}
        ),
        other_clerk_client.get(reverse("publicity:case_report", args=[case.pk])),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]


def test_clerk_uploads_the_report(make_case, clerk_client, handler_client):
    case = make_case(status=ObjectionStatus.VERIFYING)
    url = reverse("publicity:unit_case", args=[case.pk])

    response = clerk_client.post(url, {"report": pdf_upload("核查报告.pdf")})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == ObjectionStatus.REPORTED
    download = clerk_client.get(reverse("publicity:case_report", args=[case.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    staff_page = handler_client.get(reverse("publicity:staff_case", args=[case.pk]))
    assert case.report_sha256 in staff_page.content.decode()


def test_clerk_upload_of_a_non_pdf_is_shown_again(make_case, clerk_client):
    from tests.factories import png_upload

    case = make_case(status=ObjectionStatus.VERIFYING)

    response = clerk_client.post(
        reverse("publicity:unit_case", args=[case.pk]), {"report": png_upload("r.png")}
    )

    assert response.status_code == 422
    assert "只能上传PDF格式的文件" in response.content.decode()
    case.refresh_from_db()
    assert case.status == ObjectionStatus.VERIFYING


@pytest.mark.parametrize("who", ["expert_user", "council_user"])
def test_experts_and_council_see_nothing(make_case, who, request):
    case = make_case(status=ObjectionStatus.VERIFYING)
    client = client_for(request.getfixturevalue(who))

    statuses = [
        client.get(reverse("publicity:staff_cases")).status_code,
        client.get(reverse("publicity:staff_case", args=[case.pk])).status_code,
        client.get(reverse("publicity:unit_cases")).status_code,
        client.get(reverse("publicity:unit_case", args=[case.pk])).status_code,
        client.get(reverse("publicity:case_report", args=[case.pk])).status_code,
    ]

    assert statuses == [403, 403, 403, 403, 404]


# --- Links to the cases -------------------------------------------------------------


def test_staff_dashboard_links_open_cases(make_case, staff_client):
    make_case()
    make_case(status=ObjectionStatus.DECIDED)

    response = staff_client.get(reverse("nominations:dashboard"))

    body = response.content.decode()
    assert "公示异议：1件尚未办结。" in body
    assert reverse("publicity:staff_cases") in body


def test_staff_dashboard_says_nothing_without_open_cases(make_case, staff_client):
    make_case(status=ObjectionStatus.DECIDED)

    response = staff_client.get(reverse("nominations:dashboard"))

    assert "尚未办结" not in response.content.decode()


def test_clerk_menu_links_the_cases_once_one_was_sent(make_case, clerk_client):
    make_case()
    link = f'href="{reverse("publicity:unit_cases")}"'

    before = clerk_client.get(reverse("nominations:list")).content.decode()
    make_case(status=ObjectionStatus.VERIFYING)
    after = clerk_client.get(reverse("nominations:list")).content.decode()

    assert link not in before
    assert link in after


def test_unit_list_costs_the_same_queries_for_more_cases(make_case, clerk_client):
    make_case(status=ObjectionStatus.VERIFYING)
    with CaptureQueriesContext(connection) as few:
        clerk_client.get(reverse("publicity:unit_cases"))
    for _ in range(5):
        make_case(status=ObjectionStatus.VERIFYING)
    with CaptureQueriesContext(connection) as many:
        clerk_client.get(reverse("publicity:unit_cases"))

    assert len(many) == len(few)
