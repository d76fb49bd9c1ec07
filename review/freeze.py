"""Later stages that fix the list: the ranking no longer decides it.

Review knows nothing of the stages after it (docs/architecture.md): a later
stage registers a check here from its ``AppConfig.ready``. A check receives the
campaign and returns a message (why the list can no longer be approved from
the ranking, and where changes go instead) or None. Once any check answers,
``record_council_decision`` refuses every decision and the council page shows
the message instead of the decision form.
"""

from collections.abc import Callable

from nominations.models import Campaign

FreezeCheck = Callable[[Campaign], str | None]

_checks: list[FreezeCheck] = []


def register_list_freeze(check: FreezeCheck) -> FreezeCheck:
    """Register ``check`` (once; usable as a decorator)."""
    if check not in _checks:
        _checks.append(check)
    return check


def list_frozen(campaign: Campaign) -> str | None:
    """The first registered check's message for ``campaign``, or None."""
    for check in _checks:
        message = check(campaign)
        if message:
            return message
    return None
