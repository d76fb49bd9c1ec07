"""The demo's scoring, proposed list and council decision, played through the services.

``seed_scoring`` ends the review stage, once ``experts`` has made the experts,
panels and conflicts; ``seed_council`` and ``seed_locked`` are the ``council``
and ``locked`` stages. Scores are invented but stable for a given seed:
each candidate has a quality and each expert a leniency, so the ranking has a
spread and the experts differ the way real panels do.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from longjiang.accounts.models import User
from longjiang.demo import stage_names
from longjiang.exceptions import DomainError
from nominations.demo.files import demo_pdf
from nominations.demo.seeding import Seeding
from nominations.models import Campaign
from nominations.services.campaign import save_campaign
from review import services
from review.models import CouncilDecision, Expert, ListVersion, Pledge, ScoreSheet
from review.selectors.candidates import candidates_for
from review.selectors.council import lock_warnings
from review.selectors.ranking import ranking_data
from review.selectors.scoring import dimensions_of
from review.services.lists import DecisionInput, record_council_decision

# Experts expert01 to expert03 submit every sheet in the review stage; expert04 leaves drafts.
SUBMITTING = ("expert01", "expert02", "expert03")
DRAFTING = ("expert04",)
COMMENTS = (
    "技艺精湛，攻关成果突出，带徒成效明显。",
    "事迹材料翔实，创新成果有较好的经济效益。",
    "技能水平较高，竞赛成绩和传承作用略显不足。",
)


def _points(rng: random.Random, quality: float, leniency: float, maximum: Decimal) -> Decimal:
    share = min(max(quality + leniency + rng.uniform(-0.05, 0.05), 0.3), 1.0)
    return (maximum * Decimal(str(round(share, 3)))).quantize(Decimal("0.1"))


def _score(rng: random.Random, expert: Expert, campaign: Campaign, *, submit: bool) -> int:
    """Score every candidate the expert may see and has not submitted; return how many."""
    dimensions = list(dimensions_of(campaign))
    leniency = rng.uniform(-0.08, 0.06)
    done = 0
    for nomination in candidates_for(expert.user, campaign).order_by("pk"):
        sheet = ScoreSheet.objects.filter(expert=expert, nomination=nomination).first()
        if sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED:
            continue
        quality = 0.55 + (nomination.pk * 7919 % 37) / 100
        scores = {d.key: _points(rng, quality, leniency, d.max_points) for d in dimensions}
        sheet = services.save_sheet(
            expert.user,
            nomination=nomination,
            scores=scores,
            comment=COMMENTS[nomination.pk % len(COMMENTS)],
            recommend=quality + leniency > 0.7,
            expected_version=sheet.version if sheet else 0,
            actor=expert.user,
        )
        if submit:
            services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)
        done += 1
    return done


def _expert(users: dict[str, User], username: str) -> Expert | None:
    return Expert.objects.filter(user=users[username]).first()


def seed_scoring(seeding: Seeding) -> str:
    """Open the review window and have some experts score; return the line to report."""
    rng, campaign, users, staff = seeding.rng, seeding.campaign, seeding.users, seeding.staff
    if ListVersion.objects.filter(campaign=campaign).exists():
        return "Scoring: the list is locked; scores can no longer change."
    services.ensure_default_rubric(campaign, actor=staff)
    now = timezone.now()
    services.set_review_window(
        campaign, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7), actor=staff
    )
    submitted = drafts = 0
    for username in SUBMITTING:
        expert = _expert(users, username)
        if expert is not None:
            submitted += _score(rng, expert, campaign, submit=True)
    for username in DRAFTING:
        expert = _expert(users, username)
        if expert is not None:
            drafts += _score(rng, expert, campaign, submit=False)
    return (
        f"Scoring: window open until {timezone.localtime(now + timedelta(days=7)):%Y-%m-%d %H:%M}; "
        f"{submitted} sheets submitted by {'/'.join(SUBMITTING)}, {drafts} drafts by "
        f"{'/'.join(DRAFTING)}; expert05-expert09 have not scored."
    )


def seed_council(seeding: Seeding) -> str:
    """Every expert signs and submits every sheet; the window closes; the list is proposed."""
    rng, campaign, staff = seeding.rng, seeding.campaign, seeding.staff
    if ListVersion.objects.filter(campaign=campaign).exists():
        return "Council: the list is locked; scores can no longer change."
    experts = list(Expert.objects.filter(campaigns=campaign).order_by("user__username"))
    for expert in experts:
        if not Pledge.objects.filter(campaign=campaign, expert=expert).exists():
            services.sign_pledge(expert, campaign=campaign, actor=expert.user)
    sheets = sum(_score(rng, expert, campaign, submit=True) for expert in experts)
    try:
        # Everyone has finished: staff end the window now rather than wait a week.
        settings = services.close_review_early(campaign, actor=staff)
    except DomainError:
        # The window is not open (a later run of this stage): set it in the past.
        settings = services.set_review_window(
            campaign,
            opens_at=timezone.now() - timedelta(days=8),
            closes_at=timezone.now() - timedelta(seconds=1),
            actor=staff,
        )
    ranking = ranking_data(campaign)
    if _continues_past_lock(seeding) and len(ranking.composition.listed) > 2:
        # The later stages take a substitute from the reserve, which a list shorter
        # than the quota lacks: staff set the demo campaign's quota two places below
        # the ranked candidates (the real 100 would leave the demo's reserve empty).
        campaign.quota = len(ranking.composition.listed) - 2
        save_campaign(campaign, actor=staff, changed=["quota"])
        ranking = ranking_data(campaign)
    listed = len(ranking.composition.listed)
    return (
        f"Council: {len(experts)} experts signed and {sheets} more sheets submitted; the "
        f"review window closed at {timezone.localtime(settings.review_closes_at):%Y-%m-%d %H:%M}; "
        f"the proposed list holds the top {listed} of the ranking "
        f"(quota {campaign.quota}, reserve {len(ranking.composition.reserve)})."
    )


def _continues_past_lock(seeding: Seeding) -> bool:
    """Whether the run goes on past the ``locked`` stage (publicity's stages)."""
    names = stage_names()
    target = seeding.run.target
    return target in names and names.index(target) > names.index("locked")


DEMO_MINUTES_REF = "黑工办纪〔2021〕12号"


def seed_locked(seeding: Seeding) -> str:
    """The council secretary records the approval, which locks the list as version 1.

    The council acknowledges what its page lists before the button (in the demo: the
    conflict suggestion left pending and a list shorter than the quota).
    """
    campaign = seeding.campaign
    existing = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    if existing is not None:
        return f"Locked: version {existing.number} already locked ({existing.content_hash})."
    warnings = lock_warnings(campaign, ranking_data(campaign))
    decision = record_council_decision(
        campaign,
        DecisionInput(
            meeting_date=timezone.localdate(),
            minutes_ref=DEMO_MINUTES_REF,
            attendance="省总工会主席、副主席，党组成员；劳动和经济工作部列席。",
            outcome=CouncilDecision.Outcome.APPROVED,
            note="同意建议名单，按程序进行公示。",
        ),
        minutes=SimpleUploadedFile(
            "minutes.pdf", demo_pdf("Council minutes (demo)"), content_type="application/pdf"
        ),
        actor=seeding.users["council"],
        expected_version=0,
        acknowledged=[w.kind for w in warnings],
    )
    version = decision.list_version
    return (
        f"Locked: the council's approval ({DEMO_MINUTES_REF}) locked version {version.number} "
        f"with {version.entries.count()} entries, SHA-256 {version.content_hash}, "
        f"acknowledging: {', '.join(w.kind for w in warnings) or 'nothing'}."
    )
