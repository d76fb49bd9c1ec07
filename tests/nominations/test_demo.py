"""The nominations' demo stages: intake and the first check."""

from collections import Counter
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from longjiang.accounts.models import Role, Unit, User
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from longjiang.uploads import private_path
from nominations.diff import diff_snapshots
from nominations.models import (
    Campaign,
    CheckRound,
    Nomination,
    PaperReceipt,
    Revision,
    UnitReport,
)
from nominations.paper_rules import PaperStatus, paper_is_late, paper_status
from nominations.rules import submission_problems
from nominations.workflow import RECEIVED_STATES, Status
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_demo_accounts(seed_demo):
    seed_demo(nominations=0)

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


def test_seed_demo_accounts_have_roles_units_and_the_demo_password(seed_demo):
    seed_demo(nominations=0)

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


def test_seed_demo_creates_the_2021_campaign_open_for_intake(seed_demo):
    output = seed_demo(nominations=0)

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


def test_seed_demo_makes_nominations_through_the_services(seed_demo):
    output = seed_demo(nominations=6)

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


def test_seed_demo_output_holds_no_id_numbers_or_phones(seed_demo):
    output = seed_demo(nominations=6)

    for nomination in Nomination.objects.all():
        assert nomination.id_number not in output
        if nomination.mobile:
            assert nomination.mobile not in output


def test_seed_demo_with_the_same_seed_makes_the_same_people(seed_demo):
    seed_demo(nominations=4, seed=7)
    first_names = list(Nomination.objects.order_by("pk").values_list("name", flat=True))
    Nomination.objects.all().delete()

    seed_demo(nominations=4, seed=7)

    second_names = list(Nomination.objects.order_by("pk").values_list("name", flat=True))
    assert second_names == first_names


def test_seed_demo_run_twice_reuses_the_accounts(seed_demo):
    seed_demo(nominations=2)

    output = seed_demo(nominations=2)

    assert User.objects.count() == 35
    assert Campaign.objects.count() == 1
    assert Nomination.objects.count() == 4
    assert "Accounts: 0 created, 35 already present" in output
    assert verify_chain().ok


# --- The check stage ----------------------------------------------------------------

# With 15 nominations the intake makes 5 drafts, 1 cancelled and 9 submitted; the check
# stage takes the 9 through its plan once: returned, returned and resubmitted, in check,
# eligible, not started, rejected, eligible, disqualified, in check.
CHECK_STAGE_STATUSES = {
    Status.DRAFT: 5,
    Status.SUBMITTED: 2,
    Status.IN_CHECK: 2,
    Status.RETURNED: 1,
    Status.ELIGIBLE: 2,
    Status.REJECTED: 1,
    Status.DISQUALIFIED: 1,
    Status.CANCELLED: 1,
}


@pytest.fixture
def check_stage(seed_demo) -> str:
    return seed_demo(stage="check", nominations=15)


def test_seed_demo_check_stage_leaves_nominations_in_every_first_check_state(check_stage):
    statuses = Counter(Nomination.objects.values_list("status", flat=True))

    assert statuses == CHECK_STAGE_STATUSES
    assert set(statuses) >= RECEIVED_STATES
    assert verify_chain().ok
    assert (
        "Campaign 2021 nominations by status: draft 5, submitted 2, in_check 2, returned 1, "
        "eligible 2, rejected 1, disqualified 1, cancelled 1."
    ) in check_stage
    assert (
        "First check: 9 submitted nominations taken by the staff account (returned 1, "
        "resubmitted 1, in_check 2, eligible 2, not started 1, rejected 1, disqualified 1)."
    ) in check_stage


def test_seed_demo_check_stage_is_done_by_the_staff_account(check_stage):
    staff = User.objects.get(username="staff")

    # One round per nomination taken into the check, a second for the disqualified one.
    assert CheckRound.objects.count() == 9
    assert set(CheckRound.objects.values_list("started_by", "decided_by").distinct()) == {
        (staff.pk, staff.pk),
        (staff.pk, None),  # The rounds still open.
    }
    codes = AuditEvent.objects.filter(code__startswith="check.").values_list("code", flat=True)
    assert Counter(codes) == {
        "check.started": 8,
        # One save of all the verdicts per nomination: two left in check, three
        # found eligible (one later disqualified), two returned, one rejected.
        "check.confirmed": 2 + 3 + 2 + 1,
        "check.returned": 2,
        "check.eligible": 3,
        "check.rejected": 1,
        "check.disqualified": 1,
    }
    assert set(
        AuditEvent.objects.filter(code__startswith="check.").values_list("actor", flat=True)
    ) == {staff.pk}


def test_seed_demo_check_stage_returns_harbins_first_nomination_with_comments(check_stage):
    today = timezone.localdate()
    returned = Nomination.objects.get(status=Status.RETURNED)
    decision = returned.checks.get()

    assert returned.unit.code == "230100"  # The unit the demo clerk logs in to.
    assert returned == Nomination.objects.order_by("pk").first()
    assert decision.outcome == "returned"
    assert timezone.localtime(decision.correction_deadline) == datetime.combine(
        today + timedelta(days=7), time(17, 0), tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert sorted(decision.comments.values_list("field", flat=True)) == [
        "honours",
        "main_deeds",
        "photo",
    ]
    assert decision.reason == "请按修改意见补充完善后重新提交。"


def test_seed_demo_check_stage_resubmits_a_corrected_nomination_with_a_diff(check_stage):
    resubmitted = Nomination.objects.get(
        status=Status.SUBMITTED, checks__outcome=CheckRound.Outcome.RETURNED
    )
    returned = resubmitted.checks.get()
    latest = resubmitted.revisions.get(number=2)

    changes = diff_snapshots(returned.revision.snapshot, latest.snapshot)

    assert returned.revision.number == 1
    assert [change.key for change in changes] == ["main_deeds", "attachments"]
    assert "近三年，该同志牵头完成技术攻关项目三项" in changes[0].after
    assert any(line.startswith("新证件照.png · ") for line in changes[1].after.splitlines())
    assert submission_problems(resubmitted) == {}


def test_seed_demo_check_stage_leaves_manual_checks_on_the_open_rounds(check_stage):
    open_rounds = CheckRound.objects.filter(outcome="")

    assert [r.nomination.status for r in open_rounds] == [Status.IN_CHECK] * 2
    assert [list(r.confirmations.values_list("key", "passed")) for r in open_rounds] == [
        [("frontline", True), ("not_excluded", True)]
    ] * 2


def test_seed_demo_check_stage_rejects_and_disqualifies_with_reasons(check_stage):
    rejected = Nomination.objects.get(status=Status.REJECTED).checks.get()
    disqualified = Nomination.objects.get(status=Status.DISQUALIFIED)

    assert rejected.reason == "经核实，该同志已不在生产一线岗位，不符合推荐条件。"
    assert rejected.confirmations.get(key="frontline").passed is False
    assert list(disqualified.checks.values_list("number", "outcome")) == [
        (1, "eligible"),
        (2, "disqualified"),
    ]
    assert disqualified.checks.get(number=2).reason.startswith("经举报核实")


def test_seed_demo_check_stage_closes_intake_and_logs_paper_copies_some_late(check_stage):
    campaign = Campaign.objects.get()
    today = timezone.localdate()
    shanghai = ZoneInfo("Asia/Shanghai")
    receipts = list(PaperReceipt.objects.select_related("nomination"))

    paper_deadline = datetime.combine(today - timedelta(days=3), time(0, 0), tzinfo=shanghai)
    assert campaign.paper_deadline == paper_deadline
    assert campaign.electronic_deadline == paper_deadline - timedelta(days=5)
    assert campaign.electronic_deadline < timezone.now()
    assert len(receipts) == 7
    assert all(r.received_on <= today for r in receipts)
    assert sum(paper_is_late(r, campaign) for r in receipts) == 2
    assert Counter(paper_status(r, campaign) for r in receipts) == {
        PaperStatus.ON_TIME: 4,
        PaperStatus.LATE: 2,
        PaperStatus.INCOMPLETE: 1,
    }
    assert all(r.nomination.status in RECEIVED_STATES for r in receipts)
    late_events = AuditEvent.objects.filter(code="paper.received", data__late=True)
    assert late_events.count() == 2
    assert "Paper copies: 7 logged (2 late, 1 incomplete), 2 missing." in check_stage


def test_seed_demo_check_stage_uploads_reports_of_every_other_unit(check_stage):
    units = list(
        Unit.objects.filter(nominations__status__in=RECEIVED_STATES)
        .distinct()
        .order_by("sort_order", "code")
    )
    reports = list(UnitReport.objects.select_related("unit", "uploaded_by"))

    assert sorted(r.unit.code for r in reports) == sorted(u.code for u in units[::2])
    for report in reports:
        assert report.uploaded_by.username == f"clerk_{report.unit.code}"
        assert private_path(report.storage_name).read_bytes().startswith(b"%PDF-")
    assert f"Unit reports: {len(reports)} of the {len(units)} units with nominations" in (
        check_stage
    )


def test_seed_demo_default_stage_is_intake_without_any_check(seed_demo):
    output = seed_demo(nominations=15)

    assert not CheckRound.objects.exists()
    assert not PaperReceipt.objects.exists()
    assert not UnitReport.objects.exists()
    assert Campaign.objects.get().electronic_deadline > timezone.now()
    assert "Campaign 2021 nominations by status: draft 5, submitted 9, cancelled 1." in output


def test_seed_demo_after_the_check_stage_reopens_intake(check_stage, seed_demo):
    output = seed_demo(nominations=0)

    assert "Campaign 2021 (2021年“龙江工匠”选树): reopened." in output
    assert Campaign.objects.get().electronic_deadline > timezone.now()
    assert Counter(Nomination.objects.values_list("status", flat=True)) == CHECK_STAGE_STATUSES
    assert verify_chain().ok
