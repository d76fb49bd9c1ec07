"""Periodic work on document jobs: expire old files, requeue jobs of lost workers."""

import logging
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from longjiang.jobs.models import DocumentJob
from longjiang.jobs.services.common import (
    GAVE_UP,
    MAX_ATTEMPTS,
    Status,
    discard,
    stale_after,
)
from longjiang.jobs.services.requests import queue_again
from longjiang.jobs.services.runner import fail_attempt

logger = logging.getLogger(__name__)


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
            transaction.on_commit(partial(discard, storage_name))
        expired += 1
    return expired


def requeue_stale_jobs(now: datetime | None = None) -> int:
    """Queue again the RUNNING jobs whose worker stopped its heartbeat; return how many.

    A job whose worker was lost ``MAX_ATTEMPTS`` times is failed instead.
    """
    now = now or timezone.now()
    stale = DocumentJob.objects.alias(
        last_beat=Coalesce("heartbeat_at", "started_at", "created_at")
    ).filter(status=Status.RUNNING, last_beat__lte=now - stale_after())
    requeued = 0
    for job_id in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the lock: the worker may have beaten or finished since.
            job = stale.select_for_update().filter(pk=job_id).first()
            if job is None:
                continue
            logger.warning("Document job %s lost the worker of attempt %s", job.pk, job.attempts)
            if job.attempts >= MAX_ATTEMPTS:
                fail_attempt(job.pk, job.attempts, str(GAVE_UP))
                continue
            queue_again(job, actor=None)
        requeued += 1
    return requeued
