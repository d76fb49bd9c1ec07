"""The ranking page's query count does not grow with the candidates, their sheets or moves."""

import pytest
from django.urls import reverse

from review import services
from review.aggregation import Part
from review.selectors.ranking import ranking_data
from review.services.proposed import move_into_list, move_out_of_list
from tests.review.conftest import client_for
from tests.review.ranking_helpers import open_review, scorer, set_rules, submit

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 12


class Dataset:
    """Per size: eligible candidates in two panels, each scored by three experts."""

    def __init__(self, *, campaign, staff, make_nomination, make_expert, panel):
        self.campaign = campaign
        self.staff = staff
        self.make_nomination = make_nomination
        it = services.create_panel(campaign, actor=staff, name="信息技术组", industry_group="it")
        self.experts = [
            scorer(make_expert, [panel, it], campaign, staff, name)
            for name in ("赵一", "钱二", "孙三")
        ]
        open_review(campaign, staff)
        self.size = 0

    def grow_to(self, size: int) -> None:
        made = []
        for n in range(self.size, size):
            made.append(
                self.make_nomination(
                    status="eligible",
                    name=f"候选{n}",
                    industry="CI"[n % 2],
                    sex="12"[n % 2],
                    skill_level=(50, 60)[n % 2],
                )
            )
        services.place_eligible_nominations(self.campaign, actor=self.staff)
        for n, nomination in enumerate(made, start=self.size):
            # Distinct, spread-out totals; every third candidate has two scores.
            for i, expert in enumerate(self.experts[: 2 if n % 3 == 2 else 3]):
                submit(expert, nomination, 40 + n * 4 + i * 8)
        # A third of the candidates are listed; one more moved out, one more moved in.
        set_rules(self.campaign, quota=size // 3, reserve_size=2)
        ranking = ranking_data(self.campaign)
        free = [r for r in ranking.results if r.nomination_id not in ranking.moves]
        top = next(r for r in free if r.part == Part.LISTED)
        bottom = [r for r in free if r.part != Part.LISTED and r.score is not None][-1]
        for result, move in ((top, move_out_of_list), (bottom, move_into_list)):
            move(self.campaign, ranking.nomination(result), reason="调整理由", actor=self.staff)
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


@pytest.mark.parametrize("role", ["staff", "council"])
def test_ranking_page_query_count_is_constant(
    dataset, staff_user, council_user, django_assert_num_queries, role
):
    # Session, user, campaign; eligible nominations with their unit, settings and the
    # rubric's maximum (the rules), counted sheets' totals, moves with their author,
    # settings again (normalised or not), the latest locked version; three to save the
    # session.
    client = client_for(staff_user if role == "staff" else council_user)
    url = reverse("review:ranking")
    for size in (SMALL, LARGE):
        dataset.grow_to(size)
        # Staff's menu has the campaign switcher (the campaigns' years): one query more.
        with django_assert_num_queries(14 if role == "staff" else 13):
            response = client.get(url)
        page = response.content.decode()
        assert page.count('<tr id="row-') == size
        assert page.count("quota-line") == 1
        assert page.count("调整理由</span>") == (2 if size == SMALL else 4)
