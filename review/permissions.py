"""Who may ask for what in the expert review. Whether the move is legal now is the services'.

Which candidates an expert may see (their panels, after the pledge, without a
conflict) is a question about records, answered by ``review.selectors``.
"""

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_council, is_provincial


def can_manage_review(user: User) -> bool:
    """Provincial staff manage experts, panels, placements and conflicts."""
    return is_provincial(user)


def can_see_ranking(user: User) -> bool:
    """Staff compose the proposed list; the council secretary reads it before the meeting."""
    return can_manage_review(user) or is_council(user)


def can_record_decision(user: User) -> bool:
    return is_council(user)
