"""The nomination services: their effects, their refusals and their audit events."""

import hashlib
import importlib
import io
import json
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from longjiang import pii
from longjiang.accounts.models import Role, Unit
from longjiang.audit.models import AuditEvent
from longjiang.exceptions import ConflictError, DomainError
from longjiang.uploads import private_path
from nominations import attachment1
from nominations.models import Attachment, Campaign, Nomination, Revision
from nominations.services import (
    DeadlinePassed,
    DuplicateNomination,
    IncompleteNomination,
    NotEditable,
    add_attachment,
    cancel_nomination,
    create_nomination,
    grant_deadline_extension,
    move_nomination,
    remove_attachment,
    reveal_id_number,
    save_draft,
    submit_nomination,
    withdraw_nomination,
)
from nominations.workflow import Status
from tests.factories import (
    UserFactory,
    complete_fields,
    complete_rows,
    pdf_bytes,
    pdf_upload,
    png_bytes,
    png_upload,
    valid_id_number,
)

pytestmark = pytest.mark.django_db

DUPLICATE_MESSAGE = "该公民身份号码已在本年度被推荐，不能重复推荐。"


def last_event(code: str) -> AuditEvent:
    return AuditEvent.objects.filter(code=code).latest("id")


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file())


def ranks(unit: Unit) -> dict[str, int]:
    active = Nomination.objects.filter(unit=unit).exclude(status=Status.CANCELLED)
    return dict(active.values_list("name", "unit_rank"))


# --- create_nomination ----------------------------------------------------------------


def test_create_nomination_ranks_after_the_units_existing_ones(
    campaign, clerk, other_clerk, unit_harbin, unit_qiqihar
):
    first = create_nomination(campaign, unit=unit_harbin, actor=clerk, fields={"name": "甲"})
    second = create_nomination(campaign, unit=unit_harbin, actor=clerk, fields={"name": "乙"})
    other = create_nomination(campaign, unit=unit_qiqihar, actor=other_clerk, fields={"name": "丙"})

    assert (first.unit_rank, second.unit_rank, other.unit_rank) == (1, 2, 1)


def test_create_nomination_starts_a_draft_and_records_the_event(campaign, clerk, unit_harbin):
    nomination = create_nomination(
        campaign, unit=unit_harbin, actor=clerk, fields=complete_fields(), rows=complete_rows()
    )

    nomination.refresh_from_db()
    assert (nomination.status, nomination.version) == (Status.DRAFT, 1)
    assert (nomination.created_by, nomination.updated_by) == (clerk, clerk)
    assert list(nomination.honours.values_list("title", flat=True)) == ["黑龙江省五一劳动奖章"]
    event = last_event("nomination.created")
    assert (event.actor, event.unit, event.subject_id) == (clerk, unit_harbin, nomination.pk)
    assert event.data == {"name": "张建国", "rank": 1}


def test_create_nomination_after_a_cancellation_takes_the_next_free_rank(
    make_nomination, campaign, clerk, unit_harbin
):
    make_nomination(complete=False, name="甲")
    make_nomination(complete=False, name="乙", status=Status.CANCELLED)

    third = create_nomination(campaign, unit=unit_harbin, actor=clerk, fields={"name": "丙"})

    assert third.unit_rank == 2


def test_create_nomination_for_the_province_raises(campaign, staff_user):
    province = Unit.objects.get(code="230000")

    with pytest.raises(DomainError):
        create_nomination(campaign, unit=province, actor=staff_user, fields={"name": "甲"})

    assert Nomination.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_create_nomination_keys_the_name_in_surname_stroke_order(campaign, clerk, unit_harbin):
    nomination = create_nomination(
        campaign, unit=unit_harbin, actor=clerk, fields={"name": "欧阳春"}
    )

    nomination.refresh_from_db()
    # 欧 8 strokes 横, 阳 6 折, 春 9 横, each with its place in 通用规范汉字表.
    assert nomination.name_order == "081000105306500005720910001355"


def test_name_order_migration_keys_existing_nominations(make_nomination):
    nomination = make_nomination(complete=False, name="王秀英")
    Nomination.objects.filter(pk=nomination.pk).update(name_order="")
    migration = importlib.import_module("nominations.migrations.0004_name_order")

    migration.fill_name_order(django_apps, None)

    nomination.refresh_from_db()
    assert nomination.name_order == "041000007507300007650810001006"


# --- save_draft -------------------------------------------------------------------------


def test_save_draft_increments_version_and_lists_changed_fields(make_nomination, clerk):
    nomination = make_nomination(complete=False, name="李秀英")

    saved = save_draft(
        nomination,
        actor=clerk,
        expected_version=1,
        fields={"name": "李秀英", "post": "焊工", "years_in_trade": 12},
        rows=complete_rows(),
    )

    saved.refresh_from_db()
    assert saved.version == 2
    assert (saved.post, saved.years_in_trade) == ("焊工", 12)
    assert saved.honours.count() == 1
    event = last_event("nomination.draft_saved")
    assert (event.actor, event.subject_id) == (clerk, nomination.pk)
    assert event.data == {"changed": ["post", "years_in_trade", "honours"], "version": 2}


def test_save_draft_of_a_new_name_keys_it_again(make_nomination, clerk):
    nomination = make_nomination(complete=False, name="李秀英")

    saved = save_draft(nomination, actor=clerk, expected_version=1, fields={"name": "王秀英"})

    saved.refresh_from_db()
    assert saved.name_order == "041000007507300007650810001006"
    assert last_event("nomination.draft_saved").data == {"changed": ["name"], "version": 2}


def test_save_draft_with_a_stale_version_raises_conflict_and_writes_nothing(
    make_nomination, clerk, unit_harbin
):
    colleague = UserFactory(role=Role.CLERK, unit=unit_harbin)
    nomination = make_nomination(complete=False)
    save_draft(nomination, actor=clerk, expected_version=1, fields={"post": "车工"})
    events_before = AuditEvent.objects.count()

    with pytest.raises(ConflictError) as excinfo:
        save_draft(nomination, actor=colleague, expected_version=1, fields={"post": "焊工"})

    nomination.refresh_from_db()
    assert (nomination.post, nomination.version, nomination.updated_by) == ("车工", 2, clerk)
    assert AuditEvent.objects.count() == events_before
    assert clerk.full_name in str(excinfo.value.message)


def test_save_draft_of_a_submitted_nomination_raises_not_editable(make_nomination, clerk):
    nomination = make_nomination(status=Status.SUBMITTED)

    with pytest.raises(NotEditable):
        save_draft(nomination, actor=clerk, expected_version=nomination.version, fields={})

    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


# --- Duplicate ID numbers ---------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED])
def test_create_nomination_with_an_id_number_nominated_elsewhere_raises_duplicate(
    make_nomination, campaign, other_clerk, unit_qiqihar, status
):
    first = make_nomination(status=status, name="王堃")

    with pytest.raises(DuplicateNomination) as excinfo:
        create_nomination(
            campaign,
            unit=unit_qiqihar,
            actor=other_clerk,
            fields={"name": "赵淼", "id_number": first.id_number},
        )

    message = str(excinfo.value.message)
    assert message == DUPLICATE_MESSAGE
    assert "哈尔滨" not in message
    assert "王堃" not in message
    assert not Nomination.objects.filter(unit=unit_qiqihar).exists()


def test_save_draft_with_an_id_number_nominated_elsewhere_raises_duplicate(
    make_nomination, other_clerk, unit_qiqihar
):
    first = make_nomination()
    draft = make_nomination(unit=unit_qiqihar, complete=False)
    events_before = AuditEvent.objects.count()

    with pytest.raises(DuplicateNomination):
        save_draft(
            draft, actor=other_clerk, expected_version=1, fields={"id_number": first.id_number}
        )

    draft.refresh_from_db()
    assert (draft.id_number, draft.id_number_index, draft.version) == ("", None, 1)
    assert AuditEvent.objects.count() == events_before


def test_create_nomination_after_the_other_is_cancelled_accepts_the_id_number(
    make_nomination, campaign, other_clerk, unit_qiqihar
):
    first = make_nomination(status=Status.CANCELLED)

    second = create_nomination(
        campaign,
        unit=unit_qiqihar,
        actor=other_clerk,
        fields={"name": "赵淼", "id_number": first.id_number},
    )

    assert second.id_number_index == first.id_number_index


# --- submit_nomination: refusals --------------------------------------------------------


def test_submit_nomination_without_a_photo_raises_incomplete(campaign, clerk, unit_harbin):
    nomination = create_nomination(
        campaign, unit=unit_harbin, actor=clerk, fields=complete_fields()
    )

    with pytest.raises(IncompleteNomination) as excinfo:
        submit_nomination(nomination, actor=clerk)

    assert excinfo.value.problems == {"photo": ["提交前须上传本人近期正面免冠彩色照片。"]}
    nomination.refresh_from_db()
    assert (nomination.status, nomination.version) == (Status.DRAFT, 1)
    assert not Revision.objects.exists()
    assert not AuditEvent.objects.filter(code="nomination.submitted").exists()


def test_submit_nomination_with_competition_and_no_qualifying_award_raises_incomplete(
    campaign, clerk, unit_harbin
):
    rows = {
        "awards": [
            {"name": "黑龙江省焊工技能比武", "level": "provincial_2", "rank": 1},
            {"name": "全国焊工职业技能竞赛", "level": "national_1", "rank": 4},
        ]
    }
    nomination = create_nomination(
        campaign,
        unit=unit_harbin,
        actor=clerk,
        fields=complete_fields(criteria=["skill", "competition"]),
        rows=rows,
    )
    add_attachment(nomination, actor=clerk, kind=Attachment.Kind.PHOTO, upload=png_upload())
    first_award = nomination.awards.get(name="黑龙江省焊工技能比武")
    add_attachment(
        nomination,
        actor=clerk,
        kind=Attachment.Kind.EVIDENCE,
        upload=pdf_upload(),
        award=first_award,
    )

    with pytest.raises(IncompleteNomination) as excinfo:
        submit_nomination(nomination, actor=clerk)

    problems = excinfo.value.problems
    assert set(problems) == {"criteria", "awards"}
    assert problems["awards"] == ["竞赛获奖“全国焊工职业技能竞赛”缺少佐证材料。"]
    assert len(problems["criteria"]) == 1


def test_submit_nomination_with_a_qualifying_proven_award_succeeds(campaign, clerk, unit_harbin):
    rows = {"awards": [{"name": "全国焊工职业技能竞赛", "level": "national_1", "rank": 3}]}
    nomination = create_nomination(
        campaign,
        unit=unit_harbin,
        actor=clerk,
        fields=complete_fields(criteria=["competition"]),
        rows=rows,
    )
    add_attachment(nomination, actor=clerk, kind=Attachment.Kind.PHOTO, upload=png_upload())
    award = nomination.awards.get()
    add_attachment(
        nomination, actor=clerk, kind=Attachment.Kind.EVIDENCE, upload=pdf_upload(), award=award
    )

    submitted = submit_nomination(nomination, actor=clerk)

    assert submitted.status == Status.SUBMITTED


def test_submit_nomination_with_an_unproven_honour_raises_incomplete(make_nomination, clerk):
    nomination = make_nomination()
    evidence = nomination.attachments.get(kind=Attachment.Kind.EVIDENCE)
    remove_attachment(evidence, actor=clerk)

    with pytest.raises(IncompleteNomination) as excinfo:
        submit_nomination(nomination, actor=clerk)

    assert excinfo.value.problems == {"honours": ["荣誉“黑龙江省五一劳动奖章”缺少佐证材料。"]}


def test_submit_nomination_with_sex_contradicting_the_id_number_raises_incomplete(
    make_nomination, clerk
):
    male_id = valid_id_number(date(1980, 5, 17), "1", seq=7)
    nomination = make_nomination(id_number=male_id, sex="2")

    with pytest.raises(IncompleteNomination) as excinfo:
        submit_nomination(nomination, actor=clerk)

    assert excinfo.value.problems == {"sex": ["性别与公民身份号码不一致（号码显示为男）。"]}


def test_submit_nomination_of_a_bare_draft_lists_every_missing_item(make_nomination, clerk):
    nomination = make_nomination(complete=False)

    with pytest.raises(IncompleteNomination) as excinfo:
        submit_nomination(nomination, actor=clerk)

    # The name was given and the nationality defaults to 中国; everything else is missing.
    expected = (
        (attachment1.REQUIRED_AT_SUBMIT - {"name", "nationality"})
        | set(attachment1.REQUIRED_DECLARATIONS)
        | {"photo"}
    )
    assert set(excinfo.value.problems) == expected


def test_submit_nomination_after_the_deadline_raises_deadline_passed(
    make_nomination, clerk, campaign
):
    nomination = make_nomination()
    late = campaign.electronic_deadline + timedelta(seconds=1)

    with pytest.raises(DeadlinePassed):
        submit_nomination(nomination, actor=clerk, now=late)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.submitted_at) == (Status.DRAFT, None)
    assert not Revision.objects.exists()


def test_submit_nomination_at_the_deadline_succeeds(make_nomination, clerk, campaign):
    nomination = make_nomination()

    submitted = submit_nomination(nomination, actor=clerk, now=campaign.electronic_deadline)

    assert (submitted.status, submitted.submitted_at) == (
        Status.SUBMITTED,
        campaign.electronic_deadline,
    )


def test_submit_nomination_after_the_deadline_with_an_extension_succeeds(
    make_nomination, clerk, staff_user, campaign, unit_harbin
):
    nomination = make_nomination()
    until = campaign.electronic_deadline + timedelta(days=3)
    late = campaign.electronic_deadline + timedelta(days=1)

    extension = grant_deadline_extension(
        campaign, unit=unit_harbin, until=until, reason="系统故障，延长三天", actor=staff_user
    )
    submitted = submit_nomination(nomination, actor=clerk, now=late)

    assert (extension.extended_until, extension.granted_by) == (until, staff_user)
    assert (submitted.status, submitted.submitted_at) == (Status.SUBMITTED, late)
    event = last_event("campaign.deadline_extended")
    assert (event.actor, event.unit, event.subject_id) == (staff_user, unit_harbin, campaign.pk)
    assert event.subject_type.model_class() is Campaign
    assert event.data == {
        "until": until.isoformat(),
        "reason": "系统故障，延长三天",
        "replaced": False,
    }


def test_submit_nomination_late_with_another_units_extension_raises_deadline_passed(
    make_nomination, clerk, staff_user, campaign, unit_qiqihar
):
    nomination = make_nomination()
    grant_deadline_extension(
        campaign,
        unit=unit_qiqihar,
        until=campaign.electronic_deadline + timedelta(days=3),
        reason="系统故障",
        actor=staff_user,
    )

    with pytest.raises(DeadlinePassed):
        submit_nomination(
            nomination, actor=clerk, now=campaign.electronic_deadline + timedelta(days=1)
        )


def test_grant_deadline_extension_again_replaces_the_first(campaign, staff_user, unit_harbin):
    first_until = campaign.electronic_deadline + timedelta(days=1)
    second_until = campaign.electronic_deadline + timedelta(days=2)
    grant_deadline_extension(
        campaign, unit=unit_harbin, until=first_until, reason="一", actor=staff_user
    )

    grant_deadline_extension(
        campaign, unit=unit_harbin, until=second_until, reason="二", actor=staff_user
    )

    assert list(campaign.extensions.values_list("extended_until", flat=True)) == [second_until]
    assert last_event("campaign.deadline_extended").data["replaced"] is True


@pytest.mark.parametrize(("days", "reason"), [(0, "系统故障"), (-1, "系统故障"), (1, "  ")])
def test_grant_deadline_extension_without_a_later_date_or_reason_raises(
    campaign, staff_user, unit_harbin, days, reason
):
    until = campaign.electronic_deadline + timedelta(days=days)

    with pytest.raises(DomainError):
        grant_deadline_extension(
            campaign, unit=unit_harbin, until=until, reason=reason, actor=staff_user
        )

    assert not campaign.extensions.exists()
    assert AuditEvent.objects.count() == 0


# --- submit_nomination: effects ---------------------------------------------------------


def test_submit_nomination_creates_revision_one_without_personal_numbers(make_nomination, clerk):
    nomination = make_nomination(status=Status.SUBMITTED)

    revision = nomination.revisions.get()
    snapshot = revision.snapshot
    assert (revision.number, revision.created_by) == (1, clerk)
    assert snapshot["id_number"] == "2301**********" + nomination.id_number[-4:]
    assert snapshot["mobile"] == "138****8000"
    assert len(snapshot["id_number_fingerprint"]) == 16
    assert "13800138000" not in json.dumps(snapshot)
    assert snapshot["name"] == "张建国"
    assert snapshot["birth_month"] == "1980-05-01"
    assert [h["title"] for h in snapshot["honours"]] == ["黑龙江省五一劳动奖章"]
    assert sorted(a["kind"] for a in snapshot["attachments"]) == ["evidence", "photo"]
    dumped = json.dumps(snapshot, ensure_ascii=False)
    assert nomination.id_number not in dumped
    assert "13800138000" not in dumped


def test_submit_nomination_after_withdrawal_creates_revision_two(make_nomination, clerk):
    nomination = make_nomination(status=Status.SUBMITTED)
    withdrawn = withdraw_nomination(nomination, actor=clerk)
    save_draft(withdrawn, actor=clerk, expected_version=withdrawn.version, fields={"post": "焊工"})

    submit_nomination(nomination, actor=clerk)

    snapshots = dict(nomination.revisions.values_list("number", "snapshot"))
    assert sorted(snapshots) == [1, 2]
    assert (snapshots[1]["post"], snapshots[2]["post"]) == ("数控车工", "焊工")


def test_submit_nomination_mails_the_units_active_clerks_on_commit(
    make_nomination, clerk, other_clerk, unit_harbin, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(role=Role.CLERK, unit=unit_harbin, username="clerk_harbin_2")
    UserFactory(role=Role.CLERK, unit=unit_harbin, username="clerk_harbin_gone", is_active=False)
    nomination = make_nomination()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_nomination(nomination, actor=clerk)

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject == "【2021年“龙江工匠”选树】推荐人选“张建国”已提交"
    assert sorted(mail.to) == ["clerk_harbin@example.org", "clerk_harbin_2@example.org"]
    assert "推荐排序第1位" in mail.body
    assert nomination.id_number not in mail.body
    assert "13800138000" not in mail.body


def test_submit_nomination_refused_sends_no_mail(
    make_nomination, clerk, django_capture_on_commit_callbacks, mailoutbox
):
    nomination = make_nomination(complete=False)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(IncompleteNomination),
    ):
        submit_nomination(nomination, actor=clerk)

    assert callbacks == []
    assert mailoutbox == []


# --- Personal data at rest --------------------------------------------------------------


def test_id_number_is_stored_encrypted_with_blind_index_and_mask(make_nomination):
    id_number = valid_id_number(date(1980, 5, 17), "1", seq=42)
    nomination = make_nomination(id_number=id_number)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, id_number_index, id_number_masked, mobile"
            " FROM nominations_nomination WHERE id = %s",
            [nomination.pk],
        )
        raw_id, index, masked, raw_mobile = cursor.fetchone()

    assert id_number not in raw_id
    assert pii.decrypt(raw_id) == id_number
    assert index == pii.blind_index(id_number)
    assert masked == "2301**********" + id_number[-4:]
    assert "13800138000" not in raw_mobile
    assert pii.decrypt(raw_mobile) == "13800138000"
    assert Nomination.objects.get(pk=nomination.pk).id_number == id_number


def test_audit_events_never_hold_the_id_number_or_mobile(make_nomination, clerk, staff_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    withdraw_nomination(nomination, actor=clerk)
    reveal_id_number(nomination, actor=staff_user)

    dumped = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)))

    assert nomination.id_number not in dumped
    assert "13800138000" not in dumped


def test_reveal_id_number_returns_it_and_records_who_saw_it(make_nomination, staff_user):
    nomination = make_nomination()

    revealed = reveal_id_number(nomination, actor=staff_user)

    assert revealed == nomination.id_number
    event = last_event("nomination.id_revealed")
    assert (event.actor, event.unit, event.subject_id) == (
        staff_user,
        nomination.unit,
        nomination.pk,
    )
    assert event.data == {}


# --- Ranking ----------------------------------------------------------------------------


def test_move_nomination_up_swaps_ranks_with_the_one_above(make_nomination, clerk, unit_harbin):
    make_nomination(complete=False, name="甲")
    make_nomination(complete=False, name="乙")
    third = make_nomination(complete=False, name="丙")

    moved = move_nomination(third, actor=clerk, offset=-1)

    assert moved.unit_rank == 2
    assert ranks(unit_harbin) == {"甲": 1, "乙": 3, "丙": 2}
    event = last_event("nomination.reordered")
    assert (event.actor, event.subject_id, event.data) == (clerk, third.pk, {"from": 3, "to": 2})


def test_move_nomination_down_swaps_ranks_with_the_one_below(make_nomination, clerk, unit_harbin):
    first = make_nomination(complete=False, name="甲")
    make_nomination(complete=False, name="乙")

    move_nomination(first, actor=clerk, offset=1)

    assert ranks(unit_harbin) == {"甲": 2, "乙": 1}


def test_move_nomination_first_up_changes_nothing(make_nomination, clerk, unit_harbin):
    first = make_nomination(complete=False, name="甲")
    make_nomination(complete=False, name="乙")

    moved = move_nomination(first, actor=clerk, offset=-1)

    assert moved.unit_rank == 1
    assert ranks(unit_harbin) == {"甲": 1, "乙": 2}
    assert not AuditEvent.objects.filter(code="nomination.reordered").exists()


def test_move_nomination_after_the_deadline_raises_deadline_passed(
    make_nomination, clerk, campaign, unit_harbin
):
    first = make_nomination(complete=False, name="甲")
    make_nomination(complete=False, name="乙")
    past = timezone.now() - timedelta(days=1)
    Campaign.objects.filter(pk=campaign.pk).update(electronic_deadline=past, paper_deadline=past)

    with pytest.raises(DeadlinePassed):
        move_nomination(first, actor=clerk, offset=1)

    assert ranks(unit_harbin) == {"甲": 1, "乙": 2}


def test_cancel_nomination_closes_up_the_ranking(make_nomination, clerk, unit_harbin):
    make_nomination(complete=False, name="甲")
    second = make_nomination(complete=False, name="乙")
    make_nomination(complete=False, name="丙")

    cancelled = cancel_nomination(second, actor=clerk)

    assert cancelled.status == Status.CANCELLED
    assert ranks(unit_harbin) == {"甲": 1, "丙": 2}


# --- Attachments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind", "code"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", Attachment.Kind.EVIDENCE, "file_type"),
        ("scan.jpg", pdf_bytes(), Attachment.Kind.EVIDENCE, "file_signature"),
        ("photo.pdf", pdf_bytes(), Attachment.Kind.PHOTO, "file_type"),
        ("photo.png", png_bytes((200, 300)), Attachment.Kind.PHOTO, "photo_too_small"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, Attachment.Kind.PHOTO, "image_invalid"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n", Attachment.Kind.EVIDENCE, "pdf_invalid"),
    ],
)
def test_add_attachment_with_a_bad_file_raises_and_stores_nothing(
    make_nomination, clerk, private_root, name, content, kind, code
):
    nomination = make_nomination(complete=False)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        add_attachment(nomination, actor=clerk, kind=kind, upload=SimpleUploadedFile(name, content))

    assert excinfo.value.code == code
    assert not nomination.attachments.exists()
    assert stored_files(private_root) == []
    assert AuditEvent.objects.count() == events_before


def test_add_attachment_over_the_size_limit_raises(make_nomination, clerk, private_root, settings):
    settings.UPLOAD_LIMITS = {"photo": 1024, "evidence": 1024}
    nomination = make_nomination(complete=False)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF")

    with pytest.raises(ValidationError) as excinfo:
        add_attachment(nomination, actor=clerk, kind=Attachment.Kind.EVIDENCE, upload=big)

    assert excinfo.value.code == "file_size"
    assert not nomination.attachments.exists()
    assert stored_files(private_root) == []


def test_add_attachment_stores_a_pdf_unchanged_under_a_random_name(
    make_nomination, clerk, campaign
):
    nomination = make_nomination(complete=False)
    content = pdf_bytes()

    attachment = add_attachment(
        nomination,
        actor=clerk,
        kind=Attachment.Kind.EVIDENCE,
        upload=SimpleUploadedFile("证书.pdf", content),
    )

    assert private_path(attachment.storage_name).read_bytes() == content
    assert attachment.storage_name.startswith(f"nominations/{campaign.pk}/")
    assert attachment.storage_name.endswith(".pdf")
    assert "证书" not in attachment.storage_name
    assert (attachment.original_name, attachment.content_type) == ("证书.pdf", "application/pdf")
    assert (attachment.size, attachment.sha256) == (
        len(content),
        hashlib.sha256(content).hexdigest(),
    )


def test_add_attachment_reencodes_a_png_without_its_metadata(make_nomination, clerk):
    nomination = make_nomination(complete=False)
    original = png_bytes((300, 400), text={"Comment": "GPS 45.75N 126.63E"}) + b"HIDDEN-PAYLOAD"

    attachment = add_attachment(
        nomination,
        actor=clerk,
        kind=Attachment.Kind.PHOTO,
        upload=SimpleUploadedFile("me.png", original),
    )

    stored = private_path(attachment.storage_name).read_bytes()
    assert stored != original
    assert b"GPS" not in stored
    assert b"HIDDEN-PAYLOAD" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (300, 400))
        assert "Comment" not in image.info
    assert (attachment.size, attachment.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    event = last_event("nomination.attachment_added")
    assert event.data == {
        "attachment": attachment.pk,
        "kind": "photo",
        "name": "me.png",
        "sha256": attachment.sha256,
        "award": None,
        "honour": None,
        "replaced": [],
    }


def test_add_attachment_of_a_second_photo_replaces_the_first(
    make_nomination, clerk, django_capture_on_commit_callbacks
):
    nomination = make_nomination(complete=False)
    first = add_attachment(
        nomination, actor=clerk, kind=Attachment.Kind.PHOTO, upload=png_upload(size=(300, 400))
    )

    with django_capture_on_commit_callbacks(execute=True):
        second = add_attachment(
            nomination, actor=clerk, kind=Attachment.Kind.PHOTO, upload=png_upload(size=(330, 440))
        )

    assert list(nomination.attachments.filter(kind=Attachment.Kind.PHOTO)) == [second]
    assert not private_path(first.storage_name).exists()
    assert private_path(second.storage_name).exists()
    assert last_event("nomination.attachment_added").data["replaced"] == [first.sha256]


def test_add_attachment_to_a_submitted_nomination_raises_and_discards_the_file(
    make_nomination, clerk, private_root
):
    nomination = make_nomination(status=Status.SUBMITTED)
    files_before = stored_files(private_root)

    with pytest.raises(NotEditable):
        add_attachment(nomination, actor=clerk, kind=Attachment.Kind.EVIDENCE, upload=pdf_upload())

    assert stored_files(private_root) == files_before
    assert nomination.attachments.count() == 2


def test_remove_attachment_deletes_row_and_file(
    make_nomination, clerk, django_capture_on_commit_callbacks
):
    nomination = make_nomination()
    evidence = nomination.attachments.get(kind=Attachment.Kind.EVIDENCE)
    path = private_path(evidence.storage_name)

    with django_capture_on_commit_callbacks(execute=True):
        remove_attachment(evidence, actor=clerk)

    assert not Attachment.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
    event = last_event("nomination.attachment_removed")
    assert (event.actor, event.subject_id) == (clerk, nomination.pk)
    assert event.data == {"name": "honour.pdf", "sha256": evidence.sha256}


def test_remove_attachment_of_a_submitted_nomination_raises_not_editable(make_nomination, clerk):
    nomination = make_nomination(status=Status.SUBMITTED)
    photo = nomination.attachments.get(kind=Attachment.Kind.PHOTO)

    with pytest.raises(NotEditable):
        remove_attachment(photo, actor=clerk)

    assert private_path(photo.storage_name).exists()
    assert Attachment.objects.filter(pk=photo.pk).exists()
