"""The nomination screens through the test client: forms, workflow buttons, files.

Each test posts what a browser would post and checks what the clerk sees (the
message, the error beside the field) and what was stored (rows, audit events,
files, mail).
"""

import re
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from longjiang.accounts.models import Role
from longjiang.audit.models import AuditEvent
from longjiang.audit.selectors import events_for
from longjiang.dates import show_datetime
from nominations import attachment1
from nominations.forms.intake import ROW_FORMSETS
from nominations.models import Attachment, Campaign, DeadlineExtension, Honour, Nomination
from nominations.services import ROW_FIELDS
from nominations.validators import mask_id_number
from nominations.workflow import Status
from tests.factories import UserFactory, pdf_bytes, pdf_upload, png_upload, valid_id_number

HARBIN = "哈尔滨市总工会"
INVALID_FORM = "请根据提示修改标红的项目。您填写的内容都保留在页面上，尚未保存。"
SUBMITTED = "已提交至省总工会。系统将向本单位填报员邮箱发送提交回执。"
DEADLINE_PASSED = "本单位的电子材料报送已截止，不能再提交。如确有特殊情况，请联系省总工会。"
DUPLICATE = "该公民身份号码已在本年度被推荐，不能重复推荐。"

# A man born 1985-03-17 and a woman born 1990-11-17, both with valid check digits.
MAN_ID = valid_id_number(date(1985, 3, 17), "1", seq=41)
WOMAN_ID = valid_id_number(date(1990, 11, 17), "2", seq=42)


# --- Helpers ------------------------------------------------------------------------


def _post_value(value):
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    if value is None:
        return ""
    if isinstance(value, list):
        return value
    return str(value)


def form_data(
    fields: dict, rows: dict | None = None, *, version: int | None = None, action: str = "save"
) -> dict:
    """Return the POST body the nomination form sends for ``fields`` and ``rows``.

    Rows with an ``id`` are existing rows and must come first in their list; a row
    with ``"DELETE": True`` is ticked for deletion. Unticked checkboxes are left out,
    as a browser leaves them out.
    """
    data = {"action": action}
    if version is not None:
        data["version"] = str(version)
    for name, value in fields.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = _post_value(value)
    for prefix in ROW_FORMSETS:
        items = (rows or {}).get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(items))
        data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for item in items if item.get("id")))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, item in enumerate(items):
            for key, value in item.items():
                if key == "DELETE":
                    if value:
                        data[f"{prefix}-{i}-DELETE"] = "on"
                elif key != "id" or value:
                    data[f"{prefix}-{i}-{key}"] = _post_value(value)
    return data


def nomination_data(nomination: Nomination, *, action: str = "save", **overrides) -> dict:
    """Return the POST body of the edit page as loaded for ``nomination``, with overrides.

    The ID number and mobile boxes are blank, as the page renders them.
    """
    fields = {name: getattr(nomination, name) for name in attachment1.all_fields()}
    fields["id_number"] = ""
    fields["mobile"] = ""
    fields.update(overrides)
    rows = {
        related: [
            {"id": row.pk, **{key: getattr(row, key) for key in keys}}
            for row in getattr(nomination, related).all()
        ]
        for related, keys in ROW_FIELDS.items()
    }
    return form_data(fields, rows, version=nomination.version, action=action)


def field_errors(content: bytes, field_id: str) -> list[str]:
    """Return the messages rendered in the error block beside the field ``field_id``."""
    html = content.decode()
    block = re.search(
        rf'<div id="{field_id}_error" class="invalid-feedback">(.*?)</div>', html, re.S
    )
    if block is None:
        return []
    return re.findall(r"<strong>(.*?)</strong>", block.group(1))


def problems_for(content: bytes, name: str) -> list[str]:
    """Return the submission problems shown beside ``name`` (data-problem-for)."""
    return re.findall(rf'data-problem-for="{name}">(.*?)</div>', content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def event_codes(nomination: Nomination) -> list[str]:
    return list(events_for(nomination).values_list("code", flat=True))


def last_event(nomination: Nomination) -> AuditEvent:
    return events_for(nomination).last()


def hidden_version(content: bytes) -> str:
    return re.search(r'<input type="hidden" name="version" value="(\d+)">', content.decode())[1]


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def edit_url(nomination: Nomination) -> str:
    return reverse("nominations:edit", kwargs={"pk": nomination.pk})


def detail_url(nomination: Nomination) -> str:
    return reverse("nominations:detail", kwargs={"pk": nomination.pk})


# --- Creating and saving a draft ----------------------------------------------------


def test_create_with_invalid_id_number_rerenders_with_error_and_typed_values(
    clerk_client, campaign
):
    wrong_check_digit = MAN_ID[:17] + ("0" if MAN_ID[17] != "0" else "1")
    data = form_data(
        {
            "name": "王淑芬",
            "id_number": wrong_check_digit,
            "employer_name": "齐心机械制造有限公司",
            "occupation": "焊工",
            "birth_month": date(1985, 3, 1),
            "brief_deeds": "扎根一线二十年。",
            "declares_truthful": True,
        }
    )

    response = clerk_client.post(reverse("nominations:create"), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_id_number") == ["公民身份号码校验位不正确。"]
    html = response.content.decode()
    assert 'name="name" value="王淑芬"' in html
    assert f'name="id_number" value="{wrong_check_digit}"' in html
    assert 'name="employer_name" value="齐心机械制造有限公司"' in html
    assert 'name="occupation" value="焊工"' in html
    assert 'name="birth_month" value="1985-03"' in html
    assert "扎根一线二十年。</textarea>" in html
    assert re.search(r'name="declares_truthful"[^>]*checked', html)
    assert messages_of(response) == [INVALID_FORM]
    assert Nomination.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_create_valid_redirects_to_edit_and_stores_masked_id(clerk_client, clerk, campaign):
    data = form_data({"name": "王淑芬", "id_number": WOMAN_ID, "sex": "2", "nationality": "CHN"})

    response = clerk_client.post(reverse("nominations:create"), data)

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(nomination)
    assert messages_of(response) == ["草稿已保存。"]
    assert nomination.status == Status.DRAFT
    assert nomination.unit == clerk.unit
    assert nomination.unit_rank == 1
    assert nomination.id_number == WOMAN_ID
    assert nomination.id_number_masked == mask_id_number(WOMAN_ID)
    assert nomination.id_number_masked == WOMAN_ID[:4] + "*" * 10 + WOMAN_ID[-4:]
    event = last_event(nomination)
    assert (event.code, event.actor, event.unit) == ("nomination.created", clerk, clerk.unit)
    assert event.data == {"name": "王淑芬", "rank": 1}


def test_edit_page_shows_only_masked_id_number(clerk_client, make_nomination):
    nomination = make_nomination(complete=False, name="王淑芬", id_number=WOMAN_ID)

    response = clerk_client.get(edit_url(nomination))

    assert response.status_code == 200
    html = response.content.decode()
    assert WOMAN_ID not in html
    assert f"已填写：{mask_id_number(WOMAN_ID)}。如需更正，请输入完整号码；留空则保持不变。" in html
    assert re.search(r'<input type="text" name="id_number" (?!value=)', html)


def test_resave_with_blank_id_number_keeps_stored_number(clerk_client, clerk, make_nomination):
    nomination = make_nomination(complete=False, name="王淑芬", id_number=WOMAN_ID)
    data = nomination_data(nomination, id_number="", employer_name="齐心机械制造有限公司")

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 302
    assert response["Location"] == edit_url(nomination)
    nomination.refresh_from_db()
    assert nomination.id_number == WOMAN_ID
    assert nomination.id_number_masked == mask_id_number(WOMAN_ID)
    assert nomination.employer_name == "齐心机械制造有限公司"
    assert nomination.version == 2
    event = last_event(nomination)
    assert event.code == "nomination.draft_saved"
    assert event.actor == clerk
    assert event.data == {"changed": ["employer_name"], "version": 2}


def test_edit_page_never_sends_the_full_mobile(clerk_client, make_nomination):
    nomination = make_nomination(complete=False, name="王淑芬", mobile="13904511234")

    html = clerk_client.get(edit_url(nomination)).content.decode()

    assert "13904511234" not in html
    assert "已填写：139****1234。如需更正，请输入完整号码；留空则保持不变。" in html
    assert re.search(r'<input type="text" name="mobile" (?!value=)', html)


def test_resave_with_blank_mobile_keeps_stored_mobile(clerk_client, make_nomination):
    nomination = make_nomination(complete=False, name="王淑芬", mobile="13904511234")
    data = nomination_data(nomination, address="哈尔滨市道里区友谊路1号")

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.mobile == "13904511234"
    assert nomination.address == "哈尔滨市道里区友谊路1号"
    assert last_event(nomination).data == {"changed": ["address"], "version": 2}


def test_resave_with_a_new_mobile_replaces_it(clerk_client, make_nomination):
    nomination = make_nomination(complete=False, name="王淑芬", mobile="13904511234")
    data = nomination_data(nomination, mobile="+86 139-0451-9876")

    clerk_client.post(edit_url(nomination), data)

    nomination.refresh_from_db()
    assert nomination.mobile == "13904519876"
    assert last_event(nomination).data == {"changed": ["mobile"], "version": 2}


def test_save_with_sex_disagreeing_with_id_number_shows_error_on_sex(clerk_client, campaign):
    data = form_data({"name": "王淑芬", "id_number": MAN_ID, "sex": "2"})

    response = clerk_client.post(reverse("nominations:create"), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_sex") == [
        "性别与公民身份号码不一致（号码显示为男）。"
    ]
    assert field_errors(response.content, "id_id_number") == []
    assert Nomination.objects.count() == 0


def test_save_with_birth_month_disagreeing_with_stored_id_shows_error(
    clerk_client, make_nomination
):
    nomination = make_nomination(complete=False, name="王淑芬", id_number=WOMAN_ID)
    data = nomination_data(nomination, birth_month=date(1991, 11, 1))

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_birth_month") == [
        "出生年月与公民身份号码不一致（号码显示为1990年11月）。"
    ]
    assert WOMAN_ID not in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.birth_month is None
    assert nomination.version == 1


def test_save_with_brief_deeds_over_300_characters_shows_count(clerk_client, campaign):
    # Whitespace does not count: 301 characters plus spaces and a line break.
    deeds = "技" * 150 + " \n" + "艺" * 151
    data = form_data({"name": "王淑芬", "brief_deeds": deeds})

    response = clerk_client.post(reverse("nominations:create"), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_brief_deeds") == ["不能超过300个字（当前301个字）。"]
    assert Nomination.objects.count() == 0


def test_save_with_brief_deeds_of_exactly_300_characters_is_accepted(clerk_client, campaign):
    data = form_data({"name": "王淑芬", "brief_deeds": "技" * 150 + "\n" + "艺" * 150})

    response = clerk_client.post(reverse("nominations:create"), data)

    assert response.status_code == 302
    assert Nomination.objects.get().brief_deeds == "技" * 150 + "\n" + "艺" * 150


# --- Repeatable rows ----------------------------------------------------------------


def test_save_rows_creates_updates_and_deletes(clerk_client, make_nomination):
    nomination = make_nomination(
        complete=False,
        rows={
            "honours": [
                {"title": "哈尔滨市劳动模范", "conferred_by": "哈尔滨市人民政府"},
                {"title": "全省技术能手", "conferred_by": "黑龙江省人社厅"},
            ],
            "awards": [{"name": "全省焊工技能大赛", "level": "provincial_1", "rank": 2}],
        },
    )
    kept, deleted = nomination.honours.all()
    award = nomination.awards.get()
    evidence = Attachment.objects.create(
        nomination=nomination,
        kind=Attachment.Kind.EVIDENCE,
        honour=deleted,
        original_name="证书.pdf",
        storage_name="nominations/test/certificate.pdf",
        content_type="application/pdf",
        size=100,
        sha256="0" * 64,
        uploaded_by=nomination.created_by,
    )
    data = nomination_data(nomination)
    data.update(
        {
            "honours-0-title": "哈尔滨市劳动模范（2020年）",
            "honours-1-DELETE": "on",
            "honours-TOTAL_FORMS": "3",
            "honours-2-title": "全国五一劳动奖章",
            "honours-2-conferred_by": "中华全国总工会",
            "honours-2-awarded_on": "2021-04",
        }
    )

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 302
    honours = list(nomination.honours.order_by("position"))
    assert [(h.title, h.conferred_by, h.awarded_on, h.position) for h in honours] == [
        ("哈尔滨市劳动模范（2020年）", "哈尔滨市人民政府", None, 0),
        ("全国五一劳动奖章", "中华全国总工会", date(2021, 4, 1), 1),
    ]
    assert honours[0].pk == kept.pk
    assert not Honour.objects.filter(pk=deleted.pk).exists()
    assert list(nomination.awards.values_list("pk", "rank")) == [(award.pk, 2)]
    # The evidence file stays, no longer proving anything.
    evidence.refresh_from_db()
    assert (evidence.honour_id, evidence.award_id) == (None, None)
    event = last_event(nomination)
    assert event.code == "nomination.draft_saved"
    assert event.data == {"changed": ["honours"], "version": 2}


def test_save_row_with_id_of_another_nominations_row_leaves_that_row_alone(
    clerk_client, make_nomination
):
    own = make_nomination(complete=False, rows={"honours": [{"title": "原有荣誉"}]})
    other = make_nomination(complete=False, rows={"honours": [{"title": "全省技术能手"}]})
    foreign = other.honours.get()
    data = nomination_data(own)
    data.update(
        {
            "honours-TOTAL_FORMS": "1",
            "honours-INITIAL_FORMS": "1",
            "honours-0-id": str(foreign.pk),
            "honours-0-title": "改写的荣誉",
        }
    )

    response = clerk_client.post(edit_url(own), data)

    # The tampered row becomes a new row of the clerk's own nomination.
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert (foreign.nomination_id, foreign.title) == (other.pk, "全省技术能手")
    assert list(own.honours.values_list("title", flat=True)) == ["改写的荣誉"]
    assert own.honours.get().pk != foreign.pk


def test_stale_page_with_row_deleted_by_other_clerk_gets_conflict(
    clerk_client, unit_harbin, make_nomination
):
    first_clerk = UserFactory(role=Role.CLERK, unit=unit_harbin, full_name="赵丽")
    first_client = Client()
    first_client.force_login(first_clerk)
    nomination = make_nomination(complete=False, rows={"honours": [{"title": "全省技术能手"}]})
    loaded = nomination_data(nomination)

    first = first_client.post(edit_url(nomination), {**loaded, "honours-0-DELETE": "on"})
    second = clerk_client.post(edit_url(nomination), {**loaded, "employer_name": "第二机械厂"})

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert 'name="employer_name" value="第二机械厂"' in page
    assert "赵丽已于" in page
    # The deleted row is offered back as a new row; saving again is a deliberate overwrite.
    assert 'name="honours-INITIAL_FORMS" value="0"' in page
    assert 'name="honours-0-title" value="全省技术能手"' in page
    again = clerk_client.post(
        edit_url(nomination),
        {
            **loaded,
            "version": "2",
            "employer_name": "第二机械厂",
            "honours-INITIAL_FORMS": "0",
            "honours-0-id": "",
        },
    )
    assert again.status_code == 302
    nomination.refresh_from_db()
    assert nomination.employer_name == "第二机械厂"
    assert list(nomination.honours.values_list("title", flat=True)) == ["全省技术能手"]


def test_save_row_missing_required_cell_shows_error_and_saves_nothing(
    clerk_client, make_nomination
):
    nomination = make_nomination(complete=False)
    data = nomination_data(nomination)
    data.update({"awards-TOTAL_FORMS": "1", "awards-0-name": "全省车工大赛", "awards-0-rank": "1"})

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_awards-0-level") == ["这个字段是必填项。"]
    assert 'name="awards-0-name" value="全省车工大赛"' in response.content.decode()
    assert nomination.awards.count() == 0
    nomination.refresh_from_db()
    assert nomination.version == 1


# --- Submitting ---------------------------------------------------------------------


def test_save_and_submit_incomplete_saves_draft_and_marks_missing_items(
    clerk_client, make_nomination
):
    nomination = make_nomination(complete=False, name="周志强")
    data = form_data(
        {"name": "周志强", "nationality": "CHN", "employer_name": "大庆石化公司"},
        version=1,
        action="submit",
    )

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    assert nomination.version == 2
    assert nomination.employer_name == "大庆石化公司"
    assert event_codes(nomination) == ["nomination.created", "nomination.draft_saved"]
    # 20 empty required fields, 7 unticked declarations and the photo.
    assert messages_of(response) == ["内容已保存为草稿，但还不能提交：请补充下方标出的28处内容。"]
    assert "还有28处需要补充或修改后才能提交：" in response.content.decode()
    assert problems_for(response.content, "photo") == ["提交前须上传本人近期正面免冠彩色照片。"]
    assert problems_for(response.content, "id_number") == ["提交前必须填写此项。"]
    assert problems_for(response.content, "mobile") == ["提交前必须填写此项。"]
    assert problems_for(response.content, "declares_truthful") == ["提交前须核实并勾选此项声明。"]
    assert problems_for(response.content, "name") == []
    assert problems_for(response.content, "employer_name") == []
    # The re-rendered form carries the new version, so saving again works.
    assert hidden_version(response.content) == "2"


def test_save_and_submit_complete_submits_and_mails_receipt(
    clerk_client, clerk, make_nomination, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = make_nomination()
    data = nomination_data(nomination, action="submit")

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    assert messages_of(response) == [SUBMITTED]
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED
    assert nomination.submitted_at is not None
    assert nomination.version == 3
    assert list(nomination.revisions.values_list("number", flat=True)) == [1]
    event = last_event(nomination)
    assert (event.code, event.actor) == ("nomination.submitted", clerk)
    assert event.data == {"from": "draft", "to": "submitted"}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [clerk.email]
    assert mail.subject == "【2021年“龙江工匠”选树】推荐人选“张建国”已提交"
    assert (
        "贵单位推荐的人选“张建国”（推荐排序第1位）已提交至省总工会劳动和经济工作部。" in mail.body
    )


def test_submit_button_on_complete_draft_submits(
    clerk_client, clerk, make_nomination, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = make_nomination()

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("nominations:submit", kwargs={"pk": nomination.pk}))

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    assert messages_of(response) == [SUBMITTED]
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED
    assert [m.subject for m in mailoutbox] == ["【2021年“龙江工匠”选树】推荐人选“张建国”已提交"]


def test_submit_button_on_incomplete_draft_redirects_to_checked_form(clerk_client, make_nomination):
    nomination = make_nomination(complete=False)

    response = clerk_client.post(reverse("nominations:submit", kwargs={"pk": nomination.pk}))

    assert response.status_code == 302
    assert response["Location"] == edit_url(nomination) + "?check=1"
    assert messages_of(response) == ["推荐材料尚不完整，请按提示补充后再提交。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    checked = clerk_client.get(response["Location"])
    assert problems_for(checked.content, "photo") == ["提交前须上传本人近期正面免冠彩色照片。"]


def test_submit_after_deadline_without_extension_is_refused(clerk_client, make_nomination):
    nomination = make_nomination()
    Campaign.objects.update(electronic_deadline=timezone.now() - timedelta(hours=1))

    response = clerk_client.post(reverse("nominations:submit", kwargs={"pk": nomination.pk}))

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    assert messages_of(response) == [DEADLINE_PASSED]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    assert "nomination.submitted" not in event_codes(nomination)


def test_save_and_submit_after_deadline_saves_draft_but_refuses(clerk_client, make_nomination):
    nomination = make_nomination()
    Campaign.objects.update(electronic_deadline=timezone.now() - timedelta(hours=1))
    data = nomination_data(nomination, action="submit", occupation="钳工")

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    assert messages_of(response) == [DEADLINE_PASSED]
    nomination.refresh_from_db()
    assert (nomination.status, nomination.occupation) == (Status.DRAFT, "钳工")


def test_extension_granted_by_staff_lets_clerk_submit_after_deadline(
    staff_client, staff_user, clerk_client, clerk, unit_harbin, make_nomination, campaign
):
    nomination = make_nomination()
    Campaign.objects.update(electronic_deadline=timezone.now() - timedelta(hours=1))
    until = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)

    granted = staff_client.post(
        reverse("nominations:extensions"),
        {"unit": unit_harbin.pk, "until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "汛期停电"},
    )
    submitted = clerk_client.post(reverse("nominations:submit", kwargs={"pk": nomination.pk}))

    assert granted.status_code == 302
    assert granted["Location"] == reverse("nominations:extensions")
    assert messages_of(granted) == ["已将哈尔滨市总工会的截止时间延长。"]
    extension = DeadlineExtension.objects.get()
    assert (extension.unit, extension.extended_until, extension.reason, extension.granted_by) == (
        unit_harbin,
        until,
        "汛期停电",
        staff_user,
    )
    event = events_for(campaign).get()
    assert (event.code, event.actor, event.unit) == (
        "campaign.deadline_extended",
        staff_user,
        unit_harbin,
    )
    assert event.data == {"until": until.isoformat(), "reason": "汛期停电", "replaced": False}
    assert submitted.status_code == 302
    assert messages_of(submitted) == [SUBMITTED]
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_extensions_page_refuses_date_before_deadline(staff_client, unit_harbin, campaign):
    until = timezone.localtime(campaign.electronic_deadline) - timedelta(days=1)

    response = staff_client.post(
        reverse("nominations:extensions"),
        {"unit": unit_harbin.pk, "until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "停电"},
    )

    assert response.status_code == 200
    assert "延长后的截止时间须晚于原截止时间。" in response.content.decode()
    assert DeadlineExtension.objects.count() == 0
    assert AuditEvent.objects.filter(code="campaign.deadline_extended").count() == 0


def test_extensions_page_lists_granted_extensions(staff_client, unit_harbin, campaign):
    until = timezone.localtime(campaign.electronic_deadline) + timedelta(days=2)
    staff_client.post(
        reverse("nominations:extensions"),
        {"unit": unit_harbin.pk, "until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "汛期停电"},
    )

    response = staff_client.get(reverse("nominations:extensions"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<td>{HARBIN}</td>" in html
    assert f'<td class="text-nowrap">{show_datetime(until)}</td>' in html
    assert "<td>汛期停电</td>" in html


# --- Two clerks, one draft; one person, two units -----------------------------------


def test_second_save_of_same_version_gets_conflict_and_keeps_typed_data(
    clerk_client, unit_harbin, make_nomination
):
    first_clerk = UserFactory(role=Role.CLERK, unit=unit_harbin, full_name="赵丽")
    first_client = Client()
    first_client.force_login(first_clerk)
    nomination = make_nomination(complete=False, name="孙立新")
    loaded = nomination_data(nomination)
    assert loaded["version"] == "1"

    first = first_client.post(edit_url(nomination), {**loaded, "employer_name": "第一机械厂"})
    second = clerk_client.post(edit_url(nomination), {**loaded, "employer_name": "第二机械厂"})

    assert first.status_code == 302
    assert second.status_code == 409
    nomination.refresh_from_db()
    saved_at = show_datetime(nomination.updated_at)
    assert messages_of(second) == [
        f"赵丽已于{saved_at}保存了该推荐，您的修改尚未保存。请核对下方内容后重新保存。"
        "再次点击“保存”将以您页面上的内容覆盖。"
    ]
    assert 'name="employer_name" value="第二机械厂"' in second.content.decode()
    assert (nomination.employer_name, nomination.version) == ("第一机械厂", 2)
    assert hidden_version(second.content) == "2"

    again = clerk_client.post(
        edit_url(nomination),
        {**loaded, "employer_name": "第二机械厂", "version": hidden_version(second.content)},
    )

    assert again.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.employer_name, nomination.version) == ("第二机械厂", 3)


def test_duplicate_id_number_from_other_unit_reveals_nothing(
    other_clerk_client, unit_qiqihar, make_nomination
):
    make_nomination(name="欧阳明辉", id_number=MAN_ID, sex="1", birth_month=date(1985, 3, 1))
    data = form_data({"name": "钱卫东", "id_number": MAN_ID, "employer_name": "齐齐哈尔车辆厂"})

    response = other_clerk_client.post(reverse("nominations:create"), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_id_number") == [DUPLICATE]
    html = response.content.decode()
    assert 'name="name" value="钱卫东"' in html
    assert HARBIN not in html
    assert "欧阳明辉" not in html
    assert "哈尔滨松江精密机械有限公司" not in html
    assert Nomination.objects.filter(unit=unit_qiqihar).count() == 0


def test_duplicate_id_number_on_edit_is_refused(other_clerk_client, unit_qiqihar, make_nomination):
    make_nomination(name="欧阳明辉", id_number=MAN_ID, sex="1", birth_month=date(1985, 3, 1))
    own = make_nomination(unit=unit_qiqihar, complete=False, name="钱卫东")

    response = other_clerk_client.post(edit_url(own), nomination_data(own, id_number=MAN_ID))

    assert response.status_code == 200
    assert field_errors(response.content, "id_id_number") == [DUPLICATE]
    assert "欧阳明辉" not in response.content.decode()
    own.refresh_from_db()
    assert (own.id_number, own.version) == ("", 1)


def test_id_number_of_cancelled_nomination_can_be_used_again(
    other_clerk_client, unit_qiqihar, make_nomination
):
    make_nomination(
        name="欧阳明辉", id_number=MAN_ID, sex="1", birth_month=date(1985, 3, 1), status="cancelled"
    )
    data = form_data({"name": "欧阳明辉", "id_number": MAN_ID})

    response = other_clerk_client.post(reverse("nominations:create"), data)

    assert response.status_code == 302
    assert Nomination.objects.get(unit=unit_qiqihar).id_number == MAN_ID


# --- Workflow buttons ---------------------------------------------------------------


def test_detail_of_draft_offers_edit_submit_and_cancel(clerk_client, make_nomination):
    nomination = make_nomination()

    html = clerk_client.get(detail_url(nomination)).content.decode()

    assert f'href="{edit_url(nomination)}"' in html
    assert f'action="{reverse("nominations:submit", kwargs={"pk": nomination.pk})}"' in html
    assert f'action="{reverse("nominations:cancel", kwargs={"pk": nomination.pk})}"' in html
    assert f'action="{reverse("nominations:withdraw", kwargs={"pk": nomination.pk})}"' not in html
    assert reverse("nominations:history", kwargs={"pk": nomination.pk}) not in html


def test_detail_of_submitted_offers_only_withdraw(clerk_client, make_nomination):
    nomination = make_nomination(status="submitted")

    html = clerk_client.get(detail_url(nomination)).content.decode()

    assert f'href="{edit_url(nomination)}"' not in html
    assert f'action="{reverse("nominations:submit", kwargs={"pk": nomination.pk})}"' not in html
    assert f'action="{reverse("nominations:cancel", kwargs={"pk": nomination.pk})}"' not in html
    assert f'action="{reverse("nominations:withdraw", kwargs={"pk": nomination.pk})}"' in html


def test_detail_for_staff_offers_history_and_no_buttons(staff_client, make_nomination):
    nomination = make_nomination(status="submitted")

    html = staff_client.get(detail_url(nomination)).content.decode()

    assert f'href="{reverse("nominations:history", kwargs={"pk": nomination.pk})}"' in html
    assert f'action="{reverse("nominations:withdraw", kwargs={"pk": nomination.pk})}"' not in html


def test_withdraw_returns_submitted_nomination_to_draft(clerk_client, clerk, make_nomination):
    nomination = make_nomination(status="submitted")

    response = clerk_client.post(reverse("nominations:withdraw", kwargs={"pk": nomination.pk}))

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    assert messages_of(response) == ["已撤回为草稿，修改后请重新提交。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    event = last_event(nomination)
    assert (event.code, event.actor) == ("nomination.withdrawn", clerk)
    assert event.data == {"from": "submitted", "to": "draft"}


def test_cancel_draft_closes_up_ranking(clerk_client, clerk, make_nomination):
    first = make_nomination(complete=False, name="甲")
    second = make_nomination(complete=False, name="乙")

    response = clerk_client.post(reverse("nominations:cancel", kwargs={"pk": first.pk}))

    assert response.status_code == 302
    assert response["Location"] == detail_url(first)
    assert messages_of(response) == ["草稿已作废。"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.unit_rank == 1
    event = last_event(first)
    assert (event.code, event.actor) == ("nomination.cancelled", clerk)
    assert event.data == {"from": "draft", "to": "cancelled"}


def test_cancel_submitted_is_refused_with_message(clerk_client, make_nomination):
    nomination = make_nomination(status="submitted")

    response = clerk_client.post(reverse("nominations:cancel", kwargs={"pk": nomination.pk}))

    assert response.status_code == 302
    assert messages_of(response) == ["“已提交”状态下不能作废。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED
    assert "nomination.cancelled" not in event_codes(nomination)


def test_withdraw_draft_is_refused_with_message(clerk_client, make_nomination):
    nomination = make_nomination(complete=False)

    response = clerk_client.post(reverse("nominations:withdraw", kwargs={"pk": nomination.pk}))

    assert messages_of(response) == ["“草稿”状态下不能撤回修改。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT


def test_move_up_swaps_with_previous_candidate(clerk_client, clerk, make_nomination):
    for name in ("甲", "乙"):
        make_nomination(complete=False, name=name)
    c = make_nomination(complete=False, name="丙")

    response = clerk_client.post(
        reverse("nominations:move", kwargs={"pk": c.pk}), {"direction": "up"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:list") + f"#row-{c.pk}"
    ranks = dict(Nomination.objects.values_list("name", "unit_rank"))
    assert ranks == {"甲": 1, "乙": 3, "丙": 2}
    event = last_event(c)
    assert (event.code, event.actor, event.data) == (
        "nomination.reordered",
        clerk,
        {"from": 3, "to": 2},
    )


def test_move_first_up_changes_nothing(clerk_client, make_nomination):
    a = make_nomination(complete=False, name="甲")
    make_nomination(complete=False, name="乙")

    response = clerk_client.post(
        reverse("nominations:move", kwargs={"pk": a.pk}), {"direction": "up"}
    )

    assert response.status_code == 302
    assert dict(Nomination.objects.values_list("name", "unit_rank")) == {"甲": 1, "乙": 2}
    assert "nomination.reordered" not in event_codes(a)


def test_move_after_deadline_is_refused(clerk_client, make_nomination):
    make_nomination(complete=False, name="甲")
    second = make_nomination(complete=False, name="乙")
    Campaign.objects.update(electronic_deadline=timezone.now() - timedelta(hours=1))

    response = clerk_client.post(
        reverse("nominations:move", kwargs={"pk": second.pk}), {"direction": "up"}
    )

    assert response.status_code == 302
    assert messages_of(response) == ["报送已截止，推荐排序不能再调整。"]
    assert dict(Nomination.objects.values_list("name", "unit_rank")) == {"甲": 1, "乙": 2}


def test_edit_of_submitted_redirects_to_detail_with_message(clerk_client, make_nomination):
    nomination = make_nomination(status="submitted")

    response = clerk_client.get(edit_url(nomination))

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    assert messages_of(response) == ["该推荐当前为“已提交”状态，不能修改。"]


# --- Files --------------------------------------------------------------------------


def test_htmx_upload_returns_panel(clerk_client, clerk, make_nomination, private_root):
    nomination = make_nomination(complete=False)

    response = clerk_client.post(
        reverse("nominations:attachment_upload", kwargs={"pk": nomination.pk}),
        {"kind": "photo", "file": png_upload("证件照.png")},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.templates[0].name == "nominations/_attachments.html"
    assert "base.html" not in [t.name for t in response.templates]
    attachment = nomination.attachments.get()
    html = response.content.decode()
    assert "文件已上传。" in html
    assert "证件照.png</a>" in html
    assert (attachment.kind, attachment.original_name, attachment.uploaded_by) == (
        "photo",
        "证件照.png",
        clerk,
    )
    assert stored_files(private_root) == [private_root / attachment.storage_name]
    event = last_event(nomination)
    assert event.code == "nomination.attachment_added"
    assert event.data["kind"] == "photo"
    assert event.data["name"] == "证件照.png"


def test_htmx_upload_of_bad_file_returns_422_with_error(
    clerk_client, make_nomination, private_root
):
    nomination = make_nomination(complete=False)
    fake = SimpleUploadedFile("photo.png", b"GIF89a not really a png", content_type="image/png")

    response = clerk_client.post(
        reverse("nominations:attachment_upload", kwargs={"pk": nomination.pk}),
        {"kind": "photo", "file": fake},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert field_errors(response.content, "id_file") == [
        "文件内容与扩展名不符，请上传真实的PNG文件。"
    ]
    assert nomination.attachments.count() == 0
    assert stored_files(private_root) == []


def test_htmx_upload_of_evidence_without_target_returns_422(clerk_client, make_nomination):
    nomination = make_nomination(complete=False)

    response = clerk_client.post(
        reverse("nominations:attachment_upload", kwargs={"pk": nomination.pk}),
        {"kind": "evidence", "file": pdf_upload()},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert field_errors(response.content, "id_proves") == ["请选择该佐证材料所证明的获奖或荣誉。"]
    assert nomination.attachments.count() == 0


def test_htmx_upload_to_submitted_nomination_returns_422(
    clerk_client, make_nomination, private_root
):
    nomination = make_nomination(status="submitted")
    before = stored_files(private_root)

    response = clerk_client.post(
        reverse("nominations:attachment_upload", kwargs={"pk": nomination.pk}),
        {"kind": "photo", "file": png_upload("new.png")},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert "该推荐已提交，如需修改请先撤回。" in response.content.decode()
    assert list(nomination.attachments.values_list("original_name", flat=True)) == [
        "photo.png",
        "honour.pdf",
    ]
    assert stored_files(private_root) == before


def test_plain_upload_redirects_to_form_attachments(clerk_client, make_nomination):
    nomination = make_nomination(complete=False)

    response = clerk_client.post(
        reverse("nominations:attachment_upload", kwargs={"pk": nomination.pk}),
        {"kind": "photo", "file": png_upload()},
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(nomination) + "#attachments"
    assert messages_of(response) == ["文件已上传。"]
    assert nomination.attachments.count() == 1


def test_htmx_delete_removes_attachment_and_file(
    clerk_client, clerk, make_nomination, private_root, django_capture_on_commit_callbacks
):
    nomination = make_nomination()
    photo = nomination.attachments.get(kind="photo")
    path = private_root / photo.storage_name
    assert path.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse(
                "nominations:attachment_delete",
                kwargs={"pk": nomination.pk, "attachment_id": photo.pk},
            ),
            HTTP_HX_REQUEST="true",
        )

    assert response.status_code == 200
    assert not Attachment.objects.filter(pk=photo.pk).exists()
    assert not path.exists()
    event = last_event(nomination)
    assert (event.code, event.actor) == ("nomination.attachment_removed", clerk)
    assert event.data == {"name": "photo.png", "sha256": photo.sha256}


def test_download_returns_stored_bytes_privately(clerk_client, make_nomination):
    nomination = make_nomination()
    evidence = nomination.attachments.get(kind="evidence")
    url = reverse(
        "nominations:attachment_download",
        kwargs={"pk": nomination.pk, "attachment_id": evidence.pk},
    )

    response = clerk_client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    # PDFs are always downloads, and every private file is sandboxed.
    assert response["Content-Disposition"] == 'attachment; filename="honour.pdf"'
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    photo = nomination.attachments.get(kind="photo")
    photo_url = reverse(
        "nominations:attachment_download", kwargs={"pk": nomination.pk, "attachment_id": photo.pk}
    )
    assert clerk_client.get(photo_url)["Content-Disposition"] == 'inline; filename="photo.png"'
    downloaded = clerk_client.get(photo_url + "?download=1")
    assert downloaded["Content-Disposition"] == 'attachment; filename="photo.png"'


def test_download_behind_nginx_answers_with_accel_redirect(staff_client, make_nomination, settings):
    settings.SENDFILE_BACKEND = "nginx"
    nomination = make_nomination()
    evidence = nomination.attachments.get(kind="evidence")

    response = staff_client.get(
        reverse(
            "nominations:attachment_download",
            kwargs={"pk": nomination.pk, "attachment_id": evidence.pk},
        )
    )

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{evidence.storage_name}"
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"


def test_download_of_other_nominations_attachment_is_404(clerk_client, make_nomination):
    nomination = make_nomination()
    other = make_nomination()
    evidence = other.attachments.get(kind="evidence")

    response = clerk_client.get(
        reverse(
            "nominations:attachment_download",
            kwargs={"pk": nomination.pk, "attachment_id": evidence.pk},
        )
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["clerk", "staff"])
def test_reveal_id_returns_full_number_and_records_it(
    role, clerk_client, clerk, staff_client, staff_user, make_nomination
):
    client, user = (clerk_client, clerk) if role == "clerk" else (staff_client, staff_user)
    nomination = make_nomination(complete=False, id_number=WOMAN_ID)

    response = client.post(reverse("nominations:reveal_id", kwargs={"pk": nomination.pk}))

    assert response.status_code == 200
    assert WOMAN_ID in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = last_event(nomination)
    assert (event.code, event.actor, event.unit, event.data) == (
        "nomination.id_revealed",
        user,
        nomination.unit,
        {},
    )
