"""What the job services share: settings, outcomes and row helpers."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from longjiang.exceptions import DomainError
from longjiang.jobs.models import DocumentJob
from longjiang.uploads import private_path

Status = DocumentJob.Status

# How long a generated document stays downloadable.
DOCUMENT_TTL = timedelta(hours=24)
# A PENDING job waiting this long was probably never handed to a worker (a broker
# outage, say): its owner may queue it again. A long queue is not a lost job.
QUEUED_TOO_LONG = timedelta(minutes=10)
# Attempts after which a job whose worker keeps dying is failed rather than taken
# over again: a document that kills its worker would otherwise return forever.
MAX_ATTEMPTS = 3
# Generated files live under PRIVATE_ROOT/<STORAGE_DIR>/ with random names.
STORAGE_DIR = "jobs"

GENERIC_FAILURE = gettext_lazy("生成失败：系统内部错误，请稍后重试；如仍失败请联系管理员。")
GAVE_UP = gettext_lazy("生成过程多次中断，已停止尝试。请稍后重新生成；如仍失败，请联系系统管理员。")


class DocumentNotAllowed(DomainError):
    default_message = gettext_lazy("您无权生成该文件。")


class Outcome(StrEnum):
    DONE = "done"
    FAILED = "failed"
    # The job is finished, failed, expired or gone: nothing to do.
    SKIPPED = "skipped"
    # Another worker is running the job and is not yet presumed lost.
    BUSY = "busy"
    # Another worker took the job over while this one was building it.
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class RunResult:
    outcome: Outcome
    # For BUSY: seconds until the running worker counts as lost.
    retry_in: float = 0.0


def stale_after() -> timedelta:
    """Return how long a RUNNING job may go without a heartbeat before counting as lost.

    Then the sweeper requeues it, a redelivered message may take it over and its
    owner may retry it. Only the heartbeat counts, so a long build is not "lost".
    """
    return timedelta(seconds=settings.LONGJIANG_JOB_STALE_SECONDS)


def heartbeat_every() -> timedelta:
    """Return how often a worker writes the heartbeat while it builds.

    Several beats fit in the stale window, so one slow write does not lose the job.
    """
    return min(timedelta(seconds=10), stale_after() / 4)


def last_sign_of_life(job: DocumentJob) -> datetime:
    """Return when the job's worker last showed it was alive."""
    # Rows from before the heartbeat have only their start time.
    return job.heartbeat_at or job.started_at or job.created_at


def current_attempt(job_id: uuid.UUID, attempt: int) -> QuerySet[DocumentJob]:
    """Return the job as a queryset, empty once another attempt has taken it over."""
    return DocumentJob.objects.filter(pk=job_id, status=Status.RUNNING, attempts=attempt)


def discard(storage_name: str) -> None:
    """Remove a stored file if it is there."""
    if storage_name:
        private_path(storage_name).unlink(missing_ok=True)


def event_data(job: DocumentJob) -> dict:
    """Return the audit data naming the job."""
    # The job's UUID cannot be an audit subject (subject ids are integers), so
    # it goes in the data with the kind and the plain-id parameters.
    return {"job": str(job.pk), "kind": job.kind, "params": job.params}


def enqueue_on_commit(job: DocumentJob) -> None:
    """Queue the job's task once the caller's transaction commits."""
    # Imported here because the task module imports this one.
    from longjiang.jobs import tasks

    job_id = str(job.pk)
    # robust: a broker outage must not turn the committed request into an error
    # page; the job then stays PENDING until its owner retries it as stuck.
    transaction.on_commit(lambda: tasks.run_document_job.delay(job_id=job_id), robust=True)
