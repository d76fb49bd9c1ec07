"""Every write to a document job: request, run, retry, expire, and record a download.

A job moves PENDING → RUNNING → DONE or FAILED, and DONE → EXPIRED when its
file is removed; FAILED, EXPIRED and stuck jobs go back to PENDING on retry.
Each step locks the row, and the request, completion, failure and retry are
audited in the same transaction as the change.

Exactly once: a worker claims a job by moving it to RUNNING and counting an
attempt, and finishes it only while that attempt is still the job's current
one. A redelivered message for a finished job does nothing; one for a job
another worker is running waits until that worker counts as lost
(``STALE_AFTER``), then takes the job over, and the lost worker, should it
come back, can no longer finish it.
"""

import logging
import re
import secrets
import traceback
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import partial
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.documents import registry
from longjiang.documents.export import Export
from longjiang.exceptions import DomainError, IllegalTransition
from longjiang.jobs.models import DocumentJob
from longjiang.uploads import private_path

logger = logging.getLogger(__name__)

Status = DocumentJob.Status

# How long a generated document stays downloadable.
DOCUMENT_TTL = timedelta(hours=24)
# A job RUNNING this long is presumed abandoned by a lost worker: a redelivered
# message may take it over and its owner may retry it. It must stay well above
# the time the largest document (the province's Attachment 1) takes to build.
STALE_AFTER = timedelta(minutes=10)
# Attempts after which a job whose worker keeps dying is failed rather than taken
# over again: a document that kills its worker would otherwise return forever.
MAX_ATTEMPTS = 3
# Generated files live under PRIVATE_ROOT/<STORAGE_DIR>/ with random names.
STORAGE_DIR = "jobs"

GENERIC_FAILURE = gettext_lazy("生成失败：系统内部错误，请稍后重试；如仍失败请联系管理员。")


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


# --- Requesting -----------------------------------------------------------------------


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
        record_event("document.requested", actor=actor, data=_event_data(job))
        _enqueue_on_commit(job)
    return job


def is_stuck(job: DocumentJob, *, now: datetime | None = None) -> bool:
    """Whether a PENDING or RUNNING job has made no visible progress for too long."""
    now = now or timezone.now()
    if job.status == Status.PENDING:
        return job.created_at + STALE_AFTER <= now
    if job.status == Status.RUNNING:
        return (job.started_at or job.created_at) + STALE_AFTER <= now
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
        previous = locked.status
        # Queued again now: the stuck check of a PENDING job counts from here.
        locked.created_at = timezone.now()
        locked.status = Status.PENDING
        locked.progress = 0
        locked.error = ""
        locked.warnings = []
        locked.started_at = None
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
                "finished_at",
                "expires_at",
                "storage_name",
                "filename",
                "content_type",
                "size",
            ]
        )
        record_event(
            "document.retried", actor=actor, data={**_event_data(locked), "from": previous}
        )
        _enqueue_on_commit(locked)
    return locked


def record_download(job: DocumentJob, *, actor: User) -> None:
    """Record that the actor downloaded the job's document."""
    with transaction.atomic():
        record_event("document.downloaded", actor=actor, data=_event_data(job))


# --- Running (the worker's side) --------------------------------------------------------


def run_document_job(job_id: uuid.UUID | str) -> RunResult:
    """Build the job's document once, store it, and mark the job DONE or FAILED.

    Safe to call any number of times for the same job (redelivered messages).
    """
    # Documents and failure reasons are in the portal's language, whether the job
    # runs on a worker or eagerly inside a request of a user who chose English.
    with translation.override(settings.LANGUAGE_CODE):
        return _run(job_id)


def _run(job_id: uuid.UUID | str) -> RunResult:
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("Document job %s does not exist; nothing to run", job_id)
            return RunResult(Outcome.SKIPPED)
        now = timezone.now()
        if job.status == Status.RUNNING:
            lost_at = (job.started_at or job.created_at) + STALE_AFTER
            if lost_at > now:
                return RunResult(Outcome.BUSY, retry_in=(lost_at - now).total_seconds() + 1)
            exhausted = job.attempts >= MAX_ATTEMPTS
            logger.warning(
                "Document job %s was left running by attempt %s; %s",
                job.pk,
                job.attempts,
                "giving up" if exhausted else "taking it over",
            )
        elif job.status != Status.PENDING:
            return RunResult(Outcome.SKIPPED)
        else:
            exhausted = False
        if not exhausted:
            job.status = Status.RUNNING
            job.attempts += 1
            job.started_at = now
            job.progress = 0
            job.error = ""
            job.save(update_fields=["status", "attempts", "started_at", "progress", "error"])
    attempt = job.attempts
    if exhausted:
        return _fail(
            job.pk,
            attempt,
            _("生成过程多次中断，已停止尝试。请稍后重新生成；如仍失败，请联系系统管理员。"),
        )

    try:
        spec = registry.get(job.kind)
        document = spec.build(
            job.params, user=job.requested_by, progress=_progress_reporter(job.pk, attempt)
        )
        storage_name = _store(document.content, document.filename)
    except DomainError as exc:
        return _fail(job.pk, attempt, str(exc.message))
    except Exception as exc:
        # The exception's text may quote personal data, so only its type and
        # the stack (code locations) are logged.
        logger.error(
            "Document job %s (%s) failed with %s:\n%s",
            job.pk,
            job.kind,
            type(exc).__name__,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        return _fail(job.pk, attempt, str(GENERIC_FAILURE))
    try:
        return _finish(job.pk, attempt, document, storage_name)
    except BaseException:
        _discard(storage_name)
        raise


def _progress_reporter(job_id: uuid.UUID, attempt: int) -> Callable[[int], None]:
    """Return a callback that writes the percent to the row, only when it changes."""
    last = 0

    def report(percent: int) -> None:
        nonlocal last
        value = min(100, max(0, int(percent)))
        if value == last:
            return
        last = value
        _current_attempt(job_id, attempt).update(progress=value)

    return report


def _current_attempt(job_id: uuid.UUID, attempt: int):
    """Return the job as a queryset, empty once another attempt has taken it over."""
    return DocumentJob.objects.filter(pk=job_id, status=Status.RUNNING, attempts=attempt)


def _store(content: bytes, filename: str) -> str:
    """Write the bytes under a random name in the private root; return the name."""
    if not isinstance(content, bytes):
        raise TypeError("a document's content must be bytes")
    suffix = PurePath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ".bin"
    storage_name = f"{STORAGE_DIR}/{secrets.token_hex(16)}{suffix}"
    path = private_path(storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return storage_name


def _discard(storage_name: str) -> None:
    """Remove a stored file if it is there."""
    if storage_name:
        private_path(storage_name).unlink(missing_ok=True)


def _clip(filename: str, limit: int) -> str:
    """Shorten a file name to ``limit`` characters, keeping its extension."""
    if len(filename) <= limit:
        return filename
    suffix = PurePath(filename).suffix[:10]
    return filename[: limit - len(suffix)] + suffix


def _finish(job_id: uuid.UUID, attempt: int, document: Export, storage_name: str) -> RunResult:
    with transaction.atomic():
        job = _current_attempt(job_id, attempt).select_for_update().first()
        if job is None:
            logger.warning("Document job %s attempt %s was taken over", job_id, attempt)
            _discard(storage_name)
            return RunResult(Outcome.SUPERSEDED)
        now = timezone.now()
        job.status = Status.DONE
        job.progress = 100
        job.finished_at = now
        job.expires_at = now + DOCUMENT_TTL
        job.storage_name = storage_name
        job.filename = _clip(document.filename, DocumentJob._meta.get_field("filename").max_length)
        job.content_type = document.content_type
        job.size = len(document.content)
        job.warnings = [str(warning) for warning in document.warnings]
        job.save(
            update_fields=[
                "status",
                "progress",
                "finished_at",
                "expires_at",
                "storage_name",
                "filename",
                "content_type",
                "size",
                "warnings",
            ]
        )
        record_event(
            "document.generated",
            actor=job.requested_by,
            data={**_event_data(job), "attempt": attempt, "size": job.size},
        )
    return RunResult(Outcome.DONE)


def _fail(job_id: uuid.UUID, attempt: int, message: str) -> RunResult:
    with transaction.atomic():
        job = _current_attempt(job_id, attempt).select_for_update().first()
        if job is None:
            return RunResult(Outcome.SUPERSEDED)
        job.status = Status.FAILED
        job.error = message
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        # The reason stays on the row: a staff message may quote a name.
        record_event(
            "document.failed",
            actor=job.requested_by,
            data={**_event_data(job), "attempt": attempt},
        )
    return RunResult(Outcome.FAILED)


# --- Housekeeping -----------------------------------------------------------------------


def expire_documents(now: datetime | None = None) -> int:
    """Delete the files of finished jobs past their expiry; return how many expired."""
    now = now or timezone.now()
    due = DocumentJob.objects.filter(status=Status.DONE, expires_at__lte=now)
    expired = 0
    for job_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            job = due.select_for_update().filter(pk=job_id).first()
            if job is None:
                continue
            storage_name = job.storage_name
            job.status = Status.EXPIRED
            job.storage_name = ""
            job.save(update_fields=["status", "storage_name"])
            transaction.on_commit(partial(_discard, storage_name))
        expired += 1
    return expired


# --- Helpers ----------------------------------------------------------------------------


def _event_data(job: DocumentJob) -> dict:
    # The job's UUID cannot be an audit subject (subject ids are integers), so
    # it goes in the data with the kind and the plain-id parameters.
    return {"job": str(job.pk), "kind": job.kind, "params": job.params}


def _enqueue_on_commit(job: DocumentJob) -> None:
    # Imported here because the task module imports this one.
    from longjiang.jobs import tasks

    job_id = str(job.pk)
    # robust: a broker outage must not turn the committed request into an error
    # page; the job then stays PENDING until its owner retries it as stuck.
    transaction.on_commit(lambda: tasks.run_document_job.delay(job_id=job_id), robust=True)
