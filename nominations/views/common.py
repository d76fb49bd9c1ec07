"""Loading helpers shared by the nomination views."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from longjiang.exceptions import PublicNotFound
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
        raise PublicNotFound(_("本年度选树活动尚未创建。请系统管理员在“系统管理”中创建选树活动。"))
    return campaign
