"""Next year's campaign copied from this one, every stage's part of it.

Here, in the last stage's tests, because the copy spans every stage.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.campaigns import copiers, next_year
from longjiang.exceptions import DomainError
from nominations.models import Campaign, UnitContact
from nominations.services import create_next_campaign, set_unit_contact
from publicity.models import PublicitySettings
from review import services as review
from review.campaigns import carried_experts
from review.models import Dimension, Expert, IndustryGroup, Panel, ReviewSettings
from tests.factories import CampaignFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def prepared(campaign, staff_user, clerk, unit_harbin, unit_qiqihar):
    """The 2021 campaign with every part a stage copies set to something non-default."""
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=at(2021, 7, 1, 17, 0),
        paper_deadline=at(2021, 7, 6, 17, 0),
        quota=80,
        award_amount=6000,
        publicity_working_days=7,
        repeat_nominee_blocks=True,
    )
    campaign.refresh_from_db()
    set_unit_contact(campaign, unit=unit_harbin, actor=clerk, name="李红", phone="0451-8888")
    review.ensure_default_rubric(campaign, actor=staff_user)
    review.set_review_window(
        campaign, opens_at=at(2021, 8, 2, 9, 0), closes_at=at(2021, 8, 20, 17, 0), actor=staff_user
    )
    review.update_review_settings(campaign, conflict_same_unit=True, actor=staff_user)
    review.update_ranking_settings(campaign, actor=staff_user, reserve_size=6)
    equipment = review.create_panel(
        campaign, actor=staff_user, name="装备制造组", industry_group=IndustryGroup.EQUIPMENT
    )
    review.create_panel(
        campaign, actor=staff_user, name="能源化工组", industry_group=IndustryGroup.ENERGY
    )
    member = review.add_expert(
        campaign,
        actor=staff_user,
        name="王振华",
        employer_name="黑龙江北疆重型装备有限公司",
        specialty=IndustryGroup.EQUIPMENT,
    ).expert
    review.add_panel_member(equipment, expert=member, actor=staff_user)
    review.add_expert(
        campaign,
        actor=staff_user,
        name="赵雪梅",
        employer_name="大庆石化",
        specialty=IndustryGroup.ENERGY,
    )
    PublicitySettings.objects.create(
        campaign=campaign,
        cutoff_time=datetime.time(16, 30),
        title_template="{year}年龙江工匠公示（测试）",
        text_template="公示{count}人。",
        postmark_rule="received",
        anonymous_policy="refuse",
        verification_working_days=4,
        postal_grace_days=2,
    )
    return campaign


def test_next_year_moves_dates_and_29_february():
    assert next_year(datetime.date(2021, 7, 1)) == datetime.date(2022, 7, 1)
    assert next_year(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)
    assert next_year(at(2024, 2, 29, 17, 0)) == at(2025, 2, 28, 17, 0)
    # The local wall-clock time is kept, whatever the stored zone.
    assert timezone.localtime(next_year(at(2021, 7, 1, 0, 30))).time() == datetime.time(0, 30)


def test_every_stage_registers_its_parts_in_order():
    assert [c.name for c in copiers()] == [
        "nominations.unit_contacts",
        "review.settings",
        "review.rubric",
        "review.panels",
        "review.experts",
        "publicity.settings",
    ]


def test_create_next_campaign_copies_the_campaign_settings(prepared, staff_user):
    created = create_next_campaign(prepared, actor=staff_user)

    assert created.year == 2022
    assert created.title == "2022年“龙江工匠”选树"
    assert created.notice_ref == ""
    assert created.is_running is False
    assert created.copied_from == prepared
    assert created.electronic_deadline == at(2022, 7, 1, 17, 0)
    assert created.paper_deadline == at(2022, 7, 6, 17, 0)
    for name in (
        "quota",
        "award_amount",
        "publicity_working_days",
        "focus_industries",
        "contact_department",
        "contact_people",
        "contact_phones",
        "contact_email",
        "postal_address",
        "repeat_nominee_blocks",
    ):
        assert getattr(created, name) == getattr(prepared, name), name
    assert (created.quota, created.award_amount, created.repeat_nominee_blocks) == (80, 6000, True)
    # The running campaign stays the one staff chose.
    assert Campaign.objects.get(is_running=True) == prepared


def test_create_next_campaign_copies_unit_contacts(prepared, staff_user, unit_harbin):
    created = create_next_campaign(prepared, actor=staff_user)

    contacts = list(
        UnitContact.objects.filter(campaign=created).values_list("unit", "name", "phone")
    )
    assert contacts == [(unit_harbin.pk, "李红", "0451-8888")]


def test_create_next_campaign_copies_the_review_rules_and_rubric(prepared, staff_user):
    created = create_next_campaign(prepared, actor=staff_user)

    settings = ReviewSettings.objects.get(campaign=created)
    assert settings.conflict_same_unit is True
    assert settings.reserve_size == 6
    assert settings.review_opens_at == at(2022, 8, 2, 9, 0)
    assert settings.review_closes_at == at(2022, 8, 20, 17, 0)
    assert settings.rubric_frozen_at is None
    fields = ("key", "name", "max_points", "guidance", "position")
    assert list(Dimension.objects.filter(campaign=created).values_list(*fields)) == list(
        Dimension.objects.filter(campaign=prepared).values_list(*fields)
    )
    assert sum(
        Dimension.objects.filter(campaign=created).values_list("max_points", flat=True)
    ) == Decimal(100)


def test_create_next_campaign_copies_panels_without_members(prepared, staff_user):
    created = create_next_campaign(prepared, actor=staff_user)

    panels = Panel.objects.filter(campaign=created).order_by("name")
    assert [(p.name, p.industry_group) for p in panels] == [
        ("能源化工组", IndustryGroup.ENERGY),
        ("装备制造组", IndustryGroup.EQUIPMENT),
    ]
    assert not Panel.members.through.objects.filter(panel__campaign=created).exists()


def test_create_next_campaign_leaves_the_expert_pool_inactive(prepared, staff_user):
    created = create_next_campaign(prepared, actor=staff_user)

    assert not Expert.objects.filter(campaigns=created).exists()
    assert [e.name for e in carried_experts(created)] == ["王振华", "赵雪梅"]
    # Confirming one (the expert page's activation) takes them off the waiting list.
    review.set_expert_active(
        Expert.objects.get(name="王振华"), campaign=created, active=True, actor=staff_user
    )
    assert [e.name for e in carried_experts(created)] == ["赵雪梅"]
    # Last year's pool is untouched.
    assert Expert.objects.filter(campaigns=prepared).count() == 2


def test_create_next_campaign_copies_the_publicity_settings(prepared, staff_user):
    created = create_next_campaign(prepared, actor=staff_user)

    fields = (
        "cutoff_time",
        "title_template",
        "text_template",
        "postmark_rule",
        "anonymous_policy",
        "verification_working_days",
        "postal_grace_days",
    )
    assert list(PublicitySettings.objects.filter(campaign=created).values_list(*fields)) == [
        (
            datetime.time(16, 30),
            "{year}年龙江工匠公示（测试）",
            "公示{count}人。",
            "received",
            "refuse",
            4,
            2,
        )
    ]


def test_create_next_campaign_is_audited(prepared, staff_user):
    created = create_next_campaign(prepared, actor=staff_user)

    [event] = AuditEvent.objects.filter(code="campaign.next_created")
    assert event.actor == staff_user
    assert event.subject_id == created.pk
    assert event.data == {
        "year": 2022,
        "copied_from": 2021,
        "parts": ["汇总表联系人", "评审规则", "评分标准", "评审组及行业分组", "专家库", "公示设置"],
    }


def test_create_next_campaign_refused_when_next_year_exists(prepared, staff_user):
    create_next_campaign(prepared, actor=staff_user)

    with pytest.raises(DomainError) as refused:
        create_next_campaign(prepared, actor=staff_user)

    assert refused.value.message == "2022年度的选树活动已经存在。"
    assert Campaign.objects.filter(year=2022).count() == 1
    assert AuditEvent.objects.filter(code="campaign.next_created").count() == 1


def test_create_next_campaign_from_29_february(db, staff_user):
    leap = CampaignFactory(
        year=2024,
        title="2024年“龙江工匠”选树",
        electronic_deadline=at(2024, 2, 29, 17, 0),
        paper_deadline=at(2024, 2, 29, 17, 0),
    )

    created = create_next_campaign(leap, actor=staff_user)

    assert created.electronic_deadline == at(2025, 2, 28, 17, 0)
    assert created.paper_deadline == at(2025, 2, 28, 17, 0)
    assert created.title == "2025年“龙江工匠”选树"


def test_campaign_without_stage_settings_copies_what_it_has(campaign, staff_user):
    created = create_next_campaign(campaign, actor=staff_user)

    assert not ReviewSettings.objects.filter(campaign=created).exists()
    assert not PublicitySettings.objects.filter(campaign=created).exists()
    assert not Dimension.objects.filter(campaign=created).exists()


def test_staff_create_next_campaign_and_see_what_to_check(prepared, staff_client):
    response = staff_client.post(
        reverse("nominations:campaign_next", args=[prepared.pk]), follow=True
    )

    created = Campaign.objects.get(year=2022)
    content = response.content.decode()
    assert response.redirect_chain == [(reverse("nominations:campaign", args=[created.pk]), 302)]
    assert "已从2021年度复制创建2022年度选树活动，尚未运行。请核对以下内容。" in content
    assert "筹备中" in content
    assert "填写本年度通知文号。" in content
    assert "电子材料截止时间 2022年7月1日 17:00，纸质材料截止时间 2022年7月6日 17:00" in content
    assert "评分开始时间：2022年8月2日 09:00" in content
    assert "2021年度的2位专家待确认（尚未启用）" in content
    assert "异议截止时刻：16:30" in content


def test_staff_creating_next_year_twice_are_told(prepared, staff_client):
    staff_client.post(reverse("nominations:campaign_next", args=[prepared.pk]))

    response = staff_client.post(
        reverse("nominations:campaign_next", args=[prepared.pk]), follow=True
    )

    assert "2022年度的选树活动已经存在。" in response.content.decode()
    assert Campaign.objects.filter(year=2022).count() == 1


def test_public_list_keeps_last_years_notice_after_next_year_runs(
    campaign, version, staff_user, covered_years
):
    from nominations.services import set_running_campaign
    from publicity import snapshots
    from publicity.models import Snapshot
    from tests.publicity.test_notices_publication import publish

    notice = publish(campaign, version, staff_user)
    closed = notice.snapshots.get(kind=Snapshot.Kind.CLOSED_PAGE)
    following = create_next_campaign(campaign, actor=staff_user)

    set_running_campaign(following, actor=staff_user)

    # The public page is the files published for 2021 until 2022 publishes its own.
    later = notice.closes_at + datetime.timedelta(days=200)
    assert snapshots.current(later).name == closed.file_name


def test_experts_page_marks_last_years_experts_awaiting_confirmation(
    prepared, staff_user, staff_client
):
    from nominations.services import set_running_campaign

    created = create_next_campaign(prepared, actor=staff_user)
    set_running_campaign(created, actor=staff_user)
    review.set_expert_active(
        Expert.objects.get(name="王振华"), campaign=created, active=True, actor=staff_user
    )

    content = staff_client.get(reverse("review:experts")).content.decode()

    assert content.count("2021年度专家，待确认") == 1
    assert content.index("赵雪梅") < content.index("2021年度专家，待确认")
