"""The stages of the demo data, registered in order by the apps that own them.

``manage.py seed_demo --stage NAME`` runs every stage up to and including NAME,
each continuing from the one before it. Each app registers its stages from its
``demo`` module when it is ready (``nominations.demo``, ``review.demo``); the
platform never imports them. A stage names the stage it follows, so a later
stage of the selection appends itself without editing an earlier one.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class DemoRun:
    """What the stages of one ``seed_demo`` run share.

    ``lines`` are printed in order once every stage has run. ``state`` holds each
    app's own shared objects under its app label (the campaign, the demo accounts).
    """

    rng: random.Random
    now: datetime
    # How many nominations the first stage makes (``--nominations``).
    count: int
    lines: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoStage:
    """One registered stage.

    ``run`` brings the demo from the previous stage to this one. ``present``, if
    given, says what of the stage's data the database already holds ("a
    campaign"), or "" for nothing; ``--if-empty`` then loads nothing. ``summary``,
    if given, returns the closing line printed after the run.
    """

    name: str
    help: str
    after: str | None
    run: Callable[[DemoRun], None]
    present: Callable[[], str] | None = None
    summary: Callable[[DemoRun], str] | None = None


_STAGES: dict[str, DemoStage] = {}


def register(
    name: str,
    *,
    after: str | None,
    help: str,
    run: Callable[[DemoRun], None],
    present: Callable[[], str] | None = None,
    summary: Callable[[DemoRun], str] | None = None,
) -> DemoStage:
    """Register a stage after the named one (None: the first); a name is registered once."""
    if name in _STAGES:
        raise ValueError(f"demo stage {name!r} is already registered")
    stage = DemoStage(name, help, after, run, present=present, summary=summary)
    _STAGES[name] = stage
    return stage


def unregister(name: str) -> None:
    """Forget a stage (tests register their own and clean up after themselves)."""
    _STAGES.pop(name, None)


def stages() -> list[DemoStage]:
    """Return the registered stages in order, each after the one it names.

    Raise ``ValueError`` unless the stages form one chain: exactly one first
    stage, every ``after`` registered, no two stages after the same one.
    """
    following: dict[str | None, DemoStage] = {}
    for stage in _STAGES.values():
        if stage.after is not None and stage.after not in _STAGES:
            raise ValueError(f"demo stage {stage.name!r} follows unknown stage {stage.after!r}")
        if stage.after in following:
            raise ValueError(
                f"demo stages {following[stage.after].name!r} and {stage.name!r} "
                f"both follow {stage.after!r}"
            )
        following[stage.after] = stage
    ordered = []
    stage = following.get(None)
    while stage is not None:
        ordered.append(stage)
        stage = following.get(stage.name)
    if len(ordered) != len(_STAGES):
        raise ValueError("demo stages do not form one chain from a first stage")
    return ordered


def stage_names() -> list[str]:
    """Return the names of the registered stages in order."""
    return [stage.name for stage in stages()]


def stages_through(last: str) -> list[DemoStage]:
    """Return the stages up to and including ``last``, in order."""
    ordered = stages()
    return ordered[: [stage.name for stage in ordered].index(last) + 1]
