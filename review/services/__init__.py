"""Every write of the expert review: one function per action.

Each runs in a transaction, checks that the action is legal now, and records its
audit event in the same transaction, last. Views, commands and the demo call
these functions and never save a review record themselves. Whether the user may
ask at all is decided in ``review.permissions``, by the view.
"""

from review.services.assignments import assign_experts
from review.services.conflicts import (
    DECLARABLE_KINDS,
    confirm_conflict,
    declare_conflict,
    dismiss_conflict,
    sign_pledge,
    suggest_conflicts,
    update_review_settings,
)
from review.services.experts import (
    ImportedRow,
    ImportReport,
    InvalidExpert,
    NewAccount,
    add_expert,
    add_expert_profile,
    import_experts,
    set_expert_active,
    set_expert_email,
)
from review.services.lists import DecisionInput, record_council_decision
from review.services.panels import (
    PlacementReport,
    add_panel_member,
    create_panel,
    move_placement,
    place_eligible_nominations,
    remove_panel_member,
)
from review.services.proposed import move_into_list, move_out_of_list, undo_move
from review.services.reminders import remind_experts
from review.services.rubric import (
    add_dimension,
    default_dimensions,
    ensure_default_rubric,
    remove_dimension,
    update_dimension,
)
from review.services.rules import update_ranking_settings
from review.services.scoring import (
    ListLocked,
    close_review_early,
    reopen_sheet,
    save_sheet,
    set_review_window,
    submit_sheet,
)

__all__ = [
    "DECLARABLE_KINDS",
    "DecisionInput",
    "ImportReport",
    "ImportedRow",
    "InvalidExpert",
    "ListLocked",
    "NewAccount",
    "PlacementReport",
    "add_dimension",
    "add_expert",
    "add_expert_profile",
    "add_panel_member",
    "assign_experts",
    "close_review_early",
    "confirm_conflict",
    "create_panel",
    "declare_conflict",
    "default_dimensions",
    "dismiss_conflict",
    "ensure_default_rubric",
    "import_experts",
    "move_into_list",
    "move_out_of_list",
    "move_placement",
    "place_eligible_nominations",
    "record_council_decision",
    "remind_experts",
    "remove_dimension",
    "remove_panel_member",
    "reopen_sheet",
    "save_sheet",
    "set_expert_active",
    "set_expert_email",
    "set_review_window",
    "sign_pledge",
    "submit_sheet",
    "suggest_conflicts",
    "undo_move",
    "update_dimension",
    "update_ranking_settings",
    "update_review_settings",
]
