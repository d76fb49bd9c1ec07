"""Every cookie-free URL answers without a cookie and without ``Vary: Cookie``,
whatever cookies the request carries: a malformed or well-formed ``csrftoken``,
a signed-in session, a language choice; and so does a URL under their paths that
matches no view."""

import pytest
from django.test import Client
from django.utils.cache import cc_delim_re

from longjiang.accounts.models import Role
from publicity import snapshots
from publicity.services.naming import publish_naming_notice
from publicity.services.showcase import clean_photo
from tests.factories import UserFactory, png_upload
from tests.publicity.certificate_helpers import make_certificate
from tests.publicity.showcase_helpers import make_craftsman, make_profile

pytestmark = pytest.mark.django_db

CONSENT = "本人签署的照片公开同意书（2021年9月20日）"
COOKIE_KINDS = ("malformed_csrf", "csrf", "session", "language")
# (URL kind, expected status).
URL_KINDS = (
    ("publicity_list", 200),
    ("publicity_file", 200),
    ("publicity_missing_file", 404),
    ("publicity_unmatched", 404),
    ("verify_lookup", 200),
    ("verify_token", 200),
    ("verify_unknown_token", 404),
    ("verify_unmatched", 404),
    ("craftsmen", 200),
    ("craftsman", 200),
    ("craftsman_photo", 200),
    ("craftsman_unknown", 404),
    ("craftsmen_unmatched", 404),
)


@pytest.fixture
def urls(make_nomination, staff_user, publicity_root) -> dict[str, str]:
    snapshots.store_file("notice-1.pdf", b"%PDF-1.4 notice")
    certificate = make_certificate(make_nomination(name="欧阳明辉"))
    profile = make_profile(
        make_craftsman(name="吴晓光"),
        actor=staff_user,
        photo_consent=True,
        photo_consent_note=CONSENT,
        photo=clean_photo(png_upload()),
    )
    pk = profile.craftsman_id
    return {
        "publicity_list": "/publicity/",
        "publicity_file": "/publicity/files/notice-1.pdf",
        "publicity_missing_file": "/publicity/files/missing.pdf",
        "publicity_unmatched": "/publicity/files/",
        "verify_lookup": "/verify/",
        "verify_token": f"/verify/{certificate.token}/",
        "verify_unknown_token": "/verify/AAAAAAAAAAAAAAAAAAAAAA/",
        "verify_unmatched": "/verify/a/b/",
        "craftsmen": "/craftsmen/",
        "craftsman": f"/craftsmen/{pk}/",
        "craftsman_photo": f"/craftsmen/{pk}/photo/",
        "craftsman_unknown": f"/craftsmen/{pk + 1000}/",
        "craftsmen_unmatched": "/craftsmen/abc/",
    }


@pytest.fixture
def naming_urls(draft, staff_user) -> dict[str, str]:
    publish_naming_notice(draft, actor=staff_user, confirmed=True)
    year = draft.campaign.year
    return {
        "naming_index": "/naming/",
        "naming": f"/naming/{year}/",
        "naming_pdf": f"/naming/{year}/pdf/",
        "naming_unknown_year": f"/naming/{year - 3}/",
        "naming_unmatched": "/naming/abc/",
    }


def client_with(cookie_kind: str) -> Client:
    client = Client()
    if cookie_kind == "malformed_csrf":
        client.cookies["csrftoken"] = "xyz"
    elif cookie_kind == "csrf":
        client.cookies["csrftoken"] = "a" * 32
    elif cookie_kind == "session":
        client.force_login(UserFactory(role=Role.STAFF))
    else:
        client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("cookie_kind", COOKIE_KINDS)
@pytest.mark.parametrize(("url_kind", "status"), URL_KINDS)
def test_cookie_free_urls_set_no_cookie_and_do_not_vary_on_it(urls, cookie_kind, url_kind, status):
    response = client_with(cookie_kind).get(urls[url_kind])

    assert response.status_code == status
    assert_no_cookie(response)
    if response.headers["Content-Type"].startswith("text/html"):
        assert "csrfmiddlewaretoken" not in response.content.decode()


def assert_no_cookie(response) -> None:
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    vary = [field.lower() for field in cc_delim_re.split(response.headers.get("Vary", ""))]
    assert "cookie" not in vary
    assert response.headers["Content-Language"] == "zh-hans"


def test_naming_urls_set_no_cookie_and_do_not_vary_on_it(naming_urls):
    expected = {
        "naming_index": 200,
        "naming": 200,
        "naming_pdf": 200,
        "naming_unknown_year": 404,
        "naming_unmatched": 404,
    }
    for cookie_kind in COOKIE_KINDS:
        for url_kind, status in expected.items():
            response = client_with(cookie_kind).get(naming_urls[url_kind])
            assert response.status_code == status, (cookie_kind, url_kind)
            assert_no_cookie(response)


@pytest.mark.parametrize("cookie_kind", COOKIE_KINDS)
def test_the_verification_lookup_posts_without_any_cookie(urls, cookie_kind):
    response = client_with(cookie_kind).post(
        "/verify/", {"serial": "LJGJ-2021-999", "name": "欧阳明辉"}
    )

    assert response.status_code == 200
    assert response.cookies == {}
    assert "no-store" in response.headers["Cache-Control"]


def test_a_404_elsewhere_still_varies_on_the_cookie():
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert "csrftoken" in response.cookies
    assert "Cookie" in response.headers["Vary"]
