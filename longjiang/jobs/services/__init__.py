"""Every write to a document job: request, run, retry, expire, and record a download.

A job moves PENDING → RUNNING → DONE or FAILED, and DONE → EXPIRED when its
file is removed; FAILED, EXPIRED and stuck jobs go back to PENDING on retry, and
a RUNNING job whose worker stopped sending its heartbeat goes back to PENDING
when the sweeper (``requeue_stale_jobs``) finds it. Each step locks the row, and
the request, completion, failure and retry are audited in the same transaction
as the change.

Exactly once: a worker claims a job by moving it to RUNNING and counting an
attempt, and finishes it only while that attempt is still the job's current
one. A redelivered message for a finished job does nothing; one for a job
another worker is running waits until that worker counts as lost (no heartbeat
for ``stale_after()``), then takes the job over. Requeued or taken over, the job
is no longer the lost worker's attempt, so that worker, should it come back,
can no longer finish it.
"""

from longjiang.jobs.services.common import (
    MAX_ATTEMPTS,
    QUEUED_TOO_LONG,
    STORAGE_DIR,
    DocumentNotAllowed,
    Outcome,
    RunResult,
    heartbeat_every,
    stale_after,
)
from longjiang.jobs.services.housekeeping import expire_documents, requeue_stale_jobs
from longjiang.jobs.services.requests import (
    is_retryable,
    is_stuck,
    record_download,
    request_document,
    retry_document_job,
)
from longjiang.jobs.services.runner import run_document_job

__all__ = [
    "MAX_ATTEMPTS",
    "QUEUED_TOO_LONG",
    "STORAGE_DIR",
    "DocumentNotAllowed",
    "Outcome",
    "RunResult",
    "expire_documents",
    "heartbeat_every",
    "is_retryable",
    "is_stuck",
    "record_download",
    "request_document",
    "requeue_stale_jobs",
    "retry_document_job",
    "run_document_job",
    "stale_after",
]
