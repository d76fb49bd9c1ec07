"""The public verification of a certificate: the QR-code page and the paper lookup."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from longjiang.accounts.models import Role
from publicity.models import Certificate
from tests.factories import UserFactory
from tests.publicity.certificate_helpers import make_certificate

pytestmark = pytest.mark.django_db

LOOKUP = "/verify/"
NAME = "欧阳明辉"
EMPLOYER = "哈尔滨电机厂有限责任公司"
MALFORMED = (
    "abc",
    "x" * 65,
    "a.b.c.d.e.f.g.h.i.j.k",
    "%3Cscript%3Ealert(1)%3C%5Cscript%3E",
    # The serial is not a token.
    "LJGJ-2021-001",
)
MISS = "未查到与该证书编号和姓名相符的证书。请核对证书上印制的编号和姓名后重新输入。"


def page(token: str) -> str:
    return f"/verify/{token}/"


@pytest.fixture
def certificate(make_nomination, campaign):
    campaign.contact_department = "省总工会劳动和经济工作部"
    campaign.contact_phones = "0451-82345678"
    campaign.save(update_fields=["contact_department", "contact_phones"])
    nomination = make_nomination(name=NAME, employer_name=EMPLOYER, mobile="13912345678")
    return make_certificate(nomination)


@pytest.fixture
def other_certificate(make_nomination):
    nomination = make_nomination(name="孙丽华", employer_name="大庆油田有限责任公司")
    return make_certificate(nomination, number=2)


def assert_cookie_free(response) -> None:
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def signed_in_client() -> Client:
    """A visitor who is also signed in as staff: the page must not know it."""
    client = Client()
    client.force_login(UserFactory(role=Role.STAFF))
    return client


# --- The QR-code page ----------------------------------------------------------------


def test_valid_certificate_shows_valid_and_the_printed_fields_only(client, certificate):
    response = client.get(page(certificate.token))

    text = response.content.decode()
    assert response.status_code == 200
    assert "有效" in text and "已撤销" not in text
    for value in (NAME, EMPLOYER, "龙江工匠", "2021年度", "LJGJ-2021-001", "2021年9月28日"):
        assert value in text
    # Nothing of the nomination beyond what the certificate prints.
    nomination = certificate.nomination
    for private in (nomination.id_number_masked, "13912345678", "139****5678", nomination.post):
        assert private not in text
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert_cookie_free(response)


def test_revoked_certificate_shows_the_date_but_not_the_reason(client, certificate):
    revoked_at = timezone.make_aware(datetime.datetime(2022, 3, 15, 10, 0))
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=revoked_at, revoke_reason="经查实，申报材料存在虚假内容。"
    )

    response = client.get(page(certificate.token))

    text = response.content.decode()
    assert response.status_code == 200
    assert "已撤销" in text and "当前有效" not in text
    assert "该证书已于2022年3月15日由颁发单位撤销，不再有效。" in text
    assert NAME in text and "LJGJ-2021-001" in text
    assert "申报材料存在虚假内容" not in text
    assert_cookie_free(response)


def test_issuer_contact_is_shown_for_questions(client, certificate):
    text = client.get(page(certificate.token)).content.decode()

    assert "对查验结果有疑问，请联系省总工会劳动和经济工作部：0451-82345678。" in text


def test_page_ignores_a_signed_in_visitor(certificate):
    response = signed_in_client().get(page(certificate.token))

    assert response.status_code == 200
    assert "退出登录" not in response.content.decode()
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert_cookie_free(response)


def test_unknown_token_is_the_404_page(client, certificate):
    response = client.get(page("A" * 43))

    text = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in text and "未查到与该查验地址对应的证书" in text
    assert NAME not in text
    assert_cookie_free(response)


@pytest.mark.parametrize("malformed", MALFORMED)
def test_malformed_token_gets_the_same_response_as_an_unknown_one(client, certificate, malformed):
    unknown = client.get(page("A" * 43))

    response = client.get(page(malformed))

    assert response.status_code == unknown.status_code == 404
    assert response.content == unknown.content
    assert dict(response.headers) == dict(unknown.headers)


def test_unknown_token_of_a_signed_in_visitor_sets_no_cookie(certificate):
    response = signed_in_client().get(page("B" * 43))

    assert response.status_code == 404
    assert_cookie_free(response)


def test_page_refuses_post(client, certificate):
    assert client.post(page(certificate.token)).status_code == 405


# --- Rate limits of the QR-code page -------------------------------------------------


def test_unknown_tokens_are_rate_limited_and_then_every_token_waits(client, certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_token": (3, 600)}

    misses = [client.get(page(f"{n}" * 43)).status_code for n in range(3)]
    after = client.get(page(certificate.token))

    assert misses == [404, 404, 404]
    assert after.status_code == 429
    text = after.content.decode()
    assert "操作过于频繁" in text and NAME not in text
    assert int(after.headers["Retry-After"]) > 0
    assert after.headers["Cache-Control"] == "no-store"
    assert_cookie_free(after)


def test_malformed_tokens_count_as_misses(client, certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_token": (2, 600)}

    statuses = [client.get(page(token)).status_code for token in ("abc", "x" * 65, "def")]

    assert statuses == [404, 404, 429]


def test_found_tokens_do_not_count_as_misses(client, certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_token": (2, 600)}

    found = [client.get(page(certificate.token)).status_code for _ in range(10)]
    misses = [client.get(page("C" * 43)).status_code for _ in range(3)]

    assert found == [200] * 10
    assert misses == [404, 404, 429]


def test_every_request_counts_towards_the_flood_limit(client, certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_token_get": (3, 600)}

    statuses = [client.get(page(certificate.token)).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_ipv6_clients_are_counted_by_their_64_prefix(certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_token": (2, 600)}
    same_prefix = ("2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:abcd::7")

    statuses = [
        Client(REMOTE_ADDR=address).get(page("D" * 43)).status_code for address in same_prefix
    ]
    neighbour = Client(REMOTE_ADDR="2001:db8:1:3::1").get(page(certificate.token))

    assert statuses == [404, 404, 429]
    assert neighbour.status_code == 200


# --- The paper lookup ----------------------------------------------------------------


def test_lookup_form_is_public_cacheable_and_cookie_free(certificate):
    response = signed_in_client().get(LOOKUP)

    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="serial"' in text and 'name="name"' in text
    assert 'method="post"' in text
    assert "csrfmiddlewaretoken" not in text
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert_cookie_free(response)


def test_lookup_with_the_right_pair_shows_the_certificate(certificate):
    # A browser that never got a CSRF cookie: the lookup needs none.
    visitor = Client(enforce_csrf_checks=True)

    response = visitor.post(LOOKUP, {"serial": "LJGJ-2021-001", "name": NAME})

    text = response.content.decode()
    assert response.status_code == 200
    assert "有效" in text and NAME in text and EMPLOYER in text and "2021年9月28日" in text
    assert "no-store" in response.headers["Cache-Control"]
    assert_cookie_free(response)


@pytest.mark.parametrize(
    ("serial", "name"),
    [
        ("ljgj-2021-001", NAME),
        ("ＬＪＧＪ－２０２１－００１", NAME),
        (" LJGJ – 2021 – 001 ", "欧阳 明辉"),
        ("LJGJ-2021-001", " 欧阳明辉　"),
    ],
)
def test_lookup_forgives_case_width_spaces_and_dashes(certificate, serial, name):
    text = Client().post(LOOKUP, {"serial": serial, "name": name}).content.decode()

    assert "有效" in text and EMPLOYER in text


def test_lookup_reads_the_dots_of_a_name_alike(make_nomination):
    certificate = make_certificate(make_nomination(name="阿不都·热合曼"))

    text = Client().post(LOOKUP, {"serial": certificate.serial, "name": "阿不都.热合曼"})

    assert "有效" in text.content.decode()


def test_lookup_of_a_revoked_certificate_shows_revoked(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=timezone.now(), revoke_reason="理由不公开"
    )

    text = Client().post(LOOKUP, {"serial": certificate.serial, "name": NAME}).content.decode()

    assert "已撤销" in text and "理由不公开" not in text


@pytest.mark.parametrize("which", ["wrong_name", "other_holder", "unknown_serial", "blank_name"])
def test_lookup_with_any_wrong_pair_gets_one_message(certificate, other_certificate, which):
    pairs = {
        "wrong_name": ("LJGJ-2021-001", "欧阳明"),
        "other_holder": ("LJGJ-2021-001", "孙丽华"),
        "unknown_serial": ("LJGJ-2021-099", NAME),
        "blank_name": ("LJGJ-2021-001", "　"),
    }
    serial, name = pairs[which]

    response = Client().post(LOOKUP, {"serial": serial, "name": name})

    text = response.content.decode()
    assert response.status_code == 200
    if which == "blank_name":
        # A blank field is a mistake in the form, not a miss.
        assert "这个字段是必填项。" in text
    else:
        assert MISS in text
    assert EMPLOYER not in text and "大庆油田" not in text and "当前有效" not in text
    assert "no-store" in response.headers["Cache-Control"]
    assert_cookie_free(response)


def test_lookup_keeps_what_was_typed_after_a_miss(certificate):
    text = Client().post(LOOKUP, {"serial": "LJGJ-2021-009", "name": "王五"}).content.decode()

    assert 'value="LJGJ-2021-009"' in text and 'value="王五"' in text


def test_lookup_counts_wrong_pairs_only(certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_lookup": (3, 600)}
    looker = Client()
    right = {"serial": certificate.serial, "name": NAME}
    wrong = {"serial": certificate.serial, "name": "王五"}

    rights = [looker.post(LOOKUP, right).status_code for _ in range(10)]
    blanks = [looker.post(LOOKUP, {"serial": "", "name": ""}).status_code for _ in range(5)]
    wrongs = [looker.post(LOOKUP, wrong).status_code for _ in range(3)]
    after = looker.post(LOOKUP, right)

    assert rights == [200] * 10
    assert blanks == [200] * 5
    assert wrongs == [200, 200, 200]
    # Three guesses used up the window: even the right pair now waits.
    assert after.status_code == 429
    assert NAME not in after.content.decode()
    assert_cookie_free(after)


def test_every_lookup_post_counts_towards_the_flood_limit(certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify_lookup_post": (3, 600)}
    right = {"serial": certificate.serial, "name": NAME}

    statuses = [Client().post(LOOKUP, right).status_code for _ in range(4)]
    form = Client().get(LOOKUP)

    assert statuses == [200, 200, 200, 429]
    # Reading the form is never limited.
    assert form.status_code == 200


def test_pages_have_no_language_switcher(client, certificate):
    # A cookie-free page is always served in Chinese: a switcher there would do nothing.
    for response in (
        client.get(page(certificate.token)),
        client.get(page("E" * 43)),
        client.get(LOOKUP),
    ):
        assert 'action="/i18n/setlang/"' not in response.content.decode()


def test_home_page_links_to_the_lookup(client, campaign):
    text = client.get("/").content.decode()

    assert f'href="{LOOKUP}"' in text and "证书查验" in text


def test_public_navbar_links_to_the_lookup_and_marks_it_current(client):
    text = client.get(LOOKUP).content.decode()

    assert f'<a class="nav-link active" aria-current="page" href="{LOOKUP}">证书查验</a>' in text


def test_page_costs_one_query_found_or_not_and_none_when_malformed(
    client, certificate, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert client.get(page(certificate.token)).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(page("F" * 43)).status_code == 404
    with django_assert_num_queries(0):
        assert client.get(page("abc")).status_code == 404
