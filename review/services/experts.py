"""Experts: adding them one by one or from a list, their campaigns and their accounts."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Role, Unit, User
from longjiang.accounts.services import send_password_link
from longjiang.audit.services import record_event
from longjiang.collation import surname_stroke_key
from longjiang.exceptions import DomainError
from longjiang.pii import redact_personal_numbers
from nominations.models import Campaign
from review.documents import experts as expert_workbook
from review.imports import ExpertData, Lookups, check_expert, identity_key
from review.models import Expert
from review.selectors.experts import expert_lookups


class InvalidExpert(DomainError):
    """The expert's details cannot be accepted; ``errors`` lists every reason."""

    default_message = gettext_lazy("专家信息有误。")

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class NewAccount:
    """A new expert, and the address their link to set a password went to ("" if none)."""

    expert: Expert
    link_sent_to: str


def _next_username(taken: set[str]) -> str:
    number = Expert.objects.count() + 1
    while f"expert_{number}" in taken:
        number += 1
    return f"expert_{number}"


def _name_order(name: str) -> str:
    """Return the stored 姓氏笔画 sort key of a name, cut to the column's length."""
    return surname_stroke_key(name)[: Expert._meta.get_field("name_order").max_length]


def _save_profile(
    user: User, data: ExpertData, *, campaign: Campaign, actor: User, data_extra: dict
) -> Expert:
    """Create the profile and the campaign's activation, with their event (last)."""
    expert = Expert.objects.create(
        user=user,
        name=data.name,
        name_order=_name_order(data.name),
        employer_name=data.employer_name,
        employer_credit_code=data.employer_credit_code,
        unit=data.unit,
        specialty=data.specialty,
        title=data.title,
    )
    expert.campaigns.add(campaign)
    record_event(
        "review.expert_added",
        actor=actor,
        subject=expert,
        data={
            "username": user.username,
            "name": data.name,
            "employer": data.employer_name,
            "campaign": campaign.year,
            **data_extra,
        },
    )
    return expert


def _create_expert(
    data: ExpertData, *, campaign: Campaign, actor: User, lookups: Lookups, data_extra: dict
) -> NewAccount:
    """Create the account, the profile and the campaign's activation, with their events.

    The account has no usable password: its holder sets one through the link
    mailed to the given address. Without an address no link is sent.
    """
    username = data.username or _next_username(lookups.taken_usernames)
    with transaction.atomic():
        user = User(username=username, role=Role.EXPERT, full_name=data.name, email=data.email)
        user.set_unusable_password()
        user.save()
        expert = _save_profile(user, data, campaign=campaign, actor=actor, data_extra=data_extra)
        sent_to = send_password_link(user, actor=actor) if user.email else ""
    lookups.taken_usernames.add(username.casefold())
    lookups.existing_experts.add(identity_key(data.name, data.employer_name))
    return NewAccount(expert=expert, link_sent_to=sent_to)


def _checked(lookups: Lookups, **cells) -> ExpertData:
    unit = cells.pop("unit", None)
    data, errors = check_expert({**cells, "unit": unit.code if unit is not None else ""}, lookups)
    if errors:
        raise InvalidExpert(errors)
    return data


def add_expert(
    campaign: Campaign,
    *,
    actor: User,
    name: str,
    employer_name: str,
    specialty: str,
    employer_credit_code: str = "",
    unit: Unit | None = None,
    title: str = "",
    username: str = "",
    email: str = "",
) -> NewAccount:
    """Add an expert to the pool with an account, active in the campaign.

    The expert sets the account's password through a link mailed to ``email``;
    staff never see a password.
    """
    lookups = expert_lookups()
    data = _checked(
        lookups,
        name=name,
        employer_name=employer_name,
        employer_credit_code=employer_credit_code,
        unit=unit,
        specialty=specialty,
        title=title,
        username=username,
        email=email,
    )
    try:
        return _create_expert(
            data, campaign=campaign, actor=actor, lookups=lookups, data_extra={"via": "form"}
        )
    except IntegrityError:
        # Someone took the user name between the check and the insert.
        message = _("用户名“%(username)s”已被使用。") % {"username": username}
        raise InvalidExpert([message]) from None


def add_expert_profile(
    user: User,
    *,
    campaign: Campaign,
    actor: User,
    name: str,
    employer_name: str,
    specialty: str,
    employer_credit_code: str = "",
    unit: Unit | None = None,
    title: str = "",
) -> Expert:
    """Give an existing expert account, made without a profile, its expert profile.

    The account keeps its password; the expert takes part in the campaign.
    """
    if user.role != Role.EXPERT:
        raise DomainError(_("只能为评审专家账号登记专家信息。"))
    data = _checked(
        expert_lookups(),
        name=name,
        employer_name=employer_name,
        employer_credit_code=employer_credit_code,
        unit=unit,
        specialty=specialty,
        title=title,
    )
    with transaction.atomic():
        if Expert.objects.filter(user=user).exists():
            raise DomainError(_("该账号已登记专家信息。"))
        return _save_profile(
            user, data, campaign=campaign, actor=actor, data_extra={"via": "account"}
        )


@dataclass
class ImportedRow:
    """The outcome of one row of an expert list."""

    number: int
    name: str
    username: str = ""
    link_sent_to: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[ImportedRow]

    @property
    def imported(self) -> int:
        return sum(1 for row in self.rows if row.imported)

    @property
    def failed(self) -> int:
        return len(self.rows) - self.imported


def import_experts(
    campaign: Campaign, *, actor: User, content: bytes, filename: str
) -> ImportReport:
    """Import the experts of an uploaded list, each row on its own; report every row.

    A row is imported whole (account, profile, activation and event) or not at
    all; a bad row does not stop the others. Raise ``expert_workbook.WorkbookError`` if
    the file cannot be read as an expert list.
    """
    rows = expert_workbook.read_expert_rows(content)
    # File names are kept in the audit trail for good, and people name files after people.
    filename = redact_personal_numbers(filename)[:200]
    lookups = expert_lookups()
    report = ImportReport(rows=[])
    for row in rows:
        outcome = ImportedRow(number=row.number, name=row.cells.get("name", ""))
        data, errors = check_expert(row.cells, lookups)
        if data is not None:
            try:
                account = _create_expert(
                    data,
                    campaign=campaign,
                    actor=actor,
                    lookups=lookups,
                    data_extra={"via": "import", "file": filename, "row": row.number},
                )
            except IntegrityError:
                errors = [_("用户名“%(username)s”已被使用。") % {"username": data.username}]
            else:
                outcome.username = account.expert.user.username
                outcome.link_sent_to = account.link_sent_to
                outcome.warnings = data.warnings
        outcome.errors = errors
        report.rows.append(outcome)
    with transaction.atomic():
        record_event(
            "review.experts_imported",
            actor=actor,
            subject=campaign,
            data={
                "file": filename,
                "imported": report.imported,
                "failed": [row.number for row in report.rows if not row.imported],
            },
        )
    return report


def set_expert_email(expert: Expert, *, email: str, actor: User) -> Expert:
    """Give the expert's account a new email address, so a set-password link can reach them."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("请填写有效的电子邮箱地址。")) from None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=expert.user_id)
        if user.email == email:
            raise DomainError(_("新邮箱与原邮箱相同。"))
        before = user.email
        user.email = email
        user.save(update_fields=["email"])
        record_event(
            "review.expert_email_changed",
            actor=actor,
            subject=expert,
            data={"username": user.username, "before": before, "after": email},
        )
    expert.user = user
    return expert


def set_expert_active(expert: Expert, *, campaign: Campaign, active: bool, actor: User) -> Expert:
    """Make the expert take part in the campaign's review, or no longer."""
    with transaction.atomic():
        is_active = expert.campaigns.filter(pk=campaign.pk).exists()
        if is_active == active:
            raise DomainError(
                _("该专家已参加本年度评审。") if active else _("该专家未参加本年度评审。")
            )
        if active:
            expert.campaigns.add(campaign)
        else:
            if expert.panels.filter(campaign=campaign).exists():
                raise DomainError(_("请先将该专家移出本年度的评审组。"))
            expert.campaigns.remove(campaign)
        record_event(
            "review.expert_activated" if active else "review.expert_deactivated",
            actor=actor,
            subject=expert,
            data={"campaign": campaign.year},
        )
    return expert
