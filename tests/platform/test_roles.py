"""The platform's pure role checks, against every kind of user."""

import pytest
from django.contrib.auth.models import AnonymousUser

from longjiang.accounts import roles
from longjiang.accounts.models import Role, User

# user kind: (is_provincial, is_clerk, is_expert, is_council)
EXPECTED = {
    "anonymous": (False, False, False, False),
    "clerk": (False, True, False, False),
    "staff": (True, False, False, False),
    "admin": (True, False, False, False),
    "expert": (False, False, True, False),
    "council": (False, False, False, True),
}


@pytest.fixture
def user_of(clerk, staff_user, admin_user, expert_user, council_user):
    users = {
        "anonymous": AnonymousUser(),
        "clerk": clerk,
        "staff": staff_user,
        "admin": admin_user,
        "expert": expert_user,
        "council": council_user,
    }
    return users.__getitem__


@pytest.mark.parametrize("kind", EXPECTED)
def test_role_checks_match_each_kind_of_user(user_of, kind):
    user = user_of(kind)

    checks = (roles.is_provincial, roles.is_clerk, roles.is_expert, roles.is_council)
    assert tuple(check(user) for check in checks) == EXPECTED[kind]


def test_is_clerk_needs_a_unit():
    # The database refuses a clerk without a unit; an unsaved one shows the check's own rule.
    user = User(username="loose", role=Role.CLERK)

    assert roles.is_clerk(user) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("anonymous", set()),
        ("clerk", {"own"}),
        ("staff", {"own", "other"}),
        ("admin", {"own", "other"}),
        ("expert", set()),
        ("council", set()),
    ],
)
def test_unit_scoped_gives_staff_every_unit_a_clerk_its_own_and_others_none(
    user_of, clerk, other_clerk, kind, expected
):
    # Users belong to a unit, so they stand for any unit-owned record here.
    records = User.objects.filter(pk__in=[clerk.pk, other_clerk.pk])
    label = {clerk.pk: "own", other_clerk.pk: "other"}

    visible = {label[u.pk] for u in roles.unit_scoped(records, user_of(kind))}

    assert visible == expected
