"""The platform's mail sending, its retry policy and the portal's address in mail."""

from smtplib import SMTPException

import pytest
from django.core import mail
from django.utils import translation

from longjiang.celery import app
from longjiang.mail import MAIL_RETRY, portal_url, send_templated
from nominations import tasks as nomination_tasks
from review import tasks as review_tasks

MAIL_TASKS = [
    nomination_tasks.send_submission_receipt,
    nomination_tasks.send_resubmission_notice,
    nomination_tasks.send_check_decision,
    nomination_tasks.send_deadline_reminder,
    review_tasks.send_expert_reminder,
]


@pytest.fixture
def mail_templates(settings, tmp_path):
    """Add a folder with a test template ``mailtest/hello`` to the template search path."""
    folder = tmp_path / "templates" / "mailtest"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text(
        '{% load i18n %}\n{% translate "登录" %}：{{ name }}\n', encoding="utf-8"
    )
    (folder / "hello_body.txt").write_text("{{ name }}，您好。\n", encoding="utf-8")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "mailtest/hello"


def test_send_templated_renders_in_chinese_whatever_the_active_language(mail_templates, settings):
    settings.DEFAULT_FROM_EMAIL = "portal@example.org"

    with translation.override("en"):
        sent = send_templated(mail_templates, {"name": "张三"}, ["a@example.org", "b@example.org"])

    assert sent == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "登录：张三"
    assert message.body == "张三，您好。\n"
    assert message.from_email == "portal@example.org"
    assert message.to == ["a@example.org", "b@example.org"]


def test_send_templated_sends_nothing_without_recipients(mail_templates):
    assert send_templated(mail_templates, {"name": "张三"}, []) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("task", MAIL_TASKS, ids=lambda task: task.name)
def test_mail_tasks_retry_by_the_platform_policy(task):
    registered = app.tasks[task.name]

    assert MAIL_RETRY["autoretry_for"] == (SMTPException, OSError)
    assert registered.autoretry_for == (SMTPException, OSError)
    assert (registered.retry_backoff, registered.retry_backoff_max) == (60, 3600)
    assert registered.max_retries == 8


def test_portal_url_prefers_the_site_url(settings):
    settings.LONGJIANG_SITE_URL = "https://gj.example.org/"
    settings.CSRF_TRUSTED_ORIGINS = ["https://other.example.org"]

    assert portal_url("/review/") == "https://gj.example.org/review/"


def test_portal_url_falls_back_to_the_first_trusted_origin_then_the_path(settings):
    settings.LONGJIANG_SITE_URL = ""
    settings.CSRF_TRUSTED_ORIGINS = ["https://gj.example.org", "https://other.example.org"]
    assert portal_url("/review/") == "https://gj.example.org/review/"

    settings.CSRF_TRUSTED_ORIGINS = []
    assert portal_url("/review/") == "/review/"
