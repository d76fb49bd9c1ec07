"""Template context of the publicity app shared by every page."""

from django.http import HttpRequest

from longjiang.accounts.roles import is_clerk


def objection_cases(request: HttpRequest) -> dict:
    """Tell a clerk's menu whether the unit has objections sent to it for 核查 (异议核查).

    Evaluated only when a template asks (the clerk's menu does), in one query.
    """
    user = getattr(request, "user", None)
    if user is None or not is_clerk(user):
        return {}

    def has_cases() -> bool:
        from publicity.selectors.handling import objections_visible_to

        return objections_visible_to(user).exists()

    return {"unit_has_objections": has_cases}
