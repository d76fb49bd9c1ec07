"""The review window and the experts' score sheets."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import ConflictError, DomainError
from longjiang.workflow import transition
from nominations.models import Campaign, Nomination
from review.models import Dimension, ListVersion, Score, ScoreSheet
from review.models import ReviewSettings as Settings
from review.permissions import can_manage_review
from review.selectors.candidates import candidates_for, expert_of
from review.selectors.progress import scoring_progress
from review.selectors.scoring import window_is_open
from review.services.rules import lock_review_settings
from review.workflow import SHEET, SheetAction

ONE_DECIMAL = Decimal("0.1")


class ListLocked(DomainError):
    default_message = gettext_lazy("名单已经主席办公会议审定并锁定，评分和评分时间不能再修改。")


def _settings_for_scores(campaign: Campaign) -> Settings:
    """Lock the settings row for a change of scores or window; refuse once a list is locked.

    The council's decision locks the same row before it writes a version, so a
    score cannot slip in between the ranking it reads and the version it writes.
    """
    settings = lock_review_settings(campaign)
    if ListVersion.objects.filter(campaign_id=campaign.pk).exists():
        raise ListLocked()
    return settings


def _check_window(settings: Settings, now: datetime) -> None:
    if settings.review_opens_at is None or settings.review_closes_at is None:
        raise DomainError(_("评分时间尚未确定，暂不能评分。"))
    if now < settings.review_opens_at:
        raise DomainError(_("评分尚未开始。"))
    if now >= settings.review_closes_at:
        raise DomainError(_("评分已经截止，不能再修改评分。"))


def set_review_window(
    campaign: Campaign, *, opens_at: datetime, closes_at: datetime, actor: User
) -> Settings:
    """Set when experts may score."""
    if closes_at <= opens_at:
        raise DomainError(_("评分截止时间须晚于开始时间。"))
    with transaction.atomic():
        settings = _settings_for_scores(campaign)
        now = timezone.now()
        if window_is_open(settings, now) and closes_at <= now:
            # Ending an open window now goes through close_review_early, which shows
            # who has not finished and records the counts.
            raise DomainError(
                _("评分正在进行中，截止时间须晚于现在。如需提前结束评分，请使用“提前结束评分”。")
            )
        settings.review_opens_at = opens_at
        settings.review_closes_at = closes_at
        settings.save(update_fields=["review_opens_at", "review_closes_at"])
        record_event(
            "review.window_set",
            actor=actor,
            subject=campaign,
            data={"opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat()},
        )
    return settings


def close_review_early(campaign: Campaign, *, actor: User) -> Settings:
    """End an open review window now, before its closing time.

    Staff confirm on a screen that shows who has not finished
    (``selectors.progress.scoring_progress``); the audit event keeps each expert's
    counts as they stood at the moment of closing.
    """
    if not can_manage_review(actor):
        raise DomainError(_("只有省总工会工作人员可以提前结束评分。"))
    with transaction.atomic():
        settings = _settings_for_scores(campaign)
        now = timezone.now()
        if not window_is_open(settings, now):
            raise DomainError(_("评分不在进行中，无需提前结束。"))
        progress = scoring_progress(campaign)
        planned = settings.review_closes_at
        settings.review_closes_at = now
        settings.save(update_fields=["review_closes_at"])
        record_event(
            "review.window_closed_early",
            actor=actor,
            subject=campaign,
            data={
                "planned_closes_at": planned.isoformat(),
                "closed_at": now.isoformat(),
                "to_score": progress.to_score,
                "submitted": progress.submitted,
                "drafts": progress.drafts,
                "not_started": progress.not_started,
                "experts": [e.counts() for e in progress.experts],
            },
        )
    return settings


# --- Score sheets ------------------------------------------------------------------------


def _clean_points(dimension: Dimension, raw) -> Decimal:
    try:
        points = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        points = None
    if (
        points is None
        or not points.is_finite()
        or points < 0
        or points > dimension.max_points
        or points != points.quantize(ONE_DECIMAL)
    ):
        raise DomainError(
            _("“%(name)s”的得分须在0至%(max)s分之间，最多一位小数。")
            % {"name": dimension.name, "max": format(dimension.max_points.normalize(), "f")}
        )
    return points.quantize(ONE_DECIMAL)


def _candidate(actor: User, nomination: Nomination) -> Nomination:
    """Return the candidate locked, if the actor may score it; reveal nothing otherwise."""
    found = (
        candidates_for(actor, nomination.campaign)
        .select_for_update(of=("self",))
        .filter(pk=nomination.pk)
        .only("pk", "campaign_id", "name")
        .first()
    )
    if found is None:
        raise DomainError(_("您不能为该人选评分。"))
    return found


def save_sheet(
    expert_user: User,
    *,
    nomination: Nomination,
    scores: dict[str, Decimal],
    comment: str,
    recommend: bool | None,
    expected_version: int,
    actor: User,
) -> ScoreSheet:
    """Save the expert's draft scores of a candidate; the first save freezes the rubric."""
    if actor.pk != expert_user.pk:
        raise DomainError(_("您不能为该人选评分。"))
    campaign = nomination.campaign
    with transaction.atomic():
        settings = _settings_for_scores(campaign)
        candidate = _candidate(actor, nomination)
        _check_window(settings, timezone.now())
        expert = expert_of(expert_user)
        dimensions = {d.key: d for d in Dimension.objects.filter(campaign=campaign)}
        if not dimensions:
            raise DomainError(_("评分标准尚未设定。"))
        unknown = set(scores) - set(dimensions)
        if unknown:
            raise DomainError(_("评分项目不存在。"))
        cleaned = {
            key: _clean_points(dimensions[key], raw)
            for key, raw in scores.items()
            if raw is not None and raw != ""
        }
        sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(
            expert=expert, nomination=candidate
        )
        if sheet.version != expected_version:
            raise ConflictError()
        if sheet.status == ScoreSheet.Status.SUBMITTED:
            raise DomainError(_("评分表已提交，不能再修改。"))
        Score.objects.filter(sheet=sheet).exclude(dimension__key__in=list(cleaned)).delete()
        existing = {s.dimension.key: s for s in sheet.scores.select_related("dimension")}
        for key, points in cleaned.items():
            if key in existing:
                if existing[key].points != points:
                    existing[key].points = points
                    existing[key].save(update_fields=["points"])
            else:
                Score.objects.create(sheet=sheet, dimension=dimensions[key], points=points)
        sheet.comment = comment.strip()
        sheet.recommend = recommend
        sheet.total = sum(cleaned.values(), Decimal("0"))
        sheet.version += 1
        sheet.save(update_fields=["comment", "recommend", "total", "version", "updated_at"])
        froze = settings.rubric_frozen_at is None
        if froze:
            settings.rubric_frozen_at = timezone.now()
            settings.save(update_fields=["rubric_frozen_at"])
        record_event(
            "review.sheet_saved",
            actor=actor,
            subject=sheet,
            data={
                "nomination": candidate.pk,
                "scores": {k: str(v) for k, v in sorted(cleaned.items())},
                "recommend": recommend,
                "version": sheet.version,
                "rubric_frozen": froze,
            },
        )
    return sheet


def submit_sheet(sheet: ScoreSheet, *, expected_version: int, actor: User) -> ScoreSheet:
    """Submit a complete sheet; from then on only staff can reopen it."""
    with transaction.atomic():
        # The settings row first, as save_sheet and reopen_sheet take it: one lock order.
        nomination = Nomination.objects.only("pk", "campaign_id").get(pk=sheet.nomination_id)
        settings = _settings_for_scores(nomination.campaign)
        data: dict = {}

        def guard(locked: ScoreSheet) -> None:
            if locked.expert.user_id != actor.pk:
                raise DomainError(_("您不能为该人选评分。"))
            _candidate(actor, nomination)
            _check_window(settings, timezone.now())
            if locked.version != expected_version:
                raise ConflictError()

        def prepare(locked: ScoreSheet) -> list[str]:
            scored = set(locked.scores.values_list("dimension_id", flat=True))
            missing = Dimension.objects.filter(campaign_id=nomination.campaign_id).exclude(
                pk__in=scored
            )
            names = [d.name for d in missing.order_by("position", "pk")]
            if names:
                raise DomainError(_("以下项目尚未评分：%(names)s。") % {"names": "、".join(names)})
            if locked.recommend is None:
                raise DomainError(_("请选择是否推荐。"))
            locked.submitted_at = timezone.now()
            locked.version += 1
            total = sum(locked.scores.values_list("points", flat=True))
            data.update(nomination=nomination.pk, total=str(total))
            return ["submitted_at", "version", "updated_at"]

        return transition(
            sheet,
            SheetAction.SUBMIT,
            table=SHEET,
            actor=actor,
            data=data,
            related=["expert"],
            guard=guard,
            prepare=prepare,
        )


def reopen_sheet(sheet: ScoreSheet, *, reason: str, actor: User) -> ScoreSheet:
    """Return a submitted sheet to its expert as a draft, with a reason (staff only)."""
    reason = reason.strip()
    if not can_manage_review(actor):
        raise DomainError(_("只有省总工会工作人员可以退回评分表。"))
    if not reason:
        raise DomainError(_("请填写退回理由。"))
    with transaction.atomic():
        campaign_id = Nomination.objects.values_list("campaign_id", flat=True).get(
            pk=sheet.nomination_id
        )
        settings = _settings_for_scores(Campaign.objects.get(pk=campaign_id))

        def guard(locked: ScoreSheet) -> None:
            closes_at = settings.review_closes_at
            if closes_at is not None and timezone.now() >= closes_at:
                raise DomainError(_("评分已经截止，不能再退回评分表。"))

        def prepare(locked: ScoreSheet) -> list[str]:
            locked.submitted_at = None
            locked.reopened_count += 1
            locked.version += 1
            return ["submitted_at", "reopened_count", "version", "updated_at"]

        return transition(
            sheet,
            SheetAction.REOPEN,
            table=SHEET,
            actor=actor,
            data={"nomination": sheet.nomination_id, "reason": reason},
            guard=guard,
            prepare=prepare,
        )
