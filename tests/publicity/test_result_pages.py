"""The council's revision page and the staff's publicity result page."""

import re

import pytest
from django.urls import reverse

from nominations.models import Nomination
from publicity.models import PublicityResult
from review.models import ListVersion
from tests.factories import pdf_upload
from tests.publicity.upheld import make_objection
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/publicity/council/revision/"


def test_urls():
    assert reverse("publicity:revision") == URL
    assert reverse("publicity:result") == "/publicity/staff/result/"


def test_the_choice_lists_cases_without_the_complainant_and_the_reserve_in_order(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])

    page = client_for(council_secretary).get(URL).content.decode()

    assert case.receipt_number in page
    assert "钱举报" not in page
    assert "13800000000" not in page
    assert page.index("李建国") < page.index("王秀兰")
    assert f'name="case" value="{case.pk}"' in page
    assert f'name="substitute" value="{candidates["李建国"].pk}"' in page


def test_confirm_then_record_makes_version_two(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    client = client_for(council_secretary)
    substitute = candidates["李建国"].pk

    confirm = client.get(URL, {"step": "confirm", "case": case.pk, "substitute": substitute})

    page = confirm.content.decode()
    assert f"根据异议{case.receipt_number}核查结果取消孙丽华的人选资格；递补李建国。" in page
    assert "变更后的名单（第2版，待记录）" in page
    assert not ListVersion.objects.filter(number=2).exists()
    response = client.post(
        URL,
        {
            "case": [case.pk],
            "substitute": [substitute],
            "list_version": 1,
            "meeting_date": "2021-09-20",
            "minutes_ref": "黑工办纪〔2021〕30号",
            "attendance": "主席、副主席",
            "note": "",
            "minutes": pdf_upload("纪要.pdf"),
        },
    )
    assert response.status_code == 302
    version = ListVersion.objects.get(number=2)
    assert [e.name for e in version.entries.filter(part="listed").order_by("position")] == [
        "欧阳明辉",
        "李建国",
    ]
    assert Nomination.objects.get(pk=candidates["孙丽华"].pk).status == "disqualified"
    after = client.get(URL).content.decode()
    assert "以下递补人选尚未公示" in after
    assert "没有待处理的查实异议。" in after
    assert f'name="case" value="{case.pk}"' not in after


def test_a_stale_page_is_refused_with_a_message(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    response = client_for(council_secretary).post(
        URL,
        {
            "case": [case.pk],
            "list_version": 0,
            "meeting_date": "2021-09-20",
            "minutes_ref": "黑工办纪〔2021〕30号",
            "attendance": "主席、副主席",
            "minutes": pdf_upload("纪要.pdf"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "在您打开页面后，名单已审定并锁定为第1版，本次提交未记录。" in page
    assert "请重新选择会议纪要文件。" in page
    assert ListVersion.objects.count() == 1


def test_a_substitute_not_in_the_reserve_is_refused_on_the_page(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    page = (
        client_for(council_secretary)
        .get(URL, {"step": "confirm", "case": case.pk, "substitute": candidates["欧阳明辉"].pk})
        .content.decode()
    )
    assert "所选异议或递补人选已发生变化，请重新选择。" in page


def test_staff_read_the_revision_page_without_the_form(
    campaign, candidates, main_notice, staff_user
):
    case = make_objection(main_notice, candidates["孙丽华"])
    page = client_for(staff_user).get(URL, {"step": "confirm", "case": case.pk}).content.decode()
    assert "会议决定由主席办公会议秘书记录。" in page
    assert 'enctype="multipart/form-data"' not in page


def test_the_result_page_names_what_is_open(campaign, candidates, main_notice, staff_user):
    case = make_objection(main_notice, candidates["孙丽华"], status="verifying")
    page = client_for(staff_user).get("/publicity/staff/result/").content.decode()
    assert f"异议{case.receipt_number}（孙丽华）尚未办结：核查中。" in page
    assert "记录公示结果：" not in page


def test_the_result_is_recorded_after_the_confirmation(
    campaign, candidates, main_notice, staff_user
):
    client = client_for(staff_user)
    refused = client.post("/publicity/staff/result/", {"note": "无异议"})
    assert "请勾选确认后再记录公示结果。" in refused.content.decode()
    assert not PublicityResult.objects.exists()

    response = client.post("/publicity/staff/result/", {"note": "无异议", "confirm": "on"})

    assert response.status_code == 302
    result = PublicityResult.objects.get()
    assert result.kind == PublicityResult.Kind.NO_OBJECTION
    page = client.get("/publicity/staff/result/").content.decode()
    assert "公示无异议" in page
    assert re.search(r"命名名单（2人）", page)
