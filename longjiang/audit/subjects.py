"""The kinds of record an audit event may be about, as the apps register them.

The platform cannot import the stages, so each stage tells the audit trail how
to name its records (one query per kind for a whole page of events) and where a
person reads about one. An event names a record either as its subject or by a
key in its data (``{"nomination": 7}``); both resolve through this registry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Subject:
    # "app_label.modelname", as ContentType names the model.
    model: str
    # The key under which events' data name such a record, e.g. "nomination".
    key: str
    label: Promise | str
    # Return {pk: name} for the given primary keys, in one query.
    names: Callable[[set[int]], dict[int, str]]
    # Return the URL of a record's page for staff, or None for no page.
    url: Callable[[int], str] | None = None
    # Whether people know such a record by its number (推荐人选编号), so pages show it.
    numbered: bool = False


_by_key: dict[str, Subject] = {}


def register(subject: Subject) -> Subject:
    """Add a kind of record; registering the same key twice is a mistake."""
    if _by_key.get(subject.key, subject) != subject:
        raise ValueError(f"Two audit subjects with the key {subject.key}")
    _by_key[subject.key] = subject
    return subject


def by_key(key: str) -> Subject | None:
    return _by_key.get(key)


def by_model(model: str) -> Subject | None:
    return next((s for s in _by_key.values() if s.model == model), None)


def registered() -> Iterable[Subject]:
    return list(_by_key.values())
