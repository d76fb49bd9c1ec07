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
    """One submitted sheet's total, already cleared of conflicts.

    A named tuple: the ranking makes one for each of some 15,000 sheets.
    """

    nomination_id: int
    expert_id: int
    total: Decimal


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
    return results


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
