"""Allocating the certificates' serial numbers and tokens (荣誉证书编号)."""

import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connections
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError
from publicity.models import Certificate
from publicity.services import certificates
from publicity.services.certificates import NoFinalList, allocate_certificates

pytestmark = pytest.mark.django_db


def test_everyone_on_the_final_list_gets_a_certificate_in_list_order(final, staff_user):
    issued = allocate_certificates(final, actor=staff_user)

    assert [(c.number, c.serial, c.name) for c in issued] == [
        (1, "LJGJ-2021-001", "欧阳明辉"),
        (2, "LJGJ-2021-002", "孙丽华"),
    ]
    first = issued[0]
    assert first.employer_name == first.nomination.employer_name
    assert first.issued_on == timezone.localdate()
    assert first.allocated_by == staff_user
    assert not first.revoked
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", first.token)
    assert first.token != issued[1].token
    event = AuditEvent.objects.get(code="award.certificates_allocated")
    assert event.actor == staff_user
    assert event.subject_id == final.pk
    assert event.data == {
        "year": 2021,
        "allocated": 2,
        "total": 2,
        "first": "LJGJ-2021-001",
        "last": "LJGJ-2021-002",
    }


def test_the_date_of_issue_is_the_local_day_of_allocation(final, staff_user, monkeypatch):
    # 2021-09-19 17:30 UTC is already 20 September in Harbin.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2021, 9, 19, 17, 30, tzinfo=UTC))

    issued = allocate_certificates(final, actor=staff_user)

    assert {c.issued_on for c in issued} == {date(2021, 9, 20)}


def test_regenerating_gives_the_same_numbers_tokens_and_dates(final, staff_user, monkeypatch):
    first = allocate_certificates(final, actor=staff_user)
    later = timezone.now() + timedelta(days=30)
    monkeypatch.setattr(timezone, "now", lambda: later)

    again = allocate_certificates(final, actor=staff_user)

    assert [(c.pk, c.serial, c.token, c.issued_on) for c in again] == [
        (c.pk, c.serial, c.token, c.issued_on) for c in first
    ]
    assert Certificate.objects.count() == 2
    # Nothing new was allocated: one audit event only.
    assert AuditEvent.objects.filter(code="award.certificates_allocated").count() == 1


def test_a_revoked_certificate_keeps_its_number_and_nobody_gets_it_again(final, staff_user):
    issued = allocate_certificates(final, actor=staff_user)
    Certificate.objects.filter(pk=issued[0].pk).update(
        revoked_at=timezone.now(), revoked_by=staff_user, revoke_reason="查实取消资格"
    )

    again = allocate_certificates(final, actor=staff_user)

    assert [(c.serial, c.revoked) for c in again] == [
        ("LJGJ-2021-001", True),
        ("LJGJ-2021-002", False),
    ]


def test_missing_people_continue_after_the_highest_number_ever_used(final, staff_user, candidates):
    # 孙丽华 already holds number 7 (the numbers before it went to people since
    # removed): 欧阳明辉, allocated now, gets 8, never a number below.
    Certificate.objects.create(
        campaign=final,
        nomination=candidates["孙丽华"],
        number=7,
        serial="LJGJ-2021-007",
        token="earlier-token",
        name="孙丽华",
        employer_name="earlier",
        issued_on=date(2021, 9, 1),
        allocated_at=timezone.now(),
    )

    issued = allocate_certificates(final, actor=staff_user)

    assert [(c.name, c.number, c.serial) for c in issued] == [
        ("欧阳明辉", 8, "LJGJ-2021-008"),
        ("孙丽华", 7, "LJGJ-2021-007"),
    ]
    assert issued[1].token == "earlier-token"
    event = AuditEvent.objects.get(code="award.certificates_allocated")
    assert event.data == {
        "year": 2021,
        "allocated": 1,
        "total": 2,
        "first": "LJGJ-2021-008",
        "last": "LJGJ-2021-008",
    }


def test_the_prefix_is_one_constant(final, staff_user, monkeypatch):
    monkeypatch.setattr(certificates, "SERIAL_PREFIX", "HLJ")

    issued = allocate_certificates(final, actor=staff_user)

    assert [c.serial for c in issued] == ["HLJ-2021-001", "HLJ-2021-002"]


def test_without_a_final_list_nothing_is_allocated(campaign, version1, main_notice, staff_user):
    with pytest.raises(NoFinalList) as refused:
        allocate_certificates(campaign, actor=staff_user)

    assert str(refused.value.message) == "尚未记录公示结果，还没有命名名单，不能生成荣誉证书。"
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(code="award.certificates_allocated").exists()


def test_only_provincial_staff_allocate(final, clerk):
    with pytest.raises(DomainError):
        allocate_certificates(final, actor=clerk)

    assert not Certificate.objects.exists()


def test_the_operator_allocates_without_an_actor(final):
    issued = allocate_certificates(final, actor=None)

    assert [c.serial for c in issued] == ["LJGJ-2021-001", "LJGJ-2021-002"]
    assert issued[0].allocated_by is None
    assert AuditEvent.objects.get(code="award.certificates_allocated").actor is None


@pytest.mark.django_db(transaction=True)
def test_two_allocations_at_once_never_duplicate_a_number(final, staff_user, row_locks):
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def allocate():
        try:
            barrier.wait(timeout=10)
            outcomes.append([c.serial for c in allocate_certificates(final, actor=staff_user)])
        except Exception as exc:  # A failure is the thread's result.
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == [["LJGJ-2021-001", "LJGJ-2021-002"]] * 2
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [1, 2]
    assert AuditEvent.objects.filter(code="award.certificates_allocated").count() == 1
