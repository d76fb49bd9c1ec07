"""The submission receipt goes out through a real Celery worker and Redis."""

import threading
from collections.abc import Iterator

import pytest
from celery import signals
from django.core import mail

from longjiang.celery import app
from nominations.services import submit_nomination
from nominations.workflow import Status

pytestmark = [
    pytest.mark.integration,
    # The worker thread reads through its own connection, so rows must be committed.
    pytest.mark.django_db(transaction=True),
]

RECEIPT_TASK = "nominations.send_submission_receipt"
# Longest wait, in seconds, for the worker to finish the task.
TASK_TIMEOUT = 20


@pytest.fixture
def task_trace() -> Iterator[dict]:
    """Record, by task id, what went to the broker, which worker took it, and the outcome."""
    trace = {"published": [], "received": [], "finished": [], "done": threading.Event()}

    def published(sender, headers, routing_key, **kwargs):
        trace["published"].append((sender, headers["id"], routing_key))

    def received(sender, request, **kwargs):
        trace["received"].append((request.id, sender.hostname))

    def succeeded(sender, result, **kwargs):
        thread = threading.current_thread()
        trace["finished"].append((sender.name, sender.request.id, thread, result))
        trace["done"].set()

    def failed(sender, task_id, exception, **kwargs):
        trace["finished"].append((sender.name, task_id, None, repr(exception)))
        trace["done"].set()

    signals.after_task_publish.connect(published, weak=False)
    signals.task_received.connect(received, weak=False)
    signals.task_success.connect(succeeded, weak=False)
    signals.task_failure.connect(failed, weak=False)
    yield trace
    signals.after_task_publish.disconnect(published)
    signals.task_received.disconnect(received)
    signals.task_success.disconnect(succeeded)
    signals.task_failure.disconnect(failed)


def test_submit_nomination_receipt_sent_by_worker(
    celery_worker, task_trace, settings, campaign, clerk, make_nomination
):
    nomination = make_nomination(name="赵云鹏")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert app.conf.task_always_eager is False

    submitted = submit_nomination(nomination, actor=clerk)

    assert submitted.status == Status.SUBMITTED
    assert task_trace["done"].wait(TASK_TIMEOUT), "the worker did not finish the task in time"
    # Published to the broker (an eager call publishes nothing), on this test's queue...
    [(task_name, task_id, routing_key)] = task_trace["published"]
    assert (task_name, routing_key) == (RECEIPT_TASK, app.conf.task_default_queue)
    # ...taken by the test's worker and run in its thread, mailing one recipient.
    assert task_trace["received"] == [(task_id, celery_worker.hostname)]
    [(finished_name, finished_id, thread, result)] = task_trace["finished"]
    assert (finished_name, finished_id, result) == (RECEIPT_TASK, task_id, 1)
    assert thread is not threading.current_thread()
    [receipt] = mail.outbox
    assert receipt.subject == "【2021年“龙江工匠”选树】推荐人选“赵云鹏”已提交"
    assert receipt.to == [clerk.email]
    assert "赵云鹏" in receipt.body
    assert "（推荐排序第1位）已提交至省总工会劳动和经济工作部" in receipt.body
