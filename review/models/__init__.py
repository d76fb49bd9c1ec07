"""The expert review's records: the pool and panels, scoring, and the council's list."""

from review.models.core import (
    Assignment,
    AssignmentMode,
    Conflict,
    Dimension,
    Expert,
    IndustryGroup,
    Panel,
    Placement,
    Pledge,
    RankingMethod,
    ReviewSettings,
    Score,
    ScoreSheet,
)
from review.models.lists import (
    CouncilDecision,
    ListEntry,
    ListMove,
    ListVersion,
    LockedRecord,
)

__all__ = [
    "Assignment",
    "AssignmentMode",
    "Conflict",
    "CouncilDecision",
    "Dimension",
    "Expert",
    "IndustryGroup",
    "ListEntry",
    "ListMove",
    "ListVersion",
    "LockedRecord",
    "Panel",
    "Placement",
    "Pledge",
    "RankingMethod",
    "ReviewSettings",
    "Score",
    "ScoreSheet",
]
