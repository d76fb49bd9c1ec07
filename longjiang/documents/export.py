"""What a document builder returns, and what every builder shares."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from longjiang.exceptions import DomainError

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"

# Called with a percentage as a document is built; None where nobody watches (the command).
Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class Export:
    """A built document: its bytes, how to offer them, and what the requester should know.

    ``warnings`` name what the document could not show (a record left out of a
    bundle, say); the document is still complete otherwise.
    """

    content: bytes
    filename: str
    content_type: str
    warnings: tuple[str, ...] = ()


class NothingToExport(DomainError):
    default_message = _("没有符合条件的推荐人选，未生成文件。")


def report(progress: Progress, percent: int) -> None:
    """Tell the watcher, if any, how far the build has come."""
    if progress is not None:
        progress(percent)
