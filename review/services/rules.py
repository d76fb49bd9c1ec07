"""The campaign's rules of assignment and ranking (评审分配与排名规则)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from review.models import AssignmentMode, ListVersion, RankingMethod, ReviewSettings

# The fields ``update_ranking_settings`` may change, in the order of the form.
RULE_FIELDS = (
    "assignment_mode",
    "experts_per_candidate",
    "max_per_expert",
    "ranking_method",
    "trim_from",
    "disagreement_threshold",
    "show_normalised",
    "reserve_size",
)


def lock_review_settings(campaign: Campaign) -> ReviewSettings:
    """Return the campaign's settings row, created if missing, locked to the transaction.

    Every change of the rubric, the window, the scores or the rules takes this lock
    first, so they never interleave with each other or with the council's decision.
    """
    settings, _created = ReviewSettings.objects.select_for_update().get_or_create(campaign=campaign)
    return settings


def _check(fields: dict) -> None:
    """Refuse values outside the rules, with a message naming the rule."""
    if fields["assignment_mode"] not in AssignmentMode.values:
        raise DomainError(_("请选择评审分配方式。"))
    if fields["ranking_method"] not in RankingMethod.values:
        raise DomainError(_("请选择排名依据。"))
    if not 1 <= fields["experts_per_candidate"] <= 99:
        raise DomainError(_("每位人选的评审专家人数须为1至99之间的整数。"))
    cap = fields["max_per_expert"]
    if cap is not None and not 1 <= cap <= 999:
        raise DomainError(_("每位专家最多评审人数须为1至999之间的整数，不设上限请留空。"))
    if not 3 <= fields["trim_from"] <= 99:
        raise DomainError(_("去掉最高分和最低分的最少评分人数须为3至99之间的整数。"))
    threshold = fields["disagreement_threshold"]
    if (
        not threshold.is_finite()
        or not Decimal("0") <= threshold <= Decimal("100")
        or threshold != threshold.quantize(Decimal("0.1"))
    ):
        raise DomainError(_("分歧提示阈值须为0至100之间的数，最多一位小数。"))
    if not 0 <= fields["reserve_size"] <= 999:
        raise DomainError(_("后备人选人数须为0至999之间的整数。"))


def _jsonable(value):
    return str(value) if isinstance(value, Decimal) else value


def update_ranking_settings(campaign: Campaign, *, actor: User, **fields) -> ReviewSettings:
    """Change the campaign's rules of assignment and ranking; record what changed.

    ``fields`` are the names of ``RULE_FIELDS``; a field left out keeps its value.
    The assignment mode cannot change once the first score is saved (the experts'
    lists would change under them), and nothing about assignment can change once
    the review window has closed.
    """
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown review settings: {sorted(unknown)}")
    with transaction.atomic():
        settings = lock_review_settings(campaign)
        if ListVersion.objects.filter(campaign=campaign).exists():
            raise DomainError(_("名单已经主席办公会议审定并锁定，评审和排名规则不能再修改。"))
        merged = {name: fields.get(name, getattr(settings, name)) for name in RULE_FIELDS}
        _check(merged)
        changes = {
            name: {"before": _jsonable(getattr(settings, name)), "after": _jsonable(value)}
            for name, value in merged.items()
            if getattr(settings, name) != value
        }
        if not changes:
            return settings
        if "assignment_mode" in changes and settings.rubric_frozen_at is not None:
            raise DomainError(_("专家已开始评分，评审分配方式不能再修改。"))
        assignment_fields = {"assignment_mode", "experts_per_candidate", "max_per_expert"}
        closed = (
            settings.review_closes_at is not None and timezone.now() >= settings.review_closes_at
        )
        if closed and assignment_fields & set(changes):
            raise DomainError(_("评分已经截止，评审分配规则不能再修改。"))
        for name in changes:
            setattr(settings, name, merged[name])
        settings.save(update_fields=list(changes))
        record_event(
            "review.rules_changed",
            actor=actor,
            subject=campaign,
            data={"changes": changes},
        )
    return settings
