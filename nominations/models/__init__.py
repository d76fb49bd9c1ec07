"""Models of the nominations app: intake (Attachment 1), units' contacts and the first check."""

from nominations.models.check import (
    CheckConfirmation,
    CheckRound,
    FieldComment,
    PaperReceipt,
    UnitReport,
)
from nominations.models.contacts import UnitContact
from nominations.models.intake import (
    Attachment,
    Campaign,
    CompetitionAward,
    DeadlineExtension,
    Honour,
    Innovation,
    Mentorship,
    Nomination,
    Revision,
)
from nominations.models.laureates import Craftsman

__all__ = [
    "Attachment",
    "Campaign",
    "CheckConfirmation",
    "CheckRound",
    "CompetitionAward",
    "Craftsman",
    "DeadlineExtension",
    "FieldComment",
    "Honour",
    "Innovation",
    "Mentorship",
    "Nomination",
    "PaperReceipt",
    "Revision",
    "UnitContact",
    "UnitReport",
]
