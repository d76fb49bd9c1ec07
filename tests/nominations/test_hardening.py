"""Safeguards added after review: upload names, deadlines, accounts, settings, key rotation."""

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from longjiang import pii
from longjiang.accounts.models import Role, User
from longjiang.audit.models import AuditEvent
from nominations.models import Attachment, Campaign
from nominations.services import DeadlinePassed, add_attachment, withdraw_nomination
from nominations.workflow import Status
from tests.factories import pdf_bytes

ID_NUMBER = "23010219800512003X"


def test_upload_name_with_id_number_never_reaches_the_audit_trail(make_nomination, clerk):
    nomination = make_nomination(complete=False)
    upload = SimpleUploadedFile(f"张三{ID_NUMBER}.pdf", pdf_bytes(), "application/pdf")

    attachment = add_attachment(nomination, actor=clerk, kind="evidence", upload=upload)

    assert attachment.original_name == "张三" + "*" * 18 + ".pdf"
    event = AuditEvent.objects.filter(code="nomination.attachment_added").latest("id")
    assert event.data["name"] == attachment.original_name
    assert ID_NUMBER not in str(event.data)


def test_withdraw_after_the_deadline_is_refused(make_nomination, clerk, campaign):
    nomination = make_nomination(status=Status.SUBMITTED)
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=timezone.now() - timedelta(hours=1)
    )

    with pytest.raises(DeadlinePassed) as excinfo:
        withdraw_nomination(nomination, actor=clerk)

    assert excinfo.value.message == "报送已截止，撤回后将无法重新提交，因此不能撤回。"
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_detail_hides_withdraw_after_the_deadline(make_nomination, clerk_client, campaign):
    nomination = make_nomination(status=Status.SUBMITTED)
    url = reverse("nominations:detail", kwargs={"pk": nomination.pk})
    assert "撤回修改" in clerk_client.get(url).content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=timezone.now() - timedelta(hours=1)
    )

    assert "撤回修改" not in clerk_client.get(url).content.decode()


def test_credit_code_warning_is_shown_after_a_successful_save(clerk_client, campaign):
    data = {"action": "save", "version": "1", "name": "王建国"}
    data["employer_credit_code"] = "91350100M0001TGQXM"
    for prefix in ("awards", "honours", "innovations", "mentorships"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = clerk_client.post(reverse("nominations:create"), data, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "该统一社会信用代码校验位不符，请再次核对；如确认无误可继续保存。",
        "草稿已保存。",
    ]


@pytest.mark.django_db
def test_createsuperuser_makes_an_administrator():
    call_command("createsuperuser", username="root", email="root@example.org", interactive=False)

    assert User.objects.get(username="root").role == Role.ADMIN


@pytest.mark.django_db
def test_pages_say_when_no_campaign_exists(staff_client):
    response = staff_client.get(reverse("nominations:list"))

    assert response.status_code == 404
    assert "本年度选树活动尚未创建。请系统管理员在“系统管理”中创建选树活动。" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_other_404s_show_no_technical_message(staff_client, campaign):
    response = staff_client.get(reverse("nominations:detail", kwargs={"pk": 999999}))

    assert response.status_code == 404
    assert "No Nomination matches" not in response.content.decode()
    assert "您访问的页面不存在" in response.content.decode()


def settings_error(**env) -> str:
    """Import the settings in a fresh interpreter and return its error line."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LONGJIANG_"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("EMAIL_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import longjiang.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stderr.strip().splitlines()[-1] if result.returncode else ""


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "s" * 50,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "LONGJIANG_PII_KEYS": "cHJvZHVjdGlvbi1sb25namlhbmctcGlpLWtleS0zMmI=",
    "LONGJIANG_PII_INDEX_KEY": "i" * 40,
    "LONGJIANG_INTEGRITY_KEY": "k" * 40,
    "DATABASE_URL": "postgres://u@db/longjiang",
    "EMAIL_URL": "smtp://mail.example.org:25",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({}, ""),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off"),
        ({"DATABASE_URL": None}, "DATABASE_URL must be set when DJANGO_DEBUG is off."),
        ({"EMAIL_URL": None}, "EMAIL_URL must be set when DJANGO_DEBUG is off."),
        ({"LONGJIANG_PII_KEYS": "change-me-key"}, "still holds the placeholder"),
        ({"LONGJIANG_PII_KEYS": "not-a-key"}, "LONGJIANG_PII_KEYS must be Fernet keys"),
        ({"DJANGO_DEBUG": None}, "DJANGO_DEBUG is not set but DJANGO_ALLOWED_HOSTS names public"),
        (
            {"DJANGO_SECRET_KEY": "dev-only-insecure-secret-key-for-longjiang"},
            "DJANGO_SECRET_KEY holds the public development value",
        ),
        (
            {
                "LONGJIANG_PII_KEYS": "cHJvZHVjdGlvbi1sb25namlhbmctcGlpLWtleS0zMmI=,"
                "ZGV2LW9ubHktbG9uZ2ppYW5nLXBpaS1rZXktMzJieXQ="
            },
            "LONGJIANG_PII_KEYS holds the public development value",
        ),
        (
            {"LONGJIANG_INTEGRITY_KEY": None},
            "LONGJIANG_INTEGRITY_KEY must be set when DJANGO_DEBUG is off",
        ),
        (
            {"LONGJIANG_PII_INDEX_KEY": "dev-only-longjiang-blind-index-key"},
            "LONGJIANG_PII_INDEX_KEY holds the public development value",
        ),
    ],
)
def test_production_settings_fail_loudly(change, message):
    env = {k: v for k, v in {**PRODUCTION, **change}.items() if v is not None}

    error = settings_error(**env)

    if message:
        assert error.startswith("django.core.exceptions.ImproperlyConfigured")
        assert message in error
    else:
        assert error == ""


def test_rotate_pii_keys_reencrypts_under_the_new_key(make_nomination, settings):
    nomination = make_nomination()
    old_key = settings.PII_KEYS[0]
    new_key = "bmV3LWxvbmdqaWFuZy1waWkta2V5LTMyLWJ5dGVzISE="
    settings.PII_KEYS = [new_key, old_key]
    pii._fernet.cache_clear()

    call_command("rotate_pii_keys", stdout=io.StringIO())

    settings.PII_KEYS = [new_key]
    pii._fernet.cache_clear()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number FROM nominations_nomination WHERE id = %s", [nomination.pk]
        )
        (token,) = cursor.fetchone()
    assert pii.decrypt(token) == nomination.id_number
    assert Attachment.objects.filter(nomination=nomination).exists()
