"""Load the demo: the 2021 campaign, the demo accounts and fictional nominations.

Every nomination is made through the real services (create, attach, submit,
withdraw, cancel, and the first check's start, confirm and decisions), so
rankings, revisions and the audit chain look exactly as after real use. All
accounts share the published password ``Longjiang-2021``, which is why the
command refuses to run with DEBUG off.

The demo is loaded in stages, each continuing from the one before it:
"intake" (the default) leaves the campaign open for submissions; "check" then
plays the provincial first check (see ``seed_check``); "review" sets up the
expert review with the first scores (see ``seed_review``); "council" finishes
the scoring and "locked" records the council's approval (``review.demo``).

    python manage.py seed_demo [--stage intake|check|review|council|locked]
                               [--nominations N] [--if-empty]
                               [--seed S]
"""

import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from longjiang.accounts.models import Role, Unit, User
from nominations import attachment1
from nominations.checklist import MANUAL_CHECKS
from nominations.demo_data import (
    NOTICE_2021,
    Nominee,
    demo_deadlines,
    demo_pdf,
    demo_photo,
    fictional_nominee,
)
from nominations.models import Attachment, Campaign, Nomination
from nominations.services import (
    DuplicateNomination,
    add_attachment,
    cancel_nomination,
    confirm_check_item,
    create_nomination,
    disqualify_nomination,
    mark_eligible,
    record_paper_receipt,
    reject_nomination,
    return_for_correction,
    save_campaign,
    save_draft,
    start_check,
    submit_nomination,
    upload_unit_report,
    withdraw_nomination,
)
from nominations.validators import count_characters
from nominations.workflow import RECEIVED_STATES, Status

DEMO_PASSWORD = "Longjiang-2021"  # noqa: S105 (public, for the demo only)
REFUSAL = (
    "seed_demo 只能在调试模式（DJANGO_DEBUG=1）下运行：演示账号使用公开的密码。 "
    "seed_demo runs only with DJANGO_DEBUG on: the demo accounts use a published password."
)

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


# --- Stages -------------------------------------------------------------------------


@dataclass
class Seeding:
    """What the stages share; each stage adds to ``created`` and ``lines``."""

    rng: random.Random
    now: datetime
    units: list[Unit]
    users: dict[str, User]
    campaign: Campaign
    count: int
    created: list[Nomination] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def staff(self) -> User:
        return self.users["staff"]

    def clerk_of(self, nomination: Nomination) -> User:
        return self.users[f"clerk_{nomination.unit.code}"]


def seed_intake(seeding: Seeding) -> None:
    """Make the requested number of nominations, mostly submitted, spread over the units."""
    statuses = Counter()
    for index in range(seeding.count):
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


# What the first check does with the submitted nominations of this run, in turn. The
# first one is Harbin's, so the demo clerk clerk_230100 finds a returned nomination.
LEAVE_SUBMITTED = "not started"
RESUBMITTED = "resubmitted"
CHECK_PLAN = (
    Status.RETURNED,
    RESUBMITTED,
    Status.IN_CHECK,
    Status.ELIGIBLE,
    LEAVE_SUBMITTED,
    Status.REJECTED,
    Status.ELIGIBLE,
    Status.DISQUALIFIED,
    Status.IN_CHECK,
)
# The paper copies of the nominations that reached the province, in turn.
ON_TIME, LATE, INCOMPLETE, MISSING = "on_time", "late", "incomplete", "missing"
PAPER_PLAN = (ON_TIME, ON_TIME, LATE, ON_TIME, MISSING, INCOMPLETE, ON_TIME, LATE, MISSING)
# Days before today on which the check stage puts the paper deadline (00:00, as the
# notice does); the electronic deadline keeps the notice's five days before it.
PAPER_DEADLINE_DAYS_AGO = 3
NOTICE_PAPER_GAP = timedelta(days=5)

RETURN_COMMENTS = {
    "main_deeds": "请补充近三年的主要业绩，并注明技术革新成果的经济效益数据来源。",
    "photo": "照片不符合要求，请更换为近期正面免冠彩色证件照。",
    "honours": "荣誉证书扫描件不清晰，请重新上传。",
}
RESUBMISSION_COMMENTS = {
    "main_deeds": "请补充近三年的主要业绩数据。",
    "photo": "请更换为近期正面免冠彩色证件照。",
}
CORRECTED_DEEDS = "近三年，该同志牵头完成技术攻关项目三项，年均为企业节约成本五十余万元。"


def _correction_deadline(today: date) -> datetime:
    """Return 17:00 a week from today, the form's default correction deadline."""
    return timezone.make_aware(datetime.combine(today + timedelta(days=7), time(17, 0)))


def _confirm(nomination: Nomination, *, actor: User, count: int) -> None:
    """Confirm the first ``count`` manual checks as met, with a note."""
    for check in MANUAL_CHECKS[:count]:
        confirm_check_item(
            nomination, actor=actor, key=check.key, passed=True, note="已与推荐单位电话核实。"
        )


def _resubmit_corrected(seeding: Seeding, nomination: Nomination) -> Nomination:
    """Let the unit's clerk act on the return: extend the deeds, replace the photo, resubmit."""
    clerk = seeding.clerk_of(nomination)
    current = Nomination.objects.get(pk=nomination.pk)
    # The new paragraph goes before the closing one, or replaces it if the deeds
    # would otherwise exceed the form's limit.
    paragraphs = current.main_deeds.split("\n\n")
    deeds = "\n\n".join([*paragraphs[:-1], CORRECTED_DEEDS, paragraphs[-1]])
    if count_characters(deeds) > attachment1.DEEDS_LIMITS["main_deeds"]:
        deeds = "\n\n".join([*paragraphs[:-1], CORRECTED_DEEDS])
    save_draft(current, actor=clerk, expected_version=current.version, fields={"main_deeds": deeds})
    add_attachment(
        current,
        actor=clerk,
        kind=Attachment.Kind.PHOTO,
        upload=SimpleUploadedFile(
            "新证件照.png", demo_photo(seeding.rng), content_type="image/png"
        ),
    )
    return submit_nomination(current, actor=clerk)


def check_nomination(seeding: Seeding, nomination: Nomination, plan: str) -> Nomination:
    """Take one submitted nomination through the first check to the planned state."""
    staff = seeding.staff
    if plan == LEAVE_SUBMITTED:
        return nomination
    start_check(nomination, actor=staff)
    if plan == Status.IN_CHECK:
        _confirm(nomination, actor=staff, count=2)
        return Nomination.objects.get(pk=nomination.pk)
    if plan in (Status.ELIGIBLE, Status.DISQUALIFIED):
        _confirm(nomination, actor=staff, count=len(MANUAL_CHECKS))
        nomination = mark_eligible(nomination, actor=staff, note="材料齐全，符合推荐条件。")
    if plan == Status.DISQUALIFIED:
        return disqualify_nomination(
            nomination,
            actor=staff,
            reason="经举报核实，所报荣誉证书系伪造，依据通知四（三）取消推荐资格。",
        )
    if plan == Status.REJECTED:
        confirm_check_item(
            nomination,
            actor=staff,
            key="frontline",
            passed=False,
            note="经向所在单位核实，该同志现任公司副总经理，已不在一线岗位。",
        )
        return reject_nomination(
            nomination, actor=staff, reason="经核实，该同志已不在生产一线岗位，不符合推荐条件。"
        )
    if plan in (Status.RETURNED, RESUBMITTED):
        _confirm(nomination, actor=staff, count=1)
        nomination = return_for_correction(
            nomination,
            actor=staff,
            comments=RETURN_COMMENTS if plan == Status.RETURNED else RESUBMISSION_COMMENTS,
            deadline=_correction_deadline(seeding.today),
            note="请按修改意见补充完善后重新提交。",
        )
    if plan == RESUBMITTED:
        return _resubmit_corrected(seeding, nomination)
    return nomination


def close_intake(seeding: Seeding) -> None:
    """Put both deadlines in the past, so paper copies can arrive late, and say so."""
    campaign = seeding.campaign
    paper_day = seeding.today - timedelta(days=PAPER_DEADLINE_DAYS_AGO)
    campaign.paper_deadline = timezone.make_aware(datetime.combine(paper_day, time(0, 0)))
    campaign.electronic_deadline = campaign.paper_deadline - NOTICE_PAPER_GAP
    save_campaign(campaign, actor=seeding.staff, changed=["electronic_deadline", "paper_deadline"])
    electronic = timezone.localtime(campaign.electronic_deadline)
    seeding.lines.append(
        "The check stage closes intake: electronic deadline "
        f"{electronic:%Y-%m-%d %H:%M}, paper deadline {paper_day:%Y-%m-%d} "
        "(a copy received that day is on time). Returned nominations keep their own "
        "correction deadline; new nominations can no longer be submitted."
    )


def log_paper_copies(seeding: Seeding) -> None:
    """Log the stamped paper copies of the nominations that reached the province."""
    staff = seeding.staff
    deadline_day = seeding.today - timedelta(days=PAPER_DEADLINE_DAYS_AGO)
    received = list(
        Nomination.objects.filter(
            pk__in=[n.pk for n in seeding.created], status__in=RECEIVED_STATES
        ).order_by("pk")
    )
    logged = Counter()
    for index, (nomination, plan) in enumerate(zip(received, itertools.cycle(PAPER_PLAN))):
        if plan == MISSING:
            continue
        if plan == LATE:
            # Between the day after the deadline and today.
            received_on = seeding.today - timedelta(days=index % PAPER_DEADLINE_DAYS_AGO)
        else:
            received_on = deadline_day - timedelta(days=index % 4)
        record_paper_receipt(
            nomination,
            actor=staff,
            received_on=received_on,
            copies=2 if plan == INCOMPLETE else 3,
            stamped=True,
            note="缺1份，已电话通知推荐单位补寄。" if plan == INCOMPLETE else "",
        )
        logged[plan] += 1
    seeding.lines.append(
        f"Paper copies: {sum(logged.values())} logged ({logged[LATE]} late, "
        f"{logged[INCOMPLETE]} incomplete), {len(received) - sum(logged.values())} missing."
    )


def upload_unit_reports(seeding: Seeding) -> None:
    """Upload the activity report of every other unit with nominations at the province."""
    counts = Counter(
        Nomination.objects.filter(
            campaign=seeding.campaign, status__in=RECEIVED_STATES
        ).values_list("unit_id", flat=True)
    )
    units = [unit for unit in seeding.units if counts[unit.pk]]
    reporting = units[::2]
    for unit in reporting:
        summary = (
            f"{unit.name}在全市（系统）范围内组织开展“龙江工匠”推荐选树活动，经基层推荐、"
            f"评审和公示，确定推荐人选{counts[unit.pk]}名。"
        )
        pdf = demo_pdf(f"Demo report on the local nomination activities of unit {unit.code}")
        upload_unit_report(
            seeding.campaign,
            unit=unit,
            actor=seeding.users[f"clerk_{unit.code}"],
            summary=summary,
            upload=SimpleUploadedFile(
                f"{unit.code}推荐选树活动情况.pdf", pdf, content_type="application/pdf"
            ),
        )
    seeding.lines.append(
        f"Unit reports: {len(reporting)} of the {len(units)} units with nominations reported."
    )


def seed_check(seeding: Seeding) -> None:
    """Play the provincial first check over this run's submitted nominations.

    The staff account starts, confirms and decides (returned with comments, a
    returned one corrected and resubmitted, eligible, rejected, disqualified,
    some left in check or untouched); then intake is closed, with the paper
    deadline three days back, so that the paper copies logged afterwards include
    some received late; and every other unit uploads its activity report.
    """
    submitted = [n for n in seeding.created if n.status == Status.SUBMITTED]
    outcomes = Counter()
    for nomination, plan in zip(submitted, itertools.cycle(CHECK_PLAN)):
        check_nomination(seeding, nomination, plan)
        outcomes[plan] += 1
    seeding.lines.append(
        f"First check: {sum(outcomes.values())} submitted nominations taken by the staff account ("
        + ", ".join(f"{plan} {outcomes[plan]}" for plan in dict.fromkeys(CHECK_PLAN))
        + ")."
    )
    close_intake(seeding)
    log_paper_copies(seeding)
    upload_unit_reports(seeding)


# --- The review stage (experts, panels, conflicts, the first scores) -----------------

# The nine demo experts, expert01 to expert09, in panel order (three per panel):
# (name, employer, title). All invented. The first of each panel is later given
# the employer of a candidate of that panel, so that the portal suggests conflicts.
DEMO_EXPERTS = (
    ("高振华", "哈尔滨工业大学", "教授"),
    ("刘淑芬", "黑龙江省机械科学研究院", "正高级工程师"),
    ("孟庆海", "北疆重型装备集团有限公司", "全国劳动模范、高级技师"),
    ("韩立军", "东北农业大学", "研究员"),
    ("赵春燕", "黑龙江省能源研究所", "正高级工程师"),
    ("邵国栋", "龙江交通职业技术学院", "教授"),
    ("曲文博", "黑龙江省信息技术研究院", "正高级工程师"),
    ("宋桂兰", "哈尔滨技师学院", "特级技师、全国技术能手"),
    ("马宏伟", "黑龙江省职业技能鉴定中心", "高级考评员"),
)
PANEL_COUNT, PANEL_SIZE = 3, 3
# The review stage makes sure at least this many nominations are eligible.
MIN_ELIGIBLE = 9
# Experts expert01 to expert06 sign the pledge; the others still see only the pledge.
PLEDGED = 6
BY_HAND_REASON = "该人选所属行业组未设评审组，并入本组评审。"


def _eligible_for_review(seeding: Seeding) -> int:
    """Take more nominations through the first check until MIN_ELIGIBLE are eligible.

    Submitted nominations never taken into the check go first, then resubmitted
    ones, then those in check, always leaving one in check for the first-check
    demo. Return how many were added; with few nominations (the default 30 make
    exactly 9 eligible) fewer than MIN_ELIGIBLE may be reachable.
    """
    campaign = seeding.campaign
    missing = MIN_ELIGIBLE - campaign.nominations.filter(status=Status.ELIGIBLE).count()
    if missing <= 0:
        return 0
    submitted = campaign.nominations.filter(status=Status.SUBMITTED).annotate(
        rounds=Count("checks")
    )
    in_check = list(campaign.nominations.filter(status=Status.IN_CHECK).order_by("pk"))[:-1]
    added = 0
    for nomination in [*submitted.order_by("rounds", "pk"), *in_check][:missing]:
        if nomination.status == Status.SUBMITTED:
            start_check(nomination, actor=seeding.staff)
            nomination = Nomination.objects.get(pk=nomination.pk)
        _confirm(nomination, actor=seeding.staff, count=len(MANUAL_CHECKS))
        mark_eligible(nomination, actor=seeding.staff, note="材料齐全，符合推荐条件。")
        added += 1
    return added


def _review_panels(seeding: Seeding, eligible: list[Nomination]) -> list:
    """Return the campaign's panels, creating one for each of the three largest groups."""
    from review import services as review
    from review.models import IndustryGroup, Panel
    from review.placement import industry_group_of

    panels = list(Panel.objects.filter(campaign=seeding.campaign).order_by("pk"))
    if panels:
        return panels
    order = list(IndustryGroup.values)
    counts = Counter(industry_group_of(n.industry) for n in eligible)
    counts.pop(None, None)
    groups = sorted(counts, key=lambda group: (-counts[group], order.index(group)))[:PANEL_COUNT]
    groups += [group for group in order if group not in groups][: PANEL_COUNT - len(groups)]
    return [
        review.create_panel(
            seeding.campaign,
            actor=seeding.staff,
            name=f"{IndustryGroup(group).label}评审组",
            industry_group=group,
        )
        for group in groups
    ]


def _shared_employer(variant: int, nomination: Nomination) -> dict:
    """Return an expert's employer matching the candidate's by one of the rules."""
    if variant == 0:  # The same credit code under a department's name.
        return {
            "employer_name": f"{nomination.employer_name}技术中心",
            "employer_credit_code": nomination.employer_credit_code,
        }
    if variant == 1:  # The same name in another legal form.
        return {"employer_name": nomination.employer_name.replace("有限公司", "股份有限公司")}
    return {
        "employer_name": nomination.employer_name,
        "employer_credit_code": nomination.employer_credit_code,
    }


def seed_review(seeding: Seeding) -> None:
    """Set up the expert review: experts, panels, placements, the pledge and conflicts.

    Nominations are made eligible through the first-check services if fewer than
    nine are; three panels are made for the three industry groups with the most
    eligible nominations, each with three of the demo experts, and every eligible
    nomination is placed (by the industry mapping, or by hand into the smallest
    panel when its group has none). The first expert of each panel shares an
    employer with one of its candidates (same credit code, same name in another
    legal form, identical), so suggesting conflicts finds them: staff confirm the
    first, dismiss the second and leave the third pending. expert01–expert06 sign
    the pledge, and expert02 declares a master–apprentice relationship. The review
    window opens; expert01–expert03 submit their sheets and expert04 saves drafts.
    """
    # Imported here: nominations must not depend on review at import time.
    from review import services as review
    from review.models import Conflict, Expert

    staff, campaign = seeding.staff, seeding.campaign
    added = _eligible_for_review(seeding)
    eligible = list(campaign.nominations.filter(status=Status.ELIGIBLE).order_by("pk"))
    panels = _review_panels(seeding, eligible)
    report = review.place_eligible_nominations(campaign, actor=staff)
    for nomination in report.unplaced:
        smallest = min(panels, key=lambda panel: (panel.placements.count(), panel.pk))
        review.move_placement(nomination, panel=smallest, reason=BY_HAND_REASON, actor=staff)

    experts = []
    for index, (name, employer, title) in enumerate(DEMO_EXPERTS):
        user = seeding.users[f"expert{index + 1:02d}"]
        panel = panels[index // PANEL_SIZE % len(panels)]
        expert = Expert.objects.filter(user=user).first()
        if expert is None:
            fields = {"employer_name": employer}
            first = panel.placements.select_related("nomination").order_by("pk").first()
            if index % PANEL_SIZE == 0 and first is not None:
                fields = _shared_employer(index // PANEL_SIZE, first.nomination)
            expert = review.add_expert_profile(
                user,
                campaign=campaign,
                actor=staff,
                name=name,
                specialty=panel.industry_group,
                title=title,
                **fields,
            )
        elif not expert.campaigns.filter(pk=campaign.pk).exists():
            review.set_expert_active(expert, campaign=campaign, active=True, actor=staff)
        if not panel.members.filter(pk=expert.pk).exists():
            review.add_panel_member(panel, expert=expert, actor=staff)
        experts.append(expert)

    signed = 0
    for expert in experts[:PLEDGED]:
        if not expert.pledges.filter(campaign=campaign).exists():
            review.sign_pledge(expert, campaign=campaign, actor=expert.user)
            signed += 1

    suggested = review.suggest_conflicts(campaign, actor=staff)
    decisions = (
        (review.confirm_conflict, "经核实，该专家与被推荐人在同一单位工作，予以回避。"),
        (review.dismiss_conflict, "经核实，该专家已于2019年调离该单位，不构成回避情形。"),
    )
    decided = Counter()
    for (decide, reason), conflict in zip(decisions, suggested, strict=False):
        decide(conflict, reason=reason, actor=staff)
        decided[decide.__name__] += 1

    declared = 0
    declarer = experts[1]
    taken = set(Conflict.objects.filter(expert=declarer).values_list("nomination_id", flat=True))
    choice = (
        campaign.nominations.filter(status=Status.ELIGIBLE, placement__panel__members=declarer)
        .exclude(pk__in=taken)
        .order_by("-pk")
        .first()
    )
    if choice is not None and not taken:
        review.declare_conflict(
            declarer,
            nomination=choice,
            kind=Conflict.Kind.MASTER_APPRENTICE,
            note="该人选曾随本人学艺三年。",
            actor=declarer.user,
        )
        declared = 1

    seeding.lines.append(
        f"Review: {added} more nominations found eligible for the review; "
        f"{len(eligible)} eligible placed in {len(panels)} panels "
        f"({', '.join(f'{p.industry_group} {p.placements.count()}' for p in panels)}), "
        f"{len(report.unplaced)} of them by hand; experts expert01-expert09 in panels of "
        f"{PANEL_SIZE}, {signed} pledges signed (expert01-expert{PLEDGED:02d}); "
        f"{len(suggested)} conflicts suggested ({decided['confirm_conflict']} confirmed, "
        f"{decided['dismiss_conflict']} dismissed), {declared} declared."
    )
    from review.demo import seed_scoring

    seeding.lines.append(seed_scoring(seeding.rng, campaign, seeding.users, staff=staff))


def seed_council(seeding: Seeding) -> None:
    """Finish the scoring, close the review window and propose the list (``review.demo``)."""
    from review.demo import seed_council as play

    seeding.lines.append(play(seeding.rng, seeding.campaign, seeding.users, staff=seeding.staff))


def seed_locked(seeding: Seeding) -> None:
    """Record the council's approval, which locks the list (``review.demo``)."""
    from review.demo import seed_locked as play

    seeding.lines.append(play(seeding.rng, seeding.campaign, seeding.users, staff=seeding.staff))


# The stages in order; each continues from the ones before it. Later stages of the
# selection add themselves here.
STAGES: tuple[tuple[str, Callable[[Seeding], None]], ...] = (
    ("intake", seed_intake),
    ("check", seed_check),
    ("review", seed_review),
    ("council", seed_council),
    ("locked", seed_locked),
)
STAGE_NAMES = tuple(name for name, _stage in STAGES)


def stages_through(last: str) -> list[Callable[[Seeding], None]]:
    """Return the stage functions up to and including ``last``, in order."""
    return [stage for _name, stage in STAGES[: STAGE_NAMES.index(last) + 1]]


class Command(BaseCommand):
    help = (
        "Load the demo data: the 2021 campaign, accounts with the password "
        f"{DEMO_PASSWORD} and fictional nominations. Refuses to run with DEBUG off. "
        "--stage intake (default) leaves intake open, its deadline 30 days ahead. "
        "--stage check also plays the provincial first check through the services as the "
        "staff account: nominations submitted, in check with manual checks confirmed, "
        "eligible, returned with comments and a correction deadline a week ahead, returned "
        "and resubmitted (so the check page shows the diff), rejected and disqualified. "
        "Since a paper copy can only be late once its deadline has passed, the check stage "
        f"then closes intake through the campaign service, putting the paper deadline "
        f"{PAPER_DEADLINE_DAYS_AGO} days back and the electronic deadline 5 days before "
        "that, logs paper copies dated on time and after that deadline (late), and uploads "
        "the activity reports of some units. Running seed_demo again reopens intake. "
        "--stage review then sets up the expert review: at least 9 eligible nominations "
        "(more are taken through the first check if needed), 3 panels of 3 experts "
        "(profiles for expert01-expert09), every eligible nomination placed, conflicts "
        "suggested with one confirmed, one dismissed and one pending, one relationship "
        "declared by expert02, and the pledge signed by expert01-expert06; the review "
        "window opens for a week, expert01-expert03 submit their score sheets and expert04 "
        "saves drafts. --stage council has every expert sign and submit, closes the review "
        "window and so proposes the top of the ranking. --stage locked records the "
        "council's approval as the account council, which locks the list as version 1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nominations", type=int, default=30, help="How many nominations (default 30)."
        )
        parser.add_argument(
            "--stage",
            choices=STAGE_NAMES,
            default="intake",
            help="How far to take the campaign (default intake); see above.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds a campaign.",
        )
        parser.add_argument(
            "--seed", type=int, default=2021, help="Seed of the random data (default 2021)."
        )

    def handle(self, *args, nominations: int, stage: str, if_empty: bool, seed: int, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        if nominations < 0:
            raise CommandError("--nominations must be 0 or more.")
        if if_empty and Campaign.objects.exists():
            self.stdout.write("The database already holds a campaign; demo data not loaded.")
            return

        now = timezone.now()
        # The receipts of the demo submissions go to fictional addresses and would
        # only flood the console, so mail sent in this process is discarded.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            units = list(
                Unit.objects.filter(is_active=True)
                .exclude(kind=Unit.Kind.PROVINCE)
                .order_by("sort_order", "code")
            )
            users, accounts_created = ensure_accounts(units)
            campaign, outcome = ensure_campaign(now, actor=users["admin"])
            seeding = Seeding(
                rng=random.Random(seed),
                now=now,
                units=units,
                users=users,
                campaign=campaign,
                count=nominations,
            )
            # Reported before the stages run: a later stage may move the deadlines.
            lines = self._campaign_lines(campaign, outcome)
            lines.append(
                f"Accounts: {accounts_created} created, {len(users) - accounts_created} "
                f"already present; demo password {DEMO_PASSWORD}."
            )
            for run_stage in stages_through(stage):
                run_stage(seeding)

        for line in lines + seeding.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(self._status_line(campaign)))

    def _campaign_lines(self, campaign: Campaign, outcome: str) -> list[str]:
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

    def _status_line(self, campaign: Campaign) -> str:
        counts = Counter(
            Nomination.objects.filter(campaign=campaign).values_list("status", flat=True)
        )
        by_status = ", ".join(f"{status} {counts[status]}" for status in Status if counts[status])
        return f"Campaign {campaign.year} nominations by status: {by_status or 'none'}."
