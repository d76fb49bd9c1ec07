"""Query counts of the nomination pages do not grow with the data.

Each test measures a page with 3 of everything, grows the data to 12 (more
nominations in two units, in every status; more rows, evidence files and audit
events on the nomination shown), and measures again. Both counts must equal the
fixed number noted beside the page, so an N+1 query or an extra query per page
changes the number and fails the test.

Every signed-in page ends with three queries that save the session
(SESSION_SAVE_EVERY_REQUEST: savepoint, update, release), and pages that show
the clerk's unit in the navigation load it (one query).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from longjiang.audit.selectors import events_for
from nominations.models import Attachment, Nomination
from nominations.services import (
    ROW_FIELDS,
    add_attachment,
    create_nomination,
    reveal_id_number,
    save_draft,
)
from nominations.workflow import Status
from tests.factories import pdf_upload

SMALL, LARGE = 3, 12

# Statuses of the generated nominations in turn: (status, complete).
KINDS = (
    (Status.DRAFT, False),
    (Status.DRAFT, True),
    (Status.SUBMITTED, True),
    (Status.CANCELLED, False),
)


def new_row(related: str, n: int) -> dict:
    """Return the n-th generated row of a repeatable section."""
    return {
        "awards": {"name": f"技能大赛{n}", "level": "provincial_1", "rank": 1 + n % 3},
        "honours": {"title": f"劳动模范{n}", "conferred_by": "黑龙江省人民政府"},
        "innovations": {"title": f"操作法{n}", "kind": "method"},
        "mentorships": {"kind": "apprentice", "name": f"徒弟{n}"},
    }[related]


class Dataset:
    """Nominations of 哈尔滨 and 齐齐哈尔, and one Harbin nomination (``subject``) with rows."""

    def __init__(self, *, campaign, clerk, staff, units, make_nomination):
        self.campaign = campaign
        self.clerk = clerk
        self.staff = staff
        self.units = units
        self.make_nomination = make_nomination
        self.subject = create_nomination(
            campaign, unit=units[0], actor=clerk, fields={"name": "孙立新"}
        )

    def grow_to(self, size: int) -> None:
        """Grow every unit to ``size`` nominations and the subject to ``size`` rows of each kind."""
        for unit in self.units:
            others = Nomination.objects.filter(unit=unit).exclude(pk=self.subject.pk)
            for n in range(others.count(), size):
                status, complete = KINDS[n % len(KINDS)]
                self.make_nomination(unit=unit, status=status, complete=complete, name=f"候选{n}")
        self._grow_subject(size)

    def _grow_subject(self, size: int) -> None:
        subject = Nomination.objects.get(pk=self.subject.pk)
        rows = {}
        for related, keys in ROW_FIELDS.items():
            existing = [
                {"id": row.pk, **{key: getattr(row, key) for key in keys}}
                for row in getattr(subject, related).all()
            ]
            rows[related] = existing + [new_row(related, n) for n in range(len(existing), size)]
        subject = save_draft(
            subject,
            actor=self.clerk,
            expected_version=subject.version,
            fields={"brief_deeds": f"第{size}次修改"},
            rows=rows,
        )
        proven = set(subject.attachments.values_list("award_id", "honour_id"))
        for award in subject.awards.all():
            if (award.pk, None) not in proven:
                add_attachment(
                    subject, actor=self.clerk, kind="evidence", upload=pdf_upload(), award=award
                )
        for honour in subject.honours.all():
            if (None, honour.pk) not in proven:
                add_attachment(
                    subject, actor=self.clerk, kind="evidence", upload=pdf_upload(), honour=honour
                )
        reveal_id_number(subject, actor=self.staff)
        self.subject = subject


@pytest.fixture
def dataset(campaign, clerk, staff_user, unit_harbin, unit_qiqihar, make_nomination):
    return Dataset(
        campaign=campaign,
        clerk=clerk,
        staff=staff_user,
        units=(unit_harbin, unit_qiqihar),
        make_nomination=make_nomination,
    )


def count_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), [q["sql"] for q in context.captured_queries]


def counts_at_both_sizes(dataset: Dataset, client, url_for) -> list[int]:
    """Return the page's query count with SMALL, then with LARGE, of everything."""
    counts = []
    for size in (SMALL, LARGE):
        dataset.grow_to(size)
        count, queries = count_queries(client, url_for(dataset.subject))
        counts.append(count)
        print(f"{size}: {count} queries", *queries, sep="\n  ")
    return counts


def test_dataset_grows_as_intended(dataset):
    dataset.grow_to(LARGE)

    subject = dataset.subject
    for unit in dataset.units:
        statuses = Nomination.objects.filter(unit=unit).exclude(pk=subject.pk).values("status")
        assert sorted(row["status"] for row in statuses) == sorted(
            [Status.DRAFT] * 6 + [Status.SUBMITTED] * 3 + [Status.CANCELLED] * 3
        )
    assert [subject.awards.count(), subject.honours.count()] == [LARGE, LARGE]
    assert [subject.innovations.count(), subject.mentorships.count()] == [LARGE, LARGE]
    assert subject.attachments.filter(kind=Attachment.Kind.EVIDENCE).count() == 2 * LARGE
    assert subject.brief_deeds == f"第{LARGE}次修改"
    # Created, one draft save, an event per evidence file, one reveal.
    assert events_for(subject).count() == 1 + 1 + 2 * LARGE + 1


def test_clerk_list_query_count_is_constant(dataset, clerk_client):
    # Campaign, page count, rows with completeness, the unit's deadline extension, its
    # Attachment 2 contact, and whether the unit has objection cases (the menu's 异议核查).
    counts = counts_at_both_sizes(dataset, clerk_client, lambda _s: reverse("nominations:list"))

    assert counts == [12, 12]


def test_staff_list_query_count_is_constant(dataset, staff_client):
    # Campaign, units, page count, status matrix (counts, units), page rows; no unit filter.
    counts = counts_at_both_sizes(dataset, staff_client, lambda _s: reverse("nominations:list"))

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [12, 12]


def test_staff_filtered_list_query_count_is_constant(dataset, staff_client):
    url = reverse("nominations:list") + "?unit=230100&status=draft"

    counts = counts_at_both_sizes(dataset, staff_client, lambda _s: url)

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [13, 13]


def test_detail_query_count_is_constant(dataset, clerk_client):
    # The nomination with unit and campaign, four row sets, attachments with what they prove,
    # the latest first-check decision, the unit's deadline (for the withdraw button),
    # whether the unit may still add nominations (the menu's 新增推荐) and whether it has
    # objection cases (the menu's 异议核查).
    counts = counts_at_both_sizes(
        dataset, clerk_client, lambda s: reverse("nominations:detail", kwargs={"pk": s.pk})
    )

    assert counts == [16, 16]


def test_edit_query_count_is_constant(dataset, clerk_client):
    # The nomination, awards and honours for the upload form, attachments, four formsets,
    # whether the unit may still add nominations (the menu's 新增推荐) and whether it has
    # objection cases (the menu's 异议核查).
    counts = counts_at_both_sizes(
        dataset, clerk_client, lambda s: reverse("nominations:edit", kwargs={"pk": s.pk})
    )

    assert counts == [16, 16]


def test_history_query_count_is_constant(dataset, staff_client):
    # The nomination, then its events with actor and unit.
    counts = counts_at_both_sizes(
        dataset, staff_client, lambda s: reverse("nominations:history", kwargs={"pk": s.pk})
    )

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [8, 8]
