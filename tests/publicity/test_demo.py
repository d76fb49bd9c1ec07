"""Publicity's demo stages: publicity (a live notice, three objections) and final."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from longjiang.accounts.models import User
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from nominations.models import Campaign
from publicity import snapshots
from publicity.models import Notice, Objection, Phase, PublicityResult, Snapshot
from publicity.workdays import is_working_day
from review.models import ListEntry, ListVersion

pytestmark = pytest.mark.django_db


def _verify_list() -> str:
    out = io.StringIO()
    call_command("verify_list", campaign=2021, stdout=out)
    return out.getvalue()


def _states() -> dict[str, tuple]:
    return {
        o.source: (
            o.status,
            o.acceptance,
            o.outcome,
            bool(o.verification_due),
            bool(o.report_sha256),
        )
        for o in Objection.objects.all()
    }


def test_seed_demo_publicity_stage_publishes_a_live_notice_with_three_objections(seed_demo):

    output = seed_demo(stage="publicity", nominations=30)

    notice = Notice.objects.get()
    now = timezone.now()
    version = ListVersion.objects.get()
    assert (notice.kind, notice.status, notice.list_version) == ("main", "published", version)
    assert notice.phase(now) == Phase.LIVE
    assert notice.opens_at() <= now < notice.closes_at
    assert is_working_day(notice.starts_on) and is_working_day(notice.ends_on)
    assert timezone.localtime(notice.closes_at).time().isoformat() == "17:00:00"
    # The proof of publication: the snapshots, and the live file the public page serves.
    assert set(Snapshot.objects.values_list("kind", flat=True)) == {"page", "closed_page", "pdf"}
    live = snapshots.current(now)
    assert live is not None and live.exists()
    # A reserve for the final stage: the demo quota is two below the ranked.
    assert version.entries.filter(part=ListEntry.Part.LISTED).count() == 7
    assert version.entries.filter(part=ListEntry.Part.RESERVE).count() == 2
    assert Campaign.objects.get().quota == 7
    assert _states() == {
        "online": ("received", "accepted", "", False, False),
        "call": ("verifying", "accepted", "", True, False),
        "visit": ("decided", "accepted", "not_true", True, True),
    }
    closed = Objection.objects.get(source="visit")
    assert closed.reply_text and closed.replied_at and closed.report_submitted_by.is_clerk
    assert closed.report_submitted_by.unit_id == closed.nomination.unit_id
    online = Objection.objects.get(source="online")
    assert online.logged_by is None
    assert (
        AuditEvent.objects.get(code="publicity.objection_received", subject_id=online.pk).data[
            "via"
        ]
        == "public"
    )
    assert User.objects.get(username="staff").handles_objections
    assert AuditEvent.objects.filter(code="account.objection_handler_changed").count() == 1
    assert "Publicity: notice" in output and "(live)" in output
    assert verify_chain().ok
    assert "核验通过" in _verify_list()


def test_seed_demo_publicity_stage_keeps_events_in_time_order_up_to_now(seed_demo):

    seed_demo(stage="publicity", nominations=30)

    times = list(AuditEvent.objects.order_by("pk").values_list("occurred_at", flat=True))
    assert times == sorted(times)
    assert times[-1] <= timezone.now()


def test_seed_demo_final_stage_closes_the_publicity_and_records_the_result(seed_demo):

    output = seed_demo(stage="final", nominations=30)

    now = timezone.now()
    main = Notice.objects.get(kind="main")
    supplementary = Notice.objects.get(kind="supplementary")
    v1, v2 = ListVersion.objects.order_by("number")
    assert (main.list_version, supplementary.list_version) == (v1, v2)
    assert main.phase(now) == Phase.CLOSED and supplementary.phase(now) == Phase.CLOSED
    assert main.closes_at < supplementary.opens_at()
    assert all(is_working_day(d) for n in (main, supplementary) for d in (n.starts_on, n.ends_on))
    assert Snapshot.objects.filter(notice=supplementary).count() == 3

    assert Counter(Objection.objects.values_list("status", "outcome")) == {
        ("decided", "not_true"): 1,
        ("decided", "upheld"): 1,
        ("decided", "partly_true"): 1,
    }
    upheld = Objection.objects.get(outcome="upheld")
    assert upheld.source == "call" and upheld.applied_in == v2
    reserve_v1 = list(v1.entries.filter(part="reserve").order_by("position"))
    substitute = reserve_v1[0].nomination
    assert list(supplementary.persons.all()) == [substitute]
    listed_v2 = set(v2.entries.filter(part="listed").values_list("nomination_id", flat=True))
    listed_v1 = set(v1.entries.filter(part="listed").values_list("nomination_id", flat=True))
    assert listed_v2 == listed_v1 - {upheld.nomination_id} | {substitute.pk}
    upheld.nomination.refresh_from_db()
    assert upheld.nomination.status == "disqualified"
    assert v2.decision.recorded_by.username == "council"
    assert "递补" + substitute.name in v2.reason

    result = PublicityResult.objects.get()
    assert (result.kind, result.final_version) == ("handled", v2)
    assert result.note.startswith("受理异议3件：")
    times = list(AuditEvent.objects.order_by("pk").values_list("occurred_at", flat=True))
    assert times == sorted(times) and times[-1] <= now
    assert "publicity result “异议已处理”, final list version 2" in output
    assert verify_chain().ok
    verified = _verify_list()
    assert "第2版" in verified and "核验通过" in verified


def test_seed_demo_final_stage_run_again_adds_nothing(seed_demo):
    seed_demo(stage="final", nominations=30)

    again = seed_demo(stage="final", nominations=0)

    assert Notice.objects.count() == 2 and Objection.objects.count() == 3
    assert "Final: the publicity result is already recorded; nothing added." in again
    assert verify_chain().ok
