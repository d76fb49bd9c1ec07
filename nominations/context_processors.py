"""Template context of the nominations app shared by every page."""

from django.http import HttpRequest

from nominations import permissions
from nominations.selectors import switcher_choices, unit_intake_open


def intake(request: HttpRequest) -> dict:
    """Tell a clerk's menu whether the unit may still add nominations (新增推荐).

    Evaluated only when a template asks (the clerk's menu does), in one query; a
    page that knows already passes its own ``intake_open``.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not permissions.can_nominate(user):
        return {}
    return {"intake_open": lambda: unit_intake_open(user.unit_id)}


def campaigns(request: HttpRequest) -> dict:
    """Give staff pages the campaign switcher and the read-only banner.

    ``viewed_campaign`` is the campaign looked at instead of the running one
    (``nominations.middleware``); ``campaign_choices`` costs one query, when the
    staff menu's switcher asks.
    """
    user = getattr(request, "user", None)
    if user is None or not permissions.can_view_other_campaigns(user):
        return {}
    return {
        "viewed_campaign": getattr(request, "viewed_campaign", None),
        "campaign_choices": lambda: switcher_choices(user),
    }
