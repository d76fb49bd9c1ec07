"""The review stage's set-up: experts, panels, placements, the pledge and conflicts.

Nominations are made eligible through the first-check services if fewer than
nine are; three panels are made for the three industry groups with the most
eligible nominations, each with three of the demo experts, and every eligible
nomination is placed (by the industry mapping, or by hand into the smallest
panel when its group has none). The first expert of each panel shares an
employer with one of its candidates (same credit code, same name in another
legal form, identical), so suggesting conflicts finds them: staff confirm the
first, dismiss the second and leave the third pending. expert01–expert06 sign
the pledge, and expert02 declares a master–apprentice relationship.
"""

from collections import Counter

from django.db.models import Count

from nominations.checklist import MANUAL_CHECKS
from nominations.demo.check import confirm_manual_checks
from nominations.demo.seeding import Seeding
from nominations.models import Nomination
from nominations.services import mark_eligible, start_check
from nominations.workflow import Status
from review import services as review
from review.models import Conflict, Expert, IndustryGroup, Panel
from review.placement import industry_group_of

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
CONFLICT_DECISIONS = (
    (review.confirm_conflict, "经核实，该专家与被推荐人在同一单位工作，予以回避。"),
    (review.dismiss_conflict, "经核实，该专家已于2019年调离该单位，不构成回避情形。"),
)


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
        confirm_manual_checks(nomination, actor=seeding.staff, count=len(MANUAL_CHECKS))
        mark_eligible(nomination, actor=seeding.staff, note="材料齐全，符合推荐条件。")
        added += 1
    return added


def _review_panels(seeding: Seeding, eligible: list[Nomination]) -> list[Panel]:
    """Return the campaign's panels, creating one for each of the three largest groups."""
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


def _place(seeding: Seeding, panels: list[Panel]) -> int:
    """Place every eligible nomination; put the unplaced into the smallest panel by hand."""
    report = review.place_eligible_nominations(seeding.campaign, actor=seeding.staff)
    for nomination in report.unplaced:
        smallest = min(panels, key=lambda panel: (panel.placements.count(), panel.pk))
        review.move_placement(
            nomination, panel=smallest, reason=BY_HAND_REASON, actor=seeding.staff
        )
    return len(report.unplaced)


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


def _experts(seeding: Seeding, panels: list[Panel]) -> list[Expert]:
    """Give expert01–expert09 profiles for the campaign and seat them, three per panel."""
    staff, campaign = seeding.staff, seeding.campaign
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
    return experts


def _sign_pledges(seeding: Seeding, experts: list[Expert]) -> int:
    """Have the first PLEDGED experts sign the pledge; return how many signed now."""
    signed = 0
    for expert in experts[:PLEDGED]:
        if not expert.pledges.filter(campaign=seeding.campaign).exists():
            review.sign_pledge(expert, campaign=seeding.campaign, actor=expert.user)
            signed += 1
    return signed


def _decide_suggested(seeding: Seeding) -> tuple[int, Counter]:
    """Suggest conflicts; confirm the first, dismiss the second, leave the rest pending."""
    suggested = review.suggest_conflicts(seeding.campaign, actor=seeding.staff)
    decided = Counter()
    for (decide, reason), conflict in zip(CONFLICT_DECISIONS, suggested, strict=False):
        decide(conflict, reason=reason, actor=seeding.staff)
        decided[decide.__name__] += 1
    return len(suggested), decided


def _declare_relationship(seeding: Seeding, declarer: Expert) -> int:
    """Have the expert declare a master–apprentice tie to a candidate of the panel, once."""
    taken = set(Conflict.objects.filter(expert=declarer).values_list("nomination_id", flat=True))
    choice = (
        seeding.campaign.nominations.filter(
            status=Status.ELIGIBLE, placement__panel__members=declarer
        )
        .exclude(pk__in=taken)
        .order_by("-pk")
        .first()
    )
    if choice is None or taken:
        return 0
    review.declare_conflict(
        declarer,
        nomination=choice,
        kind=Conflict.Kind.MASTER_APPRENTICE,
        note="该人选曾随本人学艺三年。",
        actor=declarer.user,
    )
    return 1


def seed_experts(seeding: Seeding) -> None:
    """Set up the expert review (see the module's docstring) and report it in one line."""
    added = _eligible_for_review(seeding)
    eligible = list(seeding.campaign.nominations.filter(status=Status.ELIGIBLE).order_by("pk"))
    panels = _review_panels(seeding, eligible)
    by_hand = _place(seeding, panels)
    experts = _experts(seeding, panels)
    signed = _sign_pledges(seeding, experts)
    suggested, decided = _decide_suggested(seeding)
    declared = _declare_relationship(seeding, experts[1])
    seeding.lines.append(
        f"Review: {added} more nominations found eligible for the review; "
        f"{len(eligible)} eligible placed in {len(panels)} panels "
        f"({', '.join(f'{p.industry_group} {p.placements.count()}' for p in panels)}), "
        f"{by_hand} of them by hand; experts expert01-expert09 in panels of "
        f"{PANEL_SIZE}, {signed} pledges signed (expert01-expert{PLEDGED:02d}); "
        f"{suggested} conflicts suggested ({decided['confirm_conflict']} confirmed, "
        f"{decided['dismiss_conflict']} dismissed), {declared} declared."
    )
