"""Background documents: the job services, the task, the views, and the nominations' kinds.

Tasks run eagerly here (see ``celery_eager`` in tests/conftest.py); a test that
requests a job captures the on-commit callbacks to let the queued task run.
The builder is a test kind registered below, so nothing here depends on the
real document builders.
"""

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from io import BytesIO
from urllib.parse import quote

import pytest
from django.db import connection
from django.db.models import F
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from longjiang.accounts.models import Role
from longjiang.audit.models import AuditEvent
from longjiang.documents import registry
from longjiang.documents.export import Export
from longjiang.documents.registry import Param
from longjiang.exceptions import DomainError, IllegalTransition
from longjiang.jobs import selectors, services, tasks
from longjiang.jobs.models import DocumentJob
from longjiang.jobs.services import Outcome
from longjiang.uploads import private_path
from tests.factories import UserFactory

Status = DocumentJob.Status

KIND = "test.greeting"
CONTENT = "龙江工匠推荐人选汇总表".encode() * 100
FILENAME = "2021年推荐人选汇总表（哈尔滨市总工会）.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GENERIC = "生成失败：系统内部错误，请稍后重试；如仍失败请联系管理员。"
GLYPH_MISSING = "姓名中的“𠀀”字不在字体中，无法生成PDF，请联系管理员。"


class GlyphMissing(DomainError):
    pass


@dataclass
class FakeBuilder:
    """The builder of the test kind; tests set how it behaves."""

    steps: tuple[int, ...] = (10, 10, 50, 100)
    error: Exception | None = None
    before: Callable[[DocumentJob], None] | None = None
    during: Callable[[DocumentJob], None] | None = None
    warnings: tuple[str, ...] = ()
    calls: int = 0
    seen: list[int] = field(default_factory=list)

    def __call__(self, params, *, user, progress) -> Export:
        self.calls += 1
        # The job being built: the only one of the test kind a worker holds.
        job = DocumentJob.objects.get(kind=KIND, status=Status.RUNNING)
        assert (params, user) == (job.params, job.requested_by)
        if self.before is not None:
            self.before(job)
        for percent in self.steps:
            progress(percent)
            self.seen.append(DocumentJob.objects.get(pk=job.pk).progress)
        if self.during is not None:
            self.during(job)
        if self.error is not None:
            raise self.error
        return Export(CONTENT, FILENAME, XLSX, warnings=self.warnings)


def _allowed(user, params) -> bool:
    """Staff, or a clerk of the unit named in the parameters."""
    if not user.is_authenticated:
        return False
    if user.role in (Role.STAFF, Role.ADMIN):
        return True
    return user.unit is not None and user.unit.code == params["unit"]


@pytest.fixture
def builder():
    fake = FakeBuilder()
    registry.register(
        KIND,
        command="test-greeting",
        help="测试文件",
        params=[Param("unit", str, "--unit")],
        title=lambda params: "测试文件（%s）" % params["unit"],  # noqa: UP031
        build=fake,
        allowed=_allowed,
    )
    yield fake
    registry.unregister(KIND)


@pytest.fixture
def request_job(builder, django_capture_on_commit_callbacks):
    """Return a function that requests a test document and lets the eager task run."""

    def make(actor, unit: str = "230100") -> DocumentJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.request_document(KIND, params={"unit": unit}, actor=actor)
        job.refresh_from_db()
        return job

    return make


def document_events() -> list[tuple[str, int | None, dict]]:
    return [
        (event.code, event.actor_id, event.data)
        for event in AuditEvent.objects.filter(code__startswith="document.").order_by("id")
    ]


def codes() -> list[str]:
    return [code for code, _actor, _data in document_events()]


def stored_files(private_root) -> list:
    folder = private_root / services.STORAGE_DIR
    return sorted(folder.iterdir()) if folder.exists() else []


def make_running(
    job: DocumentJob,
    *,
    started_ago: timedelta,
    attempts: int = 1,
    heartbeat_ago: timedelta | None = None,
) -> None:
    """Put the job in the state a worker leaves it in while building."""
    now = timezone.now()
    DocumentJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING,
        attempts=attempts,
        started_at=now - started_ago,
        heartbeat_at=None if heartbeat_ago is None else now - heartbeat_ago,
    )


def body_of(response) -> bytes:
    # The test client closes the response once its content is consumed; closing
    # it again would fire request_finished and close the database connection.
    return b"".join(response.streaming_content)


# --- Registry ---------------------------------------------------------------------------


def test_registry_get_unknown_kind_raises():
    with pytest.raises(registry.UnknownDocumentKind):
        registry.get("no.such.kind")


def test_registry_register_twice_raises(builder):
    with pytest.raises(ValueError, match="already registered"):
        registry.register(
            KIND, command="other", help="", title=str, build=builder, allowed=_allowed
        )


def test_registry_knows_the_nominations_kinds():
    assert {
        "attachment1.nomination",
        "attachment1.unit",
        "attachment1.province",
        "summary.unit",
        "summary.province",
        "check.province",
    } <= {spec.kind for spec in registry.kinds()}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"campaign": "2021", "unit": " 230100 ", "extra": "x"},
            {"campaign": 2021, "unit": "230100"},
        ),
        ({"campaign": 2021, "unit": "230100"}, {"campaign": 2021, "unit": "230100"}),
    ],
)
def test_clean_params_converts_declared_and_drops_the_rest(raw, expected):
    spec = registry.get("summary.unit")

    assert spec.clean(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        {"unit": "230100"},
        {"campaign": "", "unit": "230100"},
        {"campaign": "二〇二一年", "unit": "230100"},
        {"campaign": "-1", "unit": "230100"},
        {"campaign": str(2**63), "unit": "230100"},
        {"campaign": "2021", "unit": "x" * 65},
        {"campaign": "2021", "unit": "2301\x00"},
        {"campaign": True, "unit": "230100"},
    ],
)
def test_clean_params_refuses_missing_or_malformed_values(raw):
    with pytest.raises(registry.InvalidParams):
        registry.get("summary.unit").clean(raw)


# --- Requesting and running -------------------------------------------------------------


def test_request_document_queues_pending_job_with_audit_event(builder, clerk):
    job = services.request_document(KIND, params={"unit": "230100", "x": "1"}, actor=clerk)

    job.refresh_from_db()
    assert (job.kind, job.params, job.title) == (KIND, {"unit": "230100"}, "测试文件（230100）")
    assert (job.status, job.progress, job.attempts, job.requested_by) == (
        Status.PENDING,
        0,
        0,
        clerk,
    )
    assert builder.calls == 0  # The task waits for the commit.
    assert document_events() == [
        (
            "document.requested",
            clerk.pk,
            {"job": str(job.pk), "kind": KIND, "params": {"unit": "230100"}},
        )
    ]


def test_request_document_refused_when_not_allowed(builder, other_clerk):
    with pytest.raises(services.DocumentNotAllowed):
        services.request_document(KIND, params={"unit": "230100"}, actor=other_clerk)

    assert not DocumentJob.objects.exists()
    assert codes() == []


def test_request_document_runs_to_done_and_stores_the_bytes(
    request_job, builder, clerk, private_root
):
    before = timezone.now()

    job = request_job(clerk)

    assert (job.status, job.progress, job.attempts, job.error) == (Status.DONE, 100, 1, "")
    assert re.fullmatch(r"jobs/[0-9a-f]{32}\.xlsx", job.storage_name)
    assert private_path(job.storage_name).read_bytes() == CONTENT
    assert stored_files(private_root) == [private_path(job.storage_name)]
    assert (job.filename, job.content_type, job.size) == (FILENAME, XLSX, len(CONTENT))
    assert before <= job.started_at <= job.finished_at
    assert job.expires_at == job.finished_at + timedelta(hours=24)
    assert document_events()[1] == (
        "document.generated",
        clerk.pk,
        {
            "job": str(job.pk),
            "kind": KIND,
            "params": {"unit": "230100"},
            "attempt": 1,
            "size": len(CONTENT),
        },
    )
    assert codes() == ["document.requested", "document.generated"]


def test_run_reports_progress_with_one_update_per_change(builder, clerk):
    builder.steps = (10, 10, 10, 50, 50, 100, 100)
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    with CaptureQueriesContext(connection) as queries:
        result = services.run_document_job(job.pk)

    assert result.outcome == Outcome.DONE
    # The builder saw its progress on the row at once, clamped, as the page polls it.
    assert builder.seen == [10, 10, 10, 50, 50, 100, 100]
    progress_updates = [q["sql"] for q in queries if 'SET "progress"' in q["sql"]]
    assert len(progress_updates) == 3
    assert all(sql.startswith("UPDATE") for sql in progress_updates)


def test_run_domain_error_fails_job_with_its_chinese_message(builder, clerk, private_root):
    builder.error = GlyphMissing(GLYPH_MISSING)
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    result = services.run_document_job(job.pk)

    job.refresh_from_db()
    assert result.outcome == Outcome.FAILED
    assert (job.status, job.error, job.storage_name) == (Status.FAILED, GLYPH_MISSING, "")
    assert job.finished_at is not None
    assert stored_files(private_root) == []
    assert document_events()[1] == (
        "document.failed",
        clerk.pk,
        {"job": str(job.pk), "kind": KIND, "params": {"unit": "230100"}, "attempt": 1},
    )


def test_run_unexpected_error_fails_generically_and_logs_no_detail(builder, clerk, caplog):
    builder.error = RuntimeError("李秀英 230102198503170041")
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    with caplog.at_level(logging.ERROR, logger="longjiang.jobs.services.runner"):
        result = services.run_document_job(job.pk)

    job.refresh_from_db()
    assert result.outcome == Outcome.FAILED
    assert (job.status, job.error) == (Status.FAILED, GENERIC)
    [record] = [r for r in caplog.records if r.name == "longjiang.jobs.services.runner"]
    assert record.levelno == logging.ERROR
    assert str(job.pk) in record.getMessage()
    assert "RuntimeError" in record.getMessage()
    assert "李秀英" not in caplog.text
    assert "230102198503170041" not in caplog.text


def test_retry_failed_job_runs_a_new_attempt_to_done(
    request_job, builder, clerk, django_capture_on_commit_callbacks
):
    builder.error = GlyphMissing(GLYPH_MISSING)
    job = request_job(clerk)
    assert job.status == Status.FAILED
    builder.error = None

    with django_capture_on_commit_callbacks(execute=True):
        retried = services.retry_document_job(job, actor=clerk)

    assert retried.status == Status.PENDING
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts, builder.calls) == (Status.DONE, "", 2, 2)
    assert private_path(job.storage_name).read_bytes() == CONTENT
    assert codes() == [
        "document.requested",
        "document.failed",
        "document.retried",
        "document.generated",
    ]
    assert document_events()[2] == (
        "document.retried",
        clerk.pk,
        {"job": str(job.pk), "kind": KIND, "params": {"unit": "230100"}, "from": "failed"},
    )


@pytest.mark.parametrize("status", [Status.DONE, Status.PENDING, Status.RUNNING])
def test_retry_of_a_healthy_job_is_illegal(builder, clerk, status):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    DocumentJob.objects.filter(pk=job.pk).update(status=status, started_at=timezone.now())

    with pytest.raises(IllegalTransition):
        services.retry_document_job(job, actor=clerk)

    assert codes() == ["document.requested"]


def test_retry_of_a_stuck_pending_job_queues_it_again(builder, clerk):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    DocumentJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - services.QUEUED_TOO_LONG - timedelta(seconds=1)
    )
    job.refresh_from_db()
    assert services.is_stuck(job)

    retried = services.retry_document_job(job, actor=clerk)

    assert retried.status == Status.PENDING
    assert not services.is_stuck(retried)
    assert codes() == ["document.requested", "document.retried"]


# --- Exactly once -----------------------------------------------------------------------


def test_redelivered_message_for_done_job_does_nothing(request_job, builder, clerk):
    job = request_job(clerk)

    result = services.run_document_job(job.pk)

    assert result.outcome == Outcome.SKIPPED
    after = DocumentJob.objects.get(pk=job.pk)
    assert (after.status, after.attempts, after.storage_name) == (
        Status.DONE,
        1,
        job.storage_name,
    )
    assert builder.calls == 1
    assert codes() == ["document.requested", "document.generated"]


def test_redelivered_task_for_done_job_returns_skipped(request_job, clerk):
    job = request_job(clerk)

    assert tasks.run_document_job.delay(job_id=str(job.pk)).get() == "skipped"


@pytest.mark.parametrize("status", [Status.FAILED, Status.EXPIRED])
def test_redelivered_message_for_failed_or_expired_job_does_nothing(builder, clerk, status):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    DocumentJob.objects.filter(pk=job.pk).update(status=status)

    assert services.run_document_job(job.pk).outcome == Outcome.SKIPPED
    assert builder.calls == 0


def test_message_for_missing_job_is_skipped(db):
    result = services.run_document_job("00000000-0000-4000-8000-000000000000")

    assert result.outcome == Outcome.SKIPPED


def test_job_running_on_a_live_worker_is_left_alone(builder, clerk):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(job, started_ago=timedelta(minutes=20), heartbeat_ago=timedelta(seconds=20))

    result = services.run_document_job(job.pk)

    assert result.outcome == Outcome.BUSY
    # Asked to come back once the running worker would count as lost: the heartbeat
    # counts, not the start, so 40 seconds on.
    assert 40 - 5 < result.retry_in <= 40 + 1
    assert builder.calls == 0
    assert DocumentJob.objects.get(pk=job.pk).attempts == 1


def test_stale_running_job_is_taken_over_and_finished_once(builder, clerk):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(job, started_ago=services.stale_after() + timedelta(seconds=1))

    first = services.run_document_job(job.pk)
    second = services.run_document_job(job.pk)

    job.refresh_from_db()
    assert (first.outcome, second.outcome) == (Outcome.DONE, Outcome.SKIPPED)
    assert (job.status, job.attempts, builder.calls) == (Status.DONE, 2, 1)
    assert codes() == ["document.requested", "document.generated"]


def test_job_whose_worker_keeps_dying_is_failed_not_taken_over_again(builder, clerk):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(job, started_ago=services.stale_after() + timedelta(seconds=1))
    DocumentJob.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)

    result = services.run_document_job(job.pk)

    job.refresh_from_db()
    assert result.outcome == Outcome.FAILED
    assert (job.status, job.attempts, builder.calls) == (Status.FAILED, 3, 0)
    assert job.error == "生成过程多次中断，已停止尝试。请稍后重新生成；如仍失败，请联系系统管理员。"
    assert codes() == ["document.requested", "document.failed"]


def test_lost_worker_that_comes_back_cannot_finish_the_job(builder, clerk, private_root):
    def taken_over(job):
        # Another worker claims the job while this one is still building.
        DocumentJob.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1, progress=5)

    builder.during = taken_over
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    result = services.run_document_job(job.pk)

    job.refresh_from_db()
    assert result.outcome == Outcome.SUPERSEDED
    assert (job.status, job.attempts, job.progress, job.storage_name) == (
        Status.RUNNING,
        2,
        5,
        "",
    )
    assert stored_files(private_root) == []
    assert codes() == ["document.requested"]


# --- Heartbeat and the sweeper -----------------------------------------------------------


def test_sweep_requeues_job_with_61_second_old_heartbeat_and_it_finishes_once(
    builder, clerk, private_root, django_capture_on_commit_callbacks
):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(job, started_ago=timedelta(minutes=2), heartbeat_ago=timedelta(seconds=61))

    with django_capture_on_commit_callbacks(execute=True):
        requeued = tasks.requeue_stale_jobs.delay().get()

    job.refresh_from_db()
    assert requeued == 1
    assert (job.status, job.attempts, job.progress, builder.calls) == (Status.DONE, 2, 100, 1)
    assert stored_files(private_root) == [private_path(job.storage_name)]
    data = {"job": str(job.pk), "kind": KIND, "params": {"unit": "230100"}}
    assert document_events() == [
        ("document.requested", clerk.pk, data),
        ("document.retried", None, {**data, "from": "running", "attempt": 1}),
        ("document.generated", clerk.pk, {**data, "attempt": 2, "size": len(CONTENT)}),
    ]
    # Nothing is left to sweep, and a redelivered message changes nothing.
    assert services.requeue_stale_jobs() == 0
    assert services.run_document_job(job.pk).outcome == Outcome.SKIPPED
    assert (builder.calls, codes().count("document.generated")) == (1, 1)


def test_sweep_leaves_job_with_fresh_heartbeat_but_old_start_alone(builder, clerk):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(job, started_ago=timedelta(minutes=20), heartbeat_ago=timedelta(seconds=50))

    assert services.requeue_stale_jobs() == 0

    job.refresh_from_db()
    assert (job.status, job.attempts, builder.calls) == (Status.RUNNING, 1, 0)
    assert not services.is_stuck(job)
    assert codes() == ["document.requested"]


def test_sweep_fails_job_whose_worker_was_lost_max_attempts_times(builder, clerk):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(
        job,
        started_ago=timedelta(minutes=2),
        heartbeat_ago=timedelta(seconds=61),
        attempts=services.MAX_ATTEMPTS,
    )

    assert services.requeue_stale_jobs() == 0

    job.refresh_from_db()
    assert (job.status, job.attempts, builder.calls) == (Status.FAILED, 3, 0)
    assert job.error == "生成过程多次中断，已停止尝试。请稍后重新生成；如仍失败，请联系系统管理员。"
    assert codes() == ["document.requested", "document.failed"]


def test_late_original_worker_finishing_after_the_retry_changes_nothing(
    builder, clerk, private_root, django_capture_on_commit_callbacks
):
    def lost_then_retried(job):
        if builder.calls > 1:
            return
        # The first worker stalls: its heartbeat ages, the sweeper requeues the
        # job and another worker builds it to the end before this one resumes.
        DocumentJob.objects.filter(pk=job.pk).update(
            heartbeat_at=timezone.now() - timedelta(seconds=61)
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert services.requeue_stale_jobs() == 1

    builder.during = lost_then_retried
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    late = services.run_document_job(job.pk)

    job.refresh_from_db()
    assert late.outcome == Outcome.SUPERSEDED
    assert (job.status, job.attempts, job.progress, builder.calls) == (Status.DONE, 2, 100, 2)
    assert stored_files(private_root) == [private_path(job.storage_name)]
    assert codes() == ["document.requested", "document.retried", "document.generated"]
    [generated] = AuditEvent.objects.filter(code="document.generated")
    assert generated.data["attempt"] == 2


def test_progress_writes_the_heartbeat(builder, clerk):
    long_ago = timezone.now() - timedelta(minutes=5)
    beats = []
    builder.steps = (40,)
    builder.before = lambda job: DocumentJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    builder.during = lambda job: beats.append(DocumentJob.objects.get(pk=job.pk).heartbeat_at)
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    started = timezone.now()

    services.run_document_job(job.pk)

    [beat] = beats
    assert started <= beat <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_heartbeat_is_written_while_a_build_reports_no_progress(builder, clerk, settings):
    # Stale after 0.4 s, so the worker beats every 0.1 s.
    settings.LONGJIANG_JOB_STALE_SECONDS = 0.4
    long_ago = timezone.now() - timedelta(minutes=5)
    beats = []
    builder.steps = ()
    builder.before = lambda job: DocumentJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)

    def quiet_step(job):
        time.sleep(0.5)
        beats.append(DocumentJob.objects.get(pk=job.pk).heartbeat_at)

    builder.during = quiet_step

    # Without a surrounding transaction the eager task runs at once.
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    job.refresh_from_db()
    assert job.status == Status.DONE
    [beat] = beats
    assert beat > long_ago + timedelta(minutes=4)


# --- Expiry -----------------------------------------------------------------------------


def test_expire_documents_deletes_due_files_and_marks_jobs_expired(
    request_job, clerk, staff_user, django_capture_on_commit_callbacks
):
    due = request_job(clerk)
    fresh = request_job(staff_user)
    DocumentJob.objects.filter(pk=fresh.pk).update(expires_at=due.expires_at + timedelta(hours=1))
    due_file = private_path(due.storage_name)

    with django_capture_on_commit_callbacks(execute=True):
        expired = services.expire_documents(now=due.expires_at)

    due.refresh_from_db()
    fresh.refresh_from_db()
    assert expired == 1
    assert (due.status, due.storage_name) == (Status.EXPIRED, "")
    assert not due_file.exists()
    assert fresh.status == Status.DONE
    assert private_path(fresh.storage_name).read_bytes() == CONTENT


def test_expire_task_runs_the_service(request_job, clerk, django_capture_on_commit_callbacks):
    job = request_job(clerk)
    DocumentJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_documents.delay().get() == 1

    assert DocumentJob.objects.get(pk=job.pk).status == Status.EXPIRED
    assert not private_path(job.storage_name).exists()


def test_retry_expired_job_generates_a_new_file(
    request_job, builder, clerk, django_capture_on_commit_callbacks
):
    job = request_job(clerk)
    old_name = job.storage_name
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_documents(now=job.expires_at)

    with django_capture_on_commit_callbacks(execute=True):
        services.retry_document_job(job, actor=clerk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == (Status.DONE, 2)
    assert job.storage_name != old_name
    assert private_path(job.storage_name).read_bytes() == CONTENT


def test_beat_schedule_expires_documents_hourly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["jobs.expire_documents"]

    assert entry == {"task": "jobs.expire_documents", "schedule": 3600}


# --- Views ------------------------------------------------------------------------------


def test_start_view_queues_job_and_redirects_to_its_page(
    builder, clerk, clerk_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("jobs:start", kwargs={"kind": KIND}), {"unit": "230100"}
        )

    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.status, job.requested_by, job.params) == (Status.DONE, clerk, {"unit": "230100"})


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (KIND, {"unit": "230200"}),  # another unit's document
        (KIND, {}),  # missing parameter
        ("no.such.kind", {"unit": "230100"}),
    ],
)
def test_start_view_refusals_are_404(builder, clerk_client, kind, data):
    response = clerk_client.post(reverse("jobs:start", kwargs={"kind": kind}), data)

    assert response.status_code == 404
    assert not DocumentJob.objects.exists()


def test_start_view_get_is_not_allowed(builder, clerk_client):
    response = clerk_client.get(reverse("jobs:start", kwargs={"kind": KIND}))

    assert response.status_code == 405


def test_start_view_anonymous_goes_to_login(builder, client):
    url = reverse("jobs:start", kwargs={"kind": KIND})

    response = client.post(url, {"unit": "230100"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def test_download_owner_gets_exact_bytes_as_attachment(request_job, clerk, clerk_client):
    job = request_job(clerk)

    response = clerk_client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))

    assert response.status_code == 200
    assert body_of(response) == CONTENT
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (f"attachment; filename*=utf-8''{quote(FILENAME)}")
    assert response["Cache-Control"] == "private, no-store"
    assert document_events()[-1] == (
        "document.downloaded",
        clerk.pk,
        {"job": str(job.pk), "kind": KIND, "params": {"unit": "230100"}},
    )


@pytest.mark.parametrize("who", ["other_clerk", "staff", "unit_colleague"])
def test_download_of_another_users_job_is_404(
    request_job, clerk, unit_harbin, staff_user, other_clerk, who
):
    job = request_job(clerk)
    users = {
        "other_clerk": other_clerk,
        "staff": staff_user,
        # Even a second clerk of the same unit: a job is its requester's alone.
        "unit_colleague": UserFactory(role=Role.CLERK, unit=unit_harbin),
    }
    client = Client()
    client.force_login(users[who])

    urls = [
        reverse(name, kwargs={"job_id": job.pk})
        for name in ("jobs:download", "jobs:detail", "jobs:progress")
    ]
    responses = [client.get(url) for url in urls]
    responses.append(client.post(reverse("jobs:retry", kwargs={"job_id": job.pk})))

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert codes() == ["document.requested", "document.generated"]


def test_download_anonymous_goes_to_login(request_job, clerk, client):
    job = request_job(clerk)
    url = reverse("jobs:download", kwargs={"job_id": job.pk})

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def test_download_after_losing_permission_is_404(request_job, clerk, clerk_client, unit_qiqihar):
    job = request_job(clerk)
    clerk.unit = unit_qiqihar
    clerk.save(update_fields=["unit"])

    response = clerk_client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))

    assert response.status_code == 404


@pytest.mark.parametrize("swept", [False, True])
def test_download_of_expired_document_is_410(
    request_job, clerk, clerk_client, swept, django_capture_on_commit_callbacks
):
    job = request_job(clerk)
    DocumentJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    if swept:
        with django_capture_on_commit_callbacks(execute=True):
            services.expire_documents()

    response = clerk_client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))

    assert response.status_code == 410
    assert "文件已过期" in response.content.decode()
    assert codes()[-1] == "document.generated"


@pytest.mark.parametrize("status", [Status.PENDING, Status.RUNNING, Status.FAILED])
def test_download_of_unfinished_job_is_404(builder, clerk, clerk_client, status):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    DocumentJob.objects.filter(pk=job.pk).update(status=status, started_at=timezone.now())

    response = clerk_client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))

    assert response.status_code == 404


def test_progress_partial_polls_while_running(builder, clerk, clerk_client):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(job, started_ago=timedelta(seconds=3))
    DocumentJob.objects.filter(pk=job.pk).update(progress=42)
    url = reverse("jobs:progress", kwargs={"job_id": job.pk})

    html = clerk_client.get(url).content.decode()

    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{url}"' in html
    assert 'aria-valuenow="42"' in html
    assert "正在生成，已完成 42%。" in html
    assert reverse("jobs:download", kwargs={"job_id": job.pk}) not in html


def test_progress_partial_stops_polling_and_offers_download_when_done(
    request_job, clerk, clerk_client
):
    job = request_job(clerk)

    html = clerk_client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()

    assert "hx-trigger" not in html
    assert "hx-get" not in html
    assert reverse("jobs:download", kwargs={"job_id": job.pk}) in html
    assert "下载文件" in html
    assert FILENAME in html


def test_job_with_warnings_is_done_and_shows_them_beside_the_download(
    request_job, builder, clerk, clerk_client
):
    builder.warnings = ("第3份（王𠇔）含无法打印的字符“😀”，已单独列出", "第5份缺少照片")
    job = request_job(clerk)

    html = clerk_client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()

    assert (job.status, job.warnings) == (Status.DONE, list(builder.warnings))
    assert "文件已生成，但有以下问题：" in html
    assert "<li>第3份（王𠇔）含无法打印的字符“😀”，已单独列出</li><li>第5份缺少照片</li>" in html
    assert reverse("jobs:download", kwargs={"job_id": job.pk}) in html


def test_retry_clears_the_warnings_of_the_previous_file(request_job, builder, clerk):
    builder.warnings = ("第5份缺少照片",)
    job = request_job(clerk)
    DocumentJob.objects.filter(pk=job.pk).update(status=Status.EXPIRED, storage_name="")
    builder.warnings = ()

    services.retry_document_job(job, actor=clerk)

    job.refresh_from_db()
    assert (job.status, job.warnings) == (Status.PENDING, [])


def test_progress_partial_of_stuck_job_stops_polling_and_offers_retry(builder, clerk, clerk_client):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
    make_running(job, started_ago=services.stale_after() + timedelta(minutes=1))

    html = clerk_client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()

    assert "hx-trigger" not in html
    assert "该文件长时间没有进展" in html
    assert reverse("jobs:retry", kwargs={"job_id": job.pk}) in html


def test_job_page_of_failed_job_shows_reason_and_retry_button(
    request_job, builder, clerk, clerk_client
):
    builder.error = GlyphMissing(GLYPH_MISSING)
    job = request_job(clerk)

    response = clerk_client.get(reverse("jobs:detail", kwargs={"job_id": job.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h3 mb-3">测试文件（230100）</h1>' in html
    assert "生成失败" in html
    assert GLYPH_MISSING in html
    assert f'action="{reverse("jobs:retry", kwargs={"job_id": job.pk})}"' in html
    assert "重新生成" in html
    assert "hx-trigger" not in html


def test_job_page_while_pending_polls(builder, clerk, clerk_client):
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    html = clerk_client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).content.decode()

    assert 'hx-trigger="every 1s"' in html
    assert "正在排队，请稍候……" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "重新生成" not in html


def test_retry_view_generates_again_and_returns_to_job_page(
    request_job, builder, clerk, clerk_client, django_capture_on_commit_callbacks
):
    builder.error = GlyphMissing(GLYPH_MISSING)
    job = request_job(clerk)
    builder.error = None
    url = reverse("jobs:retry", kwargs={"job_id": job.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(url)

    job.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.status, job.attempts) == (Status.DONE, 2)


def test_retry_view_of_done_job_says_why(request_job, clerk, clerk_client):
    job = request_job(clerk)

    response = clerk_client.post(reverse("jobs:retry", kwargs={"job_id": job.pk}), follow=True)

    assert "“已完成”的文件不能重新生成。" in response.content.decode()
    assert codes() == ["document.requested", "document.generated"]


def test_job_list_shows_only_own_jobs(request_job, clerk, clerk_client, staff_user):
    mine = request_job(clerk)
    theirs = request_job(staff_user)

    html = clerk_client.get(reverse("jobs:list")).content.decode()

    assert reverse("jobs:detail", kwargs={"job_id": mine.pk}) in html
    assert reverse("jobs:download", kwargs={"job_id": mine.pk}) in html
    assert reverse("jobs:detail", kwargs={"job_id": theirs.pk}) not in html


def test_job_list_query_count_does_not_grow_with_rows(builder, clerk, clerk_client):
    def queries_for(count: int) -> int:
        for _ in range(count):
            services.request_document(KIND, params={"unit": "230100"}, actor=clerk)
        with CaptureQueriesContext(connection) as queries:
            assert clerk_client.get(reverse("jobs:list")).status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(20)


# --- The nominations' kinds and the documents partial -----------------------------------


def test_nomination_kinds_allow_by_unit_and_role(
    campaign, clerk, other_clerk, staff_user, expert_user
):
    unit_params = {"campaign": campaign.year, "unit": "230100"}
    province_params = {"campaign": campaign.year}
    allowed = {
        kind: [
            registry.get(kind).allowed(user, params)
            for user in (clerk, other_clerk, staff_user, expert_user)
        ]
        for kind, params in [
            ("attachment1.unit", unit_params),
            ("summary.unit", unit_params),
            ("attachment1.province", province_params),
            ("summary.province", province_params),
            ("check.province", province_params),
        ]
    }

    assert allowed == {
        "attachment1.unit": [True, False, True, False],
        "summary.unit": [True, False, True, False],
        "attachment1.province": [False, False, True, False],
        "summary.province": [False, False, True, False],
        "check.province": [False, False, True, False],
    }


def test_nomination_kinds_refuse_unknown_campaign_or_unit(campaign, staff_user):
    spec = registry.get("summary.unit")

    assert not spec.allowed(staff_user, {"campaign": 1999, "unit": "230100"})
    assert not spec.allowed(staff_user, {"campaign": campaign.year, "unit": "999999"})
    assert not registry.get("check.province").allowed(staff_user, {"campaign": 1999})


def test_attachment1_nomination_allowed_only_where_visible(
    make_nomination, clerk, other_clerk, staff_user
):
    nomination = make_nomination(name="欧阳明辉")
    spec = registry.get("attachment1.nomination")
    params = {"nomination": nomination.pk}

    assert [spec.allowed(u, params) for u in (clerk, other_clerk, staff_user)] == [
        True,
        False,
        True,
    ]
    assert spec.title(params) == "推荐申报审批表（PDF）：欧阳明辉"


def test_nomination_kind_titles(campaign, unit_harbin):
    year = campaign.year

    assert registry.get("summary.unit").title({"campaign": year, "unit": "230100"}) == (
        f"{year}年哈尔滨市总工会推荐人选汇总表（Excel）"
    )
    assert (
        registry.get("check.province").title({"campaign": year}) == f"{year}年初审汇总表（Excel）"
    )


def render_documents(user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "nominations/_documents.html", {"user": user, **context}, request=request
    )


def test_documents_partial_offers_the_clerk_their_units_documents(campaign, clerk, unit_harbin):
    html = render_documents(clerk, campaign=campaign, unit=unit_harbin)

    assert re.findall(r'action="([^"]+)"', html) == [
        reverse("jobs:start", kwargs={"kind": "attachment1.unit"}),
        reverse("jobs:start", kwargs={"kind": "summary.unit"}),
    ]
    assert html.count(f'name="campaign" value="{campaign.year}"') == 2
    assert html.count('name="unit" value="230100"') == 2
    assert html.count("csrfmiddlewaretoken") == 2
    assert "下载推荐申报审批表（PDF）" in html
    assert "下载推荐人选汇总表（Excel）" in html


def test_documents_partial_offers_nothing_for_another_unit(campaign, other_clerk, unit_harbin):
    html = render_documents(other_clerk, campaign=campaign, unit=unit_harbin)

    assert "<form" not in html


def test_documents_partial_offers_staff_the_province_documents(campaign, staff_user, clerk):
    staff_html = render_documents(staff_user, campaign=campaign)
    clerk_html = render_documents(clerk, campaign=campaign)

    assert re.findall(r'action="([^"]+)"', staff_html) == [
        reverse("jobs:start", kwargs={"kind": kind})
        for kind in ("attachment1.province", "summary.province", "check.province")
    ]
    assert "下载初审汇总表（Excel）" in staff_html
    assert "<form" not in clerk_html


def test_documents_partial_offers_a_nominations_form(campaign, make_nomination, clerk):
    nomination = make_nomination()

    html = render_documents(clerk, campaign=campaign, nomination=nomination)

    assert re.findall(r'action="([^"]+)"', html) == [
        reverse("jobs:start", kwargs={"kind": "attachment1.nomination"})
    ]
    assert f'name="nomination" value="{nomination.pk}"' in html


def test_documents_partial_button_starts_a_job_for_the_clerk(
    campaign, clerk, clerk_client, unit_harbin
):
    response = clerk_client.post(
        reverse("jobs:start", kwargs={"kind": "summary.unit"}),
        {"campaign": str(campaign.year), "unit": "230100"},
    )

    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert (job.kind, job.params, job.requested_by) == (
        "summary.unit",
        {"campaign": campaign.year, "unit": "230100"},
        clerk,
    )
    assert job.title == f"{campaign.year}年哈尔滨市总工会推荐人选汇总表（Excel）"
    assert selectors.may_have(clerk, job)


# --- The nominations' kinds with the real builders ---------------------------------------


def test_summary_unit_job_builds_the_units_workbook(
    make_nomination, campaign, clerk, clerk_client, django_capture_on_commit_callbacks
):
    make_nomination(name="王堃", status="submitted")
    make_nomination(name="赵云鹏")  # a draft: not on the summary

    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(
            reverse("jobs:start", kwargs={"kind": "summary.unit"}),
            {"campaign": campaign.year, "unit": "230100"},
        )

    job = DocumentJob.objects.get()
    assert (job.status, job.progress, job.error) == (Status.DONE, 100, "")
    assert job.filename == f"{campaign.year}年龙江工匠推荐人选汇总表-哈尔滨市总工会.xlsx"
    response = clerk_client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    workbook = load_workbook(BytesIO(body_of(response)), read_only=True)
    names = {cell for row in workbook.active.iter_rows(values_only=True) for cell in row}
    assert "王堃" in names
    assert "赵云鹏" not in names


def test_attachment1_unit_job_without_submitted_nominations_fails_with_reason(
    make_nomination, campaign, clerk, django_capture_on_commit_callbacks
):
    make_nomination()  # a draft only

    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_document(
            "attachment1.unit", params={"campaign": campaign.year, "unit": "230100"}, actor=clerk
        )

    job.refresh_from_db()
    assert (job.status, job.error) == (Status.FAILED, "没有符合条件的推荐人选，未生成文件。")


def test_failure_reason_is_in_chinese_even_when_run_in_an_english_request(builder, clerk):
    builder.error = DomainError()  # "该操作当前不被允许。", translated in the catalogue
    job = services.request_document(KIND, params={"unit": "230100"}, actor=clerk)

    with translation.override("en"):
        services.run_document_job(job.pk)

    job.refresh_from_db()
    assert job.error == "该操作当前不被允许。"
