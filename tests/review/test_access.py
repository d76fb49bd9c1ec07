"""The review's object URLs against every role, with real objects behind them.

The portal-wide matrix (tests/test_access_matrix.py) covers every URL with a
draft nomination and no review objects; here the candidate is eligible and
placed, the panel, experts and a suggested conflict exist, and two experts
stand on either side of the line: a cleared member of the candidate's panel,
and a cleared expert of another panel.
"""

import pytest
from django.test import Client
from django.urls import reverse

from review import services
from review.models import Conflict

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "clerk", "staff", "admin", "member", "outsider", "council")

# fmt: off
#  url name                    method  anon clerk staff admin member outsider council
GRID = [
    ("review:candidate",       "GET",  302, 403,  403,  403,  200,   404,     403),
    ("review:candidate_file",  "GET",  302, 403,  403,  403,  200,   404,     403),
    ("review:declare",         "POST", 302, 403,  403,  403,  302,   404,     403),
    ("review:expert_activation", "POST", 302, 403, 302,  302,  403,   403,     403),
    ("review:expert_password", "POST", 302, 403,  302,  302,  403,   403,     403),
    ("review:panel_members",   "POST", 302, 403,  302,  302,  403,   403,     403),
    ("review:placement_move",  "POST", 302, 403,  302,  302,  404,   404,     404),
    ("review:conflict_decide", "POST", 302, 403,  302,  302,  403,   403,     403),
]
# fmt: on
MATRIX = [
    (name, method, role, status)
    for name, method, *statuses in GRID
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.fixture
def world(
    campaign, clerk, staff_user, admin_user, council_user, make_expert, signed_expert, candidate
):
    """Return the users by role and the URL arguments and POST data of each URL."""
    it_panel = services.create_panel(
        campaign, actor=staff_user, name="信息技术组", industry_group="it"
    )
    outsider = make_expert(name="孙丽华")
    services.add_panel_member(it_panel, expert=outsider, actor=staff_user)
    services.sign_pledge(outsider, campaign=campaign, actor=outsider.user)
    spare = make_expert(name="李春雷")
    conflict = Conflict.objects.create(
        expert=signed_expert, nomination=candidate, kind="same_employer", status="suggested"
    )
    evidence = candidate.attachments.get(kind="evidence")
    return {
        "users": {
            "clerk": clerk,
            "staff": staff_user,
            "admin": admin_user,
            "member": signed_expert.user,
            "outsider": outsider.user,
            "council": council_user,
        },
        "kwargs": {
            "review:candidate": {"pk": candidate.pk},
            "review:candidate_file": {"pk": candidate.pk, "attachment_id": evidence.pk},
            "review:declare": {"pk": candidate.pk},
            "review:expert_activation": {"expert_id": spare.pk},
            "review:expert_password": {"expert_id": spare.pk},
            "review:panel_members": {"panel_id": it_panel.pk},
            "review:placement_move": {"pk": candidate.pk},
            "review:conflict_decide": {"conflict_id": conflict.pk},
        },
        "data": {
            "review:declare": {"kind": "relative"},
            "review:expert_activation": {"active": "0"},
            "review:panel_members": {"action": "add", "expert": spare.pk},
            "review:placement_move": {"panel": it_panel.pk, "reason": "以信息技术为主。"},
            "review:conflict_decide": {"decision": "confirm", "reason": "同一单位。"},
        },
    }


@pytest.mark.parametrize(("name", "method", "role", "expected"), MATRIX)
def test_review_access(name, method, role, expected, world):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = reverse(name, kwargs=world["kwargs"][name])

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, world["data"].get(name, {}))

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"
    if response.streaming:
        response.close()
