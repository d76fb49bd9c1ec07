"""The intake stage: the demo accounts, the 2021 campaign and fictional nominations.

Every nomination is made through the real services (create, attach, submit,
withdraw, cancel), so revisions and the audit chain look exactly as after real
use. All accounts share the published password ``Longjiang-2021``, which is why
``seed_demo`` refuses to run with DEBUG off.
"""

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils import timezone

from longjiang.accounts.models import Role, Unit, User
from longjiang.demo import DemoRun
from nominations.demo.files import demo_pdf
from nominations.demo.notice import NOTICE_2021, demo_deadlines
from nominations.demo.people import Nominee, fictional_nominee
from nominations.demo.seeding import Seeding, seeding_of
from nominations.models import Attachment, Campaign, Nomination, UnitContact
from nominations.services import (
    DuplicateNomination,
    add_attachment,
    cancel_nomination,
    create_nomination,
    save_campaign,
    set_unit_contact,
    submit_nomination,
    withdraw_nomination,
)
from nominations.workflow import Status

DEMO_PASSWORD = "Longjiang-2021"  # noqa: S105 (public, for the demo only)

# --- Accounts -----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    full_name: str
    unit: Unit | None = None
    is_staff: bool = False
    is_superuser: bool = False


def account_specs(units: Iterable[Unit]) -> list[AccountSpec]:
    """Return the demo accounts: admin, staff, one clerk per unit, nine experts, council."""
    specs = [
        AccountSpec("admin", Role.ADMIN, "系统管理员", is_staff=True, is_superuser=True),
        # Staff edit the campaign in the Django admin, hence is_staff.
        AccountSpec("staff", Role.STAFF, "劳动和经济工作部工作人员", is_staff=True),
    ]
    specs += [
        AccountSpec(f"clerk_{unit.code}", Role.CLERK, f"{unit.name}填报员", unit=unit)
        for unit in units
    ]
    specs += [AccountSpec(f"expert{n:02d}", Role.EXPERT, f"评审专家{n:02d}") for n in range(1, 10)]
    specs.append(AccountSpec("council", Role.COUNCIL, "主席办公会议秘书"))
    return specs


def ensure_accounts(units: Iterable[Unit]) -> tuple[dict[str, User], int]:
    """Create the demo accounts that do not exist yet; return all of them and how many are new."""
    specs = account_specs(units)
    users = User.objects.in_bulk([spec.username for spec in specs], field_name="username")
    # One hash for every account: hashing the same public password 35 times at full
    # strength would only make the demo slow to load.
    password = make_password(DEMO_PASSWORD)
    created = 0
    for spec in specs:
        if spec.username in users:
            continue
        user = User(
            username=spec.username,
            email=f"{spec.username}@example.org",
            password=password,
            role=spec.role,
            unit=spec.unit,
            full_name=spec.full_name,
            is_staff=spec.is_staff,
            is_superuser=spec.is_superuser,
        )
        user.save()
        users[spec.username] = user
        created += 1
    return users, created


# --- Campaign -----------------------------------------------------------------------


def ensure_campaign(now: datetime, *, actor: User) -> tuple[Campaign, str]:
    """Create the 2021 campaign, or reopen an existing one whose intake has closed.

    Return the campaign and what happened to it: "created", "reopened" or "kept".
    Both writes go through the campaign service, so the audit trail shows them.
    """
    electronic, paper = demo_deadlines(now)
    campaign = Campaign.objects.filter(year=NOTICE_2021["year"]).first()
    if campaign is None:
        campaign = Campaign(**NOTICE_2021, electronic_deadline=electronic, paper_deadline=paper)
        save_campaign(campaign, actor=actor, changed=[*NOTICE_2021, "electronic_deadline"])
        return campaign, "created"
    if campaign.electronic_deadline <= now:
        campaign.electronic_deadline = electronic
        campaign.paper_deadline = paper
        save_campaign(campaign, actor=actor, changed=["electronic_deadline", "paper_deadline"])
        return campaign, "reopened"
    return campaign, "kept"


# --- Nominations --------------------------------------------------------------------

SUBMITTED = "submitted"
COMPLETE_DRAFT = "complete_draft"
INCOMPLETE_DRAFT = "incomplete_draft"
WITHDRAWN = "withdrawn"
CANCELLED = "cancelled"
# The mix of states, repeated: mostly submitted, some complete and incomplete drafts,
# one withdrawn after submission, a cancelled one. The first six hold every kind.
STATE_CYCLE = (
    SUBMITTED,
    COMPLETE_DRAFT,
    INCOMPLETE_DRAFT,
    SUBMITTED,
    CANCELLED,
    WITHDRAWN,
    SUBMITTED,
    SUBMITTED,
    SUBMITTED,
    INCOMPLETE_DRAFT,
    SUBMITTED,
    COMPLETE_DRAFT,
    SUBMITTED,
    SUBMITTED,
    SUBMITTED,
)
# What a clerk typically types first; incomplete drafts stop here.
FIRST_DRAFT_FIELDS = (
    "name",
    "id_number",
    "sex",
    "birth_month",
    "ethnicity",
    "employer_name",
    "industry",
    "post",
    "occupation",
)


def _create(
    campaign: Campaign,
    *,
    unit: Unit,
    clerk: User,
    nominee: Nominee,
    complete: bool,
    rng: random.Random,
) -> Nomination:
    """Create the draft, drawing another ID number in the rare case one is taken."""
    for _attempt in range(20):
        if complete:
            fields, rows = nominee.fields, nominee.rows
        else:
            fields, rows = {k: nominee.fields[k] for k in FIRST_DRAFT_FIELDS}, {}
        try:
            return create_nomination(campaign, unit=unit, actor=clerk, fields=fields, rows=rows)
        except DuplicateNomination:
            nominee.reissue_id_number(rng)
    raise CommandError("Could not find an unused demo ID number.")


def _attach_files(nomination: Nomination, *, clerk: User, nominee: Nominee) -> None:
    """Upload the photo and one evidence PDF for every award and honour."""
    add_attachment(
        nomination,
        actor=clerk,
        kind=Attachment.Kind.PHOTO,
        upload=SimpleUploadedFile("证件照.png", nominee.photo, content_type="image/png"),
    )
    for award in nomination.awards.all():
        pdf = demo_pdf(f"Demo evidence: competition award {award.pk}")
        add_attachment(
            nomination,
            actor=clerk,
            kind=Attachment.Kind.EVIDENCE,
            upload=SimpleUploadedFile(f"获奖证书{award.position + 1}.pdf", pdf, "application/pdf"),
            award=award,
        )
    for honour in nomination.honours.all():
        pdf = demo_pdf(f"Demo evidence: honour {honour.pk}")
        add_attachment(
            nomination,
            actor=clerk,
            kind=Attachment.Kind.EVIDENCE,
            upload=SimpleUploadedFile(f"荣誉证书{honour.position + 1}.pdf", pdf, "application/pdf"),
            honour=honour,
        )


def seed_nomination(
    campaign: Campaign,
    *,
    unit: Unit,
    clerk: User,
    state: str,
    nominee: Nominee,
    rng: random.Random,
) -> Nomination:
    """Take one fictional nominee through the services to the planned state."""
    complete = state in (SUBMITTED, COMPLETE_DRAFT, WITHDRAWN)
    nomination = _create(
        campaign, unit=unit, clerk=clerk, nominee=nominee, complete=complete, rng=rng
    )
    if complete:
        _attach_files(nomination, clerk=clerk, nominee=nominee)
    if state in (SUBMITTED, WITHDRAWN):
        nomination = submit_nomination(nomination, actor=clerk)
    if state == WITHDRAWN:
        nomination = withdraw_nomination(nomination, actor=clerk)
    if state == CANCELLED:
        nomination = cancel_nomination(nomination, actor=clerk)
    return nomination


def pick_unit(rng: random.Random, units: list[Unit], index: int) -> Unit:
    """Spread nominations over units, Harbin's first and most (the demo logs in there)."""
    harbin = next((u for u in units if u.code == "230100"), units[0])
    if index == 0:
        return harbin
    weights = [4 if u is harbin else 2 if u.kind == Unit.Kind.CITY else 1 for u in units]
    return rng.choices(units, weights=weights)[0]


def seed_nominations(seeding: Seeding) -> None:
    """Make the requested number of nominations, mostly submitted, spread over the units."""
    statuses = Counter()
    for index in range(seeding.run.count):
        unit = pick_unit(seeding.rng, seeding.units, index)
        nominee = fictional_nominee(
            seeding.rng, unit=unit, rare_name=index % 4 == 1, today=seeding.today
        )
        nomination = seed_nomination(
            seeding.campaign,
            unit=unit,
            clerk=seeding.users[f"clerk_{unit.code}"],
            state=STATE_CYCLE[index % len(STATE_CYCLE)],
            nominee=nominee,
            rng=seeding.rng,
        )
        seeding.created.append(nomination)
        statuses[nomination.status] += 1
    made = sum(statuses.values())
    by_status = ", ".join(f"{status} {statuses[status]}" for status in Status if statuses[status])
    seeding.lines.append(f"Nominations: {made} created" + (f" ({by_status})." if made else "."))


# Fictional contacts for the units' Attachment 2; the phones are the demo's own.
DEMO_CONTACT_NAMES = ("赵丽", "钱明", "孙红梅", "李建华", "周晓燕", "吴国强", "郑秀兰")


def ensure_unit_contacts(campaign: Campaign, units: list[Unit], users: dict[str, User]) -> int:
    """Name a contact for each unit that has none, as its clerk would; return how many."""
    named = set(UnitContact.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    count = 0
    for index, unit in enumerate(units):
        if unit.pk in named:
            continue
        set_unit_contact(
            campaign,
            unit=unit,
            actor=users[f"clerk_{unit.code}"],
            name=DEMO_CONTACT_NAMES[index % len(DEMO_CONTACT_NAMES)],
            phone=f"0451-8460{index:04d}",
        )
        count += 1
    return count


def _campaign_lines(campaign: Campaign, outcome: str) -> list[str]:
    """Describe the campaign and its deadlines; never print ID numbers or phones."""
    deadline = timezone.localtime(campaign.electronic_deadline)
    paper = timezone.localtime(campaign.paper_deadline)
    lines = [f"Campaign {campaign.year} ({campaign.title}): {outcome}."]
    if outcome in ("created", "reopened"):
        lines.append(
            "The notice closed electronic submissions on 2021-07-01; the demo moves the "
            f"deadlines to {deadline:%Y-%m-%d %H:%M} (paper {paper:%Y-%m-%d %H:%M}, "
            "Asia/Shanghai) so that intake is open."
        )
    return lines


def seed_intake(run: DemoRun) -> None:
    """Make the accounts and the open campaign, then this run's nominations."""
    units = list(
        Unit.objects.filter(is_active=True)
        .exclude(kind=Unit.Kind.PROVINCE)
        .order_by("sort_order", "code")
    )
    users, accounts_created = ensure_accounts(units)
    campaign, outcome = ensure_campaign(run.now, actor=users["admin"])
    seeding = Seeding(run=run, units=units, users=users, campaign=campaign)
    run.state["nominations"] = seeding
    # Reported before the nominations are made: a later stage may move the deadlines.
    run.lines += _campaign_lines(campaign, outcome)
    run.lines.append(
        f"Accounts: {accounts_created} created, {len(users) - accounts_created} "
        f"already present; demo password {DEMO_PASSWORD}."
    )
    contacts = ensure_unit_contacts(campaign, units, users)
    run.lines.append(f"Attachment 2 contacts: {contacts} named.")
    seed_nominations(seeding)


def campaign_present() -> str:
    """Say "a campaign" if the database holds one (``seed_demo --if-empty`` then stops)."""
    return "a campaign" if Campaign.objects.exists() else ""


def status_line(run: DemoRun) -> str:
    """Count the campaign's nominations by status, for the last line of the run."""
    campaign = seeding_of(run).campaign
    counts = Counter(Nomination.objects.filter(campaign=campaign).values_list("status", flat=True))
    by_status = ", ".join(f"{status} {counts[status]}" for status in Status if counts[status])
    return f"Campaign {campaign.year} nominations by status: {by_status or 'none'}."
