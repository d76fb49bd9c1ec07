"""The staff's search across the audit trail: filters, pages, query count, navigation."""

from datetime import datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import record_event
from longjiang.audit.views import PER_PAGE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit:search")


def record(code, *, actor=None, subject=None, at=None, **data) -> AuditEvent:
    with transaction.atomic():
        event = record_event(code, actor=actor, subject=subject, data=data)
    if at is not None:
        # Only the display date moves; the chain is not verified in these tests.
        AuditEvent.objects.filter(pk=event.pk).update(occurred_at=at)
    return event


def found(response) -> list[int]:
    return [row.event.pk for row in response.context["rows"]]


def test_an_empty_search_lists_every_event_newest_first(staff_client, staff_user):
    first = record("nomination.id_revealed", actor=staff_user)
    second = record("nomination.id_revealed", actor=staff_user)

    response = staff_client.get(URL)

    assert response.status_code == 200
    assert found(response) == [second.pk, first.pk]


def test_search_by_event_type_offers_labels_and_filters(staff_client, staff_user):
    wanted = record("review.pledge_signed", actor=staff_user)
    record("nomination.id_revealed", actor=staff_user)

    response = staff_client.get(URL, {"code": "review.pledge_signed"})

    html = response.content.decode()
    assert '<option value="review.pledge_signed" selected>签署回避承诺</option>' in html
    assert '<optgroup label="专家评审">' in html
    assert found(response) == [wanted.pk]


def test_search_by_date_range_includes_both_days(staff_client, staff_user):
    def day(d, hour):
        return timezone.make_aware(datetime(2021, 7, d, hour))

    before = record("nomination.id_revealed", actor=staff_user, at=day(1, 23))
    first_day = record("nomination.id_revealed", actor=staff_user, at=day(2, 0))
    last_day = record("nomination.id_revealed", actor=staff_user, at=day(3, 23))
    after = record("nomination.id_revealed", actor=staff_user, at=day(4, 0))

    response = staff_client.get(URL, {"since": "2021-07-02", "until": "2021-07-03"})

    assert found(response) == [last_day.pk, first_day.pk]
    assert {before.pk, after.pk}.isdisjoint(found(response))


def test_a_reversed_date_range_is_refused_with_the_input_kept(staff_client, staff_user):
    record("nomination.id_revealed", actor=staff_user)

    response = staff_client.get(URL, {"since": "2021-07-03", "until": "2021-07-02", "actor": "王"})

    html = response.content.decode()
    assert "截止日期不能早于起始日期。" in html
    assert 'value="2021-07-03"' in html
    assert 'value="王"' in html
    assert found(response) == []


def test_search_by_actor_matches_the_account_or_part_of_the_name(staff_client):
    wang = UserFactory(username="wangli", full_name="王丽")
    zhao = UserFactory(username="zhaogang", full_name="赵刚")
    by_wang = record("nomination.id_revealed", actor=wang)
    record("nomination.id_revealed", actor=zhao)

    assert found(staff_client.get(URL, {"actor": "WangLi"})) == [by_wang.pk]
    assert found(staff_client.get(URL, {"actor": "王"})) == [by_wang.pk]


def test_search_by_nomination_number_finds_its_events_and_those_naming_it(
    staff_client, staff_user, make_nomination
):
    nomination = make_nomination(complete=False)
    other = make_nomination(complete=False, name="赵刚")
    about_sheet = record(
        "review.sheet_submitted",
        actor=staff_user,
        subject=nomination.campaign,
        nomination=nomination.pk,
        total="80",
    )
    record("review.sheet_submitted", actor=staff_user, nomination=other.pk, total="70")
    own = list(AuditEvent.objects.filter(subject_id=nomination.pk, code__startswith="nomination."))

    response = staff_client.get(URL, {"nomination": nomination.pk})

    assert found(response) == [about_sheet.pk] + [e.pk for e in reversed(own)]


def test_a_nomination_number_that_is_not_a_number_is_refused(staff_client):
    response = staff_client.get(URL, {"nomination": "2301x"})

    html = response.content.decode()
    assert "推荐人选编号应为正整数。" in html
    assert 'value="2301x"' in html
    assert found(response) == []


def test_the_search_pages_by_fifty_keeping_the_filters(staff_client, staff_user):
    events = [record("nomination.id_revealed", actor=staff_user) for _ in range(PER_PAGE + 3)]

    first = staff_client.get(URL, {"code": "nomination.id_revealed"})
    second = staff_client.get(URL, {"code": "nomination.id_revealed", "page": 2})

    assert len(found(first)) == PER_PAGE
    assert found(second) == [e.pk for e in reversed(events[:3])]
    assert 'href="?code=nomination.id_revealed&amp;page=2"' in first.content.decode()


def _grow(size, staff_user, make_nomination):
    """Give the trail ``size`` events of every kind of subject the page names."""
    for n in range(size):
        nomination = make_nomination(complete=False, name=f"候选{n}")
        record(
            "review.sheet_submitted",
            actor=staff_user,
            subject=nomination.campaign,
            nomination=nomination.pk,
            total="80",
        )
        record("document.requested", actor=staff_user, kind="unknown", params={})


def test_the_search_query_count_is_constant(staff_client, staff_user, make_nomination):
    counts = []
    for size in (2, 8):
        _grow(size if not counts else size - 2, staff_user, make_nomination)
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(URL)
        assert response.status_code == 200
        counts.append(len(queries))

    # Session and user, the count, the page with actors, the nominations' and
    # campaigns' names, the session save (three).
    assert counts == [counts[0], counts[0]]
    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts[0] == 10


def test_staff_navigation_links_to_the_search_and_a_clerk_sees_no_link(staff_client, clerk_client):
    assert f'href="{URL}"' in staff_client.get(reverse("nominations:list")).content.decode()
    assert f'href="{URL}"' not in clerk_client.get(reverse("nominations:list")).content.decode()


def test_the_since_date_defaults_to_nothing_and_shows_every_day(staff_client, staff_user):
    old = record(
        "nomination.id_revealed", actor=staff_user, at=timezone.now() - timedelta(days=400)
    )

    assert old.pk in found(staff_client.get(URL))
