"""Copying a campaign to the next year, part by part, as each stage registers it.

``nominations.services.campaigns.create_next_campaign`` creates next year's
campaign; every stage then copies its own parts of the earlier campaign (the
rubric, the panels, the publicity settings, …) through a copier registered here
in its ``AppConfig.ready()``. The platform and the earlier stages never import a
later one. Copiers run in ``order`` inside the creating transaction: a failing
copier rolls the whole new campaign back.

Each copier also describes its part of any campaign, so the staff page of a new
campaign can list what was copied and what to check before it runs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.utils import timezone
from django.utils.functional import Promise


@dataclass(frozen=True)
class PartSummary:
    """One copied part of a campaign as staff read it on the campaign's page."""

    label: str
    # What the campaign holds of this part ("5个评分项目，满分合计100分").
    lines: list[str]
    # Dates and settings staff should check before the campaign runs.
    to_check: list[str] = field(default_factory=list)
    # Where staff adjust the part (a URL), and the link's text.
    link_url: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class Copier:
    name: str
    label: Promise | str
    order: int
    # copy(source, target, actor=...) writes the part of ``source`` into ``target``.
    copy: Callable[..., None]
    # describe(campaign) returns the part as the campaign holds it, or None.
    describe: Callable[[Any], PartSummary | None]


_copiers: dict[str, Copier] = {}

DateOrTime = TypeVar("DateOrTime", date, datetime)


def register_copier(
    name: str,
    copy: Callable[..., None],
    *,
    label: Promise | str,
    order: int,
    describe: Callable[[Any], PartSummary | None],
) -> None:
    """Register how one stage copies one part of a campaign to the next year."""
    if name in _copiers:
        raise ValueError(f"A campaign copier named {name!r} is registered already.")
    _copiers[name] = Copier(name=name, label=label, order=order, copy=copy, describe=describe)


def copiers() -> list[Copier]:
    """Return every registered copier in the order they run."""
    return sorted(_copiers.values(), key=lambda copier: (copier.order, copier.name))


def next_year(value: DateOrTime) -> DateOrTime:
    """Return the same day and time a year later; 29 February becomes 28 February.

    A datetime keeps its local wall-clock time (17:00 stays 17:00 in Asia/Shanghai).
    """
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        moved = _next_year_date(local.date())
        shifted = local.replace(year=moved.year, month=moved.month, day=moved.day, tzinfo=None)
        if timezone.is_aware(value):
            return timezone.make_aware(shifted)
        return shifted
    return _next_year_date(value)


def _next_year_date(value: date) -> date:
    if value.month == 2 and value.day == 29:
        return value.replace(year=value.year + 1, day=28)
    return value.replace(year=value.year + 1)
