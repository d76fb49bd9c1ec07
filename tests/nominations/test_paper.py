"""Paper copies received by post, and the units' reports on their local activities.

The notice's paper deadline is 2021-07-06 00:00 Asia/Shanghai ("请于7月6日前邮寄");
a copy received on 6 July is on time, one received on 7 July is late. Nominations
are submitted while intake is open; ``close_intake`` then puts the notice's real
deadlines back, so that receipts dated in July 2021 lie in the past.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from longjiang.accounts.models import Role, Unit
from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError
from longjiang.uploads import private_path
from nominations.demo.notice import NOTICE_2021_ELECTRONIC_DEADLINE, NOTICE_2021_PAPER_DEADLINE
from nominations.models import Campaign, Nomination, PaperReceipt, UnitReport
from nominations.paper_rules import PaperStatus, paper_deadline_date, paper_is_late, paper_status
from nominations.services import record_paper_receipt, upload_unit_report
from nominations.workflow import Status
from tests.factories import UserFactory, pdf_bytes, pdf_upload, png_bytes

SHANGHAI = ZoneInfo("Asia/Shanghai")
ON_TIME_DAY = date(2021, 7, 6)  # The deadline's own day counts as on time.
LATE_DAY = date(2021, 7, 7)
NOT_RECEIVED = "该推荐尚未报送至省总工会，不能登记纸质材料。"
PDF_ONLY = "只能上传PDF格式的文件。"
RECOMMENDING_UNITS = 23  # 13 市（地）总工会 and 10 省产业工会, seeded by migration.


# --- Helpers ------------------------------------------------------------------------


def close_intake(campaign: Campaign) -> None:
    """Put back the notice's deadlines (2021-07-01 and 2021-07-06, both 00:00)."""
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=NOTICE_2021_ELECTRONIC_DEADLINE,
        paper_deadline=NOTICE_2021_PAPER_DEADLINE,
    )
    campaign.refresh_from_db()


def last_event(code: str) -> AuditEvent:
    return AuditEvent.objects.filter(code=code).latest("id")


def jpg_upload(name: str = "report.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/jpeg")


def counts_row(html: str, row_id: str) -> dict[str, int]:
    """Return the numbers of one row of the per-unit counts table."""
    row = re.search(rf'<tr id="{row_id}".*?</tr>', html, re.S).group(0)
    return {key: int(n) for key, n in re.findall(r'data-count="(\w+)">(\d+)<', row)}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def submitted(make_nomination, campaign):
    """A submitted Harbin nomination, with intake closed afterwards."""
    nomination = make_nomination(status=Status.SUBMITTED, name="王铁成")
    close_intake(campaign)
    return nomination


# --- The lateness rule --------------------------------------------------------------


def test_paper_deadline_date_is_the_local_day_of_the_deadline(campaign):
    close_intake(campaign)

    # 2021-07-06 00:00 in Shanghai is still 5 July in UTC.
    assert campaign.paper_deadline.astimezone(ZoneInfo("UTC")).date() == date(2021, 7, 5)
    assert paper_deadline_date(campaign) == date(2021, 7, 6)


@pytest.mark.parametrize(
    ("received_on", "late"),
    [(date(2021, 7, 5), False), (ON_TIME_DAY, False), (LATE_DAY, True)],
)
def test_paper_is_late_only_after_the_deadline_day(campaign, received_on, late):
    close_intake(campaign)

    assert paper_is_late(received_on, campaign) is late


def test_paper_is_late_takes_a_datetime_in_local_time(campaign):
    close_intake(campaign)
    # 6 July 23:30 in Shanghai; in UTC it is 15:30 the same day.
    evening = datetime(2021, 7, 6, 23, 30, tzinfo=SHANGHAI)

    assert paper_is_late(evening, campaign) is False
    assert paper_is_late(evening + timedelta(hours=1), campaign) is True


@pytest.mark.parametrize(
    ("received_on", "copies", "stamped", "expected"),
    [
        (ON_TIME_DAY, 3, True, PaperStatus.ON_TIME),
        (LATE_DAY, 3, True, PaperStatus.LATE),
        (ON_TIME_DAY, 2, True, PaperStatus.INCOMPLETE),
        (ON_TIME_DAY, 3, False, PaperStatus.INCOMPLETE),
        (LATE_DAY, 1, False, PaperStatus.INCOMPLETE),
    ],
)
def test_paper_status_of_a_receipt(campaign, received_on, copies, stamped, expected):
    close_intake(campaign)
    receipt = PaperReceipt(received_on=received_on, copies=copies, stamped=stamped)

    assert paper_status(receipt, campaign) == expected


def test_paper_status_without_receipt_is_missing(campaign):
    assert paper_status(None, campaign) == PaperStatus.MISSING


# --- record_paper_receipt -----------------------------------------------------------


def test_record_paper_receipt_creates_the_receipt_and_audits(submitted, staff_user, unit_harbin):
    receipt = record_paper_receipt(
        submitted,
        actor=staff_user,
        received_on=ON_TIME_DAY,
        copies=3,
        stamped=True,
        note=" 顺丰快递 ",
    )

    stored = PaperReceipt.objects.get(nomination=submitted)
    assert stored.pk == receipt.pk
    assert (stored.received_on, stored.copies, stored.stamped) == (ON_TIME_DAY, 3, True)
    assert (stored.note, stored.recorded_by) == ("顺丰快递", staff_user)
    event = last_event("paper.received")
    assert (event.actor, event.unit, event.subject_id) == (staff_user, unit_harbin, submitted.pk)
    assert event.subject_type.model_class() is Nomination
    assert event.data == {"received_on": "2021-07-06", "copies": 3, "stamped": True, "late": False}


def test_record_paper_receipt_again_corrects_the_same_receipt(submitted, staff_user, admin_user):
    first = record_paper_receipt(
        submitted, actor=staff_user, received_on=ON_TIME_DAY, copies=2, stamped=False
    )

    corrected = record_paper_receipt(
        submitted, actor=admin_user, received_on=LATE_DAY, copies=3, stamped=True
    )

    assert corrected.pk == first.pk
    assert PaperReceipt.objects.filter(nomination=submitted).count() == 1
    stored = PaperReceipt.objects.get(pk=first.pk)
    assert (stored.received_on, stored.copies, stored.stamped) == (LATE_DAY, 3, True)
    assert stored.recorded_by == admin_user
    event = last_event("paper.corrected")
    assert (event.actor, event.subject_id) == (admin_user, submitted.pk)
    assert event.data == {
        "received_on": "2021-07-07",
        "copies": 3,
        "stamped": True,
        "late": True,
        "previous": {"received_on": "2021-07-06", "copies": 2, "stamped": False, "late": False},
    }
    assert AuditEvent.objects.filter(code="paper.received").count() == 1


@pytest.mark.parametrize(("received_on", "late"), [(ON_TIME_DAY, False), (LATE_DAY, True)])
def test_record_paper_receipt_flags_late_only_after_the_deadline_day(
    submitted, staff_user, received_on, late
):
    record_paper_receipt(
        submitted, actor=staff_user, received_on=received_on, copies=3, stamped=True
    )

    assert last_event("paper.received").data["late"] is late


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CANCELLED])
def test_record_paper_receipt_refuses_a_nomination_not_sent_to_the_province(
    make_nomination, staff_user, status
):
    nomination = make_nomination(status=status)
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        record_paper_receipt(
            nomination, actor=staff_user, received_on=ON_TIME_DAY, copies=3, stamped=True
        )

    assert str(caught.value.message) == NOT_RECEIVED
    assert not PaperReceipt.objects.exists()
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("copies", [0, -1])
def test_record_paper_receipt_refuses_fewer_than_one_copy(submitted, staff_user, copies):
    with pytest.raises(DomainError) as caught:
        record_paper_receipt(
            submitted, actor=staff_user, received_on=ON_TIME_DAY, copies=copies, stamped=True
        )

    assert str(caught.value.message) == "收到的份数至少为1份。"
    assert not PaperReceipt.objects.exists()


def test_record_paper_receipt_refuses_a_date_in_the_future(submitted, staff_user):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(DomainError) as caught:
        record_paper_receipt(
            submitted, actor=staff_user, received_on=tomorrow, copies=3, stamped=True
        )

    assert str(caught.value.message) == "收到日期不能晚于今天。"
    assert not PaperReceipt.objects.exists()


# --- The receipt form ---------------------------------------------------------------


def test_staff_logs_a_receipt_through_the_form(staff_client, staff_user, submitted):
    url = reverse("nominations:paper_receipt", kwargs={"pk": submitted.pk})

    response = staff_client.post(
        url, {"received_on": "2021-07-07", "copies": "3", "stamped": "on", "note": "邮政EMS"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/nominations/paper/?unit=230100#unit-230100"
    assert messages_of(response) == ["已登记王铁成的纸质材料。"]
    receipt = PaperReceipt.objects.get(nomination=submitted)
    assert (receipt.received_on, receipt.copies, receipt.stamped) == (LATE_DAY, 3, True)
    assert (receipt.note, receipt.recorded_by) == ("邮政EMS", staff_user)


def test_staff_correction_form_starts_from_the_logged_receipt(staff_client, staff_user, submitted):
    record_paper_receipt(submitted, actor=staff_user, received_on=LATE_DAY, copies=2, stamped=False)
    url = reverse("nominations:paper_receipt", kwargs={"pk": submitted.pk})

    page = staff_client.get(url).content.decode()
    response = staff_client.post(url, {"received_on": "2021-07-07", "copies": "3"})

    assert 'value="2021-07-07"' in page
    assert 'name="copies" value="2"' in page
    assert "逾期" in page
    assert messages_of(response) == ["已更正王铁成的纸质材料登记。"]
    assert last_event("paper.corrected").data["copies"] == 3


def test_receipt_form_of_a_draft_shows_why_and_posting_is_refused(staff_client, make_nomination):
    draft = make_nomination()
    url = reverse("nominations:paper_receipt", kwargs={"pk": draft.pk})

    page = staff_client.get(url).content.decode()
    response = staff_client.post(url, {"received_on": "2021-07-06", "copies": "3"})

    assert NOT_RECEIVED in page
    assert 'name="copies"' not in page
    assert response.status_code == 200
    assert NOT_RECEIVED in response.content.decode()
    assert not PaperReceipt.objects.exists()


def test_receipt_form_refuses_zero_copies_beside_the_field(staff_client, submitted):
    url = reverse("nominations:paper_receipt", kwargs={"pk": submitted.pk})

    response = staff_client.post(url, {"received_on": "2021-07-06", "copies": "0"})

    assert response.status_code == 200
    assert response.context["form"].errors["copies"] == ["确保该值大于或等于1。"]
    assert not PaperReceipt.objects.exists()


# --- Permissions --------------------------------------------------------------------


def test_clerk_cannot_log_a_receipt(clerk_client, submitted):
    url = reverse("nominations:paper_receipt", kwargs={"pk": submitted.pk})

    responses = [
        clerk_client.get(url),
        clerk_client.post(url, {"received_on": "2021-07-06", "copies": "3", "stamped": "on"}),
    ]

    assert [r.status_code for r in responses] == [403, 403]
    assert not PaperReceipt.objects.exists()


def test_clerk_of_another_unit_gets_404_on_a_receipt_form(other_clerk_client, submitted):
    url = reverse("nominations:paper_receipt", kwargs={"pk": submitted.pk})

    assert other_clerk_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["paper", "paper_mine", "reports", "report_upload", "paper_receipt"]
)
def test_anonymous_is_sent_to_sign_in(client, submitted, name):
    kwargs = {"pk": submitted.pk} if name == "paper_receipt" else {}
    url = reverse(f"nominations:{name}", kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    ("name", "as_staff", "as_clerk", "as_expert"),
    [
        ("paper", 200, 403, 403),
        ("reports", 200, 403, 403),
        ("paper_mine", 403, 200, 403),
        ("report_upload", 403, 200, 403),
    ],
)
def test_pages_by_role(
    staff_client, clerk_client, expert_user, campaign, name, as_staff, as_clerk, as_expert
):
    expert_client = Client()
    expert_client.force_login(expert_user)
    url = reverse(f"nominations:{name}")

    statuses = [c.get(url).status_code for c in (staff_client, clerk_client, expert_client)]

    assert statuses == [as_staff, as_clerk, as_expert]


# --- The per-unit page --------------------------------------------------------------


@pytest.fixture
def harbin_paper(make_nomination, campaign, staff_user, unit_qiqihar):
    """Harbin: on time, late, two incomplete (one also late), missing, and a draft.

    Qiqihar: one submitted nomination, no paper copy.
    """
    names = ["按时甲", "逾期乙", "少份丙", "未盖丁", "未到戊"]
    people = {name: make_nomination(status=Status.SUBMITTED, name=name) for name in names}
    make_nomination(name="草稿己")
    make_nomination(unit=unit_qiqihar, status=Status.SUBMITTED, name="齐市庚")
    close_intake(campaign)
    for name, day, copies, stamped in [
        ("按时甲", ON_TIME_DAY, 3, True),
        ("逾期乙", LATE_DAY, 3, True),
        ("少份丙", ON_TIME_DAY, 2, True),
        ("未盖丁", LATE_DAY, 3, False),
    ]:
        record_paper_receipt(
            people[name], actor=staff_user, received_on=day, copies=copies, stamped=stamped
        )
    return people


def test_paper_page_counts_each_unit_exactly(staff_client, harbin_paper):
    html = staff_client.get(reverse("nominations:paper")).content.decode()

    assert counts_row(html, "counts-230100") == {
        "total": 5,
        "received": 4,
        "missing": 1,
        "late": 2,
        "incomplete": 2,
    }
    assert counts_row(html, "counts-230200") == {
        "total": 1,
        "received": 0,
        "missing": 1,
        "late": 0,
        "incomplete": 0,
    }
    assert counts_row(html, "counts-230300") == {
        "total": 0,
        "received": 0,
        "missing": 0,
        "late": 0,
        "incomplete": 0,
    }
    assert counts_row(html, "counts-total") == {
        "total": 6,
        "received": 4,
        "missing": 2,
        "late": 2,
        "incomplete": 2,
    }
    assert "草稿己" not in html


def test_paper_page_shows_each_status_and_the_late_badge(staff_client, harbin_paper):
    html = staff_client.get(reverse("nominations:paper") + "?unit=230100").content.decode()

    rows = {
        name: re.search(rf"<tr>\s*<td>\d+</td>\s*<td><a [^>]*>{name}</a>.*?</tr>", html, re.S)
        for name in harbin_paper
    }
    badges = {
        name: re.findall(r'<span class="badge text-bg-(\w+)"[^>]*>([^<]+)</span>', row.group(0))
        for name, row in rows.items()
    }
    assert badges == {
        "按时甲": [("success", "已提交"), ("success", "按时收到")],
        "逾期乙": [("success", "已提交"), ("danger", "逾期")],
        "少份丙": [("success", "已提交"), ("warning", "不完整")],
        "未盖丁": [("success", "已提交"), ("warning", "不完整"), ("danger", "逾期")],
        "未到戊": [("success", "已提交"), ("secondary", "未收到")],
    }
    assert "齐市庚" not in html


def test_paper_page_filters_to_problems(staff_client, harbin_paper):
    html = staff_client.get(reverse("nominations:paper") + "?problems=on").content.decode()

    assert "按时甲" not in html
    assert all(name in html for name in ("逾期乙", "少份丙", "未盖丁", "未到戊", "齐市庚"))
    # The counts still cover every nomination.
    assert counts_row(html, "counts-230100")["total"] == 5


def test_clerk_sees_only_the_own_units_paper_status(clerk_client, harbin_paper):
    html = clerk_client.get(reverse("nominations:paper_mine")).content.decode()

    assert "已报送5人，已收到4份，未收到1份，逾期2份" in html
    assert all(name in html for name in harbin_paper)
    assert "齐市庚" not in html
    assert "不完整" in html
    assert "登记收到" not in html
    assert "未报送" in html


def test_clerk_of_another_unit_sees_none_of_harbin(other_clerk_client, harbin_paper):
    html = other_clerk_client.get(reverse("nominations:paper_mine")).content.decode()

    assert "已报送1人，已收到0份，未收到1份，逾期0份" in html
    assert "齐市庚" in html
    assert not any(name in html for name in harbin_paper)


# --- Unit reports -------------------------------------------------------------------


def test_upload_unit_report_stores_the_pdf_and_audits(campaign, clerk, unit_harbin):
    report = upload_unit_report(
        campaign,
        unit=unit_harbin,
        actor=clerk,
        summary=" 全市推荐42人。 ",
        upload=pdf_upload("报告.pdf"),
    )

    stored = UnitReport.objects.get(campaign=campaign, unit=unit_harbin)
    assert stored.pk == report.pk
    assert (stored.summary, stored.original_name, stored.uploaded_by) == (
        "全市推荐42人。",
        "报告.pdf",
        clerk,
    )
    assert private_path(stored.storage_name).read_bytes() == pdf_bytes()
    assert stored.size == len(pdf_bytes())
    event = last_event("report.uploaded")
    assert (event.actor, event.unit, event.subject_id) == (clerk, unit_harbin, report.pk)
    assert event.data == {
        "report": report.pk,
        "name": "报告.pdf",
        "size": len(pdf_bytes()),
        "sha256": stored.sha256,
        "replaced": None,
    }


@pytest.mark.parametrize("name", ["report.jpg", "report.png", "report.docx"])
def test_upload_unit_report_refuses_anything_but_pdf(campaign, clerk, unit_harbin, name):
    with pytest.raises(ValidationError) as caught:
        upload_unit_report(
            campaign, unit=unit_harbin, actor=clerk, summary="摘要", upload=jpg_upload(name)
        )

    assert caught.value.messages == [PDF_ONLY]
    assert not UnitReport.objects.exists()
    assert not AuditEvent.objects.filter(code="report.uploaded").exists()


def test_upload_unit_report_refuses_a_fake_pdf(campaign, clerk, unit_harbin):
    fake = SimpleUploadedFile("report.pdf", png_bytes(), content_type="application/pdf")

    with pytest.raises(ValidationError) as caught:
        upload_unit_report(campaign, unit=unit_harbin, actor=clerk, summary="摘要", upload=fake)

    assert caught.value.messages == ["文件内容与扩展名不符，请上传真实的PDF文件。"]
    assert not UnitReport.objects.exists()


def test_upload_unit_report_refuses_an_empty_summary(campaign, clerk, unit_harbin, private_root):
    with pytest.raises(DomainError) as caught:
        upload_unit_report(
            campaign, unit=unit_harbin, actor=clerk, summary="  ", upload=pdf_upload()
        )

    assert str(caught.value.message) == "请填写情况摘要。"
    assert not list(private_root.rglob("*.pdf"))


def test_replacing_a_report_deletes_the_old_file_after_commit(
    campaign, clerk, unit_harbin, django_capture_on_commit_callbacks
):
    first = upload_unit_report(
        campaign, unit=unit_harbin, actor=clerk, summary="初稿", upload=pdf_upload("v1.pdf")
    )
    old_path = private_path(first.storage_name)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = upload_unit_report(
            campaign, unit=unit_harbin, actor=clerk, summary="定稿", upload=pdf_upload("v2.pdf")
        )
        assert old_path.is_file()  # Not yet committed: the old file is still needed.

    assert len(callbacks) == 1
    assert not old_path.exists()
    assert private_path(second.storage_name).is_file()
    assert second.pk == first.pk
    assert UnitReport.objects.get().summary == "定稿"
    assert last_event("report.uploaded").data["replaced"] == first.sha256


def test_clerk_uploads_the_report_through_the_form(clerk_client, clerk, campaign):
    url = reverse("nominations:report_upload")

    response = clerk_client.post(url, {"summary": "全市推荐42人。", "file": pdf_upload()})

    assert response.status_code == 302
    assert response["Location"] == url
    assert messages_of(response) == ["情况报告已上传。"]
    report = UnitReport.objects.get()
    assert (report.unit, report.uploaded_by) == (clerk.unit, clerk)
    page = clerk_client.get(url).content.decode()
    assert reverse("nominations:report_download", kwargs={"report_id": report.pk}) in page
    assert "全市推荐42人。" in page


def test_report_form_shows_the_pdf_only_message_for_a_jpg(clerk_client, campaign):
    response = clerk_client.post(
        reverse("nominations:report_upload"), {"summary": "摘要", "file": jpg_upload()}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [PDF_ONLY]
    assert PDF_ONLY in response.content.decode()
    assert not UnitReport.objects.exists()


@pytest.fixture
def harbin_report(campaign, clerk, unit_harbin):
    return upload_unit_report(
        campaign, unit=unit_harbin, actor=clerk, summary="全市推荐42人。", upload=pdf_upload()
    )


@pytest.mark.parametrize("role", ["staff", "clerk"])
def test_report_download_for_staff_and_own_clerk(staff_client, clerk_client, harbin_report, role):
    client = staff_client if role == "staff" else clerk_client
    url = reverse("nominations:report_download", kwargs={"report_id": harbin_report.pk})

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="evidence.pdf"'


def test_report_download_is_404_for_another_units_clerk_and_experts(
    other_clerk_client, expert_user, harbin_report
):
    expert_client = Client()
    expert_client.force_login(expert_user)
    url = reverse("nominations:report_download", kwargs={"report_id": harbin_report.pk})

    assert other_clerk_client.get(url).status_code == 404
    assert expert_client.get(url).status_code == 404


def test_report_download_sends_anonymous_to_sign_in(client, harbin_report):
    url = reverse("nominations:report_download", kwargs={"report_id": harbin_report.pk})

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_staff_report_list_shows_who_reported(staff_client, harbin_report):
    html = staff_client.get(reverse("nominations:reports")).content.decode()

    assert f"已报送1个单位，未报送{RECOMMENDING_UNITS - 1}个单位。" in html
    harbin = re.search(r'<tr id="report-230100">.*?</tr>', html, re.S).group(0)
    assert "已报送" in harbin
    assert "全市推荐42人。" in harbin
    assert reverse("nominations:report_download", kwargs={"report_id": harbin_report.pk}) in harbin
    qiqihar = re.search(r'<tr id="report-230200">.*?</tr>', html, re.S).group(0)
    assert "未报送" in qiqihar


def test_clerk_paper_page_shows_the_report_status(clerk_client, harbin_report):
    html = clerk_client.get(reverse("nominations:paper_mine")).content.decode()

    assert "已报送" in html
    assert "未报送" not in html


# --- Query counts -------------------------------------------------------------------


SMALL, LARGE = 2, 6


def grow_paper(make_nomination, campaign, staff_user, units, size: int) -> None:
    """Give every unit ``size`` submitted nominations, every other one with a receipt."""
    campaign.refresh_from_db()
    for unit in units:
        existing = Nomination.objects.filter(unit=unit).count()
        for n in range(existing, size):
            make_nomination(unit=unit, status=Status.SUBMITTED, name=f"候选{n}")
    for n, nomination in enumerate(Nomination.objects.filter(paper_receipt__isnull=True)):
        if n % 2 == 0:
            record_paper_receipt(
                nomination,
                actor=staff_user,
                received_on=timezone.localdate(),
                copies=2 + n % 3,
                stamped=True,
            )


def count_queries(client, url: str) -> int:
    """Return the page's query count, which includes five the session and user cost.

    Loading the session and the user take one query each; saving the session
    (SESSION_SAVE_EVERY_REQUEST) takes three: savepoint, update, release.
    """
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        # Campaign, units, nominations with their receipts.
        # Staff's counts include the staff menu's campaign switcher (1).
        ("paper", "staff", 9),
        ("paper", "staff_filtered", 9),
        # Campaign, the clerk's unit, nominations with receipts, the unit (for the
        # report and the navigation), the report with its uploader, whether the unit
        # may still add nominations (the menu's 新增推荐) and whether it has objection
        # cases (the menu's 异议核查).
        ("paper_mine", "clerk", 12),
    ],
)
def test_paper_pages_query_count_is_constant(
    make_nomination,
    campaign,
    staff_user,
    staff_client,
    clerk_client,
    unit_harbin,
    unit_qiqihar,
    name,
    role,
    expected,
):
    client = clerk_client if role == "clerk" else staff_client
    url = reverse(f"nominations:{name}")
    if role == "staff_filtered":
        url += "?unit=230100&problems=on"
    counts = []
    for size in (SMALL, LARGE):
        grow_paper(make_nomination, campaign, staff_user, (unit_harbin, unit_qiqihar), size)
        counts.append(count_queries(client, url))

    assert counts == [expected, expected]


def test_report_list_query_count_is_constant(staff_client, campaign):
    # Campaign, reports with their uploaders, units.
    units = list(Unit.objects.exclude(kind=Unit.Kind.PROVINCE).order_by("sort_order"))
    counts = []
    for size in (SMALL, LARGE):
        for unit in units[:size]:
            if not UnitReport.objects.filter(unit=unit).exists():
                clerk = UserFactory(role=Role.CLERK, unit=unit)
                upload_unit_report(
                    campaign, unit=unit, actor=clerk, summary="摘要", upload=pdf_upload()
                )
        counts.append(count_queries(staff_client, reverse("nominations:reports")))

    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [9, 9]
