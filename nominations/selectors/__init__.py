"""Reads of the nominations app, scoped to the user who asks.

``nominations`` holds campaigns and nominations; ``paper`` the paper copies and
unit reports. The names of ``nominations`` are re-exported here because every
stage reads them.
"""

from nominations.selectors.campaigns import (
    CampaignState,
    campaign_parts,
    campaign_rows,
    switcher_choices,
    visible_campaign,
)
from nominations.selectors.contacts import unit_contact
from nominations.selectors.nominations import (
    LIST_DEFERRED,
    QUEUE_ORDERINGS,
    REQUIRED_COUNT,
    campaign_list_locked,
    check_queue,
    current_campaign,
    deadline_extensions,
    decided_rounds,
    effective_deadline,
    intake_open,
    last_return,
    latest_decision,
    latest_revision,
    nomination_list,
    nominations_visible_to,
    open_round,
    position_in_unit_list,
    progress_of,
    running_campaign,
    status_matrix,
    submission_deadline,
    unit_intake_open,
    visible_nomination,
    with_completeness,
    with_criterion,
    with_progress,
)

__all__ = [
    "LIST_DEFERRED",
    "QUEUE_ORDERINGS",
    "REQUIRED_COUNT",
    "CampaignState",
    "campaign_list_locked",
    "campaign_parts",
    "campaign_rows",
    "check_queue",
    "current_campaign",
    "deadline_extensions",
    "decided_rounds",
    "effective_deadline",
    "intake_open",
    "last_return",
    "latest_decision",
    "latest_revision",
    "nomination_list",
    "nominations_visible_to",
    "open_round",
    "position_in_unit_list",
    "progress_of",
    "running_campaign",
    "status_matrix",
    "submission_deadline",
    "switcher_choices",
    "unit_contact",
    "unit_intake_open",
    "visible_campaign",
    "visible_nomination",
    "with_completeness",
    "with_criterion",
    "with_progress",
]
