"""Who may ask for what in the expert review. Whether the move is legal now is the services'.

Which candidates an expert may see (their panels, after the pledge, without a
conflict) is a question about records, answered by ``review.selectors``.
"""

from longjiang.accounts.models import Role, User
from nominations.permissions import is_provincial


def can_manage_review(user: User) -> bool:
    """Provincial staff manage experts, panels, placements and conflicts."""
    return is_provincial(user)


def is_expert(user: User) -> bool:
    return user.is_authenticated and user.role == Role.EXPERT


def is_council(user: User) -> bool:
    """The council secretary (主席办公会议秘书) records the council's decisions."""
    return user.is_authenticated and user.role == Role.COUNCIL


def can_see_ranking(user: User) -> bool:
    """Staff compose the proposed list; the council secretary reads it before the meeting."""
    return can_manage_review(user) or is_council(user)


def can_record_decision(user: User) -> bool:
    return is_council(user)
