"""Loading helpers shared by the nomination views."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from nominations.models import Campaign, Nomination
from nominations.selectors import current_campaign, nominations_visible_to


def visible_nomination(request: HttpRequest, pk: int) -> Nomination:
    """Return a nomination the user may see; anything else is a 404, never a 403."""
    return get_object_or_404(
        nominations_visible_to(request.user).select_related("unit", "campaign"), pk=pk
    )


def require(allowed: bool) -> None:
    """Refuse a request the user's role may not make."""
    if not allowed:
        raise PermissionDenied


def running_campaign() -> Campaign:
    campaign = current_campaign()
    if campaign is None:
        raise Http404
    return campaign
