"""Documents generated in the background, with progress, for one user to download."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentJob(models.Model):
    """A request for a generated document, run by a Celery worker.

    The id is a random UUID, so a job's address cannot be guessed; the download
    view still re-checks that the user may have the document.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("生成失败")
        EXPIRED = "expired", _("已过期")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("文件类型"), max_length=40)
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_jobs"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    error = models.TextField(_("失败原因"), blank=True)
    # What a finished document could not show (records left out of a bundle, say).
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life of the running attempt's worker; older than
    # LONGJIANG_JOB_STALE_SECONDS, the worker counts as lost and the job is requeued.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    storage_name = models.CharField(max_length=120, blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("文件生成任务")
        verbose_name_plural = _("文件生成任务")
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title
