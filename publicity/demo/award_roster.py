"""The award stage's second step: staff record the payment of two people's awards.

The first two people of the roster (by unit, as finance pays them) are paid today,
the day the demo's publicity result fixes the final list, by bank transfer; the
others stay 未发放, so the roster page shows both states.
"""

from django.utils import timezone

from longjiang.demo import DemoRun
from nominations.demo.seeding import seeding_of
from nominations.models import Nomination
from publicity.selectors.roster import award_roster
from publicity.services.payments import record_payment

PAID = 2


def seed(run: DemoRun) -> str:
    seeding = seeding_of(run)
    campaign = seeding.campaign
    roster = award_roster(campaign)
    for index, line in enumerate(roster.lines[:PAID], start=1):
        if line.paid:
            continue
        record_payment(
            campaign,
            Nomination.objects.select_related("unit").get(pk=line.nomination_id),
            paid_on=timezone.localdate(),
            voucher=f"记-{campaign.year}-{index:04d}",
            note="银行转账",
            actor=seeding.staff,
        )
    roster = award_roster(campaign)
    return f"Payments: {roster.paid_count} of {roster.count} recorded."
