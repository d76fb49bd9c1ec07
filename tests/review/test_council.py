"""The council's decision, the locked list versions, lock immutability and verify_list."""

import hashlib
import hmac
import importlib
import io
import re
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from longjiang.accounts.models import Role
from longjiang.audit.models import AuditEvent, ChainHead
from longjiang.audit.services import GENESIS_HASH, canonical_event
from longjiang.exceptions import DomainError
from longjiang.integrity import keyed_digest
from longjiang.uploads import private_path
from nominations.models import Nomination
from nominations.services import (
    NominationLocked,
    disqualify_nomination,
    record_paper_receipt,
)
from review import listhash, services
from review.models import (
    Conflict,
    CouncilDecision,
    ListEntry,
    ListMove,
    ListVersion,
    LockedRecord,
    ReviewSettings,
)
from review.selectors.council import WarningKind, lock_warnings
from review.selectors.ranking import ranking_data
from review.services.lists import (
    DecisionInput,
    StaleVersion,
    UnacknowledgedWarnings,
    record_council_decision,
)
from tests.factories import UserFactory, pdf_upload
from tests.factories.files import png_upload
from tests.review.conftest import client_for, events

pytestmark = pytest.mark.django_db

KEYS = ("skill", "innovation", "leadership", "awards", "overall")


def points(*values) -> dict:
    return {key: Decimal(str(v)) for key, v in zip(KEYS, values, strict=True)}


def score(expert, candidate, values) -> None:
    sheet = services.save_sheet(
        expert.user,
        nomination=candidate,
        scores=points(*values),
        comment="",
        recommend=True,
        expected_version=0,
        actor=expert.user,
    )
    services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)


def close_window(campaign) -> None:
    # Behind the services' back: time passing, not an action.
    now = timezone.now()
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_opens_at=now - timedelta(days=8), review_closes_at=now - timedelta(seconds=1)
    )


@pytest.fixture
def council_secretary(db):
    return UserFactory(role=Role.COUNCIL, username="council_sec", full_name="赵秘书")


@pytest.fixture
def scored(campaign, staff_user, make_expert, make_nomination, panel, private_root):
    """Three placed candidates scored by two experts (totals 90/80, 70/70, 60/50)."""
    services.ensure_default_rubric(campaign, actor=staff_user)
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        actor=staff_user,
    )
    first = make_nomination(status="eligible", name="欧阳明辉")
    second = make_nomination(status="eligible", name="孙丽华")
    third = make_nomination(status="eligible", name="李建国")
    services.place_eligible_nominations(campaign, actor=staff_user)
    experts = []
    for name in ("王振华", "刘志强"):
        expert = make_expert(name=name)
        services.add_panel_member(panel, expert=expert, actor=staff_user)
        services.sign_pledge(expert, campaign=campaign, actor=expert.user)
        experts.append(expert)
    a, b = experts
    score(a, first, (27, 27, 18, 14, 4))  # 90
    score(b, first, (24, 24, 16, 12, 4))  # 80
    score(a, second, (21, 21, 14, 10, 4))  # 70
    score(b, second, (21, 21, 14, 10, 4))  # 70
    score(a, third, (18, 18, 12, 9, 3))  # 60
    score(b, third, (15, 15, 10, 7, 3))  # 50
    close_window(campaign)
    return [first, second, third]


# Every kind of warning acknowledged: the tests of the warnings themselves are below.
EVERY_WARNING = frozenset(WarningKind.values)


def approve(campaign, actor, *, reason="", minutes_ref="黑工办纪〔2021〕12号", **options):
    options.setdefault("acknowledged", EVERY_WARNING)
    return record_council_decision(
        campaign,
        DecisionInput(
            meeting_date=timezone.localdate(),
            minutes_ref=minutes_ref,
            attendance="主席、副主席、党组成员",
            outcome=CouncilDecision.Outcome.APPROVED,
            note="同意建议名单",
            reason=reason,
        ),
        minutes=pdf_upload("会议纪要.pdf"),
        actor=actor,
        **options,
    )


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Recording the decision ------------------------------------------------------------------


def test_approval_locks_the_ranking_as_version_one(scored, campaign, council_secretary):
    first, second, third = scored

    decision = approve(campaign, council_secretary)

    version = decision.list_version
    assert version.number == 1
    assert version.previous_hash == ""
    listed = list(version.entries.filter(part=ListEntry.Part.LISTED).order_by("position"))
    assert [(e.position, e.name, e.rank, e.score) for e in listed] == [
        (1, "欧阳明辉", 1, "85.00"),
        (2, "孙丽华", 2, "70.00"),
        (3, "李建国", 3, "55.00"),
    ]
    assert version.content_hash == keyed_digest(listhash.stored_content(version))
    assert len(version.content_hash) == 64
    locked = Nomination.objects.filter(pk__in=[n.pk for n in scored])
    assert {n.locked_by_list for n in locked} == {f"{campaign.year}-v1"}
    assert all(n.locked_at is not None for n in locked)
    [event] = events("review.list_locked")
    assert event.data["content_hash"] == version.content_hash
    assert event.data["nominations"] == [first.pk, second.pk, third.pk]
    assert event.data["minutes_ref"] == "黑工办纪〔2021〕12号"


def test_canonical_content_is_sorted_compact_json(scored, campaign, council_secretary):
    version = approve(campaign, council_secretary).list_version
    content = listhash.canonical_content(
        version, version.decision, version.entries.all(), year=campaign.year
    )
    assert content.startswith(b'{"approved_at":')
    assert b", " not in content
    key = settings.INTEGRITY_KEYS[0].encode()
    assert hmac.new(key, content, hashlib.sha256).hexdigest() == version.content_hash
    assert hashlib.sha256(content).hexdigest() != version.content_hash


def test_the_quota_and_reserve_shape_the_version(scored, campaign, council_secretary):
    campaign.quota = 2
    campaign.save(update_fields=["quota"])

    version = approve(campaign, council_secretary).list_version

    rows = version.entries.order_by("part", "position").values_list("part", "position", "name")
    assert list(rows) == [
        ("listed", 1, "欧阳明辉"),
        ("listed", 2, "孙丽华"),
        ("reserve", 1, "李建国"),
    ]


def test_moves_with_reasons_are_carried_into_the_version(
    scored, campaign, council_secretary, staff_user
):
    campaign.quota = 2
    campaign.save(update_fields=["quota"])
    second, third = scored[1], scored[2]
    ListMove.objects.create(
        campaign=campaign,
        nomination=second,
        direction="out",
        reason="事迹材料存疑",
        moved_by=staff_user,
        moved_at=timezone.now(),
    )
    ListMove.objects.create(
        campaign=campaign,
        nomination=third,
        direction="in",
        reason="填补名额",
        moved_by=staff_user,
        moved_at=timezone.now(),
    )

    version = approve(campaign, council_secretary).list_version

    rows = version.entries.order_by("part", "position").values_list("name", "moved_reason")
    assert list(rows) == [("欧阳明辉", ""), ("李建国", "填补名额")]


def test_decision_before_the_window_closes_is_refused_and_keeps_nothing(
    scored, campaign, council_secretary, private_root
):
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_closes_at=timezone.now() + timedelta(hours=1)
    )
    before = stored_files(private_root)

    with pytest.raises(DomainError, match="专家评分尚未截止"):
        approve(campaign, council_secretary)

    assert CouncilDecision.objects.count() == 0
    assert ListVersion.objects.count() == 0
    assert stored_files(private_root) == before
    assert not Nomination.objects.filter(locked_at__isnull=False).exists()


def test_only_the_council_secretary_records(scored, campaign, staff_user):
    with pytest.raises(DomainError, match="只有主席办公会议秘书"):
        approve(campaign, staff_user)
    assert CouncilDecision.objects.count() == 0


def test_minutes_must_be_a_pdf(scored, campaign, council_secretary, private_root):
    before = stored_files(private_root)
    with pytest.raises(ValidationError) as raised:
        record_council_decision(
            campaign,
            DecisionInput(
                meeting_date=timezone.localdate(),
                minutes_ref="黑工办纪〔2021〕12号",
                attendance="主席",
                outcome=CouncilDecision.Outcome.APPROVED,
            ),
            minutes=png_upload("纪要.png"),
            actor=council_secretary,
        )
    assert raised.value.messages == ["只能上传PDF格式的文件。"]
    assert CouncilDecision.objects.count() == 0
    assert stored_files(private_root) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes_ref", " ", "请填写会议纪要文号。"),
        ("attendance", "", "请填写出席人员。"),
        ("outcome", "maybe", "请选择审议结果。"),
        ("meeting_date", date(2999, 1, 1), "会议日期不能晚于今天。"),
    ],
)
def test_incomplete_decision_is_refused(scored, campaign, council_secretary, field, value, message):
    data = {
        "meeting_date": timezone.localdate(),
        "minutes_ref": "黑工办纪〔2021〕12号",
        "attendance": "主席",
        "outcome": CouncilDecision.Outcome.APPROVED,
        field: value,
    }
    with pytest.raises(DomainError) as raised:
        record_council_decision(
            campaign, DecisionInput(**data), minutes=pdf_upload(), actor=council_secretary
        )
    assert raised.value.message == message
    assert CouncilDecision.objects.count() == 0


def test_returned_decision_locks_nothing(scored, campaign, council_secretary):
    decision = record_council_decision(
        campaign,
        DecisionInput(
            meeting_date=timezone.localdate(),
            minutes_ref="黑工办纪〔2021〕11号",
            attendance="主席",
            outcome=CouncilDecision.Outcome.RETURNED,
            note="并列人选需再研究",
        ),
        minutes=pdf_upload(),
        actor=council_secretary,
    )
    assert not ListVersion.objects.exists()
    assert not Nomination.objects.filter(locked_at__isnull=False).exists()
    [event] = events("review.council_returned")
    assert event.data["decision"] == decision.pk
    assert event.data["outcome"] == "returned"


def test_a_second_version_needs_a_reason_and_chains_to_the_first(
    scored, campaign, council_secretary
):
    first = approve(campaign, council_secretary).list_version

    with pytest.raises(DomainError, match="须填写变更理由"):
        approve(campaign, council_secretary, minutes_ref="黑工办纪〔2021〕15号")
    assert ListVersion.objects.count() == 1

    second = approve(
        campaign, council_secretary, reason="公示期间异议经核实", minutes_ref="黑工办纪〔2021〕15号"
    ).list_version
    assert second.number == 2
    assert second.previous_hash == first.content_hash
    assert second.content_hash != first.content_hash
    assert list(ListVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


# --- Immutability after the lock ---------------------------------------------------------------


@pytest.fixture
def locked(scored, campaign, council_secretary):
    return approve(campaign, council_secretary).list_version


def test_locked_nomination_cannot_be_disqualified(locked, scored, staff_user):
    nomination = scored[0]
    count = AuditEvent.objects.count()
    with pytest.raises(NominationLocked):
        disqualify_nomination(nomination, actor=staff_user, reason="材料造假")
    nomination.refresh_from_db()
    assert nomination.status == "eligible"
    assert AuditEvent.objects.count() == count


def test_locked_nomination_paper_receipt_is_refused(locked, scored, staff_user):
    count = AuditEvent.objects.count()
    with pytest.raises(NominationLocked):
        record_paper_receipt(
            scored[0], actor=staff_user, received_on=timezone.localdate(), copies=2, stamped=True
        )
    assert AuditEvent.objects.count() == count


def test_locked_entries_versions_and_decisions_refuse_change(locked):
    entry = locked.entries.order_by("position").first()
    entry.name = "张三"
    with pytest.raises(LockedRecord):
        entry.save()
    with pytest.raises(LockedRecord):
        entry.delete()
    locked.reason = "改"
    with pytest.raises(LockedRecord):
        locked.save()
    with pytest.raises(LockedRecord):
        locked.decision.delete()
    entry.refresh_from_db()
    locked.refresh_from_db()
    assert entry.name == "欧阳明辉"
    assert locked.reason == ""
    assert keyed_digest(listhash.stored_content(locked)) == locked.content_hash


# --- verify_list -------------------------------------------------------------------------------


def run_verify(year=2021, **options) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_list", campaign=year, stdout=out, stderr=out, **options)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_verify_list_passes_an_untouched_list(locked):
    code, output = run_verify(locked.campaign.year)
    assert code == 0
    assert f"第1版 {locked.content_hash}：一致" in output
    assert "核验通过：名单与审计日志均未被改动。" in output


def test_verify_list_catches_an_altered_entry(locked):
    # A row changed in the database behind the portal's back.
    ListEntry.objects.filter(version=locked, position=2, part="listed").update(name="张三")
    code, output = run_verify(locked.campaign.year)
    assert code == 1
    assert "名单内容与哈希不符" in output
    assert "核验未通过：名单或审计日志已被改动。" in output


def test_verify_list_catches_a_rewritten_hash(locked):
    ListEntry.objects.filter(version=locked, position=2, part="listed").update(name="张三")
    forged = keyed_digest(listhash.stored_content(locked))
    ListVersion.objects.filter(pk=locked.pk).update(content_hash=forged)
    code, output = run_verify(locked.campaign.year)
    assert code == 1
    assert "存储的哈希与审计日志中锁定时记录的哈希不符。" in output


def test_verify_list_catches_an_entry_rewritten_with_every_hash_recomputed_in_plain_sha256(locked):
    # Someone with database access but without the integrity key rewrites an entry and
    # recomputes the version's hash, the audit event and the whole chain with SHA-256.
    old_hash = locked.content_hash
    ListEntry.objects.filter(version=locked, position=2, part="listed").update(name="张三")
    forged = hashlib.sha256(listhash.stored_content(locked)).hexdigest()
    ListVersion.objects.filter(pk=locked.pk).update(content_hash=forged)
    event = AuditEvent.objects.get(code="review.list_locked")
    AuditEvent.objects.filter(pk=event.pk).update(data={**event.data, "content_hash": forged})
    previous = GENESIS_HASH
    for row in AuditEvent.objects.order_by("id"):
        row.prev_hash = previous
        row.hash = hashlib.sha256(canonical_event(row)).hexdigest()
        AuditEvent.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, hash=row.hash)
        previous = row.hash
    ChainHead.objects.filter(pk=1).update(last_hash=previous)

    code, output = run_verify(locked.campaign.year)
    expect_code, expect_output = run_verify(locked.campaign.year, expect_hash=old_hash)

    assert code == 1
    assert "名单内容与哈希不符" in output
    assert "审计日志在第" in output
    assert expect_code == 1
    assert f"第1版的哈希 {forged} 与应有的哈希 {old_hash} 不符。" in expect_output


def test_verify_list_expect_hash_passes_with_the_hash_on_the_minutes(locked):
    code, output = run_verify(locked.campaign.year, expect_hash=locked.content_hash.upper())

    assert code == 0
    assert f"第1版的哈希与应有的哈希 {locked.content_hash} 一致。" in output


def test_verify_list_expect_hash_refuses_another_hash(locked):
    code, output = run_verify(locked.campaign.year, expect_hash="ab" * 32, list_version=1)

    assert code == 1
    assert f"第1版的哈希 {locked.content_hash} 与应有的哈希 {'ab' * 32} 不符。" in output
    assert "核验未通过：名单或审计日志已被改动。" in output


def test_verify_list_catches_an_altered_audit_event(locked):
    event = AuditEvent.objects.get(code="review.list_locked")
    AuditEvent.objects.filter(pk=event.pk).update(data={**event.data, "content_hash": "0" * 64})
    code, output = run_verify(locked.campaign.year)
    assert code == 1
    assert f"审计日志在第 {event.pk} 条记录处被改动。" in output


def test_verify_list_catches_replaced_minutes(locked):
    path = private_path(locked.decision.minutes_storage_name)
    path.write_bytes(path.read_bytes() + b"%tampered")
    code, output = run_verify(locked.campaign.year)
    assert code == 1
    assert "会议纪要文件缺失或已被改动。" in output


def test_verify_list_catches_a_cleared_lock(locked, scored):
    Nomination.objects.filter(pk=scored[1].pk).update(locked_at=None)
    code, output = run_verify(locked.campaign.year)
    assert code == 1
    assert "名单中有 1 名人选的锁定标记被清除。" in output


def test_verify_list_without_versions_and_unknown_year(campaign):
    code, output = run_verify(campaign.year)
    assert code == 0
    assert f"{campaign.year}年度尚无锁定的名单。" in output
    with pytest.raises(CommandError, match="没有1999年度的选树活动。"):
        call_command("verify_list", campaign=1999)


# --- The pages ---------------------------------------------------------------------------------


def test_council_page_shows_the_proposed_list(scored, council_secretary):
    response = client_for(council_secretary).get(reverse("review:council"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "建议人选 3 人（名额 100 人），后备人选 0 人。" in text
    assert text.index("欧阳明辉") < text.index("孙丽华") < text.index("李建国")
    assert "记录会议决定" in text


def test_staff_read_the_council_page_without_the_form(scored, staff_user):
    response = client_for(staff_user).get(reverse("review:council"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' not in response.content.decode()


def fingerprint_on(client) -> str:
    page = client.get(reverse("review:council")).content.decode()
    return re.search(r'name="fingerprint" value="([0-9a-f]{64})"', page).group(1)


def list_version_on(client) -> str:
    page = client.get(reverse("review:council")).content.decode()
    return re.search(r'name="list_version" value="(\d+)"', page).group(1)


def test_recording_through_the_page_locks_and_shows_the_hash(scored, council_secretary):
    client = client_for(council_secretary)
    response = client.post(
        reverse("review:council"),
        {
            "fingerprint": fingerprint_on(client),
            "list_version": list_version_on(client),
            "acknowledged": ["under_quota"],
            "meeting_date": timezone.localdate().isoformat(),
            "minutes_ref": "黑工办纪〔2021〕12号",
            "attendance": "主席、副主席",
            "outcome": "approved",
            "note": "",
            "reason": "",
            "minutes": pdf_upload("纪要.pdf"),
        },
        follow=True,
    )
    version = ListVersion.objects.get()
    assert response.redirect_chain == [(reverse("review:version", args=[1]), 302)]
    text = response.content.decode()
    assert "名单已审定并锁定为第1版。" in text
    assert version.content_hash in text


def test_an_invalid_decision_keeps_what_was_typed(scored, council_secretary):
    response = client_for(council_secretary).post(
        reverse("review:council"),
        {
            "meeting_date": timezone.localdate().isoformat(),
            "minutes_ref": "黑工办纪〔2021〕12号",
            "attendance": "",
            "outcome": "approved",
            "minutes": pdf_upload("纪要.pdf"),
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="黑工办纪〔2021〕12号"' in text
    assert "请重新选择会议纪要文件。" in text
    assert not CouncilDecision.objects.exists()


def test_minutes_download_is_an_attachment(locked, staff_user):
    response = client_for(staff_user).get(reverse("review:minutes", args=[locked.decision_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == locked.decision.minutes_sha256


def test_experts_and_clerks_cannot_reach_the_council_pages(locked, expert, clerk):
    for user in (expert.user, clerk):
        client = client_for(user)
        assert client.get(reverse("review:council")).status_code == 403
        assert client.get(reverse("review:version", args=[1])).status_code == 403


def test_scores_and_the_window_cannot_change_after_the_lock(locked, scored, campaign, staff_user):
    from review.models import Score, ScoreSheet
    from review.services.scoring import ListLocked

    sheet = ScoreSheet.objects.filter(nomination=scored[0]).order_by("pk").first()
    points_before = sorted(Score.objects.values_list("pk", "points"))
    count = AuditEvent.objects.count()
    now = timezone.now()
    with pytest.raises(ListLocked):
        services.set_review_window(
            campaign, opens_at=now, closes_at=now + timedelta(days=1), actor=staff_user
        )
    with pytest.raises(ListLocked):
        services.reopen_sheet(sheet, reason="复核", actor=staff_user)
    # Even with the window reopened behind the portal's back, no score changes.
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_opens_at=now - timedelta(days=1), review_closes_at=now + timedelta(days=1)
    )
    ScoreSheet.objects.filter(pk=sheet.pk).update(status="draft", submitted_at=None)
    with pytest.raises(ListLocked):
        score(sheet.expert, scored[0], (1, 1, 1, 1, 1))
    sheet.refresh_from_db()
    with pytest.raises(ListLocked):
        services.submit_sheet(sheet, expected_version=sheet.version, actor=sheet.expert.user)
    assert sorted(Score.objects.values_list("pk", "points")) == points_before
    assert AuditEvent.objects.count() == count


def test_locked_nomination_cannot_change_panel(locked, scored, campaign, staff_user):
    from review.models import IndustryGroup, Placement

    other = services.create_panel(
        campaign, actor=staff_user, name="能源化工组", industry_group=IndustryGroup.ENERGY
    )
    with pytest.raises(NominationLocked):
        services.move_placement(scored[0], panel=other, reason="调整", actor=staff_user)
    assert Placement.objects.get(nomination=scored[0]).panel.name == "装备制造组"


def test_verify_list_catches_a_deleted_newest_version(locked, campaign, council_secretary):
    second = approve(
        campaign, council_secretary, reason="异议经核实", minutes_ref="黑工办纪〔2021〕15号"
    ).list_version
    # Both rows removed in the database: no version is left to recompute.
    ListEntry.objects.filter(version=second)._raw_delete(ListEntry.objects.db)
    ListVersion.objects.filter(pk=second.pk)._raw_delete(ListVersion.objects.db)
    code, output = run_verify(campaign.year)
    assert code == 1
    assert f"第1版 {locked.content_hash}：一致" in output
    assert "第2版：审计日志记录了该版本的锁定，但数据库中已没有该版本。" in output


def test_verify_list_catches_a_score_changed_after_the_lock(locked, scored):
    from review.models import Score

    score_row = Score.objects.filter(sheet__nomination=scored[2]).order_by("pk").first()
    Score.objects.filter(pk=score_row.pk).update(points=score_row.points + 1)
    code, output = run_verify(locked.campaign.year)
    assert code == 1
    assert "锁定时计入的专家评分在锁定后被改动。" in output


def test_verify_list_reports_an_entry_it_cannot_read(locked):
    ListEntry.objects.filter(version=locked, position=1).update(part="other")
    code, output = run_verify(locked.campaign.year)
    assert code == 1
    assert "名单内容已被改动，无法按规范格式重新计算哈希。" in output


def test_a_list_changed_since_the_page_was_opened_is_not_locked(
    scored, campaign, council_secretary, staff_user
):
    client = client_for(council_secretary)
    seen = fingerprint_on(client)
    services.move_out_of_list(campaign, scored[2], reason="事迹存疑", actor=staff_user)
    data = {
        "fingerprint": seen,
        "list_version": "0",
        "acknowledged": ["under_quota"],
        "meeting_date": timezone.localdate().isoformat(),
        "minutes_ref": "黑工办纪〔2021〕12号",
        "attendance": "主席",
        "outcome": "approved",
        "minutes": pdf_upload("纪要.pdf"),
    }

    response = client.post(reverse("review:council"), data)

    assert response.status_code == 200
    text = response.content.decode()
    assert "建议名单在您打开页面后发生了变化（指纹不一致），请核对新的建议名单后重新提交。" in text
    assert not ListVersion.objects.exists()
    assert not CouncilDecision.objects.exists()
    now_shown = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', text).group(1)
    assert now_shown != seen
    assert now_shown == fingerprint_on(client)
    assert 'value="黑工办纪〔2021〕12号"' in text

    response = client.post(
        reverse("review:council"),
        {**data, "fingerprint": now_shown, "minutes": pdf_upload("纪要.pdf")},
    )

    assert response.status_code == 302
    version = ListVersion.objects.get()
    assert list(version.entries.values_list("name", flat=True).order_by("part", "position")) == [
        "欧阳明辉",
        "孙丽华",
    ]


def test_a_sheet_counts_only_while_its_expert_may_score_the_candidate(
    scored, campaign, panel, staff_user
):
    from review.selectors.ranking import ranking_data

    first = scored[0]
    leaving = panel.members.get(name="刘志强")
    assert ranking_data(campaign).results[0].n == 2

    services.remove_panel_member(panel, expert=leaving, actor=staff_user)

    result = next(r for r in ranking_data(campaign).results if r.nomination_id == first.pk)
    assert (result.n, result.mean) == (1, Decimal("90.00"))


def test_conflicts_are_final_once_the_window_has_closed(scored, staff_user):
    from review.models import Conflict

    expert = scored[0].sheets.order_by("pk").first().expert
    suggestion = Conflict.objects.create(
        expert=expert, nomination=scored[1], kind="same_employer", status="suggested"
    )
    # The window closed in the fixture: no declaration or decision changes the scores.
    with pytest.raises(DomainError, match="评分已经截止，回避关系不能再变更。"):
        services.declare_conflict(
            expert, nomination=scored[0], kind="relative", note="", actor=expert.user
        )
    with pytest.raises(DomainError, match="评分已经截止，回避关系不能再变更。"):
        services.confirm_conflict(suggestion, reason="同一单位", actor=staff_user)
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested"


def test_ranking_rules_are_final_after_the_lock(locked, campaign, staff_user):
    with pytest.raises(DomainError, match="评审和排名规则不能再修改"):
        services.update_ranking_settings(campaign, actor=staff_user, ranking_method="mean")
    assert ReviewSettings.objects.get(campaign=campaign).ranking_method == "trimmed"


def test_cancelling_a_draft_leaves_locked_nominations_their_numbers(
    locked, scored, make_nomination
):
    from nominations.services import cancel_nomination

    ranks = dict(Nomination.objects.filter(locked_at__isnull=False).values_list("pk", "unit_rank"))
    draft = make_nomination(name="周晓东")
    later = make_nomination(name="吴桂芝")
    draft.refresh_from_db()
    later.refresh_from_db()
    assert (draft.unit_rank, later.unit_rank) == (4, 5)

    cancel_nomination(draft, actor=draft.created_by)

    after = dict(Nomination.objects.filter(locked_at__isnull=False).values_list("pk", "unit_rank"))
    assert after == ranks
    later.refresh_from_db()
    assert later.unit_rank == 4


def test_sheet_tenths_are_the_totals_in_whole_tenths(scored, campaign):
    from review.selectors.ranking import sheet_tenths

    first, second, third = scored
    rows = sheet_tenths(campaign)

    a, b = sorted({e for _n, e, _t in rows})
    # Integers as the database returns them: no converter made them (WholeTenths).
    assert {type(value) for row in rows for value in row} == {int}
    assert rows == [
        (first.pk, a, 900),
        (first.pk, b, 800),
        (second.pk, a, 700),
        (second.pk, b, 700),
        (third.pk, a, 600),
        (third.pk, b, 500),
    ]


def test_migration_keys_a_list_locked_with_plain_sha256(locked):
    from django.apps import apps
    from django.db import transaction

    from longjiang.audit.services import resign_chain

    migration = importlib.import_module("review.migrations.0004_keyed_list_hashes")
    keyed_hash = locked.content_hash
    plain = hashlib.sha256(listhash.stored_content(locked)).hexdigest()
    ListVersion.objects.filter(pk=locked.pk).update(content_hash=plain)
    event = AuditEvent.objects.get(code="review.list_locked")
    AuditEvent.objects.filter(pk=event.pk).update(data={**event.data, "content_hash": plain})
    with transaction.atomic():
        resign_chain(None)  # As audit.0002 left it: a keyed chain over plain list hashes.

    migration.key_list_hashes(apps, None)

    locked.refresh_from_db()
    assert locked.content_hash == keyed_hash
    assert AuditEvent.objects.get(pk=event.pk).data["content_hash"] == keyed_hash
    assert run_verify(locked.campaign.year)[0] == 0


# --- What the council should know before approving ------------------------------------


@pytest.fixture
def warned(campaign, staff_user, make_expert, make_nomination, panel, private_root):
    """A closed review with every warning but the quota's: quota 2, a tie at the line,
    one candidate unscored, one expert who scored nothing, one suggestion pending."""
    services.ensure_default_rubric(campaign, actor=staff_user)
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        actor=staff_user,
    )
    first = make_nomination(status="eligible", name="欧阳明辉")
    second = make_nomination(status="eligible", name="孙丽华")
    third = make_nomination(status="eligible", name="李建国")
    fourth = make_nomination(status="eligible", name="周晓东")
    services.place_eligible_nominations(campaign, actor=staff_user)
    experts = []
    for name in ("王振华", "刘志强", "陈建平"):
        expert = make_expert(name=name)
        services.add_panel_member(panel, expert=expert, actor=staff_user)
        services.sign_pledge(expert, campaign=campaign, actor=expert.user)
        experts.append(expert)
    a, b, _idle = experts
    score(a, first, (27, 27, 18, 14, 4))  # 90
    score(b, first, (24, 24, 16, 12, 4))  # 80
    score(a, second, (21, 21, 14, 10, 4))  # 70
    score(b, second, (21, 21, 14, 10, 4))  # 70
    score(a, third, (24, 21, 14, 12, 4))  # 75
    score(b, third, (18, 21, 14, 8, 4))  # 65
    Conflict.objects.create(expert=b, nomination=third, kind="same_employer", status="suggested")
    campaign.quota = 2
    campaign.save(update_fields=["quota"])
    close_window(campaign)
    return [first, second, third, fourth]


def warnings_now(campaign):
    return [(w.kind, w.summary, w.items) for w in lock_warnings(campaign, ranking_data(campaign))]


def test_lock_warnings_name_every_fact_in_order(warned, campaign):
    fourth = warned[3]

    assert warnings_now(campaign) == [
        (
            "unscored",
            "1名初审合格的人选没有有效评分，不参加排名，不会列入名单。",
            [f"周晓东（{fourth.unit.name}）"],
        ),
        ("idle_experts", "1名评审专家没有计入排名的评分（未提交任何评分表）。", ["陈建平"]),
        (
            "pending_conflicts",
            "1项系统提示的回避情形未经确认或排除；相关专家的评分已计入排名。",
            ["刘志强与李建国（同一工作单位）"],
        ),
        (
            "tie_at_line",
            "名额线处2名人选同分（70.00分）并列，其中1人在建议名单内。",
            ["孙丽华（第2名）", "李建国（第2名）"],
        ),
    ]


def test_lock_warnings_are_empty_for_a_clean_list(scored, campaign):
    campaign.quota = 3
    campaign.save(update_fields=["quota"])

    assert warnings_now(campaign) == []


def test_lock_warnings_tell_a_list_shorter_or_longer_than_the_quota(scored, campaign, staff_user):
    assert warnings_now(campaign) == [("under_quota", "建议人选3人，少于名额100人。", [])]

    campaign.quota = 2
    campaign.save(update_fields=["quota"])
    services.move_into_list(campaign, scored[2], reason="填补空缺", actor=staff_user)

    assert warnings_now(campaign) == [("over_quota", "建议人选3人，多于名额2人。", [])]


def test_a_member_without_a_submitted_sheet_scored_nothing(
    scored, campaign, panel, make_expert, staff_user
):
    late = make_expert(name="陈建平")
    services.add_panel_member(panel, expert=late, actor=staff_user)
    campaign.quota = 3
    campaign.save(update_fields=["quota"])

    assert warnings_now(campaign) == [
        ("idle_experts", "1名评审专家没有计入排名的评分（未提交任何评分表）。", ["陈建平"])
    ]


def test_an_approval_must_acknowledge_every_warning(
    warned, campaign, council_secretary, private_root
):
    before = stored_files(private_root)

    with pytest.raises(UnacknowledgedWarnings) as raised:
        approve(campaign, council_secretary, acknowledged=["unscored", "tie_at_line"])

    assert raised.value.message == (
        "审议通过前，请逐项确认已知晓以下情况：有专家没有计入排名的评分；有回避建议尚未处理。"
    )
    assert CouncilDecision.objects.count() == 0
    assert ListVersion.objects.count() == 0
    assert stored_files(private_root) == before


def test_an_acknowledged_approval_records_what_was_acknowledged(
    warned, campaign, council_secretary
):
    approve(
        campaign,
        council_secretary,
        acknowledged=["unscored", "idle_experts", "pending_conflicts", "tie_at_line"],
        expected_version=0,
    )

    [event] = events("review.list_locked")
    # In the order of the page, kept as a list (jsonb would reorder a mapping's keys).
    assert event.data["acknowledged"] == [
        {"kind": "unscored", "count": 1},
        {"kind": "idle_experts", "count": 1},
        {"kind": "pending_conflicts", "count": 1},
        {"kind": "tie_at_line", "count": 2},
    ]
    assert ListVersion.objects.get().entries.filter(part="listed").count() == 2


def test_a_return_needs_no_acknowledgement(warned, campaign, council_secretary):
    decision = record_council_decision(
        campaign,
        DecisionInput(
            meeting_date=timezone.localdate(),
            minutes_ref="黑工办纪〔2021〕11号",
            attendance="主席",
            outcome=CouncilDecision.Outcome.RETURNED,
        ),
        minutes=pdf_upload(),
        actor=council_secretary,
        expected_version=0,
    )

    assert decision.outcome == "returned"
    assert not ListVersion.objects.exists()


def test_a_decision_taken_on_a_stale_page_is_refused(scored, campaign, council_secretary):
    approve(campaign, council_secretary, expected_version=0)

    with pytest.raises(StaleVersion) as raised:
        approve(
            campaign,
            council_secretary,
            reason="同时提交",
            minutes_ref="黑工办纪〔2021〕13号",
            expected_version=0,
        )

    assert raised.value.message == (
        "在您打开页面后，名单已审定并锁定为第1版，本次提交未记录。请核对最新的名单版本后再操作。"
    )
    assert list(ListVersion.objects.values_list("number", flat=True)) == [1]
    assert CouncilDecision.objects.count() == 1
    second = approve(
        campaign,
        council_secretary,
        reason="公示期间异议经核实",
        minutes_ref="黑工办纪〔2021〕15号",
        expected_version=1,
    )
    assert second.list_version.number == 2


def test_the_database_refuses_two_versions_with_one_number(locked, campaign):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ListVersion.objects.bulk_create(
            [
                ListVersion(
                    campaign=campaign,
                    number=1,
                    decision=locked.decision,
                    reason="重复",
                    approved_at=timezone.now(),
                    content_hash="0" * 64,
                )
            ]
        )


@pytest.mark.usefixtures("row_locks")
@pytest.mark.django_db(transaction=True)
def test_two_approvals_sent_at_once_make_one_version(scored, campaign, council_secretary):
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def send(ref):
        try:
            barrier.wait(timeout=10)
            # Both pages showed no version; a reason is given so that only the
            # version check can stop the second.
            approve(
                campaign, council_secretary, reason="同时提交", minutes_ref=ref, expected_version=0
            )
            outcomes[ref] = "ok"
        except Exception as exc:  # The loser's exception is its result.
            outcomes[ref] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(ref,))
        for ref in ("黑工办纪〔2021〕12号", "黑工办纪〔2021〕13号")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [ref for ref, result in outcomes.items() if result == "ok"]
    losers = [result for result in outcomes.values() if result != "ok"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and type(losers[0]) is StaleVersion, outcomes
    version = ListVersion.objects.get()
    assert (version.number, version.decision.minutes_ref) == (1, winners[0])
    assert CouncilDecision.objects.count() == 1
    assert len(events("review.list_locked")) == 1


def test_the_council_page_lists_the_warnings_before_the_button(warned, council_secretary):
    text = client_for(council_secretary).get(reverse("review:council")).content.decode()

    notice = text.index("审定前须知")
    for fact in (
        "有人选没有有效评分</strong>：1名初审合格的人选没有有效评分",
        "有专家没有计入排名的评分</strong>：1名评审专家",
        "刘志强与李建国（同一工作单位）",
        "名额线处2名人选同分（70.00分）并列",
    ):
        assert notice < text.index(fact) < text.index("记录会议决定</button>")
    boxes = re.findall(r'name="acknowledged" value="([a-z_]+)"', text)
    assert boxes == ["unscored", "idle_experts", "pending_conflicts", "tie_at_line"]
    assert 'name="list_version" value="0"' in text
    assert "确认审议通过？当前建议名单（2人）将锁定为第1版，锁定后不能撤销或修改。" in text
    assert '<script src="/static/js/council.js" defer></script>' in text


def test_an_unacknowledged_approval_through_the_page_keeps_what_was_typed(
    warned, council_secretary
):
    client = client_for(council_secretary)
    response = client.post(
        reverse("review:council"),
        {
            "fingerprint": fingerprint_on(client),
            "list_version": "0",
            "acknowledged": ["unscored", "idle_experts", "pending_conflicts"],
            "meeting_date": timezone.localdate().isoformat(),
            "minutes_ref": "黑工办纪〔2021〕12号",
            "attendance": "主席",
            "outcome": "approved",
            "minutes": pdf_upload("纪要.pdf"),
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "审议通过前，请逐项确认已知晓以下情况：名额线处有同分并列。" in text
    assert 'value="黑工办纪〔2021〕12号"' in text
    assert re.findall(r'value="([a-z_]+)" id="ack-[a-z_]+" checked', text) == [
        "unscored",
        "idle_experts",
        "pending_conflicts",
    ]
    assert not CouncilDecision.objects.exists()


def test_a_stale_page_is_refused_with_a_message(scored, campaign, council_secretary):
    client = client_for(council_secretary)
    seen = fingerprint_on(client)
    approve(campaign, council_secretary, expected_version=0)

    response = client.post(
        reverse("review:council"),
        {
            "fingerprint": seen,
            "list_version": "0",
            "acknowledged": ["under_quota"],
            "meeting_date": timezone.localdate().isoformat(),
            "minutes_ref": "黑工办纪〔2021〕13号",
            "attendance": "主席",
            "outcome": "approved",
            "reason": "同时提交",
            "minutes": pdf_upload("纪要.pdf"),
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "在您打开页面后，名单已审定并锁定为第1版，本次提交未记录。" in text
    assert 'name="list_version" value="1"' in text
    assert ListVersion.objects.count() == 1


def test_the_quota_is_read_only_in_the_admin_once_a_list_is_locked(
    scored, campaign, council_secretary, staff_user
):
    from nominations.services import save_campaign

    client = client_for(staff_user)
    url = reverse("admin:nominations_campaign_change", args=[campaign.pk])
    assert 'name="quota"' in client.get(url).content.decode()
    approve(campaign, council_secretary)

    assert 'name="quota"' not in client.get(url).content.decode()
    campaign.quota = 50
    with pytest.raises(DomainError, match="名单已经主席办公会议审定并锁定，选树名额不能再修改。"):
        save_campaign(campaign, actor=staff_user, changed=["quota"])
    campaign.refresh_from_db()
    assert campaign.quota == 100
    assert not events("campaign.updated")


def test_the_audit_trail_names_what_the_council_acknowledged(warned, campaign, council_secretary):
    from longjiang.audit.display import describe

    approve(campaign, council_secretary)

    [row] = describe(events("review.list_locked"))
    details = {detail.label: detail.text for detail in row.details}
    assert details["会议确认知晓"] == (
        "有人选没有有效评分（1）；有专家没有计入排名的评分（1）；"
        "有回避建议尚未处理（1）；名额线处有同分并列（2）"
    )
