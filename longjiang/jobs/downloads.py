"""Serving private files after the caller has checked permission.

Behind nginx (``LONGJIANG_SENDFILE=nginx``) the portal answers with an
``X-Accel-Redirect`` and nginx streams the file from its internal location;
otherwise Django streams it. Either way the response is private, uncached and
sandboxed, so an uploaded file can never run as a page of the portal. PDFs are
always downloads: a browser's PDF viewer under the portal's origin would be a
larger surface than the image viewer, and a sandboxed page cannot host it.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from longjiang.uploads import private_path

# The same policy as nginx's /protected/ location (deploy/nginx/longjiang.conf).
SANDBOX_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def protected_file_response(
    storage_name: str, *, filename: str, content_type: str, inline: bool = True
) -> HttpResponse:
    """Return the stored file; call only after the permission check."""
    path = private_path(storage_name)
    if settings.SENDFILE_BACKEND == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.SENDFILE_NGINX_PREFIX + storage_name
    else:
        if not path.is_file():
            raise Http404
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
    inline = inline and content_type != "application/pdf"
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
