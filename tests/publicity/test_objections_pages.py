"""The public objection form, the receipt, the lookup, and the staff's log."""

import datetime
import logging
import re

import pytest
from django.test import Client
from django.utils import timezone

from longjiang.accounts.models import Role
from publicity.forms.objections import new_form_token, person_value
from publicity.models import Acceptance, Evidence, Objection, PublicitySettings, Source
from publicity.workflow import ObjectionStatus
from tests.factories import UserFactory, pdf_upload
from tests.publicity.objection_helpers import make_notice

pytestmark = pytest.mark.django_db

NEW = "/publicity/objections/new/"
LOOKUP = "/publicity/objections/lookup/"
LOG = "/publicity/staff/objections/new/"
PHONE = "13900001111"


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.OBJECTION_FORM_MIN_SECONDS = 0


def form_data(notice, nomination, **overrides):
    data = {
        "person": person_value(notice.pk, nomination.pk),
        "complainant_kind": "person",
        "complainant_name": "赵明",
        "complainant_unit": "",
        "complainant_phone": PHONE,
        "complainant_address": "哈尔滨市南岗区红军街1号",
        "complainant_email": "",
        "facts": "该人选申报的获奖情况与事实不符，请核查。",
        "declared_truthful": "on",
        "website": "",
        "form_token": new_form_token(),
    }
    data.update(overrides)
    return data


def shown_code(response) -> str:
    codes = re.findall(r'<dd class="receipt-code">([^<]+)</dd>', response.content.decode())
    return codes[1]


def test_form_offers_the_live_notices_people_by_name_and_employer(client, live_notice, listed):
    response = client.get(NEW)

    assert response.status_code == 200
    text = response.content.decode()
    first, second = (person_value(live_notice.pk, n.pk) for n in listed)
    assert f'value="{first}">王建国（哈尔滨电机厂有限责任公司）' in text
    assert f'value="{second}">李秀英（中国一重集团有限公司）' in text
    # The values are opaque: no notice or nomination id on the public page.
    assert re.fullmatch(r"[0-9a-f]{20}", first) and first != second
    assert f'value="{live_notice.pk}:' not in text
    assert "no-store" in response["Cache-Control"]
    assert "<script>" not in text and "onclick" not in text


def test_filing_shows_the_receipt_and_the_code_once(client, live_notice, listed, caplog):
    with caplog.at_level(logging.INFO):
        response = client.post(NEW, form_data(live_notice, listed[0]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    objection = Objection.objects.get()
    text = response.content.decode()
    assert "YY2021-0001" in text
    code = shown_code(response)
    assert len(code) == 10
    assert objection.source == Source.ONLINE
    assert (objection.complainant_name, objection.complainant_phone) == ("赵明", PHONE)
    assert objection.acceptance == Acceptance.ACCEPTED
    assert "data-print" in text and "js/print.js" in text
    assert PHONE not in caplog.text and "赵明" not in caplog.text


def test_reposting_the_same_form_files_nothing_twice(client, live_notice, listed):
    data = form_data(live_notice, listed[0])
    client.post(NEW, data)

    again = client.post(NEW, data)

    assert again.status_code == 409
    assert "该异议已提交" in again.content.decode()
    assert Objection.objects.count() == 1


def test_bad_input_keeps_what_was_typed_and_says_why_beside_the_field(client, live_notice, listed):
    data = form_data(live_notice, listed[0], complainant_phone="", declared_truthful="")
    data["evidence"] = pdf_upload("证明.pdf")

    response = client.post(NEW, data)

    assert response.status_code == 200
    assert Objection.objects.count() == 0
    text = response.content.decode()
    assert 'id="id_complainant_phone_error"' in text
    assert "以个人名义反映须填写此项。" in text
    assert re.search(r'aria-describedby="[^"]*id_complainant_phone_error', text)
    assert "提交前请阅读并勾选此项声明。" in text
    assert 'value="赵明"' in text
    assert "该人选申报的获奖情况与事实不符，请核查。" in text
    assert "请重新选择文件" in text


def test_evidence_files_are_checked_and_stored(client, live_notice, listed):
    data = form_data(live_notice, listed[0])
    data["evidence"] = [pdf_upload("证明一.pdf"), pdf_upload("证明二.pdf")]

    client.post(NEW, data)

    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "证明一.pdf",
        "证明二.pdf",
    ]


def test_a_file_of_another_type_is_refused(client, live_notice, listed):
    data = form_data(live_notice, listed[0])
    upload = pdf_upload("说明.docx")
    data["evidence"] = upload

    response = client.post(NEW, data)

    assert Objection.objects.count() == 0
    assert "只能上传PDF/JPG/PNG格式的文件。" in response.content.decode()


def test_a_unit_must_attach_its_sealed_letter(client, live_notice, listed):
    data = form_data(live_notice, listed[0], complainant_kind="unit", complainant_unit="某机械厂")

    refused = client.post(NEW, data)
    data["evidence"] = pdf_upload("单位来函.pdf")
    data["form_token"] = new_form_token()
    filed = client.post(NEW, data)

    assert "须上传加盖单位公章的反映材料" in refused.content.decode()
    assert filed.status_code == 200
    objection = Objection.objects.get()
    assert (objection.complainant_kind, objection.unit_sealed) == ("unit", True)


def test_anonymous_online_is_recorded_as_a_lead(client, live_notice, listed):
    data = form_data(live_notice, listed[0], complainant_kind="anonymous", complainant_name="")

    response = client.post(NEW, data)

    objection = Objection.objects.get()
    assert objection.complainant_name == "" and objection.complainant_phone == ""
    assert (objection.status, objection.acceptance) == (
        ObjectionStatus.NOT_ACCEPTED,
        Acceptance.NOT_REAL_NAME,
    )
    assert "非实名，不予受理" in response.content.decode()


def test_honeypot_filled_in_is_refused(client, live_notice, listed):
    response = client.post(NEW, form_data(live_notice, listed[0], website="http://spam.example"))

    assert response.status_code == 400
    assert Objection.objects.count() == 0


def test_submitted_too_fast_is_refused_and_kept(client, live_notice, listed, settings):
    settings.OBJECTION_FORM_MIN_SECONDS = 60

    response = client.post(NEW, form_data(live_notice, listed[0]))

    assert response.status_code == 200
    assert Objection.objects.count() == 0
    assert "提交过快" in response.content.decode()
    assert 'value="赵明"' in response.content.decode()


def test_a_forged_token_gets_a_fresh_one(client, live_notice, listed):
    response = client.post(NEW, form_data(live_notice, listed[0], form_token="forged"))

    assert Objection.objects.count() == 0
    assert "页面已过期" in response.content.decode()
    assert 'name="form_token" value="forged"' not in response.content.decode()


def test_rate_limit_answers_429_after_five_posts(client, live_notice, listed, caplog):
    statuses = []
    with caplog.at_level(logging.INFO):
        for _ in range(6):
            statuses.append(client.post(NEW, form_data(live_notice, listed[0])).status_code)

    assert statuses == [200, 200, 200, 200, 200, 429]
    assert Objection.objects.count() == 5
    assert "127.0.0.1" not in caplog.text
    # The refusal is logged once, by the limiter; the request logger adds no warning.
    refusals = [
        r
        for r in caplog.records
        if "rate limit" in r.getMessage() or getattr(r, "status_code", None) == 429
    ]
    assert [(r.name, r.levelname) for r in refusals] == [("longjiang.ratelimit", "INFO")]


def test_mistakes_do_not_count_towards_the_objection_limit(client, live_notice, listed):
    # Ten refused posts (a missing phone, an unticked declaration), then five filings.
    mistakes = [
        client.post(
            NEW, form_data(live_notice, listed[0], complainant_phone="", declared_truthful="")
        ).status_code
        for _ in range(10)
    ]
    filings = [client.post(NEW, form_data(live_notice, listed[0])).status_code for _ in range(5)]
    refused = client.post(NEW, form_data(live_notice, listed[0], complainant_phone=""))

    assert mistakes == [200] * 10
    assert filings == [200] * 5
    assert Objection.objects.count() == 5
    # After five accepted filings even a post with a mistake is refused until the hour ends.
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600


def test_every_post_counts_towards_the_flood_limit(client, live_notice, listed, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "objection_post": (4, 3600)}

    statuses = [
        client.post(NEW, form_data(live_notice, listed[0], complainant_phone="")).status_code
        for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    # Viewing the form is not a post.
    assert client.get(NEW).status_code == 200


def test_ipv6_clients_of_one_64_share_a_bucket(live_notice, listed):
    first = Client(REMOTE_ADDR="2001:db8:1:2::10")
    rotated = Client(REMOTE_ADDR="2001:db8:1:2:ffff:1234:5678:9abc")
    other = Client(REMOTE_ADDR="2001:db8:1:3::10")

    filings = [first.post(NEW, form_data(live_notice, listed[0])).status_code for _ in range(5)]

    assert filings == [200] * 5
    assert rotated.post(NEW, form_data(live_notice, listed[0])).status_code == 429
    assert other.post(NEW, form_data(live_notice, listed[0])).status_code == 200
    assert Objection.objects.count() == 6


def test_no_live_notice_says_so_with_the_dates(client, campaign, staff_user, listed):
    today = timezone.localdate()
    make_notice(
        campaign,
        staff_user,
        listed,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=9),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    )

    response = client.get(NEW)

    assert response.status_code == 200
    text = response.content.decode()
    assert "当前不在公示期内" in text
    start = today + datetime.timedelta(days=3)
    assert f"{start.year}年{start.month}月{start.day}日" in text
    assert "王建国" not in text


def test_a_post_after_the_cut_off_files_nothing(client, campaign, staff_user, listed):
    today = timezone.localdate()
    notice = make_notice(
        campaign,
        staff_user,
        listed,
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today - datetime.timedelta(days=1),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )

    response = client.post(NEW, form_data(notice, listed[0]))

    assert "当前不在公示期内" in response.content.decode()
    assert Objection.objects.count() == 0


# --- Lookup --------------------------------------------------------------------------


def filed(client, notice, nomination, **overrides):
    response = client.post(NEW, form_data(notice, nomination, **overrides))
    return Objection.objects.latest("pk"), shown_code(response)


def test_lookup_with_the_right_pair_shows_the_status_only(client, live_notice, listed):
    objection, code = filed(client, live_notice, listed[0])

    response = Client().post(LOOKUP, {"receipt_number": objection.receipt_number, "code": code})

    text = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "已登记" in text
    assert "赵明" not in text and PHONE not in text
    assert "该人选申报的获奖情况" not in text
    assert code not in text


def test_lookup_of_a_decided_objection_shows_the_outcome_and_reply(client, live_notice, listed):
    objection, code = filed(client, live_notice, listed[0])
    Objection.objects.filter(pk=objection.pk).update(
        status=ObjectionStatus.DECIDED, outcome="not_true", reply_text="经核查，反映不实。"
    )

    text = Client().post(LOOKUP, {"receipt_number": "yy2021-0001", "code": code}).content.decode()

    assert "已办结" in text and "反映不实，维持" in text and "经核查，反映不实。" in text


@pytest.mark.parametrize("which", ["wrong_code", "other_receipt", "unknown_number"])
def test_lookup_with_any_wrong_pair_gets_one_message(client, live_notice, listed, which):
    first, first_code = filed(client, live_notice, listed[0])
    second, _code = filed(client, live_notice, listed[1], complainant_name="钱进")
    pairs = {
        "wrong_code": (first.receipt_number, "ABCDEFGHJK"),
        "other_receipt": (second.receipt_number, first_code),
        "unknown_number": ("YY2021-0099", first_code),
    }
    number, code = pairs[which]

    response = Client().post(LOOKUP, {"receipt_number": number, "code": code})

    text = response.content.decode()
    assert "受理编号或查询码不正确，请核对后重新输入。" in text
    assert "已登记" not in text and "钱进" not in text


def test_lookup_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "objection_lookup": (3, 600)}

    statuses = [
        client.post(LOOKUP, {"receipt_number": "YY2021-0001", "code": "X"}).status_code
        for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_lookup_counts_wrong_pairs_only(client, live_notice, listed, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "objection_lookup": (3, 600)}
    objection, code = filed(client, live_notice, listed[0])
    looker = Client()
    right = {"receipt_number": objection.receipt_number, "code": code}
    wrong = {"receipt_number": objection.receipt_number, "code": "ABCDEFGHJK"}

    rights = [looker.post(LOOKUP, right).status_code for _ in range(10)]
    wrongs = [looker.post(LOOKUP, wrong).status_code for _ in range(3)]
    after = looker.post(LOOKUP, right)

    assert rights == [200] * 10
    assert wrongs == [200, 200, 200]
    # Three guesses used up the window: even the right pair now waits.
    assert after.status_code == 429
    assert "已登记" not in after.content.decode()


def test_every_lookup_post_counts_towards_the_flood_limit(client, live_notice, listed, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "objection_lookup_post": (3, 600)}
    objection, code = filed(client, live_notice, listed[0])
    right = {"receipt_number": objection.receipt_number, "code": code}

    statuses = [Client().post(LOOKUP, right).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


# --- Staff log -----------------------------------------------------------------------


def log_data(notice, nomination, **overrides):
    data = {
        "source": "call",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "postmark_date": "",
        "person": person_value(notice.pk, nomination.pk),
        "complainant_kind": "person",
        "complainant_name": "孙丽",
        "complainant_phone": PHONE,
        "complainant_address": "齐齐哈尔市龙沙区",
        "facts": "来电反映该人选存在违纪情况。",
    }
    data.update(overrides)
    return data


def test_staff_without_the_flag_are_refused_and_not_shown_the_link(live_notice, staff_user):
    client = Client()
    client.force_login(staff_user)

    assert client.get(LOG).status_code == 403
    assert f'href="{LOG}"' not in client.get("/nominations/").content.decode()


def test_handlers_find_the_log_in_the_navbar(handler):
    client = Client()
    client.force_login(handler)

    html = client.get("/nominations/").content.decode()

    assert f'<a class="dropdown-item" href="{LOG}">登记异议</a>' in html


def test_handler_logs_a_call_and_gets_the_number_and_code(live_notice, listed, handler):
    client = Client()
    client.force_login(handler)

    response = client.post(LOG, log_data(live_notice, listed[1]))

    objection = Objection.objects.get()
    assert (objection.source, objection.logged_by) == ("call", handler)
    text = response.content.decode()
    assert objection.receipt_number in text
    assert len(shown_code(response)) == 10
    assert "请将受理编号和查询码告知反映人" in text


def test_letter_needs_its_postmark_on_the_form(live_notice, listed, handler, campaign):
    PublicitySettings.objects.create(campaign=campaign, postmark_rule="arrived")
    client = Client()
    client.force_login(handler)

    page = client.get(LOG).content.decode()
    response = client.post(LOG, log_data(live_notice, listed[0], source="letter"))

    assert "以到达地邮戳日期为准" in page
    assert "来信须填写邮戳日期。" in response.content.decode()
    assert Objection.objects.count() == 0


def test_a_late_letter_is_logged_and_marked(campaign, staff_user, listed, handler):
    today = timezone.localdate()
    notice = make_notice(
        campaign,
        staff_user,
        listed,
        starts_on=today - datetime.timedelta(days=9),
        ends_on=today - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(days=3),
    )
    client = Client()
    client.force_login(handler)

    response = client.post(
        LOG,
        log_data(
            notice,
            listed[0],
            source="letter",
            postmark_date=(today - datetime.timedelta(days=2)).isoformat(),
        ),
    )

    objection = Objection.objects.get()
    assert (objection.acceptance, objection.status) == ("late", "not_accepted")
    assert "逾期不予受理" in response.content.decode()


def test_clerks_and_experts_cannot_log(live_notice, clerk, expert_user):
    for user in (clerk, expert_user, UserFactory(role=Role.COUNCIL)):
        client = Client()
        client.force_login(user)
        assert client.get(LOG).status_code == 403


# --- Error reports never carry who complained -----------------------------------------

HIDDEN = (
    "complainant_name",
    "complainant_unit",
    "complainant_phone",
    "complainant_address",
    "complainant_email",
    "facts",
)


def reported_post(response) -> dict:
    from django.views.debug import SafeExceptionReporterFilter

    return SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)


def test_the_public_form_hides_the_complainant_from_error_reports(client, live_notice, listed):
    response = client.post(NEW, form_data(live_notice, listed[0]))

    reported = reported_post(response)
    for name in HIDDEN:
        assert reported[name] == "********************", name
    assert reported["person"] == person_value(live_notice.pk, listed[0].pk)


def test_the_staff_log_hides_the_complainant_from_error_reports(live_notice, listed, handler):
    client = Client()
    client.force_login(handler)

    response = client.post(LOG, log_data(live_notice, listed[1], complainant_unit="某厂"))

    reported = reported_post(response)
    for name in ("complainant_name", "complainant_unit", "complainant_phone", "facts"):
        assert reported[name] == "********************", name
    assert reported["source"] == "call"


def test_the_lookup_hides_the_private_code_from_error_reports(client):
    response = client.post(LOOKUP, {"receipt_number": "YY2021-0001", "code": "ABCDEFGHJK"})

    assert reported_post(response)["code"] == "********************"
