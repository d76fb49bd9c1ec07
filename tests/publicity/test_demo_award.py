"""The demo stage ``award``: each step of publicity/demo/award.py, as seed_demo runs them."""

import pytest
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from nominations.models import Campaign
from publicity.models import Payment
from publicity.selectors.roster import award_roster

pytestmark = pytest.mark.django_db


def test_seed_demo_award_records_two_payments_of_the_roster(seed_demo):
    output = seed_demo(stage="award", nominations=30)

    roster = award_roster(Campaign.objects.get(year=2021))
    assert "Payments: 2 of 7 recorded." in output
    assert [line.paid for line in roster.lines] == [True, True, False, False, False, False, False]
    payments = Payment.objects.order_by("voucher")
    assert [(p.voucher, p.amount, p.note) for p in payments] == [
        ("记-2021-0001", 5000, "银行转账"),
        ("记-2021-0002", 5000, "银行转账"),
    ]
    assert {p.paid_on for p in payments} == {timezone.localdate()}
    assert {p.recorded_by.username for p in payments} == {"staff"}
    assert AuditEvent.objects.filter(code="award.payment_recorded").count() == 2
    assert verify_chain().ok
