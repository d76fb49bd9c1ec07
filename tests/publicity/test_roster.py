"""The award roster (奖励发放名单): its units, sums and 大写, the payments, the workbook,
the PDF and the staff's pages. The final list is tests/publicity/roster_fixtures.py's."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from longjiang.accounts.models import Unit
from longjiang.audit.models import AuditEvent
from longjiang.documents import registry
from longjiang.exceptions import DomainError
from publicity.documents.roster import RosterData, build_roster_pdf, build_roster_xlsx
from publicity.models import Payment
from publicity.selectors.roster import award_roster
from publicity.services.payments import PaymentRefused, record_payment
from tests.pdftotext import pdftotext
from tests.publicity.roster_fixtures import FINAL_DAYS_AGO, record_final_list

HARBIN, QIQIHAR, MACHINERY = "哈尔滨市总工会", "齐齐哈尔市总工会", "黑龙江省机械冶金建材工会"


def _days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _pay(campaign, person, staff_user, *, days_ago=2, voucher="记-2021-101", note="", reason=""):
    return record_payment(
        campaign,
        person,
        paid_on=_days_ago(days_ago),
        voucher=voucher,
        note=note,
        reason=reason,
        actor=staff_user,
    )


# --- The roster -----------------------------------------------------------------------


def test_roster_groups_the_final_list_by_unit_in_the_units_order(campaign, final_roster):
    roster = award_roster(campaign)

    assert [(u.name, [(line.number, line.name) for line in u.lines]) for u in roster.units] == [
        (HARBIN, [(1, "王丽"), (2, "孙丽华")]),
        (QIQIHAR, [(3, "欧阳明辉"), (4, "李建国")]),
        (MACHINERY, [(5, "丁建国")]),
    ]
    assert [line.employer_name for line in roster.lines] == [
        "哈尔滨电机厂有限责任公司",
        "哈尔滨锅炉厂有限责任公司",
        "齐齐哈尔第一机床厂",
        "中国第一重型机械集团公司齐齐哈尔分公司",
        "中国一重集团有限公司",
    ]


def test_roster_sums_subtotals_and_the_total_in_figures_and_capitals(campaign, final_roster):
    roster = award_roster(campaign)

    assert [(u.count, u.amount) for u in roster.units] == [(2, 10000), (2, 10000), (1, 5000)]
    assert (roster.count, roster.total, roster.total_capital) == (5, 25000, "贰万伍仟元整")
    assert roster.final_on == _days_ago(FINAL_DAYS_AGO)


def test_roster_amount_is_the_campaigns(campaign, final_roster):
    campaign.award_amount = 3000
    campaign.save(update_fields=["award_amount"])

    roster = award_roster(campaign)

    assert {line.amount for line in roster.lines} == {3000}
    assert (roster.total, roster.total_capital) == (15000, "壹万伍仟元整")


def test_roster_counts_payments(campaign, final_roster, staff_user):
    _pay(campaign, final_roster["孙丽华"], staff_user)

    roster = award_roster(campaign)

    assert [line.name for line in roster.lines if line.paid] == ["孙丽华"]
    assert (roster.paid_count, roster.unpaid_count, roster.paid_total) == (1, 4, 5000)


def test_roster_is_empty_before_the_publicity_result(campaign, final_people):
    roster = award_roster(campaign)

    assert (roster.units, roster.count, roster.total, roster.final_on) == ((), 0, 0, None)


def test_roster_reads_in_three_queries_whatever_its_length(
    campaign, final_roster, staff_user, django_assert_num_queries
):
    _pay(campaign, final_roster["王丽"], staff_user)

    with django_assert_num_queries(3):
        award_roster(campaign)


# --- Payments -------------------------------------------------------------------------


def test_record_payment_records_the_campaigns_amount_and_audits(campaign, final_roster, staff_user):
    person = final_roster["王丽"]

    payment = _pay(campaign, person, staff_user, note="银行转账")

    payment.refresh_from_db()
    assert (payment.amount, payment.paid_on, payment.voucher, payment.note) == (
        5000,
        _days_ago(2),
        "记-2021-101",
        "银行转账",
    )
    assert payment.recorded_by == staff_user
    event = AuditEvent.objects.get(code="award.payment_recorded")
    assert (event.actor, event.subject_id, event.unit_id) == (staff_user, person.pk, person.unit_id)
    assert event.data == {
        "campaign": 2021,
        "amount": 5000,
        "paid_on": _days_ago(2).isoformat(),
        "voucher": "记-2021-101",
        "note": "银行转账",
    }


def test_changing_a_payment_needs_a_reason_and_audits_old_and_new(
    campaign, final_roster, staff_user
):
    person = final_roster["王丽"]
    _pay(campaign, person, staff_user)

    with pytest.raises(PaymentRefused) as refused:
        _pay(campaign, person, staff_user, voucher="记-2021-102")
    changed = _pay(campaign, person, staff_user, voucher="记-2021-102", reason="凭证号登记错误")

    assert refused.value.field == "reason"
    assert str(refused.value.message) == "修改已登记的发放记录须说明理由。"
    assert (changed.voucher, Payment.objects.count()) == ("记-2021-102", 1)
    event = AuditEvent.objects.get(code="award.payment_changed")
    assert event.data == {
        "campaign": 2021,
        "changes": {"voucher": {"before": "记-2021-101", "after": "记-2021-102"}},
        "reason": "凭证号登记错误",
    }


def test_saving_an_unchanged_payment_is_refused(campaign, final_roster, staff_user):
    _pay(campaign, final_roster["王丽"], staff_user)

    with pytest.raises(PaymentRefused) as refused:
        _pay(campaign, final_roster["王丽"], staff_user, reason="再次保存")

    assert str(refused.value.message) == "发放记录没有变化，无需保存。"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"voucher": "  "}, "voucher", "请填写凭证号。"),
        ({"voucher": "记" * 51}, "voucher", "凭证号不能超过50个字符。"),
        ({"note": "注" * 201}, "note", "备注不能超过200个字符。"),
        ({"days_ago": -1}, "paid_on", "发放日期不能晚于今天（{today}）。"),
        (
            {"days_ago": FINAL_DAYS_AGO + 1},
            "paid_on",
            "发放日期不能早于命名名单确定之日（{final}）。",
        ),
    ],
)
def test_record_payment_refuses_bad_input_with_a_message(
    campaign, final_roster, staff_user, kwargs, field, message
):
    with pytest.raises(PaymentRefused) as refused:
        _pay(campaign, final_roster["王丽"], staff_user, **kwargs)

    today, final = timezone.localdate(), _days_ago(FINAL_DAYS_AGO)
    expected = message.format(
        today=f"{today.year}年{today.month}月{today.day}日",
        final=f"{final.year}年{final.month}月{final.day}日",
    )
    assert (refused.value.field, str(refused.value.message)) == (field, expected)
    assert not Payment.objects.exists()
    assert not AuditEvent.objects.filter(code__startswith="award.payment").exists()


def test_the_day_the_final_list_was_fixed_and_today_are_accepted(
    campaign, final_roster, staff_user
):
    first = _pay(campaign, final_roster["王丽"], staff_user, days_ago=FINAL_DAYS_AGO)
    last = _pay(campaign, final_roster["孙丽华"], staff_user, days_ago=0, voucher="记-2021-102")

    assert (first.paid_on, last.paid_on) == (_days_ago(FINAL_DAYS_AGO), timezone.localdate())


def test_payment_refused_for_someone_not_on_the_final_list(
    campaign, final_roster, reserve_person, staff_user
):
    with pytest.raises(PaymentRefused) as refused:
        _pay(campaign, reserve_person, staff_user)

    assert str(refused.value.message) == "赵铁柱不在2021年度的命名名单上，不能登记奖励发放。"
    assert not Payment.objects.exists()


def test_payment_refused_before_the_final_list(campaign, final_people, staff_user):
    with pytest.raises(DomainError):
        _pay(campaign, final_people["王丽"], staff_user)


@pytest.mark.parametrize("who", ["clerk", "expert_user", "council_user"])
def test_only_provincial_staff_record_payments(request, campaign, final_roster, who):
    with pytest.raises(PaymentRefused) as refused:
        _pay(campaign, final_roster["王丽"], request.getfixturevalue(who))

    assert str(refused.value.message) == "只有省总工会工作人员可以登记奖励发放。"


# --- Documents ------------------------------------------------------------------------


def _data(campaign) -> RosterData:
    return RosterData(
        roster=award_roster(campaign), prepared_by="黑龙江省总工会", prepared_on=date(2021, 10, 8)
    )


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_workbook_holds_the_roster_cell_by_cell(campaign, final_roster, staff_user):
    record_payment(
        campaign,
        final_roster["孙丽华"],
        paid_on=_days_ago(1),
        voucher="=HYPERLINK(1)",
        note="",
        actor=staff_user,
    )
    paid_on = _days_ago(1)

    content = build_roster_xlsx(_data(campaign))

    rows = _rows(content)
    empty = (None,) * 7
    assert rows[0] == ("2021年“龙江工匠”奖励发放名单", *empty)
    assert rows[1] == (
        "制表单位：黑龙江省总工会",
        None,
        None,
        None,
        None,
        "制表日期：2021年10月8日",
        None,
        None,
    )
    assert rows[2] == (
        "序号",
        "姓名",
        "工作单位",
        "奖励金额（元）",
        "发放状态",
        "发放日期",
        "凭证号",
        "领款人签字",
    )
    paid = (paid_on.year, paid_on.month, paid_on.day)
    assert rows[3:] == [
        (HARBIN, *empty),
        (1, "王丽", "哈尔滨电机厂有限责任公司", 5000, "未发放", None, None, None),
        (
            2,
            "孙丽华",
            "哈尔滨锅炉厂有限责任公司",
            5000,
            "已发放",
            rows[5][5],
            "=HYPERLINK(1)",
            None,
        ),
        (None, "小计：2人", None, 10000, None, None, None, None),
        (QIQIHAR, *empty),
        (3, "欧阳明辉", "齐齐哈尔第一机床厂", 5000, "未发放", None, None, None),
        (4, "李建国", "中国第一重型机械集团公司齐齐哈尔分公司", 5000, "未发放", None, None, None),
        (None, "小计：2人", None, 10000, None, None, None, None),
        (MACHINERY, *empty),
        (5, "丁建国", "中国一重集团有限公司", 5000, "未发放", None, None, None),
        (None, "小计：1人", None, 5000, None, None, None, None),
        (None, "合计：5人", None, 25000, None, None, None, None),
        ("合计金额（大写）：人民币贰万伍仟元整", *empty),
        (None, *empty),
        (
            ("经办人：" + "\u3000" * 6 + "审核人：" + "\u3000" * 6 + "负责人：" + "\u3000" * 6),
            *empty,
        ),
    ]
    sheet = load_workbook(io.BytesIO(content)).active
    date_cell = sheet.cell(row=6, column=6)
    assert (date_cell.value.year, date_cell.value.month, date_cell.value.day) == paid
    assert date_cell.number_format == 'yyyy"年"m"月"d"日"'
    # A voucher that looks like a formula stays text.
    voucher = sheet.cell(row=6, column=7)
    assert (voucher.data_type, voucher.quotePrefix) == ("s", True)
    assert sheet.print_title_rows == "$3:$3"


def test_pdf_prints_the_roster_with_room_for_signatures(campaign, final_roster, staff_user):
    record_payment(
        campaign,
        final_roster["孙丽华"],
        paid_on=_days_ago(1),
        voucher="记-2021-101",
        note="",
        actor=staff_user,
    )
    paid_on = _days_ago(1)

    built = build_roster_pdf(_data(campaign))

    text = pdftotext(built.content)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert built.warnings == ()
    assert lines[0] == "2021年“龙江工匠”奖励发放名单"
    assert "制表单位：黑龙江省总工会" in lines
    assert "制表日期：2021年10月8日" in lines
    for expected in (
        HARBIN,
        QIQIHAR,
        MACHINERY,
        "王丽",
        "孙丽华",
        "欧阳明辉",
        "李建国",
        "丁建国",
        "中国一重集团有限公司",
        "小计：2人",
        "小计：1人",
        "合计：5人",
        "25,000",
        "合计金额（大写）：人民币贰万伍仟元整",
        f"已发放 {paid_on.year}年{paid_on.month}月{paid_on.day}日",
        "凭证号：记-2021-101",
        "领款人签字",
        "第1页 共1页",
    ):
        assert expected in text, expected
    assert text.count("未发放") == 4
    flat = text.replace("\n", "")
    assert "经办人：" in flat and "审核人：" in flat and "负责人：" in flat
    assert text.index("王丽") < text.index("孙丽华") < text.index("欧阳明辉") < text.index("丁建国")


def test_pdf_repeats_the_header_row_on_every_page(campaign, final_roster, make_nomination):
    roster = award_roster(campaign)
    # Sixty people: more than one page.
    many = type(roster)(
        campaign=roster.campaign,
        amount_each=roster.amount_each,
        units=tuple(roster.units) * 12,
        final_on=roster.final_on,
    )

    built = build_roster_pdf(
        RosterData(roster=many, prepared_by="黑龙江省总工会", prepared_on=date(2021, 10, 8))
    )

    text = pdftotext(built.content)
    pages = text.split("\f")
    printed = [p for p in pages if p.strip()]
    assert len(printed) >= 3
    assert all("领款人签字" in page for page in printed)
    assert f"第1页 共{len(printed)}页" in printed[0]
    assert "合计：60人" in printed[-1]
    assert "人民币叁拾万元整" in printed[-1]


def test_export_command_writes_both_formats(campaign, final_roster, tmp_path):
    xlsx, pdf = tmp_path / "roster.xlsx", tmp_path / "roster.pdf"

    call_command(
        "export", "award-roster", "--campaign", "2021", "--out", str(xlsx), stdout=io.StringIO()
    )
    call_command(
        "export", "award-roster-pdf", "--campaign", "2021", "--out", str(pdf), stdout=io.StringIO()
    )

    rows = _rows(xlsx.read_bytes())
    today = timezone.localdate()
    assert rows[1][5] == f"制表日期：{today.year}年{today.month}月{today.day}日"
    assert rows[1][0] == "制表单位：黑龙江省总工会"
    assert rows[-4][1:4] == ("合计：5人", None, 25000)
    assert "合计金额（大写）：人民币贰万伍仟元整" in pdftotext(pdf.read_bytes())


def test_export_before_the_final_list_says_so(campaign, final_people, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as refused:
        call_command(
            "export", "award-roster", "--campaign", "2021", "--out", str(tmp_path / "r.xlsx")
        )

    assert str(refused.value) == "2021年度的命名名单尚未确定（公示结果未记录），没有奖励发放名单。"


@pytest.mark.parametrize("kind", ["publicity.award_roster_xlsx", "publicity.award_roster_pdf"])
def test_roster_documents_are_for_staff_only(
    campaign, staff_user, clerk, expert_user, council_user, admin_user, kind
):
    spec = registry.get(kind)
    params = {"campaign": 2021}

    allowed = [
        spec.allowed(u, params) for u in (staff_user, admin_user, clerk, expert_user, council_user)
    ]

    assert allowed == [True, True, False, False, False]
    assert spec.allowed(staff_user, {"campaign": 1999}) is False


def test_staff_get_the_roster_as_web_jobs(
    campaign, final_roster, staff_client, django_capture_on_commit_callbacks
):
    from longjiang.jobs.models import DocumentJob

    for kind in ("publicity.award_roster_xlsx", "publicity.award_roster_pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(reverse("jobs:start", args=[kind]), {"campaign": 2021})
        assert response.status_code == 302

    jobs = DocumentJob.objects.order_by("created_at")
    assert [(j.kind, j.status) for j in jobs] == [
        ("publicity.award_roster_xlsx", "done"),
        ("publicity.award_roster_pdf", "done"),
    ]


# --- Pages ----------------------------------------------------------------------------


def test_roster_page_shows_units_statuses_and_totals(
    campaign, final_roster, staff_client, staff_user
):
    _pay(campaign, final_roster["孙丽华"], staff_user, voucher="记-2021-101")

    response = staff_client.get(reverse("publicity:roster"))

    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        HARBIN,
        QIQIHAR,
        MACHINERY,
        "小计：2人，10,000元",
        "小计：1人，5,000元",
        "合计：5人，25,000元（人民币贰万伍仟元整）",
        "人民币（大写）贰万伍仟元整",
        "记-2021-101",
        reverse("publicity:roster_payment", args=[final_roster["王丽"].pk]),
        "publicity.award_roster_xlsx",
        "publicity.award_roster_pdf",
    ):
        assert text in page, text
    assert page.count('text-bg-success">已发放<') == 1
    assert page.count('text-bg-secondary">未发放<') == 4


def test_roster_page_before_the_final_list(campaign, final_people, staff_client):
    response = staff_client.get(reverse("publicity:roster"))

    assert "命名名单尚未确定" in response.content.decode()


@pytest.mark.parametrize("size", [2, 8])
def test_roster_page_queries_do_not_grow_with_the_list_or_its_payments(
    campaign, make_nomination, staff_client, staff_user, size
):
    """A list of 2 or of 8, half of them paid, costs two queries more than no list at all:
    the payments and the publicity result's date (the list itself is read either way)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("publicity:roster")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as empty:
        staff_client.get(url)
    units = list(Unit.objects.exclude(kind=Unit.Kind.PROVINCE).order_by("sort_order")[:size])
    people = [
        make_nomination(unit=unit, complete=False, name=f"测试{i}", employer_name="某公司")
        for i, unit in enumerate(units)
    ]
    record_final_list(campaign, people, staff_user)
    for index, person in enumerate(people[: size // 2]):
        _pay(campaign, person, staff_user, voucher=f"记-{index}")

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(url)

    assert response.content.decode().count("stack-title") == size
    assert len(queries) == len(empty) + 2


def test_payment_page_records_a_payment(campaign, final_roster, staff_client, staff_user):
    person = final_roster["李建国"]
    url = reverse("publicity:roster_payment", args=[person.pk])

    shown = staff_client.get(url)
    response = staff_client.post(
        url, {"paid_on": _days_ago(3).isoformat(), "voucher": "记-2021-205", "note": "现金"}
    )

    assert shown.status_code == 200
    for text in ("李建国", QIQIHAR, "中国第一重型机械集团公司齐齐哈尔分公司", "5,000元"):
        assert text in shown.content.decode(), text
    assert "修改理由" not in shown.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:roster") + f"#person-{person.pk}"
    payment = Payment.objects.get()
    assert (payment.nomination, payment.paid_on, payment.voucher, payment.note) == (
        person,
        _days_ago(3),
        "记-2021-205",
        "现金",
    )


def test_payment_page_shows_the_refusal_beside_the_field_and_keeps_the_input(
    campaign, final_roster, staff_client
):
    url = reverse("publicity:roster_payment", args=[final_roster["李建国"].pk])

    response = staff_client.post(
        url, {"paid_on": _days_ago(FINAL_DAYS_AGO + 3).isoformat(), "voucher": "记-9"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "发放日期不能早于命名名单确定之日" in page
    assert 'value="记-9"' in page
    assert not Payment.objects.exists()


def test_payment_page_changes_a_payment_with_a_reason(
    campaign, final_roster, staff_client, staff_user
):
    person = final_roster["李建国"]
    _pay(campaign, person, staff_user)
    url = reverse("publicity:roster_payment", args=[person.pk])

    shown = staff_client.get(url)
    refused = staff_client.post(url, {"paid_on": _days_ago(2).isoformat(), "voucher": "记-3"})
    changed = staff_client.post(
        url, {"paid_on": _days_ago(2).isoformat(), "voucher": "记-3", "reason": "更正凭证号"}
    )

    assert "修改理由" in shown.content.decode()
    assert 'value="记-2021-101"' in shown.content.decode()
    assert "修改已登记的发放记录须说明理由。" in refused.content.decode()
    assert changed.status_code == 302
    assert Payment.objects.get().voucher == "记-3"


def test_payment_page_is_a_404_for_someone_not_on_the_final_list(
    campaign, final_roster, reserve_person, staff_client
):
    response = staff_client.get(reverse("publicity:roster_payment", args=[reserve_person.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["clerk_client", "other_clerk_client"])
def test_roster_pages_are_refused_to_clerks(request, campaign, final_roster, who):
    client = request.getfixturevalue(who)

    assert client.get(reverse("publicity:roster")).status_code == 403
    assert (
        client.get(reverse("publicity:roster_payment", args=[final_roster["王丽"].pk])).status_code
        == 403
    )


def test_roster_pages_offer_no_recording_while_staff_look_at_another_campaign(
    campaign, final_roster, staff_user
):
    """``request.viewed_campaign`` is what the campaign middleware sets for a campaign
    looked at read-only; the pages then offer no form (the middleware refuses the POST)."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from publicity.views import roster as views

    def get(path, view, **kwargs):
        request = RequestFactory().get(path)
        request.user, request.viewed_campaign, request.session = staff_user, campaign, {}
        request._messages = FallbackStorage(request)
        return view(request, **kwargs).content.decode()

    person = final_roster["王丽"]
    page = get(reverse("publicity:roster"), views.roster)
    form = get(
        reverse("publicity:roster_payment", args=[person.pk]),
        views.payment,
        nomination_id=person.pk,
    )

    assert "王丽" in page
    assert reverse("publicity:roster_payment", args=[person.pk]) not in page
    assert "正在查看2021年度（只读），不能登记或修改发放记录。" in form
    assert '<form method="post" novalidate' not in form
