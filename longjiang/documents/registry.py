"""Every kind of document the portal can produce, registered once by the app that owns it.

Apps register their kinds when they are ready (``nominations.jobs``,
``review.jobs``); the platform never imports them. A kind is read by two
callers:

- the web jobs (``longjiang.jobs``) queue it under its ``kind`` name, which
  ``DocumentJob.kind`` stores, check ``allowed`` for the user who asks, and
  call ``build`` as that user with a progress callback;
- ``manage.py export`` offers it under its ``command`` name with the
  command-line options of its ``params``, and calls ``build`` as the operator
  (``user=None``, who sees everything) without progress.

Several kinds may share a command name when they are one document at different
scopes (``summary`` for a unit with ``--unit``, for the province without); the
command tells them apart by the options given.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from longjiang.documents.export import Export, Progress
from longjiang.exceptions import DomainError

if TYPE_CHECKING:
    from longjiang.accounts.models import User

Params = dict[str, Any]
# Largest accepted integer and string parameter (ids, years, unit codes).
MAX_INT = 2**31 - 1
MAX_STR = 64
# DocumentJob.kind's max_length.
MAX_KIND = 40


class Builder(Protocol):
    def __call__(self, params: Params, *, user: "User | None", progress: Progress) -> Export: ...


class UnknownDocumentKind(DomainError):
    default_message = _("没有这种文件类型。")


class InvalidParams(DomainError):
    default_message = _("生成文件所需的参数不完整或有误。")


@dataclass(frozen=True)
class Param:
    """A parameter of a kind: its key in the job's params and its command-line option.

    ``refusal`` is the message (with ``%(document)s``) when the option is given
    to a document that does not take it; empty for the general one.
    """

    name: str
    type: type
    flag: str
    help: str | Promise = ""
    required: bool = True
    refusal: str | Promise = ""
    # What the help shows after the flag (``--unit CODE``).
    metavar: str = "VALUE"


@dataclass(frozen=True)
class DocumentKind:
    """One registered kind of document."""

    kind: str
    command: str
    help: str | Promise
    params: tuple[Param, ...]
    title: Callable[[Params], str]
    build: Builder
    allowed: Callable[["User", Params], bool]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)

    @property
    def required(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params if p.required)

    def accepts(self, given: Iterable[str]) -> bool:
        """Whether these parameter names are all this kind takes and all it needs."""
        given = frozenset(given)
        return self.required <= given <= self.names

    def clean(self, raw: Mapping[str, Any]) -> Params:
        """Return the declared parameters converted to their types; ignore the rest."""
        cleaned = {}
        for param in self.params:
            value = raw.get(param.name)
            if value is None or isinstance(value, bool) or str(value).strip() == "":
                if param.required:
                    raise InvalidParams
                continue
            try:
                converted = param.type(str(value).strip())
            except (TypeError, ValueError):
                raise InvalidParams from None
            # Bounds keep a forged value from overflowing a database integer; PostgreSQL
            # refuses NUL characters in text.
            if isinstance(converted, int) and not 0 <= converted <= MAX_INT:
                raise InvalidParams
            if isinstance(converted, str) and (len(converted) > MAX_STR or "\x00" in converted):
                raise InvalidParams
            cleaned[param.name] = converted
        return cleaned


_KINDS: dict[str, DocumentKind] = {}


def register(
    kind: str,
    *,
    command: str,
    help: str | Promise,
    title: Callable[[Params], str],
    build: Builder,
    allowed: Callable[["User", Params], bool],
    params: Iterable[Param] = (),
) -> DocumentKind:
    """Register a document kind; a name taken twice, or two kinds that one command
    could not tell apart, are programming errors."""
    if kind in _KINDS:
        raise ValueError(f"document kind {kind!r} is already registered")
    if len(kind) > MAX_KIND:
        raise ValueError(f"document kind {kind!r} is longer than DocumentJob.kind allows")
    spec = DocumentKind(
        kind=kind,
        command=command,
        help=help,
        params=tuple(params),
        title=title,
        build=build,
        allowed=allowed,
    )
    for other in by_command(command):
        if other.accepts(spec.required) or spec.accepts(other.required):
            raise ValueError(f"{kind!r} and {other.kind!r} take the same options of {command!r}")
    _KINDS[kind] = spec
    return spec


def unregister(kind: str) -> None:
    """Forget a kind (tests register their own and clean up after themselves)."""
    _KINDS.pop(kind, None)


def get(kind: str) -> DocumentKind:
    """Return the registered kind or raise ``UnknownDocumentKind``."""
    try:
        return _KINDS[kind]
    except KeyError:
        raise UnknownDocumentKind from None


def kinds() -> list[DocumentKind]:
    """Return the registered kinds in the order they were registered."""
    return list(_KINDS.values())


def by_command(command: str) -> list[DocumentKind]:
    """Return the kinds offered under one command name, in registration order."""
    return [spec for spec in _KINDS.values() if spec.command == command]
