"""The owner's side of a document job: request it, retry it, record its download."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.documents import registry
from longjiang.exceptions import IllegalTransition
from longjiang.jobs.models import DocumentJob
from longjiang.jobs.services.common import (
    QUEUED_TOO_LONG,
    DocumentNotAllowed,
    Status,
    enqueue_on_commit,
    event_data,
    last_sign_of_life,
    stale_after,
)


def request_document(kind: str, *, params: Mapping[str, Any], actor: User) -> DocumentJob:
    """Queue a document for the actor; the worker starts once the request commits.

    Raise ``UnknownDocumentKind``, ``InvalidParams`` or ``DocumentNotAllowed``.
    """
    spec = registry.get(kind)
    cleaned = spec.clean(params)
    if not spec.allowed(actor, cleaned):
        raise DocumentNotAllowed
    title = str(spec.title(cleaned))[: DocumentJob._meta.get_field("title").max_length]
    with transaction.atomic():
        job = DocumentJob.objects.create(kind=kind, params=cleaned, title=title, requested_by=actor)
        record_event("document.requested", actor=actor, data=event_data(job))
        enqueue_on_commit(job)
    return job


def is_stuck(job: DocumentJob, *, now: datetime | None = None) -> bool:
    """Whether a PENDING job waited too long or a RUNNING one lost its worker."""
    now = now or timezone.now()
    if job.status == Status.PENDING:
        return job.created_at + QUEUED_TOO_LONG <= now
    if job.status == Status.RUNNING:
        return last_sign_of_life(job) + stale_after() <= now
    return False


def is_retryable(job: DocumentJob, *, now: datetime | None = None) -> bool:
    """Whether the job may be generated again: it failed, expired, or is stuck."""
    return job.status in (Status.FAILED, Status.EXPIRED) or is_stuck(job, now=now)


def retry_document_job(job: DocumentJob, *, actor: User) -> DocumentJob:
    """Queue a failed, expired or stuck job again as a new attempt."""
    with transaction.atomic():
        locked = DocumentJob.objects.select_for_update().get(pk=job.pk)
        if not is_retryable(locked):
            raise IllegalTransition(
                _("“%(status)s”的文件不能重新生成。") % {"status": locked.get_status_display()}
            )
        queue_again(locked, actor=actor)
    return locked


def queue_again(locked: DocumentJob, *, actor: User | None) -> None:
    """Put a row locked by the caller back to PENDING, audited, and queue it on commit."""
    previous, lost_attempt = locked.status, locked.attempts
    # Queued again now: the stuck check of a PENDING job counts from here.
    locked.created_at = timezone.now()
    locked.status = Status.PENDING
    locked.progress = 0
    locked.error = ""
    locked.warnings = []
    locked.started_at = None
    locked.heartbeat_at = None
    locked.finished_at = None
    locked.expires_at = None
    locked.storage_name = ""
    locked.filename = ""
    locked.content_type = ""
    locked.size = 0
    locked.save(
        update_fields=[
            "created_at",
            "status",
            "progress",
            "error",
            "warnings",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "expires_at",
            "storage_name",
            "filename",
            "content_type",
            "size",
        ]
    )
    data = {**event_data(locked), "from": previous}
    if actor is None:
        # The sweeper: name the attempt whose worker was lost.
        data["attempt"] = lost_attempt
    record_event("document.retried", actor=actor, data=data)
    enqueue_on_commit(locked)


def record_download(job: DocumentJob, *, actor: User) -> None:
    """Record that the actor downloaded the job's document."""
    with transaction.atomic():
        record_event("document.downloaded", actor=actor, data=event_data(job))
