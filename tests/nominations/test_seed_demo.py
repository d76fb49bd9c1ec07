"""The demo data command."""

import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from longjiang.accounts.models import Role, Unit, User
from longjiang.audit.services import verify_chain
from nominations.models import Campaign, Nomination, Revision
from nominations.rules import submission_problems
from nominations.workflow import Status
from tests.factories import PASSWORD, CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    # pytest-django runs tests with DEBUG off, where the command refuses to run.
    settings.DEBUG = True


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_seed_demo_creates_the_demo_accounts(debug):
    seed(nominations=0)

    clerks = {
        f"clerk_{code}"
        for code in Unit.objects.exclude(code="230000").values_list("code", flat=True)
    }
    experts = {f"expert{n:02d}" for n in range(1, 10)}
    assert len(clerks) == 23
    assert set(User.objects.values_list("username", flat=True)) == (
        {"admin", "staff", "council"} | clerks | experts
    )
    assert User.objects.count() == 1 + 1 + 23 + 9 + 1


def test_seed_demo_accounts_have_roles_units_and_the_demo_password(debug):
    seed(nominations=0)

    admin = User.objects.get(username="admin")
    staff = User.objects.get(username="staff")
    clerk = User.objects.get(username="clerk_230100")
    industry_clerk = User.objects.get(username="clerk_cy01")
    assert (admin.role, admin.is_staff, admin.is_superuser) == (Role.ADMIN, True, True)
    assert (staff.role, staff.is_staff, staff.is_superuser) == (Role.STAFF, True, False)
    assert (clerk.role, clerk.unit.code, clerk.full_name) == (
        Role.CLERK,
        "230100",
        "哈尔滨市总工会填报员",
    )
    assert industry_clerk.unit.code == "cy01"
    assert User.objects.get(username="expert09").role == Role.EXPERT
    assert User.objects.get(username="council").role == Role.COUNCIL
    assert clerk.email == "clerk_230100@example.org"
    assert all(user.check_password(PASSWORD) for user in User.objects.all())


def test_seed_demo_creates_the_2021_campaign_open_for_intake(debug):
    output = seed(nominations=0)

    campaign = Campaign.objects.get()
    assert (campaign.year, campaign.title, campaign.notice_ref) == (
        2021,
        "2021年“龙江工匠”选树",
        "黑工办发〔2021〕16号",
    )
    assert (campaign.quota, campaign.award_amount, campaign.publicity_working_days) == (
        100,
        5000,
        5,
    )
    assert campaign.contact_email == "hljsldjs@163.com"
    # The notice's deadline (2021-07-01) has passed; the demo opens intake for 30 days.
    electronic = datetime.combine(
        timezone.localdate() + timedelta(days=30), time(17, 0), tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert campaign.electronic_deadline == electronic
    assert campaign.paper_deadline == electronic + timedelta(days=5)
    assert "so that intake is open" in output


def test_seed_demo_makes_nominations_through_the_services(debug):
    output = seed(nominations=6)

    nominations = list(Nomination.objects.all())
    statuses = sorted(n.status for n in nominations)
    assert len(nominations) == 6
    assert statuses == sorted([Status.SUBMITTED] * 2 + [Status.DRAFT] * 3 + [Status.CANCELLED])
    for nomination in nominations:
        if nomination.status == Status.SUBMITTED:
            assert nomination.revisions.count() == 1
            assert submission_problems(nomination) == {}
    # The withdrawn draft keeps the revision of its first submission.
    assert Revision.objects.count() == 3
    assert verify_chain().ok
    assert "Nominations: 6 created (draft 3, submitted 2, cancelled 1)." in output


def test_seed_demo_output_holds_no_id_numbers_or_phones(debug):
    output = seed(nominations=6)

    for nomination in Nomination.objects.all():
        assert nomination.id_number not in output
        if nomination.mobile:
            assert nomination.mobile not in output


def test_seed_demo_with_the_same_seed_makes_the_same_people(debug):
    seed(nominations=4, seed=7)
    first_names = list(Nomination.objects.order_by("pk").values_list("name", flat=True))
    Nomination.objects.all().delete()

    seed(nominations=4, seed=7)

    second_names = list(Nomination.objects.order_by("pk").values_list("name", flat=True))
    assert second_names == first_names


def test_seed_demo_run_twice_reuses_the_accounts(debug):
    seed(nominations=2)

    output = seed(nominations=2)

    assert User.objects.count() == 35
    assert Campaign.objects.count() == 1
    assert Nomination.objects.count() == 4
    assert "Accounts: 0 created, 35 already present" in output
    assert verify_chain().ok


def test_seed_demo_with_debug_off_raises_and_creates_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        seed(nominations=2)

    assert not User.objects.exists()
    assert not Campaign.objects.exists()


def test_seed_demo_if_empty_on_a_database_with_a_campaign_creates_nothing(debug):
    CampaignFactory()

    output = seed(nominations=2, if_empty=True)

    assert not User.objects.exists()
    assert not Nomination.objects.exists()
    assert Campaign.objects.count() == 1
    assert output == "The database already holds a campaign; demo data not loaded.\n"
