"""The stages a nomination passes after the first check, as its unit sees them.

A nomination found eligible leaves the unit's hands: the review, the council's
list and the publicity that follow belong to later stages, which nominations
may not import. Each of them registers here, from its ``AppConfig.ready()``,
the stage it adds: a key, the label the unit reads, an order, and a condition
on ``Nomination`` evaluated in SQL. The highest-ordered stage whose condition
holds is the nomination's stage; an eligible nomination that none matches, and
every other status, shows its status as it is.

A stage says where the nomination is, never how it scored: a condition may
look at anything, but the unit sees only the label.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Expression, Q


@dataclass(frozen=True)
class LaterStage:
    """One registered stage after the first check.

    ``condition`` returns the filter, built when a list is read (so it may use
    the time of the request); ``badge`` is the Bootstrap colour of the label.
    """

    key: str
    label: str
    order: int
    condition: Callable[[], Q | Expression]
    badge: str = "text-bg-info"


_STAGES: dict[str, LaterStage] = {}


def register(
    key: str,
    *,
    label: str,
    order: int,
    condition: Callable[[], Q | Expression],
    badge: str = "text-bg-info",
) -> LaterStage:
    """Add a stage; registering the same key twice is a mistake in the caller."""
    if key in _STAGES:
        raise ValueError(f"later stage {key!r} is already registered")
    if any(stage.order == order for stage in _STAGES.values()):
        raise ValueError(f"another later stage already has order {order}")
    stage = LaterStage(key=key, label=label, order=order, condition=condition, badge=badge)
    _STAGES[key] = stage
    return stage


def unregister(key: str) -> None:
    """Forget a stage (tests register their own and clean up after themselves)."""
    _STAGES.pop(key, None)


def later_stages() -> list[LaterStage]:
    """Return the registered stages, latest first: the order a nomination is matched in."""
    return sorted(_STAGES.values(), key=lambda stage: stage.order, reverse=True)


def stage(key: str) -> LaterStage | None:
    return _STAGES.get(key)
