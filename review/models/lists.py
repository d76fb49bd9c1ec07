"""The proposed list (建议名单), the council's decisions and the locked list versions.

A locked version is written once, by ``review.services.lists.record_council_decision``,
and never changed: ``save`` and ``delete`` refuse on an existing row. Its hash is
taken over its canonical content (``review.listhash``), so a row altered behind
the portal's back is found by ``manage.py verify_list``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from longjiang.exceptions import DomainError
from nominations.models import Campaign, Nomination


class LockedRecord(DomainError):
    default_message = _("已锁定的名单不能修改。")


class WriteOnce(models.Model):
    """A record that can be created and read, never updated or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LockedRecord
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LockedRecord


class ListMove(models.Model):
    """A candidate moved into or out of the proposed list against the ranking, with a reason."""

    class Direction(models.TextChoices):
        IN = "in", _("移入建议名单")
        OUT = "out", _("移出建议名单")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="list_moves")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="list_moves")
    direction = models.CharField(_("调整"), max_length=4, choices=Direction.choices)
    reason = models.CharField(_("调整理由"), max_length=300)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField(_("调整时间"))

    class Meta:
        ordering = ["campaign", "moved_at", "pk"]
        verbose_name = _("建议名单调整")
        verbose_name_plural = _("建议名单调整")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "nomination"], name="one_move_per_nominee"),
            models.CheckConstraint(condition=~Q(reason=""), name="list_move_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.nomination}"


class CouncilDecision(WriteOnce):
    """What the federation's council (主席办公会议) decided on the proposed list."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("审议通过")
        RETURNED = "returned", _("退回重新研究")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions")
    meeting_date = models.DateField(_("会议日期"))
    minutes_ref = models.CharField(_("会议纪要文号"), max_length=50)
    attendance = models.TextField(_("出席人员"))
    minutes_name = models.CharField(_("会议纪要文件名"), max_length=200)
    minutes_storage_name = models.CharField(max_length=100, unique=True)
    minutes_sha256 = models.CharField(max_length=64)
    outcome = models.CharField(_("审议结果"), max_length=16, choices=Outcome.choices)
    note = models.TextField(_("决定内容"), blank=True)
    reason = models.TextField(
        _("变更理由"),
        blank=True,
        help_text=_("已有锁定名单时必填：说明为何形成新的名单版本。"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        ordering = ["campaign", "recorded_at", "pk"]
        verbose_name = _("主席办公会议决定")
        verbose_name_plural = _("主席办公会议决定")

    def __str__(self) -> str:
        return f"{self.minutes_ref} {self.get_outcome_display()}"


class ListVersion(WriteOnce):
    """One locked version of the campaign's list, approved by one council decision."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="list_versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    decision = models.OneToOneField(
        CouncilDecision, on_delete=models.PROTECT, related_name="list_version"
    )
    reason = models.TextField(_("变更理由"), blank=True)
    approved_at = models.DateTimeField(_("锁定时间"))
    previous_hash = models.CharField(_("上一版本哈希"), max_length=64, blank=True)
    content_hash = models.CharField(_("名单哈希（SHA-256）"), max_length=64)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("锁定名单版本")
        verbose_name_plural = _("锁定名单版本")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_version_number"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""), name="later_version_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} v{self.number}"


class ListEntry(WriteOnce):
    """One line of a locked list version, as it stood when the council approved it."""

    class Part(models.TextChoices):
        LISTED = "listed", _("建议人选")
        RESERVE = "reserve", _("后备人选")

    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="entries")
    part = models.CharField(_("类别"), max_length=8, choices=Part.choices)
    position = models.PositiveSmallIntegerField(_("序号"))
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="list_entries"
    )
    name = models.CharField(_("姓名"), max_length=50)
    unit_code = models.CharField(_("推荐单位代码"), max_length=16)
    unit_name = models.CharField(_("推荐单位"), max_length=100)
    employer_name = models.CharField(_("工作单位"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    score = models.CharField(_("得分"), max_length=12, blank=True)
    moved_reason = models.CharField(_("调整理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "part", "position"]
        verbose_name = _("名单条目")
        verbose_name_plural = _("名单条目")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "part", "position"], name="one_entry_per_position"
            ),
            models.UniqueConstraint(fields=["version", "nomination"], name="one_entry_per_nominee"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
