"""Query counts of the review's list pages do not grow with the data.

Each test measures a page with 3 of everything (candidates per panel, experts,
conflicts), grows the data to 12, and measures again; both counts must equal
the number pinned beside the page. Every signed-in page ends with three queries
that save the session (SESSION_SAVE_EVERY_REQUEST).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review import services
from review.models import Conflict
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 12


class Dataset:
    """Two panels; per size: candidates in each, members in each, and conflicts."""

    def __init__(self, *, campaign, staff, make_nomination, make_expert, panel):
        self.campaign = campaign
        self.staff = staff
        self.make_nomination = make_nomination
        self.make_expert = make_expert
        self.panels = [
            panel,
            services.create_panel(campaign, actor=staff, name="信息技术组", industry_group="it"),
        ]
        self.viewer = make_expert(name="观察专家")
        for p in self.panels:
            services.add_panel_member(p, expert=self.viewer, actor=staff)
        services.sign_pledge(self.viewer, campaign=campaign, actor=self.viewer.user)
        self.size = 0

    def grow_to(self, size: int) -> None:
        for n in range(self.size, size):
            for p, industry in zip(self.panels, ("C", "I"), strict=True):
                self.make_nomination(
                    status="eligible", name=f"候选{industry}{n}", industry=industry
                )
                member = self.make_expert(name=f"成员{industry}{n}", employer_name=f"单位{n}")
                services.add_panel_member(p, expert=member, actor=self.staff)
            # An unplaced eligible nomination (its group has no panel).
            self.make_nomination(status="eligible", name=f"交通{n}", industry="G")
        services.place_eligible_nominations(self.campaign, actor=self.staff)
        for nomination in self.campaign.nominations.filter(placement__isnull=False)[
            self.size : size
        ]:
            Conflict.objects.create(
                expert=self.viewer, nomination=nomination, kind="same_employer", status="suggested"
            )
        self.size = size


@pytest.fixture
def dataset(campaign, staff_user, make_nomination, make_expert, panel):
    return Dataset(
        campaign=campaign,
        staff=staff_user,
        make_nomination=make_nomination,
        make_expert=make_expert,
        panel=panel,
    )


def counts_at_both_sizes(dataset: Dataset, client, url: str) -> list[int]:
    counts = []
    for size in (SMALL, LARGE):
        dataset.grow_to(size)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
        print(
            f"{size}: {counts[-1]} queries",
            *(q["sql"] for q in context.captured_queries),
            sep="\n  ",
        )
    return counts


def test_dataset_grows_as_intended(dataset, campaign):
    dataset.grow_to(LARGE)

    assert campaign.nominations.filter(placement__panel=dataset.panels[0]).count() == LARGE
    assert dataset.panels[1].members.count() == LARGE + 1
    assert Conflict.objects.count() == LARGE
    assert campaign.nominations.filter(placement__isnull=True).count() == LARGE


def test_expert_candidate_list_query_count_is_constant(dataset):
    # Session, user, campaign, expert, campaign membership, pledge, candidate count,
    # submitted count, the page's candidate rows, declarations.
    client = client_for(dataset.viewer.user)

    counts = counts_at_both_sizes(dataset, client, reverse("review:home"))

    assert counts == [13, 13]


def test_panels_page_query_count_is_constant(dataset, staff_client):
    # Session, user, campaign, panels, their members, their placements, active experts.
    counts = counts_at_both_sizes(dataset, staff_client, reverse("review:panels"))

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [11, 11]


def test_placements_page_query_count_is_constant(dataset, staff_client):
    # Session, user, campaign, panels, eligible count, unplaced count, the page's eligible
    # nominations with their placement and panel.
    counts = counts_at_both_sizes(dataset, staff_client, reverse("review:placements"))

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [11, 11]


def test_conflicts_page_query_count_is_constant(dataset, staff_client):
    # Session, user, campaign, settings, conflict rows, counts by status.
    counts = counts_at_both_sizes(dataset, staff_client, reverse("review:conflicts"))

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [10, 10]


def test_experts_page_query_count_is_constant(dataset, staff_client):
    # Session, user, campaign, experts with activation and pledge, their panels, the
    # form's units.
    counts = counts_at_both_sizes(dataset, staff_client, reverse("review:experts"))

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [10, 10]
