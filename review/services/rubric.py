"""The campaign's rubric (评分标准): its default, and changes before scoring begins."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from review.models import Dimension
from review.models import ReviewSettings as Settings
from review.selectors.scoring import rubric_lock_reason
from review.services.rules import lock_review_settings


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


def ensure_default_rubric(campaign: Campaign, *, actor: User) -> list[Dimension]:
    """Create the default five dimensions if the campaign has no rubric yet."""
    with transaction.atomic():
        lock_review_settings(campaign)
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
        settings = lock_review_settings(dimension.campaign)
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
        settings = lock_review_settings(campaign)
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
        settings = lock_review_settings(dimension.campaign)
        _check_rubric_editable(settings, timezone.now())
        locked = Dimension.objects.select_for_update().get(pk=dimension.pk)
        if Dimension.objects.filter(campaign_id=locked.campaign_id).count() <= 1:
            raise DomainError(_("评分标准至少须保留一个评分项目。"))
        data = {"key": locked.key, "name": locked.name, "max_points": str(locked.max_points)}
        locked.delete()
        record_event("review.dimension_removed", actor=actor, subject=dimension.campaign, data=data)
