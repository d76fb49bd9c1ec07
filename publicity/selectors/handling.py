"""Reading objections, scoped to the user; who complained only through ``complainant_of``.

- Objection handlers (``roles.handles_objections``) see every case, its evidence
  and, one audited view at a time, the complainant.
- Other provincial staff see every case's facts and progress, never who complained
  nor the evidence (a file may name its author): they run the campaign and must
  know which nominees are contested and whether every case is closed before the
  publicity result, but the real-name rule promises complainants that only the
  handlers know them.
- A recommending unit's clerk sees the cases about its own nominees once they were
  sent to it for 核查 (verifying or later), never the complainant.
- Experts, the council and anyone else see nothing.

List queries defer the complainant's fields, so no page that lists cases loads
them; a template has nothing to print even by mistake.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import handles_objections, is_clerk, is_provincial
from longjiang.audit.display import describe
from longjiang.audit.selectors import events_for
from longjiang.audit.services import record_event
from nominations.models import Campaign
from publicity.models import Evidence, Objection
from publicity.workflow import ObjectionStatus

# The fields that say who complained; loaded only by ``complainant_of``.
COMPLAINANT_FIELDS = (
    "complainant_name",
    "complainant_unit",
    "complainant_phone",
    "complainant_address",
    "complainant_email",
)

# The states in which a case is with, or has been with, the recommending unit.
SENT_STATES = (ObjectionStatus.VERIFYING, ObjectionStatus.REPORTED, ObjectionStatus.DECIDED)

# How a handler came to see a complainant (the audit event's "via").
VIEW_PAGE = "page"
VIEW_REPLY_LETTER = "reply_letter"
VIEW_REGISTER = "register"
VIEW_LABELS = [
    (VIEW_PAGE, _("异议办理页面")),
    (VIEW_REPLY_LETTER, _("答复函")),
    (VIEW_REGISTER, _("异议登记表")),
]


def objections_visible_to(user: User) -> QuerySet[Objection]:
    """Return the cases ``user`` may read, the complainant's fields deferred."""
    cases = Objection.objects.defer(*COMPLAINANT_FIELDS)
    if is_provincial(user):
        return cases
    if is_clerk(user):
        return cases.filter(
            nomination__unit_id=user.unit_id,
            status__in=SENT_STATES,
            sent_at__isnull=False,
        )
    return cases.none()


@dataclass(frozen=True)
class Complainant:
    kind: str
    kind_label: str
    name: str
    unit: str
    phone: str
    address: str
    email: str
    unit_sealed: bool

    @property
    def real_name(self) -> bool:
        return self.kind != "anonymous" and bool(self.name.strip())


def _complainant(row: Objection) -> Complainant:
    return Complainant(
        kind=row.complainant_kind,
        kind_label=str(row.get_complainant_kind_display()),
        name=row.complainant_name,
        unit=row.complainant_unit,
        phone=row.complainant_phone,
        address=row.complainant_address,
        email=row.complainant_email,
        unit_sealed=row.unit_sealed,
    )


def complainant_of(objection: Objection, *, user: User | None, via: str = VIEW_PAGE) -> Complainant:
    """Return who complained, and record that ``user`` saw it.

    Only objection handlers may ask (``user=None`` is the operator's export
    command, which runs with the database's own rights). Every call writes
    ``publicity.complainant_viewed``, in its own transaction or the caller's.
    """
    if user is not None and not handles_objections(user):
        raise PermissionDenied
    with transaction.atomic():
        row = Objection.objects.only(
            "pk", "complainant_kind", "unit_sealed", *COMPLAINANT_FIELDS
        ).get(pk=objection.pk)
        record_event(
            "publicity.complainant_viewed",
            actor=user,
            subject=row,
            data={"via": via},
        )
    return _complainant(row)


def complainants_of(
    objections: list[Objection], *, user: User | None, via: str
) -> dict[int, Complainant]:
    """Return who complained in each case, one audit event per case (for documents)."""
    from longjiang.audit.services import record_events

    if user is not None and not handles_objections(user):
        raise PermissionDenied
    pks = [o.pk for o in objections]
    with transaction.atomic():
        rows = list(
            Objection.objects.filter(pk__in=pks).only(
                "pk", "complainant_kind", "unit_sealed", *COMPLAINANT_FIELDS
            )
        )
        record_events("publicity.complainant_viewed", actor=user, subjects=rows, data={"via": via})
    return {row.pk: _complainant(row) for row in rows}


def evidence_of(objection: Objection, *, user: User) -> QuerySet[Evidence]:
    """Return the complainant's files: for objection handlers only (a file may name them)."""
    if not handles_objections(user):
        return Evidence.objects.none()
    return objection.evidence.all()


def objection_cases(
    user: User,
    campaign: Campaign,
    *,
    status: str = "",
    outcome: str = "",
    notice: int | None = None,
) -> QuerySet[Objection]:
    """Return the staff's list of cases, filtered, oldest first."""
    cases = objections_visible_to(user).filter(campaign=campaign)
    if status:
        cases = cases.filter(status=status)
    if outcome:
        cases = cases.filter(outcome=outcome)
    if notice:
        cases = cases.filter(notice_id=notice)
    return cases.select_related("nomination__unit", "notice").order_by("received_at", "pk")


def unit_cases(user: User, campaign: Campaign) -> QuerySet[Objection]:
    """Return the clerk's cases: those about its unit's nominees sent to it for 核查."""
    return (
        objections_visible_to(user)
        .filter(campaign=campaign)
        .select_related("nomination")
        .order_by("verification_due", "pk")
    )


def is_overdue(objection: Objection, today: date | None = None) -> bool:
    """Whether the unit's report is late: still verifying after its due date."""
    today = today or timezone.localdate()
    return (
        objection.status == ObjectionStatus.VERIFYING
        and objection.verification_due is not None
        and objection.verification_due < today
    )


def is_due_soon(objection: Objection, today: date | None = None) -> bool:
    """Whether the report is due today or tomorrow and not in yet."""
    today = today or timezone.localdate()
    return (
        objection.status == ObjectionStatus.VERIFYING
        and objection.verification_due is not None
        and today <= objection.verification_due <= today + timedelta(days=1)
    )


def timeline_of(objection: Objection):
    """Return the case's audit history as rows a person reads, oldest first."""
    return describe(list(events_for(objection).order_by("id")))


def open_case_count(user: User, campaign: Campaign) -> int:
    """Cases not yet closed that ``user`` sees (for the dashboard links)."""
    return (
        objections_visible_to(user)
        .filter(campaign=campaign)
        .exclude(status__in=(ObjectionStatus.DECIDED, ObjectionStatus.NOT_ACCEPTED))
        .count()
    )
