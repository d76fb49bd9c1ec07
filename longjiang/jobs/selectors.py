"""Reads of document jobs, scoped to the user who asked for them."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from longjiang.accounts.models import User
from longjiang.documents import registry
from longjiang.jobs.models import DocumentJob

# How many jobs the "my documents" page lists.
RECENT_LIMIT = 50


def jobs_of(user: User) -> QuerySet[DocumentJob]:
    """Return the jobs the user asked for; nobody sees another user's jobs."""
    if not user.is_authenticated:
        return DocumentJob.objects.none()
    return DocumentJob.objects.filter(requested_by=user)


def recent_jobs(user: User, *, limit: int = RECENT_LIMIT) -> QuerySet[DocumentJob]:
    """Return the user's newest jobs, newest first."""
    return jobs_of(user).order_by("-created_at")[:limit]


def may_have(user: User, job: DocumentJob) -> bool:
    """Whether the user may still have the job's document (their role or unit may have changed)."""
    if job.requested_by_id != user.pk:
        return False
    try:
        spec = registry.get(job.kind)
    except registry.UnknownDocumentKind:
        return False
    return bool(spec.allowed(user, job.params))


def is_downloadable(job: DocumentJob, *, now: datetime | None = None) -> bool:
    """Whether the job's file is ready and not yet past its expiry."""
    now = now or timezone.now()
    return (
        job.status == DocumentJob.Status.DONE
        and bool(job.storage_name)
        and job.expires_at is not None
        and job.expires_at > now
    )


def is_expired(job: DocumentJob, *, now: datetime | None = None) -> bool:
    """Whether the job's file is gone for age (removed, or due for removal)."""
    now = now or timezone.now()
    if job.status == DocumentJob.Status.EXPIRED:
        return True
    return (
        job.status == DocumentJob.Status.DONE
        and job.expires_at is not None
        and job.expires_at <= now
    )
