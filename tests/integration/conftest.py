"""Fixtures for the integration suite: a real Celery worker consuming from Redis.

Without ``REDIS_URL`` (or with Redis not answering) the tests are skipped, unless
``REQUIRE_SERVICES=1`` (as in CI) turns the skip into a failure.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
import redis


def _unavailable(reason: str) -> None:
    """Skip the test, or fail it when the environment promises every service."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """Return ``REDIS_URL`` once Redis has answered a ping."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        _unavailable("REDIS_URL is not set; the integration suite needs Redis")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        _unavailable(f"Redis at {url} does not answer: {exc}")
    finally:
        client.close()
    return url


@pytest.fixture
def celery_worker(redis_url, transactional_db) -> Iterator:
    """Run a real worker of the portal's Celery app in a thread; yield the worker.

    Tasks go to a queue named for this test alone, so neither stale messages of an
    earlier run nor another worker on the same Redis (``make run``) can interfere;
    the queue is deleted afterwards. The worker thread opens its own database
    connection, hence ``transactional_db``: it sees only committed rows, as in
    production. The database fixture is set up first, so it is torn down last.
    """
    from celery.contrib.testing.worker import start_worker

    from longjiang.celery import app

    queue = f"longjiang-test-{uuid.uuid4().hex[:12]}"
    overrides = {
        "broker_url": redis_url,
        "task_always_eager": False,
        "task_default_queue": queue,
        # Leave pytest's log capture alone.
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    try:
        with start_worker(
            app,
            pool="solo",
            queues=[queue],
            perform_ping_check=False,
            shutdown_timeout=10,
        ) as worker:
            yield worker
    finally:
        with app.connection_for_write() as connection:
            # A channel deletes only the bindings it has declared itself.
            bound = app.amqp.queues[queue].bind(connection.default_channel)
            bound.declare()
            bound.delete()
        app.conf.update(saved)
