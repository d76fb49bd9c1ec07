"""Every write to a nomination: one function per action.

Each runs in a transaction, checks legality, and records its audit event in
the same transaction; mail goes out on commit. Views, commands and tasks call
these functions and never save a nomination themselves.
"""

from nominations.services.campaign import (
    create_next_campaign,
    grant_deadline_extension,
    save_campaign,
    set_running_campaign,
)
from nominations.services.check import (
    AlreadyDecided,
    ChecksIncomplete,
    Verdict,
    disqualify_nomination,
    mark_eligible,
    record_manual_checks,
    reject_nomination,
    remind_units_with_drafts,
    return_for_correction,
    start_check,
)
from nominations.services.common import (
    DeadlinePassed,
    DuplicateNomination,
    IncompleteNomination,
    NominationLocked,
    NotEditable,
    RepeatNomineeBlocked,
    StillOnTheList,
    intake_closed_message,
    lock_for_list,
    release_from_list,
)
from nominations.services.contacts import set_unit_contact
from nominations.services.files import add_attachment, remove_attachment
from nominations.services.intake import (
    ROW_FIELDS,
    cancel_nomination,
    conflict_error,
    create_nomination,
    move_nomination,
    record_forms_printed,
    reveal_id_number,
    save_draft,
    snapshot,
    submit_nomination,
    withdraw_nomination,
)
from nominations.services.paper import record_paper_receipt, upload_unit_report

__all__ = [
    "ROW_FIELDS",
    "AlreadyDecided",
    "ChecksIncomplete",
    "DeadlinePassed",
    "DuplicateNomination",
    "IncompleteNomination",
    "NominationLocked",
    "NotEditable",
    "RepeatNomineeBlocked",
    "StillOnTheList",
    "Verdict",
    "add_attachment",
    "cancel_nomination",
    "conflict_error",
    "create_next_campaign",
    "create_nomination",
    "disqualify_nomination",
    "grant_deadline_extension",
    "intake_closed_message",
    "lock_for_list",
    "mark_eligible",
    "move_nomination",
    "record_forms_printed",
    "record_manual_checks",
    "record_paper_receipt",
    "reject_nomination",
    "release_from_list",
    "remind_units_with_drafts",
    "remove_attachment",
    "return_for_correction",
    "reveal_id_number",
    "save_campaign",
    "save_draft",
    "set_running_campaign",
    "set_unit_contact",
    "snapshot",
    "start_check",
    "submit_nomination",
    "upload_unit_report",
    "withdraw_nomination",
]
