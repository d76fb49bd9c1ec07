"""Every write to a nomination: one function per action.

Each runs in a transaction, checks legality, and records its audit event in
the same transaction; mail goes out on commit. Views, commands and tasks call
these functions and never save a nomination themselves.
"""

import itertools
from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables

from longjiang.accounts.models import Unit, User
from longjiang.audit.services import record_event, record_events
from longjiang.collation import surname_stroke_key
from longjiang.dates import show_datetime
from longjiang.exceptions import ConflictError, DomainError, IllegalTransition
from longjiang.pii import blind_index
from nominations import attachment1, tasks
from nominations.checklist import automatic_checks, warning_count
from nominations.models import (
    Campaign,
    Nomination,
    Revision,
)
from nominations.rules import submission_problems
from nominations.selectors import effective_deadline, submission_deadline
from nominations.selectors.laureates import repeat_matches
from nominations.services.common import (
    DeadlinePassed,
    DuplicateNomination,
    IncompleteNomination,
    NotEditable,
    RepeatNomineeBlocked,
    intake_closed_message,
    lock,
    transition,
)
from nominations.validators import (
    credit_code_checksum_ok,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
)
from nominations.workflow import (
    ACTIVE_STATES,
    EDITABLE_STATES,
    Action,
    Status,
)

# Keys of the row dicts accepted for each repeatable section.
ROW_FIELDS = {
    "awards": ("name", "organiser", "level", "rank", "awarded_on"),
    "honours": ("title", "conferred_by", "awarded_on"),
    "innovations": ("title", "kind", "number", "obtained_on", "benefit"),
    "mentorships": ("kind", "name", "level", "achievement"),
}
SCALAR_FIELDS = frozenset(attachment1.all_fields())


@sensitive_variables()
def _apply_id_number(nomination: Nomination, id_number: str) -> None:
    """Set the ID number with its blind index and mask, refusing a duplicate."""
    id_number = normalize_id_number(id_number)
    if not id_number:
        nomination.id_number = ""
        nomination.id_number_index = None
        nomination.id_number_masked = ""
        return
    index = blind_index(id_number)
    duplicate = (
        Nomination.objects.filter(
            campaign_id=nomination.campaign_id, id_number_index=index, status__in=ACTIVE_STATES
        )
        .exclude(pk=nomination.pk)
        .exists()
    )
    if duplicate:
        raise DuplicateNomination()
    nomination.id_number = id_number
    nomination.id_number_index = index
    nomination.id_number_masked = mask_id_number(id_number)


def _save_checking_duplicate(nomination: Nomination) -> None:
    """Save; a race that hits the one-nomination-per-person constraint is a duplicate."""
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        message = str(exc)
        if "one_active_nomination_per_person" in message or "id_number_index" in message:
            raise DuplicateNomination() from exc
        raise


@sensitive_variables()
def _apply_fields(nomination: Nomination, fields: dict) -> list[str]:
    unknown = set(fields) - SCALAR_FIELDS
    if unknown:
        raise ValueError(f"Unknown nomination fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if name == "id_number":
            if value != nomination.id_number:
                _apply_id_number(nomination, value)
                changed.append(name)
            continue
        if getattr(nomination, name) != value:
            setattr(nomination, name, value)
            changed.append(name)
    if "name" in changed:
        nomination.name_order = _name_order(nomination.name)
    if "employer_credit_code" in changed:
        nomination.credit_code_suspect = credit_code_suspect(nomination.employer_credit_code)
    return changed


def credit_code_suspect(code: str) -> bool:
    """Return whether a credit code is filled in and fails its checksum."""
    return bool(code) and not credit_code_checksum_ok(code)


def _name_order(name: str) -> str:
    """Return the stored 姓氏笔画 sort key of a name, cut to the column's length."""
    length = Nomination._meta.get_field("name_order").max_length
    return surname_stroke_key(name)[:length]


def _apply_rows(nomination: Nomination, rows: dict[str, list[dict]]) -> list[str]:
    """Update, create and delete repeatable rows; rows carry ``id`` when they exist."""
    changed = []
    for related_name, items in rows.items():
        allowed = ROW_FIELDS[related_name]
        manager = getattr(nomination, related_name)
        existing = {row.pk: row for row in manager.all()}
        keep = set()
        for position, item in enumerate(items):
            values = {key: item[key] for key in allowed if key in item}
            row = existing.get(item.get("id"))
            if row is None:
                row = manager.model(nomination=nomination, position=position, **values)
                row.save()
                changed.append(related_name)
            else:
                if any(getattr(row, k) != v for k, v in values.items()) or row.position != position:
                    for key, value in values.items():
                        setattr(row, key, value)
                    row.position = position
                    row.save()
                    changed.append(related_name)
            keep.add(row.pk)
        removed = [pk for pk in existing if pk not in keep]
        if removed:
            manager.filter(pk__in=removed).delete()
            changed.append(related_name)
    return sorted(set(changed))


@sensitive_variables()
def create_nomination(
    campaign: Campaign,
    *,
    unit: Unit,
    actor: User,
    fields: dict,
    rows: dict | None = None,
    now: datetime | None = None,
) -> Nomination:
    """Create a draft nomination for the unit, ranked after its existing ones.

    Refused once the unit's deadline has passed: the draft could never be submitted.
    """
    if not unit.recommends:
        raise DomainError(_("该单位不是推荐单位。"))
    if (now or timezone.now()) > effective_deadline(campaign, unit):
        raise DeadlinePassed(intake_closed_message(effective_deadline(campaign, unit)))
    with transaction.atomic():
        # Lock the unit row so two clerks adding at once get distinct ranks.
        Unit.objects.select_for_update().get(pk=unit.pk)
        last_rank = (
            Nomination.objects.filter(campaign=campaign, unit=unit)
            .exclude(status=Status.CANCELLED)
            .aggregate(m=Max("unit_rank"))["m"]
        )
        nomination = Nomination(
            campaign=campaign,
            unit=unit,
            unit_rank=(last_rank or 0) + 1,
            created_by=actor,
            updated_by=actor,
        )
        _apply_fields(nomination, fields)
        _save_checking_duplicate(nomination)
        _apply_rows(nomination, rows or {})
        record_event(
            "nomination.created",
            actor=actor,
            subject=nomination,
            unit=unit,
            data={"name": nomination.name, "rank": nomination.unit_rank},
        )
    return nomination


def conflict_error(current: Nomination) -> ConflictError:
    """Describe who saved the nomination since the user loaded it, and when."""
    return ConflictError(
        _("%(user)s已于%(time)s保存了该推荐，您的修改尚未保存。请核对下方内容后重新保存。")
        % {
            "user": current.updated_by,
            "time": show_datetime(current.updated_at),
        }
    )


@sensitive_variables()
def save_draft(
    nomination: Nomination,
    *,
    actor: User,
    expected_version: int,
    fields: dict,
    rows: dict | None = None,
) -> Nomination:
    """Save the unit's edits to a draft; refuse if someone saved it in the meantime."""
    with transaction.atomic():
        locked = lock(nomination)
        if locked.status not in EDITABLE_STATES:
            raise NotEditable()
        if locked.version != expected_version:
            raise conflict_error(locked)
        changed = _apply_fields(locked, fields)
        changed += _apply_rows(locked, rows or {})
        locked.version += 1
        locked.updated_by = actor
        _save_checking_duplicate(locked)
        record_event(
            "nomination.draft_saved",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={"changed": changed, "version": locked.version},
        )
    return locked


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def snapshot(nomination: Nomination) -> dict:
    """Return the nomination's content as JSON-ready data, without personal numbers."""
    data = {name: _jsonable(getattr(nomination, name)) for name in attachment1.all_fields()}
    # Personal numbers only as masks and short keyed fingerprints: enough for the
    # diff to see a correction, never enough to recover the number.
    data["id_number"] = nomination.id_number_masked
    data["id_number_fingerprint"] = (nomination.id_number_index or "")[:16]
    data["mobile"] = mask_mobile(nomination.mobile)
    data["mobile_fingerprint"] = blind_index(nomination.mobile)[:16] if nomination.mobile else ""
    for related_name, keys in ROW_FIELDS.items():
        data[related_name] = [
            {"id": row.pk, **{key: _jsonable(getattr(row, key)) for key in keys}}
            for row in getattr(nomination, related_name).all()
        ]
    data["attachments"] = [
        {
            "id": a.pk,
            "kind": a.kind,
            "name": a.original_name,
            "sha256": a.sha256,
            "award": a.award_id,
            "honour": a.honour_id,
        }
        for a in nomination.attachments.all()
    ]
    return data


def submit_nomination(
    nomination: Nomination, *, actor: User, now: datetime | None = None
) -> Nomination:
    """Submit the nomination to the province, if it is complete and on time."""
    now = now or timezone.now()
    pk = nomination.pk
    effects = [lambda: tasks.send_submission_receipt.delay(nomination_id=pk)]

    def prepare(locked: Nomination) -> list[str]:
        if now > submission_deadline(locked):
            raise DeadlinePassed()
        refuse_blocked_repeat(locked)
        problems = submission_problems(locked, today=timezone.localdate(now))
        if problems:
            raise IncompleteNomination(problems)
        if locked.status == Status.RETURNED:
            effects.append(lambda: tasks.send_resubmission_notice.delay(nomination_id=pk))
        number = locked.revisions.count() + 1
        Revision.objects.create(
            nomination=locked, number=number, snapshot=snapshot(locked), created_by=actor
        )
        locked.submitted_at = now
        locked.credit_code_suspect = credit_code_suspect(locked.employer_credit_code)
        locked.warning_count = warning_count(automatic_checks(locked, on=timezone.localdate(now)))
        return ["submitted_at", "credit_code_suspect", "warning_count"]

    return transition(nomination, Action.SUBMIT, actor=actor, prepare=prepare, on_commit=effects)


def refuse_blocked_repeat(nomination: Nomination) -> None:
    """Refuse a nominee already named 龙江工匠 (by ID number) if the campaign says so."""
    if not nomination.campaign.repeat_nominee_blocks:
        return
    certain = [match for match in repeat_matches(nomination) if match.certain]
    if certain:
        raise RepeatNomineeBlocked(
            _(
                "该人员已于%(year)d年获评“龙江工匠”。本年度活动规定往届已获评人员不得再次推荐，"
                "不能提交。"
            )
            % {"year": certain[0].year}
        )


def withdraw_nomination(nomination: Nomination, *, actor: User) -> Nomination:
    """Take a submitted nomination back to draft so the unit can change it.

    Refused once the unit's deadline has passed: the draft could never be
    submitted again, and the candidate would silently drop out.
    """

    def prepare(locked: Nomination) -> list[str]:
        if timezone.now() > submission_deadline(locked):
            raise DeadlinePassed(_("报送已截止，撤回后将无法重新提交，因此不能撤回。"))
        return []

    return transition(nomination, Action.WITHDRAW, actor=actor, prepare=prepare)


def cancel_nomination(nomination: Nomination, *, actor: User) -> Nomination:
    """Discard a draft; the unit's remaining candidates close up their ranking."""
    with transaction.atomic():
        # Lock the unit and its nominations before the transition takes the audit
        # chain's lock: a service saving a sibling holds that row, then the chain.
        Unit.objects.select_for_update().get(pk=nomination.unit_id)
        _lock_unit_nominations(nomination.campaign_id, nomination.unit_id)
        cancelled = transition(nomination, Action.CANCEL, actor=actor)
        _renumber(cancelled.campaign_id, cancelled.unit_id)
    return cancelled


def _lock_unit_nominations(campaign_id: int, unit_id: int) -> None:
    list(
        Nomination.objects.select_for_update()
        .filter(campaign_id=campaign_id, unit_id=unit_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _renumber(campaign_id: int, unit_id: int) -> None:
    """Close up the unit's ranking; a nomination on a locked list keeps its number."""
    active = list(
        Nomination.objects.select_for_update()
        .filter(campaign_id=campaign_id, unit_id=unit_id)
        .exclude(status=Status.CANCELLED)
        .order_by("unit_rank", "id")
    )
    kept = {row.unit_rank for row in active if row.locked_at is not None}
    free = (rank for rank in itertools.count(1) if rank not in kept)
    for row in active:
        if row.locked_at is not None:
            continue
        rank = next(free)
        if row.unit_rank != rank:
            Nomination.objects.filter(pk=row.pk).update(unit_rank=rank)


def move_nomination(nomination: Nomination, *, actor: User, offset: int) -> Nomination:
    """Move a candidate up (-1) or down (+1) in the unit's recommendation order."""
    if offset not in (-1, 1):
        raise ValueError("offset must be -1 or 1")
    with transaction.atomic():
        Unit.objects.select_for_update().get(pk=nomination.unit_id)
        locked = lock(nomination)
        if locked.status == Status.CANCELLED:
            raise IllegalTransition()
        if timezone.now() > effective_deadline(locked.campaign, locked.unit):
            raise DeadlinePassed(_("报送已截止，推荐排序不能再调整。"))
        _renumber(locked.campaign_id, locked.unit_id)
        locked.refresh_from_db(fields=["unit_rank"])
        neighbour = (
            Nomination.objects.select_for_update()
            .filter(
                campaign_id=locked.campaign_id,
                unit_id=locked.unit_id,
                unit_rank=locked.unit_rank + offset,
            )
            .exclude(status=Status.CANCELLED)
            .first()
        )
        if neighbour is None:
            return locked
        old_rank = locked.unit_rank
        Nomination.objects.filter(pk=neighbour.pk).update(unit_rank=old_rank)
        Nomination.objects.filter(pk=locked.pk).update(unit_rank=neighbour.unit_rank)
        locked.unit_rank = neighbour.unit_rank
        record_event(
            "nomination.reordered",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={"from": old_rank, "to": locked.unit_rank},
        )
    return locked


@sensitive_variables()
def reveal_id_number(nomination: Nomination, *, actor: User) -> str:
    """Return the full ID number and record who saw it."""
    with transaction.atomic():
        record_event(
            "nomination.id_revealed", actor=actor, subject=nomination, unit=nomination.unit
        )
    return nomination.id_number


# ``data["via"]`` of a printed form: asked for on the web, or by the operator's command.
PRINTED_VIA_WEB, PRINTED_VIA_COMMAND = "web", "command"
PRINTED_VIA = (
    (PRINTED_VIA_WEB, gettext_lazy("网页")),
    (PRINTED_VIA_COMMAND, gettext_lazy("运维导出命令")),
)


def record_forms_printed(
    printed: Sequence[Nomination], *, actor: User | None, full_numbers: bool
) -> int:
    """Record that these nominations' Attachment 1 was generated, like a reveal of the ID.

    One event per nomination, so each nomination's history says who printed its
    form and whether the form showed the full ID number and mobile. ``actor`` is
    None for the operator's ``manage.py export forms``.
    """
    with transaction.atomic():
        return record_events(
            "nomination.form_printed",
            actor=actor,
            subjects=printed,
            data={
                "full_numbers": full_numbers,
                "via": PRINTED_VIA_WEB if actor is not None else PRINTED_VIA_COMMAND,
            },
        )
