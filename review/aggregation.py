"""From submitted score sheets to a ranking and a proposed list: pure functions, no database.

The rules, as written on the ranking page (``FORMULA`` in the template):

* A candidate's scores are the totals of the submitted sheets of experts not in
  conflict with the candidate. ``n`` is their number.
* mean = sum / n. trimmed mean = (sum − highest − lowest) / (n − 2), only when
  n ≥ ``trim_from`` (a campaign setting, 5 by default); below that it equals the mean.
* standard deviation: the sample standard deviation (divisor n − 1), from n ≥ 2.
  spread = highest − lowest; experts disagree when the spread exceeds the threshold.
* normalised (shown beside, never instead): each expert's totals become z-scores
  against that expert's own mean and population standard deviation (z = 0 for an
  expert with fewer than two scores or no variation), rescaled to G + z·S, where G
  and S are the mean and population standard deviation of every total, and kept
  inside 0 … the rubric's maximum; a candidate's normalised score is the mean of those.
  Computed only when the campaign shows it (``Rules.normalise``).
* Every value is rounded to two decimals, half up; the ranking compares the rounded
  value of the campaign's method, so equal displayed scores share a rank (1, 2, 2, 4).
  Candidates without scores are not ranked.
* Positions 1 … quota are the list by ranking, the next ``reserve_size`` the reserve.
  A group of tied candidates that straddles the quota line is flagged for the council.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import isqrt
from typing import NamedTuple

CENT = Decimal("0.01")
ZERO = Decimal("0")


class Method:
    MEAN = "mean"
    TRIMMED = "trimmed"


class Part:
    LISTED = "listed"
    RESERVE = "reserve"
    OUT = ""


@dataclass(frozen=True)
class Rules:
    """The campaign's aggregation rules (``ReviewSettings`` and ``Campaign.quota``)."""

    method: str = Method.TRIMMED
    trim_from: int = 5
    disagreement_threshold: Decimal = Decimal("20")
    quota: int = 100
    reserve_size: int = 10
    max_total: Decimal = Decimal("100")
    # Whether to compute the normalised scores: the campaign shows them (``show_normalised``).
    # Off, ``Result.normalised`` stays None and 15,000 sheets are not rescaled for nothing.
    normalise: bool = True


class SheetTotal(NamedTuple):
    """One submitted sheet's total, already cleared of conflicts."""

    nomination_id: int
    expert_id: int
    total: Decimal


# One submitted sheet's total in whole tenths of a point (37.5 is 375), already cleared
# of conflicts: (nomination id, expert id, tenths), as the database returns the row.
# A sheet's points have one decimal, so its total is a whole number of tenths.
TenthsRow = tuple[int, int, int]


class _Scaled(dict):
    """Whole numbers as the ``Decimal`` of a fixed scale, each made once per process.

    ``_TENTHS[375]`` is ``Decimal("37.5")`` and ``_TENTHS[300]`` ``Decimal("30.0")``,
    the values (and scale) the database returns for a total; ``_CENTS[8525]`` is
    ``Decimal("85.25")``, a rounded figure. Decimals are immutable, so one object
    serves every sheet with that total.
    """

    def __init__(self, exponent: int):
        super().__init__()
        self.exponent = exponent

    def __missing__(self, number: int) -> Decimal:
        value = self[number] = Decimal(number).scaleb(self.exponent)
        return value


_TENTHS = _Scaled(-1)
_CENTS = _Scaled(-2)


@dataclass
class Result:
    """One candidate's aggregated scores and place in the ranking."""

    nomination_id: int
    by_expert: dict[int, Decimal]
    n: int = 0
    mean: Decimal | None = None
    trimmed_mean: Decimal | None = None
    trimmed: bool = False
    std_dev: Decimal | None = None
    spread: Decimal | None = None
    disagreement: bool = False
    normalised: Decimal | None = None
    score: Decimal | None = None
    rank: int | None = None
    position: int | None = None
    tied: bool = False
    tie_at_quota: bool = False
    part: str = Part.OUT


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO) / len(values)


def _pstdev(values: Sequence[Decimal], mu: Decimal) -> Decimal:
    """The population standard deviation of ``values``, whose mean is ``mu``."""
    return (sum([(v - mu) ** 2 for v in values], ZERO) / len(values)).sqrt()


def _stdev(values: Sequence[Decimal], mu: Decimal) -> Decimal:
    """The sample standard deviation of ``values``, whose mean is ``mu``."""
    return (sum([(v - mu) ** 2 for v in values], ZERO) / (len(values) - 1)).sqrt()


def _describe(result: Result, rules: Rules) -> None:
    values = sorted(result.by_expert.values())
    result.n = n = len(values)
    if not values:
        return
    mu = _mean(values)
    result.mean = _round(mu)
    result.trimmed = n >= max(rules.trim_from, 3)
    result.trimmed_mean = _round(_mean(values[1:-1])) if result.trimmed else result.mean
    result.std_dev = _round(_stdev(values, mu)) if n >= 2 else None
    result.spread = values[-1] - values[0]
    result.disagreement = result.spread > rules.disagreement_threshold
    result.score = result.trimmed_mean if rules.method == Method.TRIMMED else result.mean


def _halves_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded to a whole number, halves away from zero
    (``ROUND_HALF_UP``); exact for any integers, ``denominator`` > 0."""
    if numerator < 0:
        return -((-2 * numerator + denominator) // (2 * denominator))
    return (2 * numerator + denominator) // (2 * denominator)


def _describe_tenths(result: Result, tenths: Sequence[int], rules: Rules) -> None:
    """``_describe`` of a candidate whose totals are whole tenths, in integers.

    The same figures as ``_describe`` over the totals as ``Decimal``s: ``_describe``
    rounds values computed to 28 significant digits, here exact ones are rounded.
    The two differ only where a value lies within that precision of a half cent:

    * a mean of n totals in tenths not on a half cent is at least 1 / (200 n) of a
      point away from one (10⁻²³ is the most 28 digits are off by);
    * a standard deviation, √(a quotient of integers with denominator n (n − 1)),
      not on a half cent is some 10⁻¹³ away from one at the least (for up to 1,000
      sheets a candidate), far more than ``_describe``'s error. On a half cent
      exactly, ``_describe``'s 28 digits decide, so that case is computed by it.
    """
    values = sorted(tenths)
    result.n = n = len(values)
    if not n:
        return
    total = sum(values)
    # In cents: mean = total / (10 n) points = 10 total / n cents.
    result.mean = _CENTS[_halves_up(10 * total, n)]
    result.trimmed = n >= max(rules.trim_from, 3)
    if result.trimmed:
        result.trimmed_mean = _CENTS[_halves_up(10 * (total - values[0] - values[-1]), n - 2)]
    else:
        result.trimmed_mean = result.mean
    if n >= 2:
        # Sample variance in points² = (n Σt² − (Σt)²) / (100 n (n − 1)); twice the
        # standard deviation in cents is √(400 (n Σt² − (Σt)²) / (n (n − 1))).
        numerator = 400 * (n * sum([t * t for t in values]) - total * total)
        denominator = n * (n - 1)
        twice = isqrt(numerator // denominator)
        if twice % 2 and twice * twice * denominator == numerator:
            # Exactly k + ½ cents: rounded as _describe's Decimal square root is.
            decimals = [_TENTHS[t] for t in values]
            result.std_dev = _round(_stdev(decimals, _mean(decimals)))
        else:
            # The nearest cent, halves up: ⌊(⌊2 s⌋ + 1) / 2⌋ for s ≥ 0.
            result.std_dev = _CENTS[(twice + 1) // 2]
    else:
        result.std_dev = None
    result.spread = _TENTHS[values[-1] - values[0]]
    result.disagreement = result.spread > rules.disagreement_threshold
    result.score = result.trimmed_mean if rules.method == Method.TRIMMED else result.mean


def _normalise(results: Iterable[Result], sheets: Sequence[SheetTotal], rules: Rules) -> None:
    # Some 15,000 sheets pass through the loops below: locals, not attributes, in them.
    if not sheets:
        return
    everything = [s.total for s in sheets]
    grand_mean = _mean(everything)
    grand_sd = _pstdev(everything, grand_mean)
    per_expert: dict[int, list[Decimal]] = defaultdict(list)
    for _nomination_id, expert_id, total in sheets:
        per_expert[expert_id].append(total)
    scale = {}
    for expert_id, totals in per_expert.items():
        mu = _mean(totals)
        scale[expert_id] = (mu, _pstdev(totals, mu) if len(totals) >= 2 else ZERO)
    max_total = rules.max_total
    for result in results:
        if not result.by_expert:
            continue
        rescaled = []
        for expert_id, total in result.by_expert.items():
            mu, sd = scale[expert_id]
            z = (total - mu) / sd if sd else ZERO
            rescaled.append(min(max(grand_mean + z * grand_sd, ZERO), max_total))
        result.normalised = _round(_mean(rescaled))


def aggregate(
    sheets: Iterable[SheetTotal],
    rules: Rules,
    *,
    candidates: Sequence[int] = (),
    display_order: Mapping[int, object] | None = None,
) -> list[Result]:
    """Return every candidate's result in ranking order, unscored candidates last.

    ``candidates`` lists nominations to include even without a score;
    ``display_order`` orders tied and unscored candidates (the nomination id otherwise).
    """
    sheets = list(sheets)
    by_nomination: dict[int, Result] = {pk: Result(pk, {}) for pk in candidates}
    for sheet in sheets:
        result = by_nomination.get(sheet.nomination_id)
        if result is None:
            result = by_nomination[sheet.nomination_id] = Result(sheet.nomination_id, {})
        result.by_expert[sheet.expert_id] = sheet.total
    results = list(by_nomination.values())
    for result in results:
        _describe(result, rules)
    if rules.normalise:
        _normalise(results, sheets, rules)
    _order(results, rules, display_order)
    return results


def aggregate_tenths(
    sheets: Iterable[TenthsRow],
    rules: Rules,
    *,
    candidates: Sequence[int] = (),
    display_order: Mapping[int, object] | None = None,
) -> list[Result]:
    """Return ``aggregate`` of sheets whose totals are whole tenths, computed in integers.

    The results are those ``aggregate`` returns for the same sheets with their totals
    as the database's ``Decimal``s (375 as ``Decimal("37.5")``), value and scale alike,
    ``by_expert`` included; ``_describe_tenths`` says why. The ranking reads some
    15,000 totals a request, so no ``Decimal`` is made for each of them (the few
    hundred distinct totals and figures are made once per process).
    """
    sheets = list(sheets)
    by_nomination: dict[int, dict[int, int]] = {pk: {} for pk in candidates}
    for nomination_id, expert_id, tenths in sheets:
        by_expert = by_nomination.get(nomination_id)
        if by_expert is None:
            by_expert = by_nomination[nomination_id] = {}
        by_expert[expert_id] = tenths
    decimal = _TENTHS
    results = []
    for nomination_id, by_expert in by_nomination.items():
        result = Result(nomination_id, {e: decimal[t] for e, t in by_expert.items()})
        _describe_tenths(result, by_expert.values(), rules)
        results.append(result)
    if rules.normalise:
        # In the sheets' order, as aggregate passes them: the sums are the same.
        totals = [SheetTotal(n, e, decimal[t]) for n, e, t in sheets]
        _normalise(results, totals, rules)
    _order(results, rules, display_order)
    return results


def _order(results: list[Result], rules: Rules, display_order: Mapping[int, object] | None) -> None:
    """Sort the results in ranking order, unscored candidates last, and rank them."""
    order = display_order or {}

    def sort_key(result: Result):
        unscored = result.score is None
        return (
            unscored,
            -(result.score or ZERO),
            order.get(result.nomination_id, ()),
            result.nomination_id,
        )

    results.sort(key=sort_key)
    _rank(results, rules)


def _rank(results: list[Result], rules: Rules) -> None:
    ranked = [r for r in results if r.score is not None]
    counts: dict[Decimal, int] = defaultdict(int)
    for result in ranked:
        counts[result.score] += 1
    first_position: dict[Decimal, int] = {}
    for position, result in enumerate(ranked, start=1):
        result.position = position
        result.rank = first_position.setdefault(result.score, position)
        result.tied = counts[result.score] > 1
        if position <= rules.quota:
            result.part = Part.LISTED
        elif position <= rules.quota + rules.reserve_size:
            result.part = Part.RESERVE
    if 0 < rules.quota < len(ranked):
        at_line, below_line = ranked[rules.quota - 1], ranked[rules.quota]
        if at_line.score == below_line.score:
            for result in ranked:
                if result.score == at_line.score:
                    result.tie_at_quota = True


@dataclass(frozen=True)
class Composition:
    """The proposed list after staff's reasoned moves."""

    listed: list[Result]
    reserve: list[Result]
    moved_in: frozenset[int]
    moved_out: frozenset[int]
    # The whole tied group across the quota line, wherever its members ended up.
    tie_at_quota: list[Result]


def compose(results: Sequence[Result], moves: Mapping[int, str], rules: Rules) -> Composition:
    """Apply moves (nomination id → "in" or "out") to the ranking's default list.

    Moved-in candidates join the list in ranking order; moved-out candidates leave
    both the list and the reserve. The reserve is filled from the ranking below
    whoever is listed, up to ``reserve_size``.
    """
    moved_in = frozenset(pk for pk, d in moves.items() if d == "in")
    moved_out = frozenset(pk for pk, d in moves.items() if d == "out")
    listed = [
        r
        for r in results
        if (r.part == Part.LISTED or r.nomination_id in moved_in)
        and r.nomination_id not in moved_out
    ]
    chosen = {r.nomination_id for r in listed}
    reserve = [
        r
        for r in results
        if r.score is not None
        and r.nomination_id not in chosen
        and r.nomination_id not in moved_out
    ][: rules.reserve_size]
    return Composition(
        listed=listed,
        reserve=reserve,
        moved_in=moved_in,
        moved_out=moved_out,
        tie_at_quota=[r for r in results if r.tie_at_quota],
    )
