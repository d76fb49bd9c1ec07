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
