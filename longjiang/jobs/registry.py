"""The kinds of document the portal can generate in the background.

Apps register their kinds when they are ready (``nominations.jobs``); the
platform never imports them. A kind says which parameters it takes, how to
title a job, who may ask for it, and how to produce its bytes.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.translation import gettext_lazy as _

from longjiang.exceptions import DomainError

if TYPE_CHECKING:
    from longjiang.accounts.models import User
    from longjiang.jobs.models import DocumentJob

Params = dict[str, Any]
# Largest accepted integer and string parameter (ids, years, unit codes).
MAX_INT = 2**31 - 1
MAX_STR = 64
Progress = Callable[[int], None]


class Document(Protocol):
    """What a kind's ``run`` returns: the bytes and how to offer them."""

    content: bytes
    filename: str
    content_type: str


class UnknownDocumentKind(DomainError):
    default_message = _("没有这种文件类型。")


class InvalidParams(DomainError):
    default_message = _("生成文件所需的参数不完整或有误。")


@dataclass(frozen=True)
class DocumentKind:
    """One registered kind; ``params`` maps each parameter name to its type (int or str)."""

    kind: str
    params: Mapping[str, type]
    title: Callable[[Params], str]
    run: Callable[["DocumentJob", Progress], Document]
    allowed: Callable[["User", Params], bool]

    def clean(self, raw: Mapping[str, Any]) -> Params:
        """Return the declared parameters converted to their types; ignore the rest."""
        cleaned = {}
        for name, cast in self.params.items():
            value = raw.get(name)
            if value is None or isinstance(value, bool) or str(value).strip() == "":
                raise InvalidParams
            try:
                converted = cast(str(value).strip())
            except (TypeError, ValueError):
                raise InvalidParams from None
            # Bounds keep a forged value from overflowing a database integer; PostgreSQL
            # refuses NUL characters in text.
            if isinstance(converted, int) and not 0 <= converted <= MAX_INT:
                raise InvalidParams
            if isinstance(converted, str) and (len(converted) > MAX_STR or "\x00" in converted):
                raise InvalidParams
            cleaned[name] = converted
        return cleaned


_KINDS: dict[str, DocumentKind] = {}


def register(
    kind: str,
    *,
    title: Callable[[Params], str],
    run: Callable[["DocumentJob", Progress], Document],
    allowed: Callable[["User", Params], bool],
    params: Mapping[str, type] | None = None,
) -> DocumentKind:
    """Register a document kind; registering the same name twice is a programming error."""
    if kind in _KINDS:
        raise ValueError(f"document kind {kind!r} is already registered")
    if len(kind) > 40:
        raise ValueError(f"document kind {kind!r} is longer than DocumentJob.kind allows")
    spec = DocumentKind(kind=kind, params=dict(params or {}), title=title, run=run, allowed=allowed)
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


def kinds() -> list[str]:
    """Return the registered kind names, sorted."""
    return sorted(_KINDS)
