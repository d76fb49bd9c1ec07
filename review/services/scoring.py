"""The rubric, the review window and the experts' score sheets."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import ConflictError, DomainError
from nominations.models import Campaign, Nomination
from review.models import Dimension, Score, ScoreSheet
from review.models import ReviewSettings as Settings
from review.permissions import can_manage_review
from review.selectors import candidates_for, expert_of


@dataclass(frozen=True)
class DefaultDimension:
    key: str
    name: str
    max_points: Decimal
    guidance: str


def default_dimensions() -> list[DefaultDimension]:
    """The suggested rubric of facts §3.2: 30 / 30 / 20 / 15 / 5 = 100."""
    return [
        DefaultDimension(
            "skill",
            _("技能水平与工艺专长"),
            Decimal("30"),
            _("高超技能、工艺专长，解决生产现场技术难题的实践能力。"),
        ),
        DefaultDimension(
            "innovation",
            _("创新成果与突出贡献"),
            Decimal("30"),
            _("技术革新、专利、先进操作法，取得的经济效益和社会效益。"),
        ),
        DefaultDimension(
            "leadership",
            _("领军作用与技艺传承"),
            Decimal("20"),
            _("带徒传技、创新工作室、团队攻关中发挥的引领和传承作用。"),
        ),
        DefaultDimension(
            "awards",
            _("竞赛与荣誉"),
            Decimal("15"),
            _("国家一类竞赛前3名、省一类竞赛前2名、省职工技术创新一等奖得分最高。"),
        ),
        DefaultDimension(
            "overall",
            _("事迹材料质量与综合评价"),
            Decimal("5"),
            _("事迹材料是否真实、具体、数据翔实，综合印象。"),
        ),
    ]


ONE_DECIMAL = Decimal("0.1")


def _settings_for_update(campaign: Campaign) -> Settings:
    settings, _created = Settings.objects.select_for_update().get_or_create(campaign=campaign)
    return settings


def _check_window(settings: Settings, now: datetime) -> None:
    if settings.review_opens_at is None or settings.review_closes_at is None:
        raise DomainError(_("评分时间尚未确定，暂不能评分。"))
    if now < settings.review_opens_at:
        raise DomainError(_("评分尚未开始。"))
    if now >= settings.review_closes_at:
        raise DomainError(_("评分已经截止，不能再修改评分。"))


# --- The rubric --------------------------------------------------------------------------


def ensure_default_rubric(campaign: Campaign, *, actor: User) -> list[Dimension]:
    """Create the default five dimensions if the campaign has no rubric yet."""
    with transaction.atomic():
        _settings_for_update(campaign)
        existing = list(Dimension.objects.filter(campaign=campaign).order_by("position", "pk"))
        if existing:
            return existing
        created = Dimension.objects.bulk_create(
            Dimension(
                campaign=campaign,
                key=d.key,
                name=d.name,
                max_points=d.max_points,
                guidance=d.guidance,
                position=n,
            )
            for n, d in enumerate(default_dimensions(), start=1)
        )
        record_event(
            "review.rubric_created",
            actor=actor,
            subject=campaign,
            data={"dimensions": {d.key: str(d.max_points) for d in created}},
        )
    return created


def update_dimension(
    dimension: Dimension, *, name: str, max_points: Decimal, guidance: str, actor: User
) -> Dimension:
    """Change one dimension of the rubric; refused once the first score is saved."""
    name = name.strip()
    if not name:
        raise DomainError(_("请填写评分项目名称。"))
    if max_points <= 0 or max_points != max_points.quantize(ONE_DECIMAL) or max_points >= 1000:
        raise DomainError(_("满分须为大于0的数，最多一位小数。"))
    with transaction.atomic():
        settings = _settings_for_update(dimension.campaign)
        if settings.rubric_frozen_at is not None:
            raise DomainError(_("评分已经开始，评分标准不能再修改。"))
        locked = Dimension.objects.select_for_update().get(pk=dimension.pk)
        before = {"name": locked.name, "max_points": str(locked.max_points)}
        locked.name = name
        locked.max_points = max_points
        locked.guidance = guidance.strip()
        locked.save(update_fields=["name", "max_points", "guidance"])
        record_event(
            "review.dimension_updated",
            actor=actor,
            subject=dimension.campaign,
            data={
                "key": locked.key,
                "before": before,
                "after": {"name": name, "max_points": str(max_points)},
            },
        )
    return locked


def set_review_window(
    campaign: Campaign, *, opens_at: datetime, closes_at: datetime, actor: User
) -> Settings:
    """Set when experts may score."""
    if closes_at <= opens_at:
        raise DomainError(_("评分截止时间须晚于开始时间。"))
    with transaction.atomic():
        settings = _settings_for_update(campaign)
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
        settings = _settings_for_update(campaign)
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
        sheet.version += 1
        sheet.save(update_fields=["comment", "recommend", "version", "updated_at"])
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
        locked = ScoreSheet.objects.select_for_update().select_related("expert").get(pk=sheet.pk)
        if locked.expert.user_id != actor.pk:
            raise DomainError(_("您不能为该人选评分。"))
        nomination = Nomination.objects.only("pk", "campaign_id").get(pk=locked.nomination_id)
        settings = _settings_for_update(nomination.campaign)
        _candidate(actor, nomination)
        _check_window(settings, timezone.now())
        if locked.version != expected_version:
            raise ConflictError()
        if locked.status == ScoreSheet.Status.SUBMITTED:
            raise DomainError(_("评分表已提交，不能再修改。"))
        scored = set(locked.scores.values_list("dimension_id", flat=True))
        missing = Dimension.objects.filter(campaign_id=nomination.campaign_id).exclude(
            pk__in=scored
        )
        names = [d.name for d in missing.order_by("position", "pk")]
        if names:
            raise DomainError(_("以下项目尚未评分：%(names)s。") % {"names": "、".join(names)})
        if locked.recommend is None:
            raise DomainError(_("请选择是否推荐。"))
        locked.status = ScoreSheet.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
        total = sum(locked.scores.values_list("points", flat=True))
        record_event(
            "review.sheet_submitted",
            actor=actor,
            subject=locked,
            data={"nomination": nomination.pk, "total": str(total)},
        )
    return locked


def reopen_sheet(sheet: ScoreSheet, *, reason: str, actor: User) -> ScoreSheet:
    """Return a submitted sheet to its expert as a draft, with a reason (staff only)."""
    reason = reason.strip()
    if not can_manage_review(actor):
        raise DomainError(_("只有省总工会工作人员可以退回评分表。"))
    if not reason:
        raise DomainError(_("请填写退回理由。"))
    with transaction.atomic():
        locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        campaign_id = Nomination.objects.values_list("campaign_id", flat=True).get(
            pk=locked.nomination_id
        )
        settings = _settings_for_update(Campaign.objects.get(pk=campaign_id))
        if settings.review_closes_at is not None and timezone.now() >= settings.review_closes_at:
            raise DomainError(_("评分已经截止，不能再退回评分表。"))
        if locked.status != ScoreSheet.Status.SUBMITTED:
            raise DomainError(_("该评分表尚未提交，无需退回。"))
        locked.status = ScoreSheet.Status.DRAFT
        locked.submitted_at = None
        locked.reopened_count += 1
        locked.version += 1
        locked.save(
            update_fields=["status", "submitted_at", "reopened_count", "version", "updated_at"]
        )
        record_event(
            "review.sheet_reopened",
            actor=actor,
            subject=locked,
            data={"nomination": locked.nomination_id, "reason": reason},
        )
    return locked
