"""Celery adapters for background documents."""

import logging

from celery import shared_task

from longjiang.jobs import services

logger = logging.getLogger(__name__)


# A duplicate message waits (a retry at most a minute later each time) while another
# worker builds the job with a live heartbeat: enough retries for an hour's build.
@shared_task(name="jobs.run_document_job", bind=True, acks_late=True, max_retries=60)
def run_document_job(self, *, job_id: str) -> str:
    """Build one queued document; wait for a presumed-lost worker before taking over."""
    result = services.run_document_job(job_id)
    logger.info("Document job %s: %s", job_id, result.outcome)
    if result.outcome == services.Outcome.BUSY:
        raise self.retry(countdown=result.retry_in)
    return result.outcome.value


@shared_task(name="jobs.expire_documents")
def expire_documents() -> int:
    """Remove the files of documents past their expiry."""
    expired = services.expire_documents()
    logger.info("Expired %s document(s)", expired)
    return expired


@shared_task(name="jobs.requeue_stale_jobs")
def requeue_stale_jobs() -> int:
    """Queue again the document jobs whose worker stopped its heartbeat."""
    requeued = services.requeue_stale_jobs()
    if requeued:
        logger.warning("Requeued %s document job(s) of lost workers", requeued)
    return requeued
