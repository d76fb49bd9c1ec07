"""Checks that depend only on who the user is; safe for anonymous users.

The role sets themselves are the ``User`` properties (``is_provincial_staff`` and
so on), which templates use too. Checks that need a record (may this clerk edit
this nomination?) live in each app's ``permissions.py``.
"""

from typing import TypeVar

from django.db.models import Model, QuerySet

from longjiang.accounts.models import User

M = TypeVar("M", bound=Model)


def is_provincial(user: User) -> bool:
    """Provincial staff and administrators."""
    return user.is_authenticated and user.is_provincial_staff


def is_clerk(user: User) -> bool:
    """A clerk of a recommending unit."""
    return user.is_authenticated and user.is_clerk and user.unit_id is not None


def is_expert(user: User) -> bool:
    return user.is_authenticated and user.is_expert


def is_council(user: User) -> bool:
    """The council secretary (主席办公会议秘书), who records the council's decisions."""
    return user.is_authenticated and user.is_council


def handles_objections(user: User) -> bool:
    """Provincial staff flagged to handle publicity objections and see who complained."""
    return is_provincial(user) and user.handles_objections


def unit_scoped(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """Scope records that belong to a unit: all for provincial staff, the own unit's for a
    clerk, none for anyone else."""
    if is_provincial(user):
        return queryset
    if is_clerk(user):
        return queryset.filter(unit_id=user.unit_id)
    return queryset.none()
