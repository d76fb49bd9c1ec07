"""The naming notice (命名通报): prepare, edit, publish; the register it fills; its PDF."""

import hashlib

import pytest
from django.db import connection

from longjiang import pii
from longjiang.audit.models import AuditEvent
from longjiang.exceptions import IllegalTransition
from longjiang.pii import blind_index
from nominations.models import Craftsman, Nomination
from nominations.validators import mask_id_number
from publicity.models import NamingNotice
from publicity.services.naming import (
    NamingRefused,
    prepare_naming_notice,
    publish_naming_notice,
    register_final_list,
    stored_pdf,
    update_naming_notice,
)
from tests.pdftotext import pdftotext
from tests.publicity.naming_fixtures import DOC_NUMBER

pytestmark = pytest.mark.django_db

# The final list by unit: 哈尔滨 before 齐齐哈尔 (unit order), 丁 (2 strokes) before 欧阳.
ENTRIES = [
    {
        "unit": "哈尔滨市总工会",
        "people": [
            {"name": "丁建国", "employer_name": "哈尔滨松江精密机械有限公司", "post": "焊工、技师"},
            {
                "name": "欧阳明辉",
                "employer_name": "哈尔滨松江精密机械有限公司",
                "post": "数控车工、班组长",
            },
        ],
    },
    {
        "unit": "齐齐哈尔市总工会",
        "people": [{"name": "王丽", "employer_name": "齐齐哈尔第一机床厂", "post": "钳工"}],
    },
]


def _files(private_root) -> list[str]:
    directory = private_root / "naming"
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


# --- Prepare -------------------------------------------------------------------------------


def test_prepare_before_the_publicity_result_is_refused(campaign, version, staff_user):
    with pytest.raises(NamingRefused, match="公示结果尚未记录"):
        prepare_naming_notice(campaign, actor=staff_user)

    assert not NamingNotice.objects.exists()


def test_prepare_fills_the_default_title_and_text_from_the_final_list(
    campaign, final_by_unit, staff_user
):
    notice = prepare_naming_notice(campaign, actor=staff_user)

    assert notice.status == NamingNotice.Status.DRAFT
    assert notice.title == "关于选树2021年“龙江工匠”的通报"
    assert notice.doc_number == ""
    lines = notice.body.splitlines()
    assert lines[0] == "各市（地）总工会，各产业工会："
    assert "根据《关于开展2021年选树“龙江工匠”工作的通知》（黑工办发〔2021〕16号）要求" in lines[1]
    assert lines[1].endswith(
        "决定命名丁建国等3名同志为2021年“龙江工匠”，颁发荣誉证书，一次性奖励5000元。"
    )
    assert lines[-1] == "附件：2021年“龙江工匠”名单"
    assert notice.entries == []
    event = AuditEvent.objects.get(code="publicity.naming_prepared")
    assert event.actor == staff_user
    assert event.data == {"from": None, "to": "draft", "year": 2021, "count": 3}


def test_prepare_twice_is_refused(campaign, draft, staff_user):
    with pytest.raises(NamingRefused, match="已起草"):
        prepare_naming_notice(campaign, actor=staff_user)


def test_prepare_by_a_clerk_is_refused(campaign, final_by_unit, clerk):
    with pytest.raises(NamingRefused):
        prepare_naming_notice(campaign, actor=clerk)


def test_update_edits_the_draft_and_is_audited(draft, staff_user):
    import datetime

    notice = update_naming_notice(
        draft,
        actor=staff_user,
        title="关于选树2021年“龙江工匠”的通报",
        doc_number="黑工办发〔2021〕36号",
        issued_on=datetime.date(2021, 9, 18),
        body="各市（地）总工会，各产业工会：\n决定命名。",
    )

    notice.refresh_from_db()
    assert notice.doc_number == "黑工办发〔2021〕36号"
    assert notice.issued_on == datetime.date(2021, 9, 18)
    assert notice.body == "各市（地）总工会，各产业工会：\n决定命名。"
    event = AuditEvent.objects.filter(code="publicity.naming_updated").latest("pk")
    assert event.data == {
        "changed": ["doc_number", "issued_on", "body"],
        "doc_number": "黑工办发〔2021〕36号",
        "issued_on": "2021-09-18",
    }


# --- Publish ---------------------------------------------------------------------------------


def test_publish_copies_the_list_by_unit_stores_the_pdf_and_registers(
    draft, staff_user, private_root
):
    notice = publish_naming_notice(draft, actor=staff_user, confirmed=True)

    notice.refresh_from_db()
    assert notice.status == NamingNotice.Status.PUBLISHED
    assert notice.entries == ENTRIES
    assert notice.published_by == staff_user
    assert notice.published_at is not None
    content = stored_pdf(notice)
    assert hashlib.sha256(content).hexdigest() == notice.pdf_sha256
    assert _files(private_root) == [f"naming-2021-{notice.pdf_sha256}.pdf"]
    assert Craftsman.objects.filter(source=Craftsman.Source.PORTAL, year=2021).count() == 3
    event = AuditEvent.objects.get(code="publicity.naming_published")
    assert event.actor == staff_user
    assert event.data == {
        "from": "draft",
        "to": "published",
        "doc_number": DOC_NUMBER,
        "issued_on": notice.issued_on.isoformat(),
        "units": 2,
        "count": 3,
        "registered": 3,
        "sha256": notice.pdf_sha256,
    }


def test_publish_twice_is_refused_and_changes_nothing(draft, staff_user, private_root):
    published = publish_naming_notice(draft, actor=staff_user, confirmed=True)

    with pytest.raises(IllegalTransition, match="命名通报已发布"):
        publish_naming_notice(published, actor=staff_user, confirmed=True)

    published.refresh_from_db()
    assert _files(private_root) == [f"naming-2021-{published.pdf_sha256}.pdf"]
    assert AuditEvent.objects.filter(code="publicity.naming_published").count() == 1


def test_publish_without_the_confirmation_is_refused(draft, staff_user):
    with pytest.raises(NamingRefused, match="请确认"):
        publish_naming_notice(draft, actor=staff_user, confirmed=False)

    draft.refresh_from_db()
    assert draft.status == NamingNotice.Status.DRAFT


def test_publish_without_a_doc_number_is_refused(campaign, final_by_unit, staff_user, private_root):
    notice = prepare_naming_notice(campaign, actor=staff_user)

    with pytest.raises(NamingRefused, match="请先填写文号"):
        publish_naming_notice(notice, actor=staff_user, confirmed=True)

    notice.refresh_from_db()
    assert notice.status == NamingNotice.Status.DRAFT
    assert _files(private_root) == []


def test_publish_before_the_publicity_result_is_refused(
    campaign, version, staff_user, private_root
):
    # A draft where no result exists cannot be prepared through the service.
    notice = NamingNotice.objects.create(
        campaign=campaign,
        title="关于选树2021年“龙江工匠”的通报",
        doc_number=DOC_NUMBER,
        issued_on=version.approved_at.date(),
        body="决定命名。",
    )

    with pytest.raises(NamingRefused, match="公示结果尚未记录"):
        publish_naming_notice(notice, actor=staff_user, confirmed=True)

    notice.refresh_from_db()
    assert notice.status == NamingNotice.Status.DRAFT
    assert notice.entries == []
    assert _files(private_root) == []
    assert not Craftsman.objects.exists()


def test_update_after_publication_is_refused(draft, staff_user):
    published = publish_naming_notice(draft, actor=staff_user, confirmed=True)

    with pytest.raises(NamingRefused, match="另行发文"):
        update_naming_notice(
            published,
            actor=staff_user,
            title="另一个标题",
            doc_number=DOC_NUMBER,
            issued_on=published.issued_on,
            body="另一段正文。",
        )

    published.refresh_from_db()
    assert published.title == "关于选树2021年“龙江工匠”的通报"


def test_publish_lists_the_post_only_with_consent(draft, staff_user, people):
    Nomination.objects.filter(pk=people[1].pk).update(consents_publication=False)

    notice = publish_naming_notice(draft, actor=staff_user, confirmed=True)

    assert notice.entries[1]["people"] == [
        {"name": "王丽", "employer_name": "齐齐哈尔第一机床厂", "post": ""}
    ]


def test_stored_pdf_refuses_a_changed_file(draft, staff_user, private_root):
    from publicity.services.naming import StoredPdfDamaged

    notice = publish_naming_notice(draft, actor=staff_user, confirmed=True)
    path = private_root / "naming" / f"naming-2021-{notice.pdf_sha256}.pdf"
    path.write_bytes(path.read_bytes() + b"\n")

    with pytest.raises(StoredPdfDamaged):
        stored_pdf(notice)


# --- The PDF ---------------------------------------------------------------------------------


def test_pdf_prints_the_head_number_title_text_signature_and_list(draft, staff_user, people):
    notice = publish_naming_notice(draft, actor=staff_user, confirmed=True)

    text = pdftotext(stored_pdf(notice))

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[:3] == ["黑龙江省总工会办公室", DOC_NUMBER, "关于选树2021年“龙江工匠”的通报"]
    assert "各市（地）总工会，各产业工会：" in lines
    assert "附件：2021年“龙江工匠”名单" in lines
    assert lines.count("黑龙江省总工会办公室") == 2
    assert notice.issued_on.strftime("%Y年%-m月%-d日") in lines
    assert "— 1 —" in lines and "— 2 —" in lines
    attachment = lines[lines.index("附件") :]
    assert attachment[:-1] == [
        "附件",
        "2021年“龙江工匠”名单",
        "哈尔滨市总工会（2人）",
        "1",
        "丁建国",
        "哈尔滨松江精密机械有限公司",
        "2",
        "欧阳明辉",
        "哈尔滨松江精密机械有限公司",
        "齐齐哈尔市总工会（1人）",
        "3",
        "王丽",
        "齐齐哈尔第一机床厂",
    ]
    # The attachment starts a page of its own, the last one.
    assert attachment[-1] == f"— {text.count(chr(12))} —"
    for person in people:
        assert person.id_number not in text
        assert person.mobile not in text


# --- The register ----------------------------------------------------------------------------


def test_register_final_list_adds_each_person_once(campaign, final_by_unit, staff_user, people):
    assert register_final_list(campaign, actor=staff_user) == 3
    assert register_final_list(campaign, actor=staff_user) == 0

    rows = {row.name: row for row in Craftsman.objects.all()}
    assert sorted(rows) == ["丁建国", "欧阳明辉", "王丽"]
    wang = rows["王丽"]
    nomination = people[1]
    assert wang.year == 2021
    assert wang.source == Craftsman.Source.PORTAL
    assert wang.nomination_id == nomination.pk
    assert wang.employer_name == "齐齐哈尔第一机床厂"
    assert wang.unit.code == "230200"
    assert wang.industry == nomination.industry
    assert wang.post == "钳工"
    assert wang.brief_deeds == nomination.brief_deeds
    assert wang.name_order == nomination.name_order
    assert wang.created_by == staff_user
    events = AuditEvent.objects.filter(code="publicity.craftsmen_registered")
    assert [e.data for e in events] == [{"year": 2021, "count": 3, "linked": 0}]


def test_register_final_list_copies_the_id_number_encrypted(
    campaign, final_by_unit, staff_user, people
):
    register_final_list(campaign, actor=staff_user)

    nomination = people[0]
    row = Craftsman.objects.get(nomination=nomination)
    assert row.id_number == nomination.id_number
    assert row.id_number_index == blind_index(nomination.id_number)
    assert row.id_number_masked == mask_id_number(nomination.id_number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM nominations_craftsman WHERE id = %s", [row.pk])
        stored = cursor.fetchone()[0]
    assert nomination.id_number not in stored
    assert pii.decrypt(stored) == nomination.id_number


def test_register_final_list_links_an_imported_row_of_the_same_person(
    campaign, final_by_unit, staff_user, people
):
    nomination = people[2]
    imported = Craftsman.objects.create(
        year=2021,
        name="丁建国",
        employer_name="哈尔滨松江精密机械有限公司",
        id_number=nomination.id_number,
        id_number_index=blind_index(nomination.id_number),
        id_number_masked=mask_id_number(nomination.id_number),
        source=Craftsman.Source.IMPORTED,
    )

    assert register_final_list(campaign, actor=staff_user) == 2

    imported.refresh_from_db()
    assert imported.nomination_id == nomination.pk
    assert Craftsman.objects.count() == 3


def test_register_final_list_before_the_result_adds_nobody(campaign, version, staff_user):
    assert register_final_list(campaign, actor=staff_user) == 0
    assert not Craftsman.objects.exists()
    assert not AuditEvent.objects.filter(code="publicity.craftsmen_registered").exists()


def test_register_final_list_masks_personal_numbers_in_post_and_employer(
    campaign, final_by_unit, staff_user, people
):
    from review.models import ListEntry

    wang = people[1]
    Nomination.objects.filter(pk=wang.pk).update(post="钳工 13912345678")
    ListEntry.objects.filter(nomination=wang).update(
        employer_name="齐齐哈尔第一机床厂 230102199001011234"
    )

    register_final_list(campaign, actor=staff_user)

    row = Craftsman.objects.get(nomination=wang)
    assert row.post == "钳工 ***********"
    assert row.employer_name == "齐齐哈尔第一机床厂 " + "*" * 18
