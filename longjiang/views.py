"""Error pages of the portal, and the refusal that leads to them."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotFound
from django.template import loader

from longjiang.exceptions import PublicNotFound


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponseNotFound:
    """Render the 404 page; only a PublicNotFound's own message is shown to the user."""
    message = str(exception) if isinstance(exception, PublicNotFound) else ""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"message": message}, request))


def require(allowed: bool) -> None:
    """Refuse a request the user's role may not make (403)."""
    if not allowed:
        raise PermissionDenied
