"""The project-wide base of domain errors raised by services."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """An action the rules do not allow now; views turn it into a message."""

    default_message = _("该操作当前不被允许。")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class IllegalTransition(DomainError):
    """The requested state change is not in the transition table."""

    default_message = _("当前状态下不能执行该操作。")


class ConflictError(DomainError):
    """Someone else changed the record since it was loaded."""

    default_message = _("该记录已被他人修改，请刷新后重试。")


class PublicNotFound(Http404):
    """A 404 whose message is written for the user and shown on the error page."""
