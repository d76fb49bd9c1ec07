"""Where each expert stands in the scoring: what staff see before they close the window early.

An expert's candidates are the pairs of ``candidates.scoring_pairs`` that may be
scored now (their panels, their assignment in k mode, no confirmed conflict); each
is submitted, a draft, or not started. Sheets of pairs that no longer count are
left out, as the ranking leaves them out.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from nominations.models import Campaign
from review.models import Expert, Pledge, ScoreSheet
from review.permissions import can_manage_review
from review.selectors.candidates import scoring_pairs


@dataclass(frozen=True)
class ExpertProgress:
    """One expert's candidates by the state of their sheets."""

    expert_id: int
    name: str
    signed: bool
    to_score: int
    submitted: int
    drafts: int

    @property
    def not_started(self) -> int:
        return self.to_score - self.submitted - self.drafts

    @property
    def finished(self) -> bool:
        return self.submitted == self.to_score

    @property
    def scored_nothing(self) -> bool:
        return self.submitted == 0

    def counts(self) -> dict:
        """The counts as stored in an audit event."""
        return {
            "expert": self.expert_id,
            "name": self.name,
            "to_score": self.to_score,
            "submitted": self.submitted,
            "drafts": self.drafts,
            "not_started": self.not_started,
        }


@dataclass(frozen=True)
class ScoringProgress:
    """Every expert with candidates to score, by name, and the totals."""

    experts: list[ExpertProgress]

    @property
    def unfinished(self) -> list[ExpertProgress]:
        return [e for e in self.experts if not e.finished]

    @property
    def scored_nothing(self) -> list[ExpertProgress]:
        return [e for e in self.experts if e.scored_nothing]

    @property
    def to_score(self) -> int:
        return sum(e.to_score for e in self.experts)

    @property
    def submitted(self) -> int:
        return sum(e.submitted for e in self.experts)

    @property
    def drafts(self) -> int:
        return sum(e.drafts for e in self.experts)

    @property
    def not_started(self) -> int:
        return sum(e.not_started for e in self.experts)


def describe_counts(counts: dict) -> str:
    """Say one expert's counts as ``ExpertProgress.counts`` stored them (the audit trail)."""
    return (
        _(
            "%(name)s：应评%(to_score)s份，已提交%(submitted)s份，草稿%(drafts)s份，未开始%(not_started)s份"
        )
        % counts
    )


def scoring_progress(campaign: Campaign) -> ScoringProgress:
    """Return each expert's submitted, draft and not started sheets (no user scope)."""
    pairs = {pair for pair, counts in scoring_pairs(campaign).items() if counts}
    to_score: dict[int, int] = {}
    for expert_id, _nomination_id in pairs:
        to_score[expert_id] = to_score.get(expert_id, 0) + 1
    submitted: dict[int, int] = {}
    drafts: dict[int, int] = {}
    for expert_id, nomination_id, status in ScoreSheet.objects.filter(
        nomination__campaign=campaign, expert_id__in=list(to_score)
    ).values_list("expert_id", "nomination_id", "status"):
        if (expert_id, nomination_id) not in pairs:
            continue
        tally = submitted if status == ScoreSheet.Status.SUBMITTED else drafts
        tally[expert_id] = tally.get(expert_id, 0) + 1
    experts = (
        Expert.objects.filter(pk__in=list(to_score))
        .annotate(signed=Exists(Pledge.objects.filter(expert_id=OuterRef("pk"), campaign=campaign)))
        .order_by("name_order", "pk")
        .values_list("pk", "name", "signed")
    )
    return ScoringProgress(
        experts=[
            ExpertProgress(
                expert_id=pk,
                name=name,
                signed=signed,
                to_score=to_score[pk],
                submitted=submitted.get(pk, 0),
                drafts=drafts.get(pk, 0),
            )
            for pk, name, signed in experts
        ]
    )


def scoring_progress_for(user: User, campaign: Campaign) -> ScoringProgress | None:
    """Return the scoring progress for staff; None for anyone else."""
    if not can_manage_review(user):
        return None
    return scoring_progress(campaign)
