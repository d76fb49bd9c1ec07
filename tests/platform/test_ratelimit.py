"""The platform's rate limiter: counts per address and window, 429 with Retry-After."""

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from longjiang.ratelimit import address_key, client_bucket, count, hit, peek, rate_limited

ADDRESS = "203.0.113.45"


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "probe": (3, 600)}


def request_from(address=ADDRESS, method="post", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return getattr(RequestFactory(), method)("/probe/", **extra)


@rate_limited("probe")
def probe_view(request):
    return HttpResponse("ok")


def test_hit_allows_the_limit_then_refuses_until_the_window_ends(limits):
    start = 1_800_000_000  # a multiple of 600: the window starts here
    results = [hit("probe", request_from(), now=start + 10 + i) for i in range(5)]

    assert results == [None, None, None, 600 - 13, 600 - 14]


def test_a_new_window_starts_a_new_count(limits):
    start = 1_800_000_000
    for i in range(4):
        hit("probe", request_from(), now=start + i)

    assert hit("probe", request_from(), now=start + 600) is None


def test_addresses_are_counted_apart(limits):
    start = 1_800_000_000
    for i in range(3):
        hit("probe", request_from(), now=start + i)

    assert hit("probe", request_from("198.51.100.7"), now=start + 5) is None
    assert hit("probe", request_from(), now=start + 5) == 595


def test_behind_the_proxy_the_forwarded_client_is_counted(limits, settings):
    settings.PROXY_COUNT = 1
    start = 1_800_000_000
    for i in range(3):
        hit("probe", request_from("10.0.0.2", forwarded=ADDRESS), now=start + i)

    # Same proxy, another client: a fresh count.
    assert hit("probe", request_from("10.0.0.2", forwarded="198.51.100.7"), now=start) is None
    assert hit("probe", request_from("10.0.0.2", forwarded=ADDRESS), now=start) == 600


def test_the_key_is_a_keyed_fingerprint_never_the_address(limits, settings):
    key = address_key(request_from())

    assert ADDRESS not in key
    assert len(key) == 32
    settings.PII_INDEX_KEY = "another-key"
    assert address_key(request_from()) != key


def test_decorated_view_answers_429_in_chinese_with_retry_after(limits, caplog):
    responses = [probe_view(request_from()) for _ in range(3)]
    with caplog.at_level(logging.INFO, logger="longjiang.ratelimit"):
        refused = probe_view(request_from())

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 600
    assert refused["Cache-Control"] == "no-store"
    text = refused.content.decode()
    assert "操作过于频繁" in text
    assert "分钟后再试" in text
    assert [r.getMessage() for r in caplog.records if r.name == "longjiang.ratelimit"] == [
        f"rate limit reached: scope=probe retry_after={refused['Retry-After']}"
    ]
    assert ADDRESS not in caplog.text


def test_only_the_named_methods_count(limits):
    for _ in range(5):
        assert probe_view(request_from(method="get")).status_code == 200

    assert probe_view(request_from()).status_code == 200


def test_peek_and_count_do_not_count(limits):
    start = 1_800_000_000
    assert peek("probe", request_from(), now=start) is None
    assert count("probe", request_from(), now=start) == 0
    for i in range(3):
        hit("probe", request_from(), now=start + i)

    assert count("probe", request_from(), now=start + 5) == 3
    # One more would be over the limit: peek says how long to wait, and counts nothing.
    assert peek("probe", request_from(), now=start + 5) == 595
    assert count("probe", request_from(), now=start + 5) == 3
    assert peek("probe", request_from(), now=start + 600) is None


@pytest.mark.parametrize(
    ("address", "bucket"),
    [
        ("203.0.113.45", "203.0.113.45"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.45", "203.0.113.45"),
    ],
)
def test_ipv6_is_counted_by_its_64_prefix(address, bucket):
    assert client_bucket(request_from(address)) == bucket


def test_ipv6_addresses_of_one_64_share_a_count(limits):
    start = 1_800_000_000
    for i in range(3):
        hit("probe", request_from(f"2001:db8:1:2::{i + 1}"), now=start + i)

    assert hit("probe", request_from("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), now=start + 5) == 595
    assert hit("probe", request_from("2001:db8:1:3::1"), now=start + 5) is None
