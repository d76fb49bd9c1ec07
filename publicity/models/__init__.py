"""The publicity stage's records."""

from publicity.models.award import Certificate, NamingNotice, Payment, ShowcaseProfile
from publicity.models.calendar import CalendarDay, CalendarYear
from publicity.models.notices import Channel, Notice, Phase, Snapshot
from publicity.models.objections import (
    Acceptance,
    ComplainantKind,
    Evidence,
    Objection,
    Outcome,
    Source,
)
from publicity.models.results import PublicityResult
from publicity.models.settings import AnonymousPolicy, PostmarkRule, PublicitySettings

__all__ = [
    "Acceptance",
    "AnonymousPolicy",
    "CalendarDay",
    "CalendarYear",
    "Certificate",
    "Channel",
    "ComplainantKind",
    "Evidence",
    "NamingNotice",
    "Notice",
    "Objection",
    "Outcome",
    "Payment",
    "Phase",
    "PostmarkRule",
    "PublicityResult",
    "PublicitySettings",
    "ShowcaseProfile",
    "Snapshot",
    "Source",
]
