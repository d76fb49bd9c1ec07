"""The stages of the demo data, registered in order by the apps that own them.

``manage.py seed_demo --stage NAME`` runs every stage up to and including NAME,
each continuing from the one before it. Each app registers its stages from its
``demo`` module when it is ready (``nominations.demo``, ``review.demo``); the
platform never imports them. A stage names the stage it follows, so a later
stage of the selection appends itself without editing an earlier one.
"""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone


class DemoClock:
    """The time every service reads while a demo run is played: real time, shifted back.

    Some stages tell a story that took weeks (a publicity period of five working
    days, then a supplementary one), yet the services refuse to date anything in
    the past: a notice may not be published to start yesterday. So such a run
    starts at a moment in the past (``DemoStage.rewind``) and the stages move the
    clock forward with ``travel`` while they play their parts through the real
    services: every record, audit event and snapshot carries the moment it
    happened in the story, the audit chain stays in time order, and the clock
    never goes past the real present. Outside ``running`` nothing is patched.
    """

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self._real_now: Callable[[], datetime] = timezone.now

    def now(self) -> datetime:
        return self._real_now() + self.offset

    def real_now(self) -> datetime:
        return self._real_now()

    def travel(self, moment: datetime) -> None:
        """Move the clock forward to ``moment``, which must not lie in the real future."""
        if moment < self.now():
            raise ValueError(f"the demo clock only moves forward ({moment} < {self.now()})")
        real = self._real_now()
        if moment > real:
            raise ValueError(f"the demo clock never passes the present ({moment} > {real})")
        self.offset = moment - real

    def to_present(self) -> None:
        """Catch up with real time."""
        self.offset = timedelta(0)

    @contextmanager
    def running(self, start: datetime | None) -> Iterator["DemoClock"]:
        """Patch ``django.utils.timezone.now`` (and the model fields defaulting to it).

        ``start`` None: the clock shows real time and nothing is patched.
        """
        if start is None:
            yield self
            return
        real = self._real_now = timezone.now
        if start > real():
            raise ValueError("a demo run cannot start in the future")
        self.offset = start - real()
        defaults = [
            f for model in apps.get_models() for f in model._meta.fields if f.default is real
        ]
        timezone.now = self.now
        for each in defaults:
            _set_default(each, self.now)
        try:
            yield self
        finally:
            timezone.now = real
            for each in defaults:
                _set_default(each, real)
            self.offset = timedelta(0)


def _set_default(field: models.Field, default: Callable[[], datetime]) -> None:
    """Give ``field`` a new default, dropping Django's cached reading of the old one.

    ``Field.get_default`` caches the callable it found (``_get_default``) the first
    time a record is made, so setting ``default`` alone is not seen afterwards.
    """
    field.default = default
    field.__dict__.pop("_get_default", None)


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
    # The last stage of the run (``--stage``): a stage may tell its story so that
    # the stages after it can continue it.
    target: str = ""
    clock: DemoClock = field(default_factory=DemoClock)
    lines: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoStage:
    """One registered stage.

    ``run`` brings the demo from the previous stage to this one. ``present``, if
    given, says what of the stage's data the database already holds ("a
    campaign"), or "" for nothing; ``--if-empty`` then loads nothing. ``summary``,
    if given, returns the closing line printed after the run. ``rewind``, if given,
    is asked (with the real present and the run's last stage) whether the whole run
    must start at a moment in the past so that this stage's story can end by now
    (see ``DemoClock``); None: no.
    """

    name: str
    help: str
    after: str | None
    run: Callable[[DemoRun], None]
    present: Callable[[], str] | None = None
    summary: Callable[[DemoRun], str] | None = None
    rewind: Callable[[datetime, str], datetime | None] | None = None


_STAGES: dict[str, DemoStage] = {}


def register(
    name: str,
    *,
    after: str | None,
    help: str,
    run: Callable[[DemoRun], None],
    present: Callable[[], str] | None = None,
    summary: Callable[[DemoRun], str] | None = None,
    rewind: Callable[[datetime, str], datetime | None] | None = None,
) -> DemoStage:
    """Register a stage after the named one (None: the first); a name is registered once."""
    if name in _STAGES:
        raise ValueError(f"demo stage {name!r} is already registered")
    stage = DemoStage(name, help, after, run, present=present, summary=summary, rewind=rewind)
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
