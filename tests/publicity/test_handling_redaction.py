"""The unit reads only what the handler forwards of a case, never the complainant's own words.

A complainant often names themself in the facts; the handler edits what goes to the
recommending unit (``Objection.forwarded_facts``). ``MARKER`` is written only in the
facts: no page, mail or document the unit's clerk gets may carry it.
"""

from datetime import date, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.documents import registry
from longjiang.exceptions import DomainError
from publicity import exports
from publicity.services.handling import (
    decide,
    remind_units,
    send_for_verification,
    submit_report,
)
from publicity.workflow import ObjectionStatus
from tests.factories import pdf_upload
from tests.pdftotext import pdftotext

pytestmark = pytest.mark.django_db

MARKER = "我是举报人王某"
FACTS = f"{MARKER}，与其同在一个车间。反映其获奖证书的取得时间与申报材料不符。"
FORWARDED = "反映其获奖证书的取得时间与申报材料不符。"
SEND_DAY = date(2021, 9, 30)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def sent_event() -> AuditEvent:
    return AuditEvent.objects.get(code="publicity.objection_sent_for_verification")


# --- The service --------------------------------------------------------------------


def test_service_forwards_the_facts_unchanged_by_default(make_case, handler):
    case = send_for_verification(make_case(facts=FACTS), actor=handler, today=SEND_DAY)

    assert case.forwarded_facts == FACTS
    assert sent_event().data["facts_edited"] is False


def test_service_stores_the_edited_text_and_audits_only_that_it_was_edited(make_case, handler):
    case = send_for_verification(
        make_case(facts=FACTS),
        actor=handler,
        forwarded_facts=f"  {FORWARDED}\n",
        today=SEND_DAY,
    )

    case.refresh_from_db()
    assert case.forwarded_facts == FORWARDED
    assert case.facts == FACTS
    assert sent_event().data == {
        "from": "received",
        "to": "verifying",
        "nomination": case.nomination_id,
        "due": "2021-10-11",
        "note": "",
        "facts_edited": True,
    }


def test_service_refuses_a_blank_forwarded_text(make_case, handler):
    case = make_case(facts=FACTS)

    with pytest.raises(DomainError, match="请填写转推荐单位核查的问题"):
        send_for_verification(case, actor=handler, forwarded_facts=" \n ", today=SEND_DAY)

    case.refresh_from_db()
    assert (case.status, case.forwarded_facts) == (ObjectionStatus.RECEIVED, "")
    assert not AuditEvent.objects.filter(code="publicity.objection_sent_for_verification").exists()


# --- The send form ------------------------------------------------------------------


def test_send_form_is_prefilled_with_the_facts_and_says_what_to_remove(make_case, handler):
    from django.test import Client

    case = make_case(facts=FACTS)
    client = Client()
    client.force_login(handler)

    body = client.get(reverse("publicity:staff_case", args=[case.pk])).content.decode()

    assert 'name="forwarded_facts"' in body
    assert f"{FACTS}</textarea>" in body
    assert "请删去可能识别反映人的内容" in body


@pytest.mark.parametrize("data", [{"note": "请核实。"}, {"forwarded_facts": "  ", "note": ""}])
def test_send_form_requires_the_forwarded_text(make_case, handler, data):
    from django.test import Client

    case = make_case(facts=FACTS)
    client = Client()
    client.force_login(handler)

    response = client.post(reverse("publicity:case_send", args=[case.pk]), data)

    assert response.status_code == 422
    assert response.context["send_form"].errors == {"forwarded_facts": ["这个字段是必填项。"]}
    case.refresh_from_db()
    assert (case.status, case.sent_at) == (ObjectionStatus.RECEIVED, None)


# --- Everything the clerk gets -------------------------------------------------------


def test_clerk_never_gets_the_facts_only_the_forwarded_text(
    make_case, handler, clerk, campaign, django_capture_on_commit_callbacks
):
    from django.test import Client

    case = make_case(facts=FACTS)
    handler_client, clerk_client = Client(), Client()
    handler_client.force_login(handler)
    clerk_client.force_login(clerk)
    clerk_pages = []

    def clerk_sees(*urls):
        for url in urls:
            response = clerk_client.get(url)
            assert response.status_code == 200, url
            clerk_pages.append((url, response.content.decode()))

    # The handler sends the case with the edited text, through the page.
    with django_capture_on_commit_callbacks(execute=True):
        sent = handler_client.post(
            reverse("publicity:case_send", args=[case.pk]),
            {"forwarded_facts": FORWARDED, "note": "请核实获奖证书原件。"},
        )
    assert sent.status_code == 302
    unit_case = reverse("publicity:unit_case", args=[case.pk])
    clerk_sees(reverse("nominations:list"), reverse("publicity:unit_cases"), unit_case)

    # The reminder the day the report is due.
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_units(now=at(case.verification_due)) == 1

    # The clerk reports; the handler decides.
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(case, actor=clerk, report_file=pdf_upload("核查报告.pdf"))
    clerk_sees(reverse("publicity:unit_cases"), unit_case)
    case.refresh_from_db()
    decide(case, actor=handler, outcome="not_true", note="经核查。", reply_text="反映不实。")
    clerk_sees(reverse("publicity:unit_cases"), unit_case)

    # Pages.
    for url, body in clerk_pages:
        assert MARKER not in body, url
    assert all(FORWARDED in body for url, body in clerk_pages if url == unit_case)
    # Mail to the unit: the request and the reminder.
    unit_mail = [m for m in mail.outbox if clerk.email in m.to]
    assert len(unit_mail) == 2
    for message in unit_mail:
        assert MARKER not in message.subject + message.body
    # Documents: every publicity document the clerk may ask for, built as for them.
    params = {"campaign": campaign.year, "case": case.receipt_number}
    given = [kind for kind in registry.kinds() if kind.kind.startswith("publicity.")]
    assert {kind.kind for kind in given} >= {"publicity.case_file", "publicity.reply_letter"}
    for kind in given:
        if kind.allowed(clerk, params):
            built = kind.build(params, user=clerk, progress=None)
            assert MARKER.encode() not in built.content, kind.kind
    assert registry.get("publicity.case_file").allowed(clerk, params) is False
    # The report the clerk downloads is the unit's own file.
    report = clerk_client.get(reverse("publicity:case_report", args=[case.pk]))
    assert MARKER.encode() not in b"".join(report.streaming_content)


def test_handler_sees_both_texts_labelled(make_case, handler):
    from django.test import Client

    case = send_for_verification(
        make_case(facts=FACTS), actor=handler, forwarded_facts=FORWARDED, today=SEND_DAY
    )
    client = Client()
    client.force_login(handler)

    body = client.get(reverse("publicity:staff_case", args=[case.pk])).content.decode()

    assert "反映的问题（反映人原文，不向推荐单位提供）" in body
    assert MARKER in body
    assert f'转推荐单位核查的问题</dt><dd class="col-sm-8 text-break">{FORWARDED}</dd>' in body


def test_staff_case_file_shows_both_texts_labelled(make_case, handler, campaign):
    case = send_for_verification(
        make_case(facts=FACTS), actor=handler, forwarded_facts=FORWARDED, today=SEND_DAY
    )

    built = exports.case_file(campaign, case.receipt_number, user=handler, progress=None)

    text = pdftotext(built.content).replace("\n", "")
    assert "反映的问题（反映人原文）" in text
    assert MARKER in text
    assert f"转推荐单位核查的问题{FORWARDED}" in text.replace(" ", "")
