"""Template context of the nominations app shared by every page."""

from django.http import HttpRequest

from nominations import permissions
from nominations.selectors import unit_intake_open


def intake(request: HttpRequest) -> dict:
    """Tell a clerk's menu whether the unit may still add nominations (新增推荐).

    Evaluated only when a template asks (the clerk's menu does), in one query; a
    page that knows already passes its own ``intake_open``.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not permissions.can_nominate(user):
        return {}
    return {"intake_open": lambda: unit_intake_open(user.unit_id)}
