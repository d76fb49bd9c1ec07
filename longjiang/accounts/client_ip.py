"""The client's address as the lockout should see it.

Behind ``LONGJIANG_PROXY_COUNT`` trusted proxies, each appends the address it
received the request from to ``X-Forwarded-For``; the entry that many places from
the right is the client as seen by the outermost trusted proxy. Entries further
left were written by the client and are not trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Return the client address, trusting only the configured number of proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
