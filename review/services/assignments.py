"""Assigning k experts to each candidate, when the campaign does not use whole panels."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from review import allocation
from review.models import Assignment, AssignmentMode, ReviewSettings
from review.selectors.assignments import assignment_input


@dataclass(frozen=True)
class AssignmentReport:
    """What a run of ``assign_experts`` did."""

    plan: allocation.AssignmentPlan
    created: int
    removed: int

    @property
    def shortfalls(self) -> list[allocation.Shortfall]:
        return self.plan.shortfalls


def assign_experts(campaign: Campaign, *, actor: User) -> AssignmentReport:
    """Assign the campaign's k experts to each candidate, replacing the previous assignment.

    Every pair that already has a score sheet (and no confirmed conflict) is kept;
    every other previous pair is dropped and the candidates are filled up to k by
    ``review.allocation.assign``. Refused unless the campaign assigns k experts per
    candidate, and once the review window has closed.
    """
    with transaction.atomic():
        # Saving a score sheet locks the same row, so no sheet appears mid-run.
        settings, _created = ReviewSettings.objects.select_for_update().get_or_create(
            campaign=campaign
        )
        if settings.assignment_mode != AssignmentMode.PER_CANDIDATE:
            raise DomainError(_("本年度由评审组全体专家评审本组全部人选，无需分配评审专家。"))
        if settings.review_closes_at is not None and timezone.now() >= settings.review_closes_at:
            raise DomainError(_("评分已经截止，不能再分配评审专家。"))
        panels, excluded, started = assignment_input(campaign)
        plan = allocation.assign(
            panels,
            k=settings.experts_per_candidate,
            cap=settings.max_per_expert,
            excluded=excluded,
            keep=started,
        )
        current = Assignment.objects.select_for_update().filter(nomination__campaign=campaign)
        existing = {
            (expert_id, nomination_id): pk
            for pk, expert_id, nomination_id in current.values_list(
                "pk", "expert_id", "nomination_id"
            )
        }
        stale = [pk for pair, pk in existing.items() if pair not in plan.pairs]
        new = plan.pairs - set(existing)
        removed = Assignment.objects.filter(pk__in=stale).delete()[0] if stale else 0
        Assignment.objects.bulk_create(
            Assignment(expert_id=expert_id, nomination_id=nomination_id, assigned_by=actor)
            for expert_id, nomination_id in sorted(new)
        )
        record_event(
            "review.experts_assigned",
            actor=actor,
            subject=campaign,
            data={
                "k": settings.experts_per_candidate,
                "cap": settings.max_per_expert,
                "candidates": sum(len(p.candidates) for p in panels),
                "assignments": len(plan.pairs),
                "kept": len(plan.kept),
                "created": len(new),
                "removed": removed,
                "shortfalls": [
                    {
                        "nomination": s.candidate,
                        "panel": s.panel,
                        "assigned": s.assigned,
                        "reason": s.reason,
                    }
                    for s in plan.shortfalls
                ],
            },
        )
    return AssignmentReport(plan=plan, created=len(new), removed=removed)
