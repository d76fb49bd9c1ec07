"""Documents of later stages that ``manage.py export`` can also write.

``nominations`` may not import the apps that depend on it, so they register
their documents here when they are ready (``ReviewConfig.ready``), and the
export command offers every registered name beside its own documents.

A builder is called as ``builder(campaign, **options)``, where ``options`` are
the values of the command-line options the document declares, by ``dest``; it
returns an object with ``content`` (bytes) and raises a ``DomainError`` for
anything the operator must fix.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Option:
    """A command-line option a document takes, such as ``--list-version 2``."""

    flag: str
    dest: str
    type: type = int
    help: str | Promise = ""
    required: bool = False


@dataclass(frozen=True)
class ExportDocument:
    name: str
    builder: Callable[..., Any]
    help: str | Promise
    options: tuple[Option, ...] = ()


_DOCUMENTS: dict[str, ExportDocument] = {}


def register(
    name: str,
    builder: Callable[..., Any],
    help: str | Promise,
    *,
    options: Sequence[Option] = (),
) -> ExportDocument:
    """Register a document; registering the same name twice is a programming error."""
    if name in _DOCUMENTS:
        raise ValueError(f"export document {name!r} is already registered")
    document = ExportDocument(name=name, builder=builder, help=help, options=tuple(options))
    _DOCUMENTS[name] = document
    return document


def unregister(name: str) -> None:
    """Forget a document (tests register their own and clean up after themselves)."""
    _DOCUMENTS.pop(name, None)


def get(name: str) -> ExportDocument | None:
    return _DOCUMENTS.get(name)


def documents() -> list[ExportDocument]:
    """Return the registered documents in the order they were registered."""
    return list(_DOCUMENTS.values())
