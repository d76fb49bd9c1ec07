"""The award roster (奖励发放名单): the final list by recommending unit, each person
with the campaign's award, whether it has been paid, subtotals and the total.

Units come in their official order (``Unit.sort_order``, as on Attachment 2),
people within a unit in final-list order; 序号 runs on through the whole roster.
Names, employers and units are the final list's own (copied when the council
locked it), so the roster reads as the list the public saw. No ID number or phone
is read here.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from longjiang.money import chinese_capital_amount
from nominations.models import Campaign
from publicity.models import Payment, PublicityResult
from publicity.selectors.results import final_list


@dataclass(frozen=True)
class RosterLine:
    number: int
    nomination_id: int
    name: str
    employer_name: str
    unit_name: str
    amount: int
    payment: Payment | None

    @property
    def paid(self) -> bool:
        return self.payment is not None


@dataclass(frozen=True)
class RosterUnit:
    name: str
    lines: tuple[RosterLine, ...]

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True)
class Roster:
    campaign: Campaign
    amount_each: int
    units: tuple[RosterUnit, ...]
    # The day the publicity result fixed the final list; None before.
    final_on: date | None

    @property
    def lines(self) -> list[RosterLine]:
        return [line for unit in self.units for line in unit.lines]

    @property
    def count(self) -> int:
        return sum(unit.count for unit in self.units)

    @property
    def total(self) -> int:
        return sum(unit.amount for unit in self.units)

    @property
    def total_capital(self) -> str:
        return chinese_capital_amount(self.total)

    @property
    def paid_count(self) -> int:
        return sum(1 for line in self.lines if line.paid)

    @property
    def unpaid_count(self) -> int:
        return self.count - self.paid_count

    @property
    def paid_total(self) -> int:
        return sum(line.payment.amount for line in self.lines if line.paid)


def final_list_date(campaign: Campaign) -> date | None:
    """Return the local day the publicity result fixed the final list, or None."""
    recorded_at = (
        PublicityResult.objects.filter(campaign=campaign)
        .values_list("recorded_at", flat=True)
        .first()
    )
    return timezone.localdate(recorded_at) if recorded_at else None


def award_roster(campaign: Campaign) -> Roster:
    """Return the campaign's roster; empty until the publicity result is recorded.

    Three queries whatever the list's length: the result's date, the entries with
    their units' order, the payments.
    """
    rows = final_list(campaign).order_by(
        "nomination__unit__sort_order", "nomination__unit__code", "position"
    )
    rows = rows.values_list(
        "nomination_id", "name", "employer_name", "unit_name", "nomination__unit_id"
    )
    entries = list(rows)
    payments = {
        p.nomination_id: p
        for p in Payment.objects.filter(
            campaign=campaign, nomination_id__in=[e[0] for e in entries]
        ).select_related("recorded_by")
    }
    amount = campaign.award_amount
    units: list[RosterUnit] = []
    current_unit, lines, unit_name = None, [], ""
    for number, (nomination_id, name, employer, entry_unit, unit_id) in enumerate(entries, start=1):
        if unit_id != current_unit and lines:
            units.append(RosterUnit(unit_name, tuple(lines)))
            lines = []
        current_unit, unit_name = unit_id, entry_unit
        lines.append(
            RosterLine(
                number,
                nomination_id,
                name,
                employer,
                entry_unit,
                amount,
                payments.get(nomination_id),
            )
        )
    if lines:
        units.append(RosterUnit(unit_name, tuple(lines)))
    return Roster(
        campaign=campaign,
        amount_each=amount,
        units=tuple(units),
        final_on=final_list_date(campaign) if entries else None,
    )


def roster_line(campaign: Campaign, nomination_id: int) -> RosterLine | None:
    """Return one person's line of the roster, or None for someone not on the final list."""
    return next(
        (line for line in award_roster(campaign).lines if line.nomination_id == nomination_id),
        None,
    )
