"""Panels, their members, and placing eligible nominations by industry."""

import pytest
from django.urls import reverse

from longjiang.exceptions import DomainError, IllegalTransition
from nominations.codes import Industry
from review import services
from review.models import IndustryGroup, Panel, Placement
from review.placement import INDUSTRY_GROUPS, industry_group_of
from tests.review.conftest import events

pytestmark = pytest.mark.django_db


# --- The mapping ----------------------------------------------------------------------


def test_every_industry_section_has_a_group():
    assert set(INDUSTRY_GROUPS) == set(Industry.values)
    assert set(INDUSTRY_GROUPS.values()) <= set(IndustryGroup.values)


@pytest.mark.parametrize(
    ("industry", "group"),
    [
        ("A", "agriculture"),
        ("B", "energy"),
        ("C", "equipment"),
        ("D", "energy"),
        ("E", "construction"),
        ("G", "transport"),
        ("I", "it"),
        ("J", "services"),
        ("Q", "health"),
        ("", None),
    ],
)
def test_industry_group_of(industry, group):
    assert industry_group_of(industry) == group


# --- Panels and members ---------------------------------------------------------------


def test_create_panel_records_it(campaign, staff_user):
    panel = services.create_panel(
        campaign, actor=staff_user, name=" 能源化工组 ", industry_group="energy"
    )

    assert (panel.campaign, panel.name, panel.industry_group) == (campaign, "能源化工组", "energy")
    [event] = events("review.panel_created")
    assert (event.actor, event.subject_id, event.data) == (
        staff_user,
        panel.pk,
        {"campaign": 2021, "name": "能源化工组", "industry_group": "energy"},
    )


def test_create_panel_refuses_a_second_panel_of_a_name_or_group(campaign, staff_user, panel):
    with pytest.raises(DomainError, match="本年度已有名为“装备制造组”的评审组。"):
        services.create_panel(campaign, actor=staff_user, name="装备制造组", industry_group="it")
    with pytest.raises(DomainError, match="本年度该行业组已有评审组。"):
        services.create_panel(campaign, actor=staff_user, name="第二组", industry_group="equipment")
    assert Panel.objects.count() == 1
    assert len(events("review.panel_created")) == 1


def test_add_and_remove_panel_members(panel, make_expert, staff_user):
    expert = make_expert(name="王振华")

    services.add_panel_member(panel, expert=expert, actor=staff_user)
    assert list(panel.members.all()) == [expert]
    services.remove_panel_member(panel, expert=expert, actor=staff_user)
    assert list(panel.members.all()) == []

    [added] = events("review.panel_member_added")
    [removed] = events("review.panel_member_removed")
    assert (added.subject_id, added.data) == (panel.pk, {"expert": expert.pk, "name": "王振华"})
    assert (removed.subject_id, removed.data) == (panel.pk, {"expert": expert.pk, "name": "王振华"})


def test_panel_members_must_take_part_in_the_campaign(panel, make_expert, campaign, staff_user):
    expert = make_expert()
    services.set_expert_active(expert, campaign=campaign, active=False, actor=staff_user)

    with pytest.raises(DomainError, match="该专家未参加本年度评审，不能加入评审组。"):
        services.add_panel_member(panel, expert=expert, actor=staff_user)
    assert panel.members.count() == 0


def test_member_cannot_be_added_twice_or_removed_when_absent(
    panel, expert, make_expert, staff_user
):
    with pytest.raises(DomainError, match="该专家已是本评审组成员。"):
        services.add_panel_member(panel, expert=expert, actor=staff_user)
    with pytest.raises(DomainError, match="该专家不是本评审组成员。"):
        services.remove_panel_member(panel, expert=make_expert(), actor=staff_user)


# --- Placement ------------------------------------------------------------------------


def test_place_eligible_nominations_by_industry(campaign, staff_user, make_nomination, panel):
    it_panel = services.create_panel(
        campaign, actor=staff_user, name="信息技术组", industry_group="it"
    )
    machinist = make_nomination(status="eligible", name="张建国", industry="C")
    coder = make_nomination(status="eligible", name="孙丽华", industry="I")
    driver = make_nomination(status="eligible", name="赵海涛", industry="G")
    make_nomination(status="in_check", name="钱立新", industry="C")
    make_nomination(status="rejected", name="李秀英", industry="C")

    report = services.place_eligible_nominations(campaign, actor=staff_user)

    assert {(p.nomination_id, p.panel_id) for p in report.placed} == {
        (machinist.pk, panel.pk),
        (coder.pk, it_panel.pk),
    }
    assert [n.pk for n in report.unplaced] == [driver.pk]
    assert set(Placement.objects.values_list("nomination_id", "panel_id", "by_hand", "reason")) == {
        (machinist.pk, panel.pk, False, ""),
        (coder.pk, it_panel.pk, False, ""),
    }
    assert Placement.objects.get(nomination=machinist).placed_by == staff_user
    placed = events("review.placed")
    assert {(e.subject_id, e.unit_id, e.data["panel"]) for e in placed} == {
        (machinist.pk, machinist.unit_id, panel.pk),
        (coder.pk, coder.unit_id, it_panel.pk),
    }
    assert placed[0].data.keys() == {"panel", "panel_name", "industry"}


def test_placing_again_keeps_earlier_placements(campaign, staff_user, make_nomination, panel):
    first = make_nomination(status="eligible", name="张建国")
    services.place_eligible_nominations(campaign, actor=staff_user)
    energy = services.create_panel(
        campaign, actor=staff_user, name="能源组", industry_group="energy"
    )
    services.move_placement(first, panel=energy, reason="主要从事热电设备检修。", actor=staff_user)
    second = make_nomination(status="eligible", name="孙立新")

    report = services.place_eligible_nominations(campaign, actor=staff_user)

    assert [p.nomination_id for p in report.placed] == [second.pk]
    assert Placement.objects.get(nomination=first).panel == energy
    assert len(events("review.placed")) == 2


def test_move_placement_by_hand_with_a_reason(campaign, staff_user, candidate, panel):
    energy = services.create_panel(
        campaign, actor=staff_user, name="能源组", industry_group="energy"
    )

    placement = services.move_placement(
        candidate, panel=energy, reason=" 主要从事热电设备检修。 ", actor=staff_user
    )

    placement.refresh_from_db()
    assert (placement.panel, placement.by_hand, placement.reason, placement.placed_by) == (
        energy,
        True,
        "主要从事热电设备检修。",
        staff_user,
    )
    [event] = events("review.placement_moved")
    assert (event.actor, event.subject_id, event.unit_id) == (
        staff_user,
        candidate.pk,
        candidate.unit_id,
    )
    assert event.data == {
        "from": panel.pk,
        "to": energy.pk,
        "panel_name": "能源组",
        "reason": "主要从事热电设备检修。",
    }


def test_move_placement_places_an_unplaced_nomination(campaign, staff_user, make_nomination, panel):
    driver = make_nomination(status="eligible", industry="G")

    services.move_placement(driver, panel=panel, reason="交通运输组未组建。", actor=staff_user)

    assert Placement.objects.get(nomination=driver).panel == panel
    assert events("review.placement_moved")[0].data["from"] is None


def test_move_placement_refusals(campaign, staff_user, make_nomination, candidate, panel):
    draft = make_nomination()

    with pytest.raises(DomainError, match="人工调整评审组须填写理由。"):
        services.move_placement(candidate, panel=panel, reason=" ", actor=staff_user)
    with pytest.raises(DomainError, match="该人选已在“装备制造组”。"):
        services.move_placement(candidate, panel=panel, reason="核对", actor=staff_user)
    with pytest.raises(IllegalTransition, match="只有通过初审的推荐人选才能分组。"):
        services.move_placement(draft, panel=panel, reason="核对", actor=staff_user)
    assert events("review.placement_moved") == []


# --- Views ----------------------------------------------------------------------------


def test_panels_page_lists_members_and_candidates(staff_client, expert, candidate, make_expert):
    make_expert(name="李春雷")

    response = staff_client.get(reverse("review:panels"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "装备制造组" in content and "王振华" in content and "欧阳明辉" in content
    # The other active expert is offered for the panel.
    assert "李春雷（装备制造）" in content


def test_panel_views_create_add_and_remove(staff_client, campaign, make_expert):
    expert = make_expert(name="李春雷")

    staff_client.post(reverse("review:panels"), {"name": "信息组", "industry_group": "it"})
    panel = Panel.objects.get()
    url = reverse("review:panel_members", kwargs={"panel_id": panel.pk})
    staff_client.post(url, {"action": "add", "expert": expert.pk})
    assert list(panel.members.all()) == [expert]
    staff_client.post(url, {"action": "remove", "expert": expert.pk})
    assert list(panel.members.all()) == []


def test_placement_views(staff_client, campaign, staff_user, make_nomination, panel):
    nomination = make_nomination(status="eligible", name="赵海涛", industry="G")

    run = staff_client.post(reverse("review:placements"), follow=True)
    assert "以下人选所属行业组尚无评审组" in run.content.decode()
    move = staff_client.post(
        reverse("review:placement_move", kwargs={"pk": nomination.pk}),
        {"panel": panel.pk, "reason": "交通运输组未组建。"},
        follow=True,
    )

    assert "已将赵海涛调整到“装备制造组”。" in move.content.decode()
    page = staff_client.get(reverse("review:placements")).content.decode()
    assert "交通运输组未组建。" in page
