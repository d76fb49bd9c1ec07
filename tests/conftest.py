"""Fixtures shared by the whole suite."""

import importlib
import io
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
import redis
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from longjiang.accounts.models import Role, Unit, User
from nominations.models import Attachment, Nomination
from nominations.services import (
    add_attachment,
    cancel_nomination,
    create_nomination,
    disqualify_nomination,
    mark_eligible,
    reject_nomination,
    return_for_correction,
    start_check,
    submit_nomination,
)
from nominations.workflow import Status
from publicity.models import CalendarYear
from publicity.workdays import PACKAGE_YEARS
from tests.factories import (
    CampaignFactory,
    UserFactory,
    all_checks_met,
    complete_fields,
    complete_rows,
    pdf_upload,
    png_upload,
)

# --- Settings (no database access) --------------------------------------------------


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Store uploads under the test's own temporary directory; return that directory."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


@pytest.fixture(autouse=True)
def publicity_root(settings, tmp_path):
    """Publish the public list (publicity.snapshots) under the test's own directory."""
    settings.PUBLICITY_PUBLIC_ROOT = tmp_path / "public" / "publicity"
    return settings.PUBLICITY_PUBLIC_ROOT


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def rate_limit_namespace(settings):
    """Give each test its own rate-limit counters, in whichever cache is configured."""
    settings.RATE_LIMIT_NAMESPACE = f"test-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Run Celery tasks in-process, even with REDIS_URL set, except in integration tests.

    Tests marked ``integration`` talk to a real worker and keep the configured mode.
    """
    if request.node.get_closest_marker("integration"):
        yield
        return
    from longjiang.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


# --- Campaign, units and users ------------------------------------------------------


@pytest.fixture
def campaign(db):
    """The 2021 campaign with its deadlines moved 30 days ahead, so intake is open."""
    return CampaignFactory(open=True)


@pytest.fixture
def seeded_units(db) -> None:
    """Make sure the units of the data migration exist.

    A transactional test (``transaction=True``, ``live_server``) empties every table
    when it ends, data migrations included; the next one gets the units back here.
    """
    if not Unit.objects.filter(code="230100").exists():
        migration = importlib.import_module("longjiang.accounts.migrations.0002_seed_units")
        migration.seed(apps, None)


@pytest.fixture
def unit_harbin(seeded_units) -> Unit:
    return Unit.objects.get(code="230100")


@pytest.fixture
def unit_qiqihar(seeded_units) -> Unit:
    return Unit.objects.get(code="230200")


@pytest.fixture
def clerk(unit_harbin) -> User:
    """The clerk of 哈尔滨市总工会."""
    return UserFactory(role=Role.CLERK, unit=unit_harbin, username="clerk_harbin")


@pytest.fixture
def other_clerk(unit_qiqihar) -> User:
    """The clerk of 齐齐哈尔市总工会."""
    return UserFactory(role=Role.CLERK, unit=unit_qiqihar, username="clerk_qiqihar")


@pytest.fixture
def staff_user(db) -> User:
    return UserFactory(role=Role.STAFF, username="staff")


@pytest.fixture
def expert_user(db) -> User:
    return UserFactory(role=Role.EXPERT, username="expert")


@pytest.fixture
def council_user(db) -> User:
    return UserFactory(role=Role.COUNCIL, username="council")


@pytest.fixture
def admin_user(db) -> User:
    """An administrator; also a superuser, so pytest-django's ``admin_client`` works."""
    return UserFactory(role=Role.ADMIN, username="admin")


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk_client(clerk) -> Client:
    return _client_for(clerk)


@pytest.fixture
def other_clerk_client(other_clerk) -> Client:
    return _client_for(other_clerk)


@pytest.fixture
def staff_client(staff_user) -> Client:
    return _client_for(staff_user)


# --- The demo -----------------------------------------------------------------------


@pytest.fixture
def seed_demo(settings, db) -> Callable[..., str]:
    """Return a function that runs ``seed_demo`` with the options and returns its output.

    DEBUG is turned on: pytest-django runs tests with it off, where the command refuses.
    """
    settings.DEBUG = True

    def seed(**options) -> str:
        out = io.StringIO()
        call_command("seed_demo", stdout=out, **options)
        return out.getvalue()

    return seed


# --- Services --------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def required_database():
    """Under REQUIRE_SERVICES=1 (CI), running on anything but PostgreSQL is a failure."""
    from django.db import connection

    if os.environ.get("REQUIRE_SERVICES") == "1" and connection.vendor != "postgresql":
        pytest.fail(
            f"REQUIRE_SERVICES=1 but the tests run on {connection.vendor}: set DATABASE_URL "
            "to a PostgreSQL database."
        )


# --- A real Celery worker (integration and browser tests) --------------------------


def _unavailable(reason: str) -> None:
    """Skip the test, or fail it when the environment promises every service."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def row_locks() -> None:
    """Race tests need real row locks (select_for_update): PostgreSQL, not SQLite,
    which serialises writers with a database lock so no race can be reproduced."""
    from django.db import connection

    if connection.vendor != "postgresql":
        _unavailable("the race needs PostgreSQL's row locks; set DATABASE_URL")


@pytest.fixture
def zbarimg() -> str:
    """Decoding a printed QR code needs zbarimg (Debian ``zbar-tools``); return its path."""
    path = shutil.which("zbarimg")
    if path is None:
        _unavailable("zbarimg is not installed (Debian package zbar-tools)")
    return path


@pytest.fixture
def gnu_gettext() -> None:
    """Extracting messages afresh needs GNU gettext (xgettext, msgmerge)."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        _unavailable("GNU gettext is not installed")


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


# --- Nominations --------------------------------------------------------------------


def reach_checked_status(nomination: Nomination, status: str, *, clerk: User) -> None:
    """Move a complete draft to a submitted or first-check status through the services."""
    if status not in FIRST_CHECK_PATHS:
        raise ValueError(f"make_nomination cannot make a {status!r} nomination")
    submit_nomination(nomination, actor=clerk)
    staff = User.objects.filter(role=Role.STAFF).order_by("pk").first() or UserFactory(
        role=Role.STAFF
    )
    for step in FIRST_CHECK_PATHS[status]:
        step(nomination, staff)


# The staff steps after submission that lead to each status.
FIRST_CHECK_PATHS = {
    Status.SUBMITTED: (),
    Status.IN_CHECK: (lambda n, s: start_check(n, actor=s),),
    Status.ELIGIBLE: (
        lambda n, s: start_check(n, actor=s),
        lambda n, s: mark_eligible(n, actor=s, verdicts=all_checks_met()),
    ),
    Status.RETURNED: (
        lambda n, s: start_check(n, actor=s),
        lambda n, s: return_for_correction(
            n,
            actor=s,
            comments={"main_deeds": "请补充近三年的主要业绩。"},
            deadline=timezone.now() + timedelta(days=7),
        ),
    ),
    Status.REJECTED: (
        lambda n, s: start_check(n, actor=s),
        lambda n, s: reject_nomination(n, actor=s, reason="不符合一线岗位条件。"),
    ),
    Status.DISQUALIFIED: (
        lambda n, s: start_check(n, actor=s),
        lambda n, s: disqualify_nomination(n, actor=s, reason="获奖证书系伪造。"),
    ),
}


@pytest.fixture
def make_nomination(campaign, unit_harbin):
    """Return a function that makes a nomination of ``campaign`` through the services.

    ``make_nomination(unit=None, status="draft", complete=True, rows=None, **fields)``:
    the unit defaults to Harbin; the actor is the unit's first clerk (created if the
    unit has none). A complete nomination has every field of ``complete_fields``
    (``fields`` override them), the rows of ``complete_rows`` unless ``rows`` is given,
    a photo, and one evidence PDF per award and honour. An incomplete one has only
    the fields passed (a name by default), no rows and no files. ``status`` is
    "draft", "cancelled" (a cancelled draft), "submitted" (submitted by the clerk), or a
    first-check status reached through the staff's services: "in_check", "eligible",
    "returned", "rejected", "disqualified".
    """

    def make(
        unit: Unit | None = None,
        status: str = Status.DRAFT,
        complete: bool = True,
        rows: dict | None = None,
        **fields,
    ) -> Nomination:
        unit = unit or unit_harbin
        actor = User.objects.filter(role=Role.CLERK, unit=unit).order_by("pk").first()
        if actor is None:
            actor = UserFactory(role=Role.CLERK, unit=unit)
        if complete:
            fields = complete_fields(**fields)
            rows = complete_rows() if rows is None else rows
        else:
            fields = {"name": "李秀英", **fields}
            rows = rows or {}
        nomination = create_nomination(campaign, unit=unit, actor=actor, fields=fields, rows=rows)
        if complete:
            add_attachment(nomination, actor=actor, kind=Attachment.Kind.PHOTO, upload=png_upload())
            for award in nomination.awards.all():
                add_attachment(
                    nomination,
                    actor=actor,
                    kind=Attachment.Kind.EVIDENCE,
                    upload=pdf_upload("award.pdf"),
                    award=award,
                )
            for honour in nomination.honours.all():
                add_attachment(
                    nomination,
                    actor=actor,
                    kind=Attachment.Kind.EVIDENCE,
                    upload=pdf_upload("honour.pdf"),
                    honour=honour,
                )
        if status == Status.CANCELLED:
            cancel_nomination(nomination, actor=actor)
        elif status != Status.DRAFT:
            reach_checked_status(nomination, status, clerk=actor)
        nomination.refresh_from_db()
        return nomination

    return make


@pytest.fixture
def default_units(transactional_db) -> None:
    """Recreate the units a data migration seeds; a transactional test's flush removes them."""
    seed_units = importlib.import_module("longjiang.accounts.migrations.0002_seed_units")
    seed_units.seed(apps, None)


@pytest.fixture(autouse=True)
def calendar_after_the_package(request):
    """Tests only: the years after chinesecalendar's data count Monday to Friday
    (``CalendarYear`` rows in the test database), so a test that reads today's date keeps
    passing once the computation reaches a year the package does not cover.
    ``@pytest.mark.uncovered_calendar`` opts out (tests of the refusal itself)."""
    if request.node.get_closest_marker("uncovered_calendar"):
        return
    wants_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if not wants_db:
        return
    request.getfixturevalue("_django_db_helper")
    horizon = (timezone.localdate() + timedelta(days=120)).year
    for year in range(PACKAGE_YEARS.stop, horizon + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"note": "tests: Mon-Fri"})
