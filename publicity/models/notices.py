"""Publicity notices (公示公告) and the proof of their publication."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import Campaign, Nomination
from publicity.workflow import NoticeStatus
from review.models import ListVersion


class Channel(models.TextChoices):
    """How the public may raise an objection; an online form is always offered as well."""

    LETTER = "letter", _("来信")
    CALL = "call", _("来电")
    VISIT = "visit", _("来访")
    EMAIL = "email", _("电子邮件")


class Phase(models.TextChoices):
    """Where a published notice stands by the clock; never stored."""

    SCHEDULED = "scheduled", _("尚未开始")
    LIVE = "live", _("公示中")
    CLOSED = "closed", _("公示已结束")


class Notice(models.Model):
    """One publicity notice over a locked list version, with explicit dates and cut-off."""

    class Kind(models.TextChoices):
        MAIN = "main", _("公示")
        SUPPLEMENTARY = "supplementary", _("补充公示")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="publicity_notices"
    )
    list_version = models.ForeignKey(
        ListVersion, on_delete=models.PROTECT, related_name="notices", verbose_name=_("名单版本")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.MAIN)
    # A supplementary notice publishes only these (the council's substitutes); a main
    # notice publishes every listed entry of its version and leaves this empty.
    persons = models.ManyToManyField(
        Nomination, blank=True, related_name="publicity_notices", verbose_name=_("公示人选")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"), max_length=4000)
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示结束日期"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    closes_at = models.DateTimeField(_("异议截止时间"))
    channels = models.JSONField(_("反映渠道"), default=list)
    # The campaign's contact block as it stood when the notice was prepared.
    contact = models.JSONField(_("联系方式"), default=dict)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "starts_on", "pk"]
        verbose_name = _("公示公告")
        verbose_name_plural = _("公示公告")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="notice_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(working_days__gte=1), name="notice_has_working_days"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def opens_at(self):
        """00:00 of the start day, in the portal's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.starts_on, datetime.time()))

    def phase(self, now=None) -> Phase | None:
        """Scheduled, live or closed by the clock; None unless published."""
        if self.status != NoticeStatus.PUBLISHED:
            return None
        now = now or timezone.now()
        if now < self.opens_at():
            return Phase.SCHEDULED
        if now < self.closes_at:
            return Phase.LIVE
        return Phase.CLOSED


class Snapshot(models.Model):
    """A file rendered once at publication and kept as proof: never changed afterwards."""

    class Kind(models.TextChoices):
        PAGE = "page", _("公示页面（公示期间）")
        CLOSED_PAGE = "closed_page", _("公示页面（公示结束后）")
        PDF = "pdf", _("公示公告PDF")
        # Rendered when the council approves a later list version: the notice's page
        # without whoever that version dropped, shown from the approval on.
        REVISED_PAGE = "revised_page", _("公示页面（名单调整后，公示期间）")
        REVISED_CLOSED_PAGE = "revised_closed", _("公示页面（名单调整后，公示结束后）")

    REVISED = (Kind.REVISED_PAGE, Kind.REVISED_CLOSED_PAGE)

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="snapshots")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    # A revised page's list version (a later one than the notice's); empty otherwise.
    revision = models.ForeignKey(
        ListVersion,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("调整后的名单版本"),
    )
    file_name = models.CharField(_("文件名"), max_length=200, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("字节数"))
    rendered_at = models.DateTimeField(_("生成时间"))

    class Meta:
        ordering = ["notice", "kind"]
        verbose_name = _("公示快照")
        verbose_name_plural = _("公示快照")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "kind"],
                condition=Q(revision__isnull=True),
                name="one_snapshot_per_kind",
            ),
            models.UniqueConstraint(
                fields=["notice", "kind", "revision"],
                condition=Q(revision__isnull=False),
                name="one_revised_snapshot_per_version",
            ),
            models.CheckConstraint(
                condition=Q(revision__isnull=True, kind__in=["page", "closed_page", "pdf"])
                | Q(revision__isnull=False, kind__in=["revised_page", "revised_closed"]),
                name="revised_snapshot_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_public(self) -> bool:
        """Whether the file is still served at /publicity/files/ (not taken down)."""
        from publicity import snapshots

        return (snapshots.root() / "files" / self.file_name).exists()
