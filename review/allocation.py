"""The allocation algorithm: k experts for each candidate of a panel, balanced loads, a cap.

Plain data in, plain data out: ids of experts and candidates, no database. The
selector ``review.selectors.assignments.assignment_input`` gathers the input and
the service ``review.services.assignments.assign_experts`` stores the outcome.

The rules:

- an expert scores only candidates of the panels they are a member of, and never
  a candidate they are in conflict with (the ``excluded`` pairs);
- a pair to keep (the expert has already started a score sheet) stays assigned and
  counts towards the candidate's k and the expert's load, even beyond k or the cap;
- every other candidate gets experts up to k: the least-loaded eligible expert
  first, ties broken by the smaller expert id, never beyond the cap;
- candidates with the fewest eligible experts are served first, so a scarce expert
  is not used up by a candidate that had other choices;
- a candidate left with fewer than k experts is reported with the reason.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (expert id, candidate id)

# Why a candidate has fewer than k experts.
TOO_FEW_MEMBERS = "too_few_members"  # Fewer than k members of its panel without a conflict.
CAP_REACHED = "cap_reached"  # Enough members, but the others have reached the cap.


@dataclass(frozen=True)
class PanelInput:
    """One panel: its candidates and its member experts, by id."""

    panel: int
    candidates: Sequence[int]
    members: Sequence[int]


@dataclass(frozen=True)
class Shortfall:
    """A candidate that could not get k experts."""

    candidate: int
    panel: int
    assigned: int
    eligible: int
    reason: str


@dataclass
class AssignmentPlan:
    """The outcome: every assigned pair, each expert's load, and the shortfalls."""

    pairs: set[Pair] = field(default_factory=set)
    kept: set[Pair] = field(default_factory=set)
    loads: dict[int, int] = field(default_factory=dict)
    shortfalls: list[Shortfall] = field(default_factory=list)

    def experts_of(self, candidate: int) -> list[int]:
        return sorted(e for e, c in self.pairs if c == candidate)


def assign(
    panels: Iterable[PanelInput],
    *,
    k: int,
    cap: int | None = None,
    excluded: Iterable[Pair] = (),
    keep: Iterable[Pair] = (),
) -> AssignmentPlan:
    """Return the assignment of up to ``k`` experts to each candidate of ``panels``.

    Loads and the cap count across panels: an expert in two panels has one load.
    Pairs of ``keep`` that are excluded, or whose expert is not a member of the
    candidate's panel, are not kept.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if cap is not None and cap < 1:
        raise ValueError("cap must be at least 1 or None")
    excluded = set(excluded)
    keep = set(keep)
    plan = AssignmentPlan()

    # (panel, candidate, eligible experts sorted by id, input order)
    work: list[tuple[int, int, list[int], int]] = []
    order = 0
    for panel in panels:
        members = sorted(set(panel.members))
        for expert in members:
            plan.loads.setdefault(expert, 0)
        for candidate in panel.candidates:
            eligible = [e for e in members if (e, candidate) not in excluded]
            for expert in eligible:
                if (expert, candidate) in keep:
                    plan.pairs.add((expert, candidate))
                    plan.kept.add((expert, candidate))
                    plan.loads[expert] += 1
            work.append((panel.panel, candidate, eligible, order))
            order += 1

    # The most constrained candidates first; then the order given.
    work.sort(key=lambda row: (len(row[2]), row[3]))
    short: list[tuple[int, Shortfall]] = []
    for panel, candidate, eligible, position in work:
        have = {e for e in eligible if (e, candidate) in plan.pairs}
        needed = k - len(have)
        if needed > 0:
            open_experts = [
                e for e in eligible if e not in have and (cap is None or plan.loads[e] < cap)
            ]
            chosen = sorted(open_experts, key=lambda e: (plan.loads[e], e))[:needed]
            for expert in chosen:
                plan.pairs.add((expert, candidate))
                plan.loads[expert] += 1
            assigned = len(have) + len(chosen)
            if assigned < k:
                short.append(
                    (
                        position,
                        Shortfall(
                            candidate=candidate,
                            panel=panel,
                            assigned=assigned,
                            eligible=len(eligible),
                            reason=TOO_FEW_MEMBERS if len(eligible) < k else CAP_REACHED,
                        ),
                    )
                )
    # Report in the order given, not the order served.
    plan.shortfalls = [s for _position, s in sorted(short, key=lambda item: item[0])]
    return plan
