"""Fixtures of the expert review: experts, panels, eligible candidates, signed pledges."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from review import services
from review.models import Dimension, Expert, IndustryGroup, Panel, ReviewSettings
from tests.factories import valid_credit_code
from tests.review.scored import build_scored

# The employer of the default candidate (tests.factories.complete_fields).
CANDIDATE_EMPLOYER = "哈尔滨松江精密机械有限公司"
CANDIDATE_CODE = valid_credit_code()
OTHER_CODE = valid_credit_code("91230100MA1X2Y3W4")


def events(code: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code=code).order_by("pk"))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def make_expert(campaign, staff_user):
    """Return a function adding an expert through the service, active in ``campaign``."""
    counter = iter(range(1, 1000))

    def make(
        name: str | None = None,
        employer_name: str = "黑龙江龙华电机有限公司",
        specialty: str = IndustryGroup.EQUIPMENT,
        **fields,
    ) -> Expert:
        n = next(counter)
        account = services.add_expert(
            campaign,
            actor=staff_user,
            name=name or f"专家{n:02d}",
            employer_name=employer_name,
            specialty=specialty,
            **fields,
        )
        return account.expert

    return make


@pytest.fixture
def panel(campaign, staff_user) -> Panel:
    return services.create_panel(
        campaign, actor=staff_user, name="装备制造组", industry_group=IndustryGroup.EQUIPMENT
    )


@pytest.fixture
def expert(make_expert, panel, staff_user) -> Expert:
    """An expert of the equipment panel, who has not signed the pledge yet."""
    expert = make_expert(name="王振华", employer_name="黑龙江北疆重型装备有限公司")
    services.add_panel_member(panel, expert=expert, actor=staff_user)
    return expert


@pytest.fixture
def signed_expert(expert, campaign) -> Expert:
    services.sign_pledge(expert, campaign=campaign, actor=expert.user)
    return expert


@pytest.fixture
def candidate(make_nomination, campaign, staff_user, panel):
    """An eligible manufacturing nomination, placed in the equipment panel."""
    nomination = make_nomination(status="eligible", name="欧阳明辉")
    services.place_eligible_nominations(campaign, actor=staff_user)
    return nomination


@pytest.fixture
def expert_client(expert) -> Client:
    return client_for(expert.user)


@pytest.fixture
def rubric(campaign, staff_user) -> list[Dimension]:
    return services.ensure_default_rubric(campaign, actor=staff_user)


@pytest.fixture
def window(campaign, staff_user) -> ReviewSettings:
    """A review window open since yesterday and for a week more."""
    now = timezone.now()
    return services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        actor=staff_user,
    )


@pytest.fixture
def ready(rubric, window, signed_expert, candidate):
    """A cleared expert, a placed candidate, a rubric and an open window."""
    return signed_expert, candidate


@pytest.fixture
def scored(campaign, make_nomination, make_expert, staff_user, unit_qiqihar):
    """The scored campaign of ``tests.review.scored``: candidates, sheets and experts."""
    return build_scored(
        campaign,
        make_nomination=make_nomination,
        make_expert=make_expert,
        staff=staff_user,
        qiqihar=unit_qiqihar,
    )
