"""Warnings a later stage puts on the provincial staff's dashboard.

The dashboard belongs to nominations, which imports no later stage; a stage that
has something staff must act on (the publicity calendar lacking next year)
registers a function here from its ``AppConfig.ready()``. Each function gets
today's date and returns a ``StaffNotice`` or None.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise


@dataclass(frozen=True)
class StaffNotice:
    text: Promise | str
    link_url: str
    link_text: Promise | str


_SOURCES: dict[str, Callable[[date], StaffNotice | None]] = {}


def register(name: str, source: Callable[[date], StaffNotice | None]) -> None:
    """Add a source of notices under a name; registering a name twice is a mistake."""
    if _SOURCES.get(name, source) is not source:
        raise ValueError(f"staff notice source {name!r} is already registered")
    _SOURCES[name] = source


def staff_notices(today: date) -> list[StaffNotice]:
    """Return the notices that apply today, in the order the sources registered."""
    return [notice for source in _SOURCES.values() if (notice := source(today)) is not None]
