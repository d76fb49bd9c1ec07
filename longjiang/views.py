"""Error pages of the portal, and the refusal that leads to them."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotFound
from django.template import loader

from longjiang.exceptions import PublicNotFound
from longjiang.middleware import forget_cookies, is_cookie_free_path


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponseNotFound:
    """Render the 404 page; only a PublicNotFound's own message is shown to the user.

    Under a path of cookie-free pages (``/verify/``, ``/craftsmen/``, ``/naming/``,
    ``/publicity/files/``)
    a URL that matches no view gets the same cookie-free page as an unknown record.
    """
    if is_cookie_free_path(request.path_info):
        forget_cookies(request)
    message = str(exception) if isinstance(exception, PublicNotFound) else ""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"message": message}, request))


def require(allowed: bool) -> None:
    """Refuse a request the user's role may not make (403)."""
    if not allowed:
        raise PermissionDenied
