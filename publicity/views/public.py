"""The public pages of the publicity stage: the published list and its files.

They serve what ``publicity.snapshots`` stored at publication and never touch
the database; nginx serves the same files directly (deploy/nginx/longjiang.conf)
and comes here only when it has no file for the hour. Responses are the same
for every visitor (``@cookie_free``): no session, no cookie, no ``Vary: Cookie``.
"""

import mimetypes
from datetime import datetime

from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.http import require_safe

from longjiang.middleware import cookie_free
from publicity import snapshots

# How long a browser or proxy may keep the public page, at most.
MAX_AGE = 60
# Stored files never change under their name, but may be taken down (a withdrawn
# notice, a rendition superseded by a revision: publicity.snapshots.archive), so
# browsers and proxies keep them for minutes only. nginx sends the same header.
FILE_MAX_AGE = 300


def cache_seconds(now: datetime, changes_at: datetime | None) -> int:
    """MAX_AGE, cut to the seconds left before the page changes (a cut-off, a start)."""
    if changes_at is None:
        return MAX_AGE
    return max(0, min(MAX_AGE, int((changes_at - now).total_seconds())))


@require_safe
@cookie_free
def public(request):
    """The notice live now, as published; or a short page saying there is none."""
    now = timezone.now()
    live, changes_at = snapshots.lookup(now)
    if live is None:
        # Rendered without the request: no context processor runs, so no query.
        content = get_template("publicity/public_none.html").render({})
    else:
        content = snapshots.read(live.path)
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={cache_seconds(now, changes_at)}"
    return response


@require_safe
@cookie_free
def stored_file(request, name: str):
    """A file stored at publication (the notice PDF, a rendition), by its name."""
    if not snapshots.NAME.fullmatch(name):
        raise Http404
    path = snapshots.root() / "files" / name
    try:
        handle = path.open("rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    content_type, encoding = mimetypes.guess_type(name)
    if encoding == "gzip":
        # A page's compressed copy (for nginx's gzip_static), downloaded as it is.
        content_type = "application/gzip"
    elif content_type is None:
        content_type = "application/octet-stream"
    elif content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={FILE_MAX_AGE}"
    return response
