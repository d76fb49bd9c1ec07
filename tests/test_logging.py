"""Expected refusals are logged once, as one line, without a traceback."""

import logging

import pytest
from django.urls import reverse

from longjiang.accounts.models import Role
from longjiang.logfilters import ExpectedRefusalsOnce, ExpectedRefusalsWithoutTraceback

pytestmark = pytest.mark.django_db


def test_a_403_is_one_warning_without_traceback(client, django_user_model, caplog):
    expert = django_user_model.objects.create_user("expert5", password="x" * 12, role=Role.EXPERT)
    client.force_login(expert)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("nominations:check_queue"))

    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.status_code) for r in records] == [("WARNING", 403)]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_filters_keep_real_errors_and_drop_the_duplicate_access_line():
    def record(status: int) -> logging.LogRecord:
        made = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "msg", (), (ValueError, None, None)
        )
        made.status_code = status
        return made

    server_error, not_found = record(500), record(404)

    assert ExpectedRefusalsWithoutTraceback().filter(server_error)
    assert server_error.exc_info is not None
    assert ExpectedRefusalsWithoutTraceback().filter(not_found)
    assert not_found.exc_info is None
    assert ExpectedRefusalsOnce().filter(record(500)) is True
    assert ExpectedRefusalsOnce().filter(record(404)) is False
