"""The provincial first check (初审), paper copies and the units' activity reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from nominations.models.intake import Campaign, Nomination, Revision


class CheckRound(models.Model):
    """One pass of the first check over a submitted revision, closed by a decision."""

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", _("通过初审")
        RETURNED = "returned", _("退回修改")
        REJECTED = "rejected", _("不予通过")
        DISQUALIFIED = "disqualified", _("取消资格")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="checks")
    number = models.PositiveSmallIntegerField(_("初审轮次"))
    revision = models.ForeignKey(
        Revision, verbose_name=_("审核的提交版本"), on_delete=models.PROTECT, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"))
    outcome = models.CharField(_("初审结论"), max_length=16, choices=Outcome.choices, blank=True)
    reason = models.TextField(_("意见或理由"), blank=True)
    correction_deadline = models.DateTimeField(_("修改期限"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        ordering = ["nomination", "number"]
        verbose_name = _("初审记录")
        verbose_name_plural = _("初审记录")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "number"], name="unique_check_number"),
            # At most one open round per nomination.
            models.UniqueConstraint(
                fields=["nomination"], condition=Q(outcome=""), name="one_open_check"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="returned") | Q(correction_deadline__isnull=False),
                name="returned_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} #{self.number}"


class CheckConfirmation(models.Model):
    """A manual check's verdict in one round, with staff's note.

    A verdict of an earlier round that nothing the check covers has changed since
    is carried into the next round; ``carried_from`` is the round it was recorded in.
    """

    round = models.ForeignKey(CheckRound, on_delete=models.CASCADE, related_name="confirmations")
    key = models.CharField(max_length=40)
    passed = models.BooleanField(_("符合"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    carried_from = models.PositiveSmallIntegerField(_("沿用自第几轮"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "key"]
        verbose_name = _("人工核验")
        verbose_name_plural = _("人工核验")
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="one_confirmation_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.key}"


class FieldComment(models.Model):
    """A correction request attached to one field (or section) when returning."""

    round = models.ForeignKey(CheckRound, on_delete=models.CASCADE, related_name="comments")
    field = models.CharField(_("项目"), max_length=40)
    comment = models.TextField(_("修改意见"))

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("修改意见")
        verbose_name_plural = _("修改意见")

    def __str__(self) -> str:
        return f"{self.field}: {self.comment[:20]}"


class PaperReceipt(models.Model):
    """The stamped paper Attachment 1 received by post (three copies required)."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="paper_receipt"
    )
    received_on = models.DateField(_("收到日期"))
    copies = models.PositiveSmallIntegerField(_("份数"))
    stamped = models.BooleanField(_("已加盖公章"))
    note = models.CharField(_("备注"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("纸质材料接收")
        verbose_name_plural = _("纸质材料接收")

    def __str__(self) -> str:
        return f"{self.nomination} {self.received_on}"


class UnitReport(models.Model):
    """A unit's report on its local nomination activities (本地开展推荐选树活动情况)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="unit_reports")
    unit = models.ForeignKey(Unit, verbose_name=_("推荐单位"), on_delete=models.PROTECT)
    summary = models.TextField(_("情况摘要"))
    original_name = models.CharField(_("文件名"), max_length=200)
    storage_name = models.CharField(max_length=100, unique=True)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("推荐选树活动情况报告")
        verbose_name_plural = _("推荐选树活动情况报告")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_report_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.campaign.year}"
