"""Document jobs run by a real Celery worker through Redis.

The worker runs in a thread of this process (see conftest.py), so a kind
registered here is known to it; the job, its progress and its file go through
the worker's own database connection, as in production.
"""

import threading
import time
from collections.abc import Iterator
from io import BytesIO

import pytest
from celery import signals
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from longjiang.audit.models import AuditEvent
from longjiang.celery import app
from longjiang.documents import registry
from longjiang.documents.export import Export
from longjiang.documents.registry import Param
from longjiang.jobs import tasks
from longjiang.jobs.models import DocumentJob
from longjiang.uploads import private_path

pytestmark = [
    pytest.mark.integration,
    # The worker thread reads through its own connection, so rows must be committed.
    pytest.mark.django_db(transaction=True),
]

KIND = "test.integration"
CONTENT = "哈尔滨市总工会推荐人选汇总表".encode() * 50
# Longest wait, in seconds, for the worker to bring a job to a state.
TASK_TIMEOUT = 20

Status = DocumentJob.Status


class Builder:
    """The test kind's builder: pauses at 50 % until the test lets it go on."""

    def __init__(self) -> None:
        self.halfway = threading.Event()
        self.go_on = threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, params, *, user, progress) -> Export:
        self.threads.append(threading.current_thread())
        progress(50)
        self.halfway.set()
        self.go_on.wait(TASK_TIMEOUT)
        progress(100)
        return Export(content=CONTENT, filename="汇总表.xlsx", content_type="application/zip")


@pytest.fixture
def builder():
    fake = Builder()
    registry.register(
        KIND,
        command="test-integration",
        help="集成测试文件",
        params=[Param("unit", str, "--unit")],
        title=lambda params: "集成测试文件",
        build=fake,
        allowed=lambda user, params: user.is_authenticated,
    )
    yield fake
    fake.go_on.set()
    registry.unregister(KIND)


@pytest.fixture
def outcomes() -> Iterator[dict]:
    """Record what each document task returned, by task id, as the worker finishes it."""
    finished: dict[str, object] = {}

    def succeeded(sender, result, **kwargs):
        # Other tasks (the submission receipt mail) run on the same worker.
        if sender.name == tasks.run_document_job.name:
            finished[sender.request.id] = result

    signals.task_success.connect(succeeded, weak=False)
    yield finished
    signals.task_success.disconnect(succeeded)


@pytest.fixture
def retries() -> Iterator[list]:
    """Record the id of every task run that asked to be retried."""
    retried: list[str] = []

    def retry(sender, request, **kwargs):
        retried.append(request.id)

    signals.task_retry.connect(retry, weak=False)
    yield retried
    signals.task_retry.disconnect(retry)


def wait_for_task(outcomes: dict, task_id: str | None = None) -> object:
    """Return what the task run with this id (or the only one) returned.

    The test waits on the worker's signal rather than polling the job: under
    SQLite's shared in-memory test database, reading while the worker writes
    fails with "table is locked". A Celery retry keeps the task id.
    """
    deadline = time.monotonic() + TASK_TIMEOUT
    while (task_id not in outcomes) if task_id else not outcomes:
        if time.monotonic() > deadline:
            pytest.fail("the worker did not finish the task in time")
        time.sleep(0.05)
    return outcomes[task_id] if task_id else next(iter(outcomes.values()))


def generated_events(job: DocumentJob) -> int:
    return AuditEvent.objects.filter(code="document.generated", data__job=str(job.pk)).count()


def test_document_job_runs_on_the_worker_with_visible_progress(
    celery_worker, builder, outcomes, clerk
):
    assert app.conf.task_always_eager is False
    client = Client()
    client.force_login(clerk)

    response = client.post(reverse("jobs:start", kwargs={"kind": KIND}), {"unit": "230100"})

    job = DocumentJob.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    # Halfway, the page polling from another connection sees the committed progress.
    assert builder.halfway.wait(TASK_TIMEOUT), "the worker did not start the job in time"
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (Status.RUNNING, 50, 1)
    partial = client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    assert 'aria-valuenow="50"' in partial
    builder.go_on.set()

    assert wait_for_task(outcomes) == "done"
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.size) == (Status.DONE, 100, 1, len(CONTENT))
    assert private_path(job.storage_name).read_bytes() == CONTENT
    [thread] = builder.threads
    assert thread is not threading.current_thread()
    assert generated_events(job) == 1
    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    assert b"".join(download.streaming_content) == CONTENT


def test_job_left_running_by_a_lost_worker_is_finished_once(
    celery_worker, builder, outcomes, retries, clerk, settings
):
    # A worker counts as lost after 2 seconds without a heartbeat here, instead of a minute.
    settings.LONGJIANG_JOB_STALE_SECONDS = 2
    builder.go_on.set()
    job = DocumentJob.objects.create(
        kind=KIND,
        params={"unit": "230100"},
        title="集成测试文件",
        requested_by=clerk,
        # What a worker killed while building leaves behind.
        status=Status.RUNNING,
        attempts=1,
        started_at=timezone.now(),
        progress=30,
    )

    # The broker hands the unacknowledged message out again after the restart. The
    # worker finds the job still running, waits until its worker counts as lost
    # (a Celery retry), then takes it over. (The sweeper would requeue it too.)
    redelivered = tasks.run_document_job.delay(job_id=str(job.pk))

    assert wait_for_task(outcomes, redelivered.id) == "done"
    assert retries == [redelivered.id]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (Status.DONE, 2, 100)
    assert len(builder.threads) == 1
    assert private_path(job.storage_name).read_bytes() == CONTENT

    # A further duplicate of the message changes nothing.
    duplicate = tasks.run_document_job.delay(job_id=str(job.pk))
    assert wait_for_task(outcomes, duplicate.id) == "skipped"
    job.refresh_from_db()
    assert (job.status, job.attempts, len(builder.threads)) == (Status.DONE, 2, 1)
    assert generated_events(job) == 1


def test_summary_unit_document_built_by_the_worker(
    celery_worker, outcomes, campaign, clerk, make_nomination
):
    make_nomination(name="王堃", status="submitted")
    client = Client()
    client.force_login(clerk)

    client.post(
        reverse("jobs:start", kwargs={"kind": "summary.unit"}),
        {"campaign": campaign.year, "unit": "230100"},
    )

    assert wait_for_task(outcomes) == "done"
    job = DocumentJob.objects.get()
    assert (job.status, job.kind, job.progress) == (Status.DONE, "summary.unit", 100)
    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    workbook = load_workbook(BytesIO(b"".join(download.streaming_content)), read_only=True)
    cells = {cell for row in workbook.active.iter_rows(values_only=True) for cell in row}
    assert "王堃" in cells
