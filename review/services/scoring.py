"""The rubric, the review window and the experts' score sheets."""

from dataclasses import dataclass
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
from review.selectors import candidates_for, expert_of
from review.workflow import SHEET, SheetAction


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
# A rubric of more items than this is a mistake, not a rubric.
MAX_DIMENSIONS = 20


def _settings_for_update(campaign: Campaign) -> Settings:
    settings, _created = Settings.objects.select_for_update().get_or_create(campaign=campaign)
    return settings


class ListLocked(DomainError):
    default_message = gettext_lazy("名单已经主席办公会议审定并锁定，评分和评分时间不能再修改。")


def _settings_for_scores(campaign: Campaign) -> Settings:
    """Lock the settings row for a change of scores or window; refuse once a list is locked.

    The council's decision locks the same row before it writes a version, so a
    score cannot slip in between the ranking it reads and the version it writes.
    """
    settings = _settings_for_update(campaign)
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


def rubric_lock_reason(settings: Settings, now: datetime) -> str:
    """Return why the rubric can no longer change (scoring began, the window opened), or ""."""
    if settings.rubric_frozen_at is not None:
        return _("评分已经开始，评分标准不能再修改。")
    if settings.review_opens_at is not None and now >= settings.review_opens_at:
        return _("评分时间已经开始，评分标准不能再修改。")
    return ""


def _check_rubric_editable(settings: Settings, now: datetime) -> None:
    reason = rubric_lock_reason(settings, now)
    if reason:
        raise DomainError(reason)


def _clean_dimension(name: str, max_points: Decimal, position: int | None) -> str:
    """Return the stripped name; refuse an empty name, a bad maximum or position."""
    name = name.strip()
    if not name:
        raise DomainError(_("请填写评分项目名称。"))
    if (
        not max_points.is_finite()
        or max_points <= 0
        or max_points != max_points.quantize(ONE_DECIMAL)
        or max_points >= 1000
    ):
        raise DomainError(_("满分须为大于0的数，最多一位小数。"))
    if position is not None and not 0 <= position <= 999:
        raise DomainError(_("顺序须为0至999之间的整数。"))
    return name


def update_dimension(
    dimension: Dimension,
    *,
    name: str,
    max_points: Decimal,
    guidance: str,
    actor: User,
    position: int | None = None,
) -> Dimension:
    """Change one dimension of the rubric; refused once the window opens or a score is saved.

    ``position`` None keeps the dimension's place.
    """
    name = _clean_dimension(name, max_points, position)
    with transaction.atomic():
        settings = _settings_for_update(dimension.campaign)
        _check_rubric_editable(settings, timezone.now())
        locked = Dimension.objects.select_for_update().get(pk=dimension.pk)
        before = {"name": locked.name, "max_points": str(locked.max_points)}
        after = {"name": name, "max_points": str(max_points)}
        locked.name = name
        locked.max_points = max_points
        locked.guidance = guidance.strip()
        if position is not None and position != locked.position:
            before["position"] = locked.position
            after["position"] = position
            locked.position = position
        locked.save(update_fields=["name", "max_points", "guidance", "position"])
        record_event(
            "review.dimension_updated",
            actor=actor,
            subject=dimension.campaign,
            data={"key": locked.key, "before": before, "after": after},
        )
    return locked


def add_dimension(
    campaign: Campaign,
    *,
    name: str,
    max_points: Decimal,
    guidance: str,
    actor: User,
    position: int | None = None,
) -> Dimension:
    """Add a dimension to the rubric, last unless ``position`` is given; refused once frozen."""
    name = _clean_dimension(name, max_points, position)
    with transaction.atomic():
        settings = _settings_for_update(campaign)
        _check_rubric_editable(settings, timezone.now())
        existing = list(Dimension.objects.filter(campaign=campaign).values_list("key", "position"))
        if len(existing) >= MAX_DIMENSIONS:
            raise DomainError(
                _("评分项目最多%(n)d项。") % {"n": MAX_DIMENSIONS},
            )
        keys = {key for key, _position in existing}
        # Added dimensions get a neutral key: item1, item2, ... (names are Chinese).
        number = next(n for n in range(1, MAX_DIMENSIONS + 2) if f"item{n}" not in keys)
        if position is None:
            position = max((p for _key, p in existing), default=0) + 1
        dimension = Dimension.objects.create(
            campaign=campaign,
            key=f"item{number}",
            name=name,
            max_points=max_points,
            guidance=guidance.strip(),
            position=position,
        )
        record_event(
            "review.dimension_added",
            actor=actor,
            subject=campaign,
            data={
                "key": dimension.key,
                "name": name,
                "max_points": str(max_points),
                "position": position,
            },
        )
    return dimension


def remove_dimension(dimension: Dimension, *, actor: User) -> None:
    """Remove a dimension from the rubric; refused once frozen."""
    with transaction.atomic():
        settings = _settings_for_update(dimension.campaign)
        _check_rubric_editable(settings, timezone.now())
        locked = Dimension.objects.select_for_update().get(pk=dimension.pk)
        if Dimension.objects.filter(campaign_id=locked.campaign_id).count() <= 1:
            raise DomainError(_("评分标准至少须保留一个评分项目。"))
        data = {"key": locked.key, "name": locked.name, "max_points": str(locked.max_points)}
        locked.delete()
        record_event("review.dimension_removed", actor=actor, subject=dimension.campaign, data=data)


def set_review_window(
    campaign: Campaign, *, opens_at: datetime, closes_at: datetime, actor: User
) -> Settings:
    """Set when experts may score."""
    if closes_at <= opens_at:
        raise DomainError(_("评分截止时间须晚于开始时间。"))
    with transaction.atomic():
        settings = _settings_for_scores(campaign)
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
