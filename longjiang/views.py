"""Error pages of the portal."""

from django.http import HttpRequest, HttpResponseNotFound
from django.template import loader

from longjiang.exceptions import PublicNotFound


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponseNotFound:
    """Render the 404 page; only a PublicNotFound's own message is shown to the user."""
    message = str(exception) if isinstance(exception, PublicNotFound) else ""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"message": message}, request))
