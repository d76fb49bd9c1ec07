"""Who may ask for what. Whether the move is legal now is the workflow's business.

Pure role checks are the platform's (``longjiang.accounts.roles``); these build on them.
"""

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_clerk, is_provincial
from nominations.models import Nomination


def can_nominate(user: User) -> bool:
    return is_clerk(user)


def can_edit(user: User, nomination: Nomination) -> bool:
    """Only a clerk of the nominating unit edits, submits, withdraws or ranks."""
    return can_nominate(user) and nomination.unit_id == user.unit_id


def can_view_history(user: User, nomination: Nomination) -> bool:
    return is_provincial(user)


def can_reveal_id(user: User, nomination: Nomination) -> bool:
    return is_provincial(user) or can_edit(user, nomination)


def can_extend_deadlines(user: User) -> bool:
    return is_provincial(user)


def can_manage_campaigns(user: User) -> bool:
    """Provincial staff choose the running campaign and create next year's."""
    return is_provincial(user)


def can_view_other_campaigns(user: User) -> bool:
    """Provincial staff may look at a campaign that is not running, read-only."""
    return is_provincial(user)
