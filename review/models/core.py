"""Experts, panels, the recusal pledge, conflicts of interest, the rubric and scores."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from nominations.models import Campaign, Nomination
from review.workflow import ConflictStatus, SheetStatus


class IndustryGroup(models.TextChoices):
    """The panels' fields (评审组), grouping the GB/T 4754 sections and focus industries."""

    EQUIPMENT = "equipment", _("装备制造")
    ENERGY = "energy", _("能源化工")
    MATERIALS = "materials", _("新材料与冶金建材")
    TRANSPORT = "transport", _("交通运输")
    AGRICULTURE = "agriculture", _("农林牧渔与食品")
    CONSTRUCTION = "construction", _("建筑与工程")
    IT = "it", _("新一代信息技术")
    HEALTH = "health", _("生物医药及医疗器械")
    SERVICES = "services", _("现代服务业")


class AssignmentMode(models.TextChoices):
    WHOLE_PANEL = "panel", _("评审组全体专家评审本组全部人选")
    PER_CANDIDATE = "k", _("每位人选由指定人数的专家评审")


class RankingMethod(models.TextChoices):
    MEAN = "mean", _("平均分")
    TRIMMED = "trimmed", _("去掉一个最高分和一个最低分后的平均分")


class ReviewSettings(models.Model):
    """The campaign's review rules that staff may change per year."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="review_settings"
    )
    conflict_same_unit = models.BooleanField(
        _("同一推荐单位的专家也需回避"),
        default=False,
        help_text=_("选中后，专家所属的市（地）总工会或产业工会推荐的人选也作为回避建议。"),
    )
    review_opens_at = models.DateTimeField(_("评分开始时间"), null=True, blank=True)
    review_closes_at = models.DateTimeField(_("评分截止时间"), null=True, blank=True)
    rubric_frozen_at = models.DateTimeField(_("评分标准锁定时间"), null=True, blank=True)

    # Who scores whom.
    assignment_mode = models.CharField(
        _("评审分配方式"),
        max_length=8,
        choices=AssignmentMode.choices,
        default=AssignmentMode.WHOLE_PANEL,
    )
    experts_per_candidate = models.PositiveSmallIntegerField(
        _("每位人选的评审专家人数"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("仅在“每位人选由指定人数的专家评审”时使用。"),
    )
    max_per_expert = models.PositiveSmallIntegerField(
        _("每位专家最多评审人数"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("不填为不设上限。"),
    )

    # How scores become a ranking.
    ranking_method = models.CharField(
        _("排名依据"), max_length=8, choices=RankingMethod.choices, default=RankingMethod.TRIMMED
    )
    trim_from = models.PositiveSmallIntegerField(
        _("去掉最高分和最低分的最少评分人数"),
        default=5,
        validators=[MinValueValidator(3)],
        help_text=_("有效评分达到此人数时，去掉一个最高分和一个最低分后再求平均。"),
    )
    disagreement_threshold = models.DecimalField(
        _("分歧提示阈值（分）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("20.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("同一人选的最高分与最低分之差超过此值时提示专家意见分歧。"),
    )
    show_normalised = models.BooleanField(
        _("同时显示按专家标准化后的得分"),
        default=False,
        help_text=_("标准化得分仅供参考，与原始得分并列显示，不替代原始得分。"),
    )
    reserve_size = models.PositiveSmallIntegerField(_("后备人选人数"), default=10)

    class Meta:
        verbose_name = _("评审设置")
        verbose_name_plural = _("评审设置")

    def __str__(self) -> str:
        return str(self.campaign)


class Expert(models.Model):
    """A member of the expert pool (专家库), signed in through an expert account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile"
    )
    name = models.CharField(_("姓名"), max_length=50)
    # The 姓氏笔画 sort key of the name (longjiang.collation), set by the services.
    name_order = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    employer_name = models.CharField(_("工作单位"), max_length=100)
    employer_credit_code = models.CharField(_("单位统一社会信用代码"), max_length=18, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属市（地）或产业工会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    specialty = models.CharField(_("专业领域"), max_length=16, choices=IndustryGroup.choices)
    title = models.CharField(_("职称或荣誉"), max_length=100, blank=True)
    campaigns = models.ManyToManyField(
        Campaign, verbose_name=_("参加评审的年度"), related_name="experts", blank=True
    )

    class Meta:
        ordering = ["name_order", "id"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self) -> str:
        return self.name


class Panel(models.Model):
    """A review group (评审组) of experts for one industry group."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("评审组名称"), max_length=50)
    industry_group = models.CharField(_("行业组"), max_length=16, choices=IndustryGroup.choices)
    members = models.ManyToManyField(Expert, verbose_name=_("成员"), related_name="panels")

    class Meta:
        ordering = ["campaign", "name"]
        verbose_name = _("评审组")
        verbose_name_plural = _("评审组")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="unique_panel_name"),
            models.UniqueConstraint(
                fields=["campaign", "industry_group"], name="one_panel_per_group"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """Which panel reviews an eligible nomination."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="placement"
    )
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="placements")
    by_hand = models.BooleanField(_("人工调整"), default=False)
    reason = models.CharField(_("调整理由"), max_length=200, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("分组")
        verbose_name_plural = _("分组")
        constraints = [
            models.CheckConstraint(
                condition=Q(by_hand=False) | ~Q(reason=""), name="manual_placement_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} → {self.panel}"


class Assignment(models.Model):
    """An expert asked to score one candidate, when the campaign assigns k experts each."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expert", "nomination"]
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "nomination"], name="one_assignment_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.nomination}"


class Pledge(models.Model):
    """The recusal pledge (回避承诺) an expert signs before seeing any candidate."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="pledges")
    text = models.TextField(_("承诺内容"))
    signed_at = models.DateTimeField(_("签署时间"))

    class Meta:
        verbose_name = _("回避承诺")
        verbose_name_plural = _("回避承诺")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "expert"], name="one_pledge_per_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.campaign.year}"


class Conflict(models.Model):
    """A possible or established conflict of interest between an expert and a nominee.

    Suggested by the portal (same employer, same recommending unit) or declared by
    the expert; staff confirm or dismiss suggestions. A declared or confirmed
    conflict removes the pair from everything the expert sees and from scoring.
    """

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("亲属关系")
        MASTER_APPRENTICE = "master_apprentice", _("师徒关系")
        SAME_EMPLOYER = "same_employer", _("同一工作单位")
        SAME_UNIT = "same_unit", _("同一推荐单位")
        OTHER = "other", _("其他可能影响公正评审的关系")

    # The lifecycle is in review.workflow; the name stays for readers of the model.
    Status = ConflictStatus

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("关系"), max_length=24, choices=Kind.choices)
    declared = models.BooleanField(_("专家本人申报"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    reason = models.CharField(_("确认或排除理由"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["expert", "nomination"]
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [
            models.UniqueConstraint(fields=["expert", "nomination"], name="one_conflict_per_pair"),
            models.CheckConstraint(
                condition=Q(status="suggested") | ~Q(reason="") | Q(declared=True),
                name="decided_conflict_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} × {self.nomination}"

    @property
    def excludes(self) -> bool:
        """Whether the pair is kept apart (declared, or confirmed by staff)."""
        return self.status == self.Status.CONFIRMED


class Dimension(models.Model):
    """One scored dimension of the campaign's rubric (评分标准), with its maximum."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("评分项目"), max_length=100)
    max_points = models.DecimalField(_("满分"), max_digits=4, decimal_places=1)
    guidance = models.TextField(_("评分要点"), blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["campaign", "position", "pk"]
        verbose_name = _("评分项目")
        verbose_name_plural = _("评分项目")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="unique_dimension_key"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="dimension_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class ScoreSheet(models.Model):
    """One expert's scores of one candidate, a draft until submitted."""

    Status = SheetStatus

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="sheets")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    comment = models.TextField(_("评语"), blank=True)
    recommend = models.BooleanField(_("是否推荐"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    # The sum of the sheet's points, written with them by ``services.scoring.save_sheet``
    # (the only writer of points): the ranking reads 15,000 totals, not 75,000 points.
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1, default=0)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["expert", "nomination"]
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        constraints = [
            models.UniqueConstraint(fields=["expert", "nomination"], name="one_sheet_per_pair"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_sheet_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} × {self.nomination}"


class Score(models.Model):
    """The points an expert gives a candidate on one dimension."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("得分"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("得分")
        verbose_name_plural = _("得分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "dimension"], name="one_score_per_dimension"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.points}"
