"""Lifecycles as data, and the one funnel through which every status change passes.

Each app declares its lifecycle as a ``Workflow``: its states, its actions, the
legal moves ``(action, source) -> target`` and the audit event code of each
action. Its services then change a status only through ``transition``, which
locks the row, checks the table, saves, writes the audit event and queues side
effects on commit, so an illegal move raises ``IllegalTransition`` everywhere.

A source of ``None`` in a table stands for a record not saved yet: that move
creates it.
"""

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import IllegalTransition

M = TypeVar("M", bound=models.Model)
# Names a refused move; every table may say it more precisely per action.
DEFAULT_REFUSAL = gettext_lazy("“%(status)s”状态下不能%(action)s。")


@dataclass(frozen=True, eq=False)
class Workflow:
    """One lifecycle: its states, actions, legal moves and audit event codes."""

    name: str
    states: type[models.TextChoices]
    actions: type[models.TextChoices]
    # (action, source) -> target; a source of None creates the record.
    moves: Mapping[tuple[str, str | None], str]
    # The audit event code written for each action.
    events: Mapping[str, str]
    # The model field holding the state.
    status_field: str = "status"
    # Dotted path from the record to the Unit its audit events name, if any.
    unit: str | None = None
    # Whether the audit event's data starts with {"from": source, "to": target}.
    audit_states: bool = True
    # A message per action for its refused moves, with %(status)s and %(action)s.
    refusals: Mapping[str, Promise | str] = field(default_factory=dict)

    def __post_init__(self):
        actions, states = set(self.actions), set(self.states)
        for (action, source), target in self.moves.items():
            if action not in actions or target not in states or source not in states | {None}:
                raise ValueError(f"{self.name}: unknown move {action}: {source} -> {target}")
        if set(self.events) != actions:
            raise ValueError(f"{self.name}: every action needs exactly one event code")
        if not set(self.refusals) <= actions:
            raise ValueError(f"{self.name}: refusal for an unknown action")

    @property
    def sources(self) -> list[str | None]:
        """Every state a move may start from, None first if a move creates the record."""
        creates = any(source is None for _action, source in self.moves)
        return [None] * creates + list(self.states)

    def target(self, action: str, source: str | None) -> str | None:
        """Return the state ``action`` leads to from ``source``, or None if illegal."""
        return self.moves.get((action, source))

    def refusal(self, action: str, source: str | None) -> IllegalTransition:
        """Return the error naming the refused move."""
        if source is None:
            # Only code creates records this way; the generic message will do.
            return IllegalTransition()
        message = self.refusals.get(action, DEFAULT_REFUSAL)
        return IllegalTransition(
            str(message)
            % {"status": self.states(source).label, "action": self.actions(action).label}
        )


_registry: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Add an app's lifecycle to the platform's list, so tests iterate over every table."""
    if _registry.get(workflow.name, workflow) is not workflow:
        raise ValueError(f"Two workflows named {workflow.name}")
    _registry[workflow.name] = workflow
    return workflow


def tables() -> list[Workflow]:
    """Return every registered lifecycle, by name."""
    return [_registry[name] for name in sorted(_registry)]


def transition(
    record: M,
    action: str,
    *,
    table: Workflow,
    actor: User,
    data: dict | None = None,
    related: Sequence[str] = (),
    guard: Callable[[M], None] | None = None,
    prepare: Callable[[M], list[str]] | None = None,
    on_commit: Iterable[Callable[[], object]] = (),
) -> M:
    """Move ``record`` by ``action`` if the table allows it; save, audit, queue side effects.

    In one transaction: lock the row (with ``related`` rows joined), let ``guard``
    refuse the locked row, check the table, let ``prepare`` change other fields
    and return their names (it sees the old state), set the new state, save only
    the changed fields, and record the audit event with ``data``, read after
    ``prepare`` so that it may fill it in. The ``on_commit`` callables run once the
    transaction commits, so a rolled-back move sends nothing; ``prepare`` may
    append to the list it was given. An unsaved record is not locked: the move
    creates it.
    """
    with transaction.atomic():
        if record.pk is None:
            locked, source = record, None
        else:
            rows = type(record)._default_manager.select_for_update()
            # select_related() without names would follow, and lock, every foreign key.
            locked = (rows.select_related(*related) if related else rows).get(pk=record.pk)
            source = getattr(locked, table.status_field)
        if guard is not None:
            guard(locked)
        target = table.target(action, source)
        if target is None:
            raise table.refusal(action, source)
        update_fields = [table.status_field]
        if prepare is not None:
            update_fields += prepare(locked)
        setattr(locked, table.status_field, target)
        if source is None:
            locked.save(force_insert=True)
        else:
            locked.save(update_fields=update_fields)
        states = {"from": source, "to": target} if table.audit_states else {}
        record_event(
            table.events[action],
            actor=actor,
            subject=locked,
            unit=operator.attrgetter(table.unit)(locked) if table.unit else None,
            data={**states, **(data or {})},
        )
        for effect in on_commit:
            transaction.on_commit(effect, robust=True)
    return locked
