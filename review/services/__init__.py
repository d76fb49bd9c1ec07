"""Every write of the expert review: one function per action.

Each runs in a transaction, checks that the action is legal now, and records its
audit event in the same transaction, last. Views, commands and the demo call
these functions and never save a review record themselves. Whether the user may
ask at all is decided in ``review.permissions``, by the view.
"""

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
    expert_lookups,
    generate_password,
    import_experts,
    reset_expert_password,
    set_expert_active,
)
from review.services.panels import (
    PlacementReport,
    add_panel_member,
    create_panel,
    move_placement,
    place_eligible_nominations,
    remove_panel_member,
)
from review.services.scoring import (
    default_dimensions,
    ensure_default_rubric,
    reopen_sheet,
    save_sheet,
    set_review_window,
    submit_sheet,
    update_dimension,
)

__all__ = [
    "DECLARABLE_KINDS",
    "ImportReport",
    "ImportedRow",
    "InvalidExpert",
    "NewAccount",
    "PlacementReport",
    "add_expert",
    "add_expert_profile",
    "add_panel_member",
    "confirm_conflict",
    "create_panel",
    "declare_conflict",
    "default_dimensions",
    "dismiss_conflict",
    "ensure_default_rubric",
    "expert_lookups",
    "generate_password",
    "import_experts",
    "move_placement",
    "place_eligible_nominations",
    "remove_panel_member",
    "reopen_sheet",
    "reset_expert_password",
    "save_sheet",
    "set_expert_active",
    "set_review_window",
    "sign_pledge",
    "submit_sheet",
    "suggest_conflicts",
    "update_dimension",
    "update_review_settings",
]
