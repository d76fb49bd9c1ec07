"""The worker's side of a document job: claim it, build it with a heartbeat, finish it once."""

import logging
import re
import secrets
import threading
import traceback
import uuid
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from longjiang.audit.services import record_event
from longjiang.documents import registry
from longjiang.documents.export import Export
from longjiang.exceptions import DomainError
from longjiang.jobs.models import DocumentJob
from longjiang.jobs.services.common import (
    DOCUMENT_TTL,
    GAVE_UP,
    GENERIC_FAILURE,
    MAX_ATTEMPTS,
    STORAGE_DIR,
    Outcome,
    RunResult,
    Status,
    current_attempt,
    discard,
    event_data,
    heartbeat_every,
    last_sign_of_life,
    stale_after,
)
from longjiang.uploads import private_path

logger = logging.getLogger(__name__)


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
            lost_at = last_sign_of_life(job) + stale_after()
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
            job.heartbeat_at = now
            job.progress = 0
            job.error = ""
            job.save(
                update_fields=[
                    "status",
                    "attempts",
                    "started_at",
                    "heartbeat_at",
                    "progress",
                    "error",
                ]
            )
    attempt = job.attempts
    if exhausted:
        return fail_attempt(job.pk, attempt, str(GAVE_UP))

    try:
        spec = registry.get(job.kind)
        with _Heartbeat(job.pk, attempt):
            document = spec.build(
                job.params, user=job.requested_by, progress=_progress_reporter(job.pk, attempt)
            )
        storage_name = _store(document.content, document.filename)
    except DomainError as exc:
        return fail_attempt(job.pk, attempt, str(exc.message))
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
        return fail_attempt(job.pk, attempt, str(GENERIC_FAILURE))
    try:
        return _finish(job.pk, attempt, document, storage_name)
    except BaseException:
        discard(storage_name)
        raise


def _progress_reporter(job_id: uuid.UUID, attempt: int) -> Callable[[int], None]:
    """Return a callback that writes the percent and the heartbeat, when the percent changes."""
    last = 0

    def report(percent: int) -> None:
        nonlocal last
        value = min(100, max(0, int(percent)))
        if value == last:
            return
        last = value
        current_attempt(job_id, attempt).update(progress=value, heartbeat_at=timezone.now())

    return report


class _Heartbeat:
    """Write the attempt's heartbeat every ``heartbeat_every()`` while the block runs.

    A thread, because builders report progress unevenly (a summary goes from 5 %
    to 60 % in one query) and a long quiet step must not look like a lost worker.
    A killed worker takes the thread with it, and the heartbeat stops.
    """

    def __init__(self, job_id: uuid.UUID, attempt: int) -> None:
        self.job_id, self.attempt = job_id, attempt
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        # Bounded: a beat waiting on a row lock the caller holds must not hang it.
        self.thread.join(timeout=heartbeat_every().total_seconds())

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(heartbeat_every().total_seconds()):
                current_attempt(self.job_id, self.attempt).update(heartbeat_at=timezone.now())
        except Exception:
            # The build goes on; without beats the sweeper may requeue the job,
            # which then still finishes once.
            logger.exception("Heartbeat of document job %s stopped", self.job_id)
        finally:
            # The thread's own connection; the worker's stays open.
            connection.close()


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


def _clip(filename: str, limit: int) -> str:
    """Shorten a file name to ``limit`` characters, keeping its extension."""
    if len(filename) <= limit:
        return filename
    suffix = PurePath(filename).suffix[:10]
    return filename[: limit - len(suffix)] + suffix


def _finish(job_id: uuid.UUID, attempt: int, document: Export, storage_name: str) -> RunResult:
    with transaction.atomic():
        job = current_attempt(job_id, attempt).select_for_update().first()
        if job is None:
            logger.warning("Document job %s attempt %s was taken over", job_id, attempt)
            discard(storage_name)
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
            data={**event_data(job), "attempt": attempt, "size": job.size},
        )
    return RunResult(Outcome.DONE)


def fail_attempt(job_id: uuid.UUID, attempt: int, message: str) -> RunResult:
    with transaction.atomic():
        job = current_attempt(job_id, attempt).select_for_update().first()
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
            data={**event_data(job), "attempt": attempt},
        )
    return RunResult(Outcome.FAILED)
