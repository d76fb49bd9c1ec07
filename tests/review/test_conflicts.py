"""The pledge, declared conflicts, suggested conflicts and staff's decisions."""

import pytest
from django.urls import reverse

from longjiang.exceptions import DomainError, IllegalTransition
from review import services
from review.matching import normalize_employer_name, same_employer
from review.models import Conflict, Expert, Pledge, ReviewSettings
from review.pledge import pledge_text
from tests.review.conftest import CANDIDATE_CODE, CANDIDATE_EMPLOYER, OTHER_CODE, events

pytestmark = pytest.mark.django_db


# --- The pledge -----------------------------------------------------------------------


def test_sign_pledge_stores_the_text_signed(expert, campaign):
    pledge = services.sign_pledge(expert, campaign=campaign, actor=expert.user)

    assert Pledge.objects.get() == pledge
    assert pledge.text == pledge_text(campaign)
    assert "师徒关系" in pledge.text and "严格保守秘密" in pledge.text
    [event] = events("review.pledge_signed")
    assert (event.actor, event.subject_id, event.data) == (
        expert.user,
        expert.pk,
        {"campaign": 2021, "pledge": pledge.pk},
    )


def test_pledge_is_signed_once_by_the_expert_in_person(expert, campaign, staff_user):
    with pytest.raises(DomainError, match="回避承诺须由专家本人签署。"):
        services.sign_pledge(expert, campaign=campaign, actor=staff_user)
    services.sign_pledge(expert, campaign=campaign, actor=expert.user)
    with pytest.raises(DomainError, match="您已签署本年度的回避承诺。"):
        services.sign_pledge(expert, campaign=campaign, actor=expert.user)
    assert Pledge.objects.count() == 1


# --- Declarations ---------------------------------------------------------------------


def test_declare_conflict_confirms_at_once(signed_expert, candidate):
    conflict = services.declare_conflict(
        signed_expert,
        nomination=candidate,
        kind=Conflict.Kind.MASTER_APPRENTICE,
        note=" 曾为其师傅 ",
        actor=signed_expert.user,
    )

    conflict.refresh_from_db()
    assert (conflict.expert, conflict.nomination, conflict.kind, conflict.note) == (
        signed_expert,
        candidate,
        "master_apprentice",
        "曾为其师傅",
    )
    assert (conflict.declared, conflict.status, conflict.reason, conflict.decided_by) == (
        True,
        "confirmed",
        "",
        signed_expert.user,
    )
    [event] = events("review.conflict_declared")
    assert (event.actor, event.subject_id, event.unit_id) == (
        signed_expert.user,
        conflict.pk,
        candidate.unit_id,
    )
    assert event.data == {
        "expert": signed_expert.pk,
        "nomination": candidate.pk,
        "kind": "master_apprentice",
        "note": "曾为其师傅",
        "previous": None,
    }


def test_declaration_replaces_a_dismissed_suggestion(signed_expert, candidate, staff_user):
    suggestion = Conflict.objects.create(
        expert=signed_expert, nomination=candidate, kind="same_unit", status="suggested"
    )
    services.dismiss_conflict(suggestion, reason="不在同一单位。", actor=staff_user)

    conflict = services.declare_conflict(
        signed_expert, nomination=candidate, kind="relative", note="", actor=signed_expert.user
    )

    assert conflict.pk == suggestion.pk
    conflict.refresh_from_db()
    assert (conflict.kind, conflict.status, conflict.declared, conflict.reason) == (
        "relative",
        "confirmed",
        True,
        "",
    )
    assert events("review.conflict_declared")[0].data["previous"] == "dismissed"


def test_declaration_refusals(expert, signed_expert, candidate, make_nomination, campaign):
    other = make_nomination(status="eligible", name="孙丽华", industry="I")

    with pytest.raises(DomainError, match="请说明具体关系"):
        services.declare_conflict(
            expert, nomination=candidate, kind="other", note="", actor=expert.user
        )
    with pytest.raises(DomainError, match="请选择与该人选的关系。"):
        services.declare_conflict(
            expert, nomination=candidate, kind="same_unit", note="", actor=expert.user
        )
    with pytest.raises(DomainError, match="该人选不在您所在评审组的评审范围内。"):
        services.declare_conflict(
            expert, nomination=other, kind="relative", note="", actor=expert.user
        )
    services.declare_conflict(
        expert, nomination=candidate, kind="relative", note="", actor=expert.user
    )
    with pytest.raises(DomainError, match="您与该人选的回避关系已经确认。"):
        services.declare_conflict(
            expert, nomination=candidate, kind="relative", note="", actor=expert.user
        )
    assert Conflict.objects.count() == 1


def test_declaration_needs_the_pledge(expert, candidate):
    with pytest.raises(DomainError, match="请先签署回避承诺。"):
        services.declare_conflict(
            expert, nomination=candidate, kind="relative", note="", actor=expert.user
        )
    assert Conflict.objects.count() == 0


# --- Matching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("哈尔滨松江精密机械有限公司", "哈尔滨松江精密机械"),
        ("哈尔滨松江精密机械 股份有限公司", "哈尔滨松江精密机械"),
        ("哈尔滨松江精密机械有限责任公司", "哈尔滨松江精密机械"),
        ("哈尔滨松江精密机械集团有限公司", "哈尔滨松江精密机械集团"),
        ("ＡＢＣ电机（哈尔滨）有限公司", "abc电机(哈尔滨)"),
        ("哈尔滨电机厂", "哈尔滨电机厂"),
        ("有限公司", ""),
        ("", ""),
    ],
)
def test_normalize_employer_name(name, normalised):
    assert normalize_employer_name(name) == normalised


def test_same_employer_by_code_or_name(candidate):
    by_code = Expert(employer_name="别的名称", employer_credit_code=CANDIDATE_CODE.lower())
    by_name = Expert(
        employer_name="哈尔滨松江精密机械股份有限公司", employer_credit_code=OTHER_CODE
    )
    empty = Expert(employer_name="有限公司")
    other = Expert(employer_name="哈尔滨松江精密机械集团有限公司")

    assert same_employer(by_code, candidate) == f"统一社会信用代码相同：{CANDIDATE_CODE}"
    assert same_employer(by_name, candidate) == (
        f"工作单位相同：专家为“哈尔滨松江精密机械股份有限公司”，被推荐人为“{CANDIDATE_EMPLOYER}”"
    )
    assert same_employer(empty, candidate) == ""
    assert same_employer(other, candidate) == ""


# --- Suggestions ----------------------------------------------------------------------


@pytest.fixture
def members(panel, make_expert, staff_user, unit_harbin):
    """Four members of the equipment panel: one per rule, and one unrelated."""
    specs = {
        "code": {"employer_name": "松江精机", "employer_credit_code": CANDIDATE_CODE},
        "name": {"employer_name": "哈尔滨松江精密机械 股份有限公司"},
        "unit": {"employer_name": "哈尔滨工业大学", "unit": unit_harbin},
        "none": {"employer_name": "黑龙江北疆重型装备有限公司"},
    }
    experts = {}
    for key, fields in specs.items():
        experts[key] = make_expert(name=f"专家{key}", **fields)
        services.add_panel_member(panel, expert=experts[key], actor=staff_user)
    return experts


def test_suggest_conflicts_by_employer(campaign, staff_user, members, candidate):
    created = services.suggest_conflicts(campaign, actor=staff_user)

    assert {(c.expert, c.nomination, c.kind, c.status) for c in created} == {
        (members["code"], candidate, "same_employer", "suggested"),
        (members["name"], candidate, "same_employer", "suggested"),
    }
    assert Conflict.objects.get(expert=members["code"]).note == (
        f"统一社会信用代码相同：{CANDIDATE_CODE}"
    )
    assert {e.subject_id for e in events("review.conflict_suggested")} == {c.pk for c in created}
    event = events("review.conflict_suggested")[0]
    assert (event.actor, event.unit_id) == (staff_user, candidate.unit_id)
    assert event.data.keys() == {"expert", "nomination", "kind"}


def test_suggest_conflicts_by_unit_only_when_the_setting_is_on(
    campaign, staff_user, members, candidate
):
    services.update_review_settings(campaign, conflict_same_unit=True, actor=staff_user)

    created = services.suggest_conflicts(campaign, actor=staff_user)

    assert {(c.expert.name, c.kind) for c in created} == {
        ("专家code", "same_employer"),
        ("专家name", "same_employer"),
        ("专家unit", "same_unit"),
    }
    assert (
        Conflict.objects.get(expert=members["unit"]).note
        == "专家所属单位即推荐单位：哈尔滨市总工会"
    )
    assert ReviewSettings.objects.get(campaign=campaign).conflict_same_unit is True
    [event] = events("review.settings_changed")
    assert (event.actor, event.data) == (staff_user, {"conflict_same_unit": True})


def test_suggestions_ignore_unplaced_and_other_panels(
    campaign, staff_user, members, make_nomination
):
    make_nomination(status="eligible", industry="G")  # no panel: not placed
    make_nomination(status="in_check")

    services.place_eligible_nominations(campaign, actor=staff_user)

    assert services.suggest_conflicts(campaign, actor=staff_user) == []


def test_a_dismissed_suggestion_stays_dismissed(campaign, staff_user, members, candidate):
    services.suggest_conflicts(campaign, actor=staff_user)
    code = Conflict.objects.get(expert=members["code"])
    name = Conflict.objects.get(expert=members["name"])
    services.dismiss_conflict(code, reason="代码录入有误，实为不同单位。", actor=staff_user)
    services.confirm_conflict(name, reason="同一单位。", actor=staff_user)

    again = services.suggest_conflicts(campaign, actor=staff_user)

    assert again == []
    assert set(Conflict.objects.values_list("expert__name", "status")) == {
        ("专家code", "dismissed"),
        ("专家name", "confirmed"),
    }
    assert len(events("review.conflict_suggested")) == 2


def test_confirm_and_dismiss_record_reason_and_decider(campaign, staff_user, members, candidate):
    services.suggest_conflicts(campaign, actor=staff_user)
    code = Conflict.objects.get(expert=members["code"])

    decided = services.confirm_conflict(code, reason=" 同一单位。 ", actor=staff_user)

    decided.refresh_from_db()
    assert (decided.status, decided.reason, decided.decided_by) == (
        "confirmed",
        "同一单位。",
        staff_user,
    )
    assert decided.decided_at is not None
    [event] = events("review.conflict_confirmed")
    assert (event.actor, event.subject_id, event.unit_id) == (
        staff_user,
        code.pk,
        candidate.unit_id,
    )
    assert event.data == {
        "expert": members["code"].pk,
        "nomination": candidate.pk,
        "kind": "same_employer",
        "reason": "同一单位。",
    }


def test_decisions_need_a_reason_and_a_pending_suggestion(campaign, staff_user, members, candidate):
    services.suggest_conflicts(campaign, actor=staff_user)
    code = Conflict.objects.get(expert=members["code"])

    with pytest.raises(DomainError, match="请填写确认或排除的理由。"):
        services.dismiss_conflict(code, reason="  ", actor=staff_user)
    services.dismiss_conflict(code, reason="不同单位。", actor=staff_user)
    with pytest.raises(IllegalTransition, match="该回避关系已处理（已排除），不能再次处理。"):
        services.confirm_conflict(code, reason="再看", actor=staff_user)
    assert events("review.conflict_confirmed") == []
    assert len(events("review.conflict_dismissed")) == 1


def test_unchanged_settings_write_no_event(campaign, staff_user):
    services.update_review_settings(campaign, conflict_same_unit=False, actor=staff_user)

    assert events("review.settings_changed") == []


# --- Views ----------------------------------------------------------------------------


def test_conflict_page_lists_suggestions_first_and_decisions_with_reasons(
    staff_client, campaign, staff_user, members, candidate
):
    services.suggest_conflicts(campaign, actor=staff_user)
    services.dismiss_conflict(
        Conflict.objects.get(expert=members["code"]), reason="实为不同单位。", actor=staff_user
    )

    content = staff_client.get(reverse("review:conflicts")).content.decode()

    assert "待确认1条 · 已确认回避0条 · 已排除1条" in content
    assert content.index("专家name") < content.index("专家code")
    assert "实为不同单位。" in content


def test_conflict_views_suggest_decide_and_set(staff_client, campaign, members, candidate):
    staff_client.post(reverse("review:settings"), {"conflict_same_unit": "on"})
    staff_client.post(reverse("review:conflicts"))
    conflict = Conflict.objects.get(expert=members["unit"])

    no_reason = staff_client.post(
        reverse("review:conflict_decide", kwargs={"conflict_id": conflict.pk}),
        {"decision": "confirm", "reason": ""},
        follow=True,
    )
    decided = staff_client.post(
        reverse("review:conflict_decide", kwargs={"conflict_id": conflict.pk}),
        {"decision": "confirm", "reason": "推荐单位相同。"},
    )

    assert "请填写确认或排除的理由。" in no_reason.content.decode()
    assert decided.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.status, conflict.reason) == ("confirmed", "推荐单位相同。")
    assert Conflict.objects.count() == 3
