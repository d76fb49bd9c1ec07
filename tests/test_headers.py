"""Headers every page carries: the Content-Security-Policy, and no-store behind the login."""

from pathlib import Path

import pytest
from django.urls import reverse

from longjiang.accounts.models import Role

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    """Parse a Content-Security-Policy header into its directives (order does not matter)."""
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in pairs}


def test_public_page_has_the_policy_and_may_be_cached(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert directives(response.headers["Content-Security-Policy"]) == POLICY
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.cookies == {}


def test_signed_in_page_is_never_stored(client, django_user_model):
    user = django_user_model.objects.create_user("staff7", password="x" * 12, role=Role.STAFF)
    client.force_login(user)

    response = client.get(reverse("password_change"))

    assert response.status_code == 200
    assert directives(response.headers["Content-Security-Policy"]) == POLICY
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_no_template_holds_an_inline_script_or_event_handler(settings):
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for marker in ("<script>", "<script ", " onclick=", " onchange=", " onsubmit=", " onload="):
            for line_no, line in enumerate(text.splitlines(), 1):
                if marker in line and not (marker == "<script " and " src=" in line):
                    offenders.append(f"{path.name}:{line_no}")
    assert offenders == []
