"""Receiving objections: numbering, the private code, and every acceptance rule."""

import datetime
import threading

import pytest
from django.contrib.auth.hashers import check_password
from django.db import connections
from django.test import RequestFactory
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError
from longjiang.uploads import clean_upload, private_path
from publicity.models import (
    Acceptance,
    AnonymousPolicy,
    ComplainantKind,
    Evidence,
    Objection,
    PostmarkRule,
    PublicitySettings,
    Source,
)
from publicity.selectors.objections import lookup_status
from publicity.services.objections import CODE_ALPHABET, NotListed, NotLive, receive_objection
from publicity.workflow import ObjectionStatus
from tests.factories import pdf_upload
from tests.publicity.objection_helpers import make_notice

pytestmark = pytest.mark.django_db

PERSON = {
    "complainant_kind": ComplainantKind.PERSON,
    "complainant_name": "赵明",
    "complainant_phone": "13900001111",
    "complainant_address": "哈尔滨市南岗区红军街1号",
    "facts": "该人选的获奖情况与事实不符。",
    "declared_truthful": True,
}


def public_request():
    return RequestFactory().post("/publicity/objections/new/", REMOTE_ADDR="203.0.113.9")


def file_online(notice, nomination, **fields):
    values = {**PERSON, **fields}
    return receive_objection(
        notice, nomination=nomination, source=Source.ONLINE, request=public_request(), **values
    )


def log(notice, nomination, actor, **fields):
    values = {**PERSON, "source": Source.CALL, **fields}
    return receive_objection(notice, nomination=nomination, actor=actor, **values)


def set_policy(campaign, **values):
    PublicitySettings.objects.update_or_create(campaign=campaign, defaults=values)


def codes(objection):
    return list(
        AuditEvent.objects.filter(subject_id=objection.pk, code__startswith="publicity.objection")
        .order_by("pk")
        .values_list("code", "actor", "data")
    )


# --- Online, real name ---------------------------------------------------------------


def test_online_objection_is_received_numbered_and_audited_as_public(live_notice, listed):
    objection, code = file_online(live_notice, listed[0])

    assert objection.receipt_number == "YY2021-0001"
    assert objection.status == ObjectionStatus.RECEIVED
    assert objection.acceptance == Acceptance.ACCEPTED
    assert objection.source == Source.ONLINE
    assert objection.logged_by is None
    assert len(code) == 10 and set(code) <= set(CODE_ALPHABET)
    [(event_code, actor, data)] = codes(objection)
    assert (event_code, actor) == ("publicity.objection_received", None)
    assert data["via"] == "public"
    assert len(data["client"]) == 16 and "203.0.113.9" not in str(data)
    assert {k: data[k] for k in ("from", "to", "nomination", "source", "acceptance")} == {
        "from": None,
        "to": "received",
        "nomination": listed[0].pk,
        "source": "online",
        "acceptance": "accepted",
    }
    assert "13900001111" not in str(data)


def test_private_code_is_stored_only_as_a_hash(live_notice, listed):
    objection, code = file_online(live_notice, listed[0])

    stored = Objection.objects.values_list("lookup_code_hash", flat=True).get(pk=objection.pk)
    assert code not in stored
    assert check_password(code, stored)
    row = Objection.objects.filter(pk=objection.pk).values().get()
    assert all(code not in str(value) for value in row.values())


def test_receipt_numbers_are_sequential_per_campaign(live_notice, listed):
    numbers = [file_online(live_notice, listed[i % 2])[0].receipt_number for i in range(3)]

    assert numbers == ["YY2021-0001", "YY2021-0002", "YY2021-0003"]


def test_receipt_numbers_continue_after_the_highest_when_a_row_was_deleted(live_notice, listed):
    first, second, third = (file_online(live_notice, listed[0])[0] for _ in range(3))
    second.delete()

    fourth = file_online(live_notice, listed[0])[0]

    assert fourth.receipt_number == "YY2021-0004"
    assert first.receipt_number == "YY2021-0001" and third.receipt_number == "YY2021-0003"


def test_codes_differ_between_objections(live_notice, listed):
    codes_given = {file_online(live_notice, listed[0])[1] for _ in range(5)}

    assert len(codes_given) == 5


def test_online_only_while_the_notice_is_live(campaign, staff_user, listed):
    today = timezone.localdate()
    closed = make_notice(
        campaign,
        staff_user,
        listed,
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today - datetime.timedelta(days=1),
        closes_at=timezone.now() - datetime.timedelta(hours=1),
    )

    with pytest.raises(NotLive):
        file_online(closed, listed[0])
    assert Objection.objects.count() == 0


def test_online_for_a_person_the_notice_does_not_publish_is_refused(live_notice, make_nomination):
    outsider = make_nomination(name="孙立")

    with pytest.raises(NotListed):
        file_online(live_notice, outsider)


def test_online_without_the_declaration_is_refused(live_notice, listed):
    with pytest.raises(DomainError):
        file_online(live_notice, listed[0], declared_truthful=False)


def test_online_evidence_is_stored_as_rows_and_files(live_notice, listed):
    clean = clean_upload(pdf_upload("证明.pdf"), kind="evidence")

    objection, _code = file_online(live_notice, listed[0], evidence=[clean])

    [evidence] = Evidence.objects.filter(objection=objection)
    assert evidence.original_name == "证明.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == clean.sha256
    assert private_path(evidence.storage_name).read_bytes() == clean.content


def test_a_refused_objection_leaves_no_file(live_notice, make_nomination, private_root):
    clean = clean_upload(pdf_upload("证明.pdf"), kind="evidence")
    outsider = make_nomination(name="孙立")
    before = sorted(p.name for p in private_root.rglob("*.pdf"))

    with pytest.raises(NotListed):
        file_online(live_notice, outsider, evidence=[clean])

    assert sorted(p.name for p in private_root.rglob("*.pdf")) == before


# --- Not real-name -------------------------------------------------------------------


@pytest.mark.parametrize(
    "missing", ["complainant_name", "complainant_phone", "complainant_address"]
)
def test_person_without_name_or_contact_is_a_lead_by_default(live_notice, listed, missing):
    objection, _code = file_online(live_notice, listed[0], **{missing: ""})

    assert objection.acceptance == Acceptance.NOT_REAL_NAME
    assert objection.status == ObjectionStatus.NOT_ACCEPTED
    assert [c for c, _a, _d in codes(objection)] == [
        "publicity.objection_received",
        "publicity.objection_declined",
    ]
    declined = codes(objection)[1][2]
    assert declined["acceptance"] == "not_real_name" and declined["via"] == "public"


def test_anonymous_is_accepted_under_the_accept_policy(live_notice, listed, campaign):
    set_policy(campaign, anonymous_policy=AnonymousPolicy.ACCEPT)

    objection, _code = file_online(
        live_notice, listed[0], complainant_name="", complainant_phone="", complainant_address=""
    )

    assert objection.acceptance == Acceptance.ACCEPTED
    assert objection.status == ObjectionStatus.RECEIVED


def test_anonymous_call_is_a_lead_by_default(live_notice, listed, handler):
    objection, _code = log(
        live_notice,
        listed[0],
        handler,
        complainant_kind=ComplainantKind.ANONYMOUS,
        complainant_name="",
        complainant_phone="",
        complainant_address="",
    )

    assert (objection.acceptance, objection.status) == ("not_real_name", "not_accepted")
    assert [(c, a) for c, a, _d in codes(objection)] == [
        ("publicity.objection_received", handler.pk),
        ("publicity.objection_declined", handler.pk),
    ]


def test_unit_online_without_the_sealed_letter_is_not_real_name(live_notice, listed):
    unit = {
        "complainant_kind": ComplainantKind.UNIT,
        "complainant_unit": "哈尔滨某机械厂",
    }

    without, _ = file_online(live_notice, listed[0], **unit)
    sealed_letter = clean_upload(pdf_upload("单位来函.pdf"), kind="evidence")
    with_letter, _ = file_online(live_notice, listed[0], evidence=[sealed_letter], **unit)

    assert (without.unit_sealed, without.acceptance) == (False, Acceptance.NOT_REAL_NAME)
    assert (with_letter.unit_sealed, with_letter.acceptance) == (True, Acceptance.ACCEPTED)


def test_unit_visit_needs_the_seal_confirmed_by_staff(live_notice, listed, handler):
    unit = {"complainant_kind": ComplainantKind.UNIT, "complainant_unit": "哈尔滨某机械厂"}

    unsealed, _ = log(live_notice, listed[0], handler, source=Source.VISIT, **unit)
    sealed, _ = log(live_notice, listed[0], handler, source=Source.VISIT, unit_sealed=True, **unit)

    assert unsealed.acceptance == Acceptance.NOT_REAL_NAME
    assert sealed.acceptance == Acceptance.ACCEPTED


# --- Late ----------------------------------------------------------------------------


def test_call_at_the_cut_off_is_late(campaign, staff_user, listed, handler):
    now = timezone.now()
    notice = make_notice(
        campaign,
        staff_user,
        listed,
        starts_on=timezone.localdate() - datetime.timedelta(days=6),
        ends_on=timezone.localdate(),
        closes_at=now - datetime.timedelta(minutes=30),
    )

    on_time, _ = log(
        notice, listed[0], handler, received_at=notice.closes_at - datetime.timedelta(seconds=1)
    )
    late, _ = log(notice, listed[0], handler, received_at=notice.closes_at)

    assert (on_time.acceptance, on_time.status) == ("accepted", "received")
    assert (late.acceptance, late.status) == ("late", "not_accepted")
    assert codes(late)[1][2]["acceptance"] == "late"


@pytest.mark.parametrize("rule", [PostmarkRule.SENT, PostmarkRule.ARRIVED])
def test_letter_postmarked_on_the_last_day_is_on_time_the_day_after_late(
    campaign, staff_user, listed, handler, rule
):
    set_policy(campaign, postmark_rule=rule)
    today = timezone.localdate()
    notice = make_notice(
        campaign,
        staff_user,
        listed,
        starts_on=today - datetime.timedelta(days=8),
        ends_on=today - datetime.timedelta(days=2),
        closes_at=timezone.now() - datetime.timedelta(days=2),
    )
    letter = {"source": Source.LETTER, "received_at": timezone.now()}

    last_day, _ = log(notice, listed[0], handler, postmark_date=notice.ends_on, **letter)
    day_after, _ = log(
        notice,
        listed[0],
        handler,
        postmark_date=notice.ends_on + datetime.timedelta(days=1),
        **letter,
    )

    # Delivered after the cut-off, the letter postmarked on the last day still counts.
    assert last_day.acceptance == Acceptance.ACCEPTED
    assert day_after.acceptance == Acceptance.LATE
    assert day_after.status == ObjectionStatus.NOT_ACCEPTED


def test_late_wins_over_not_real_name(campaign, staff_user, listed, handler):
    notice = make_notice(
        campaign,
        staff_user,
        listed,
        starts_on=timezone.localdate() - datetime.timedelta(days=6),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )

    objection, _ = log(notice, listed[0], handler, complainant_name="")

    assert objection.acceptance == Acceptance.LATE


def test_letter_needs_a_postmark_not_after_its_arrival(live_notice, listed, handler):
    with pytest.raises(DomainError, match="邮戳日期"):
        log(live_notice, listed[0], handler, source=Source.LETTER)
    with pytest.raises(DomainError, match="邮戳日期不能晚于收到日期"):
        log(
            live_notice,
            listed[0],
            handler,
            source=Source.LETTER,
            postmark_date=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_staff_without_the_flag_cannot_log(live_notice, listed, staff_user):
    with pytest.raises(DomainError):
        log(live_notice, listed[0], staff_user)
    assert Objection.objects.count() == 0


def test_staff_log_is_audited_with_the_actor_and_logged_by(live_notice, listed, handler):
    objection, code = log(live_notice, listed[0], handler, source=Source.EMAIL)

    assert objection.logged_by == handler
    assert objection.source == Source.EMAIL
    [(event_code, actor, data)] = codes(objection)
    assert (event_code, actor) == ("publicity.objection_received", handler.pk)
    assert "via" not in data
    assert lookup_status(objection.receipt_number, code).label == "已登记"


# --- Lookup --------------------------------------------------------------------------


def test_lookup_with_the_right_pair_only(live_notice, listed):
    first, first_code = file_online(live_notice, listed[0])
    second, second_code = file_online(live_notice, listed[1], complainant_name="")

    mine = lookup_status(first.receipt_number, first_code.lower()[:5] + " " + first_code[5:])

    assert mine.receipt_number == "YY2021-0001"
    assert mine.label == "已登记"
    assert lookup_status(first.receipt_number, second_code) is None
    assert lookup_status("YY2021-0099", first_code) is None
    theirs = lookup_status(second.receipt_number, second_code)
    assert (theirs.label, theirs.reason) == ("不予受理", "非实名，不予受理")


# --- Concurrency (PostgreSQL) --------------------------------------------------------


@pytest.mark.usefixtures("row_locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_objections_get_distinct_sequential_numbers(live_notice, listed):
    count = 6
    barrier = threading.Barrier(count)
    results: list = []

    def file():
        try:
            barrier.wait(timeout=10)
            results.append(file_online(live_notice, listed[0])[0].receipt_number)
        except Exception as exc:  # A failure is the result under test.
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [f"YY2021-{n:04d}" for n in range(1, count + 1)], results


# --- After the publicity result --------------------------------------------------------


def test_a_timely_letter_after_the_result_is_kept_as_a_lead(
    campaign, version1, main_notice, staff_user, candidates, handler
):
    from django.test import Client

    from publicity.services.results import record_publicity_result

    record_publicity_result(campaign, actor=staff_user)

    # Posted on the last day (timely under the sending postmark), arrived after the result.
    letter, _code = log(
        main_notice,
        candidates["孙丽华"],
        handler,
        source=Source.LETTER,
        received_at=timezone.now(),
        postmark_date=main_notice.ends_on,
    )

    assert letter.acceptance == Acceptance.AFTER_RESULT
    assert letter.status == ObjectionStatus.NOT_ACCEPTED
    assert [(c, d["to"], d["acceptance"]) for c, _actor, d in codes(letter)] == [
        ("publicity.objection_received", "received", "after_result"),
        ("publicity.objection_declined", "not_accepted", "after_result"),
    ]
    client = Client()
    client.force_login(handler)
    page = client.get("/publicity/staff/objections/").content.decode()
    assert letter.receipt_number in page
    assert "公示结果确认后收到，作为线索" in page


def test_a_late_letter_after_the_result_stays_late(
    campaign, version1, main_notice, staff_user, candidates, handler
):
    from publicity.services.results import record_publicity_result

    record_publicity_result(campaign, actor=staff_user)

    letter, _code = log(
        main_notice,
        candidates["孙丽华"],
        handler,
        source=Source.LETTER,
        received_at=timezone.now(),
        postmark_date=timezone.localdate(),
    )

    assert letter.acceptance == Acceptance.LATE
