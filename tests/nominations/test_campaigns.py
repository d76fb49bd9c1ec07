"""The running campaign, chosen explicitly, and staff looking at another one read-only."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError
from nominations import viewing
from nominations.models import Campaign
from nominations.selectors import current_campaign, running_campaign, unit_intake_open
from nominations.services import set_running_campaign
from tests.factories import CampaignFactory

READ_ONLY_2021 = "正在查看2021年度（只读），不能修改。如需办理，请先返回当前运行的选树活动。"


def events(code: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code=code).order_by("pk"))


@pytest.fixture
def next_campaign(campaign) -> Campaign:
    """The 2022 campaign, prepared but not running."""
    return CampaignFactory(year=2022, title="2022年“龙江工匠”选树", is_running=False)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The running campaign ------------------------------------------------------------


def test_current_campaign_is_the_running_one_not_the_newest(campaign, next_campaign):
    assert current_campaign() == campaign
    assert running_campaign() == campaign


def test_current_campaign_without_a_running_one_is_none(db):
    CampaignFactory(is_running=False)

    assert current_campaign() is None


def test_a_second_running_campaign_breaks_the_constraint(campaign):
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(year=2022)


def test_unit_intake_open_reads_the_running_campaign(campaign, next_campaign, unit_harbin):
    # 2021's intake closed long ago (the factory's deadlines); the open one is 2022's.
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=campaign.electronic_deadline.replace(year=2020),
        paper_deadline=campaign.paper_deadline.replace(year=2020),
    )
    Campaign.objects.filter(pk=next_campaign.pk).update(
        electronic_deadline=next_campaign.electronic_deadline.replace(year=2099),
        paper_deadline=next_campaign.paper_deadline.replace(year=2099),
    )

    assert unit_intake_open(unit_harbin.pk) is False
    set_running_campaign(next_campaign, actor=None)
    assert unit_intake_open(unit_harbin.pk) is True


def test_set_running_campaign_swaps_and_is_audited(campaign, next_campaign, staff_user):
    set_running_campaign(next_campaign, actor=staff_user)

    assert list(Campaign.objects.filter(is_running=True)) == [next_campaign]
    assert current_campaign() == next_campaign
    [event] = events("campaign.running_changed")
    assert event.actor == staff_user
    assert event.subject_id == next_campaign.pk
    assert event.data == {"year": 2022, "previous": 2021}


def test_set_running_campaign_refuses_the_running_one(campaign, staff_user):
    with pytest.raises(DomainError) as refused:
        set_running_campaign(campaign, actor=staff_user)

    assert refused.value.message == "2021年度已是当前运行的选树活动。"
    assert events("campaign.running_changed") == []


def test_set_running_campaign_without_a_running_one(db, staff_user):
    idle = CampaignFactory(is_running=False)

    set_running_campaign(idle, actor=staff_user)

    assert Campaign.objects.get().is_running is True
    assert events("campaign.running_changed")[0].data == {"year": 2021, "previous": None}


def test_the_first_campaign_created_runs(db, staff_user):
    from nominations.services import save_campaign

    first = CampaignFactory.build(is_running=False)
    save_campaign(first, actor=staff_user, changed=["year"])
    second = CampaignFactory.build(year=2022, is_running=False)
    save_campaign(second, actor=staff_user, changed=["year"])

    assert Campaign.objects.get(year=2021).is_running is True
    assert Campaign.objects.get(year=2022).is_running is False


# --- The campaigns page ----------------------------------------------------------------


def test_campaigns_page_lists_each_campaign_with_its_state(campaign, next_campaign, staff_client):
    CampaignFactory(year=2020, title="2020年“龙江工匠”选树", is_running=False)

    response = staff_client.get(reverse("nominations:campaigns"))

    content = response.content.decode()
    assert response.status_code == 200
    rows = [(row.campaign.year, row.state_label) for row in response.context["rows"]]
    assert rows == [(2022, "筹备中"), (2021, "当前运行"), (2020, "往届")]
    assert "创建2023年度活动" in content
    assert content.count("设为当前运行</a>") == 2


def test_setting_running_needs_the_confirmation(campaign, next_campaign, staff_client):
    url = reverse("nominations:campaign_run", args=[next_campaign.pk])

    page = staff_client.get(url)
    refused = staff_client.post(url, {})

    assert "各推荐单位填报员登录后看到的是2022年度" in page.content.decode()
    assert "2021年度不再运行" in page.content.decode()
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"confirm": ["请勾选确认后再设为当前运行。"]}
    assert Campaign.objects.get(is_running=True) == campaign


def test_setting_running_with_the_confirmation(campaign, next_campaign, staff_client, staff_user):
    url = reverse("nominations:campaign_run", args=[next_campaign.pk])

    response = staff_client.post(url, {"confirm": "on"}, follow=True)

    assert response.redirect_chain == [(reverse("nominations:campaigns"), 302)]
    assert "2022年度已设为当前运行的选树活动。" in response.content.decode()
    assert Campaign.objects.get(is_running=True) == next_campaign
    assert events("campaign.running_changed")[0].actor == staff_user


@pytest.mark.parametrize("user", ["clerk", "expert_user", "council_user"])
def test_only_provincial_staff_set_the_running_campaign(request, user, campaign, next_campaign):
    client = client_for(request.getfixturevalue(user))

    response = client.post(
        reverse("nominations:campaign_run", args=[next_campaign.pk]), {"confirm": "on"}
    )

    assert response.status_code == 403
    assert Campaign.objects.get(is_running=True) == campaign


# --- Looking at another campaign, read-only ---------------------------------------------


def view(client: Client, campaign: Campaign | None, next_url: str = "/nominations/"):
    return client.post(
        reverse("nominations:campaign_view"),
        {"campaign": campaign.pk if campaign else "", "next": next_url},
    )


@pytest.fixture
def staff_on_2022(campaign, next_campaign, staff_user) -> Client:
    """Staff of a portal running 2022, looking at 2021."""
    set_running_campaign(next_campaign, actor=staff_user)
    client = client_for(staff_user)
    view(client, campaign)
    return client


def test_switcher_keeps_the_choice_and_pages_show_that_campaign(staff_on_2022, campaign):
    response = staff_on_2022.get(reverse("nominations:list"))

    content = response.content.decode()
    assert response.context["campaign"] == campaign
    assert staff_on_2022.session[viewing.SESSION_KEY] == campaign.pk
    assert "正在查看2021年度（只读）" in content
    assert "返回当前运行的活动" in content


def test_switcher_redirects_to_the_page_it_was_used_on(campaign, next_campaign, staff_client):
    response = view(staff_client, next_campaign, "/nominations/extensions/")

    assert response.status_code == 302
    assert response["Location"] == "/nominations/extensions/"


def test_switcher_never_redirects_off_site(campaign, next_campaign, staff_client):
    response = view(staff_client, next_campaign, "https://evil.example/")

    assert response["Location"] == reverse("nominations:list")


def test_while_viewing_a_write_is_refused_with_the_reason(staff_on_2022, campaign):
    response = staff_on_2022.post(
        reverse("nominations:extensions"),
        {"unit": "", "until": "2099-01-01 17:00", "reason": "x"},
    )

    assert response.status_code == 403
    assert READ_ONLY_2021 in response.content.decode()
    assert not campaign.extensions.exists()


def test_while_viewing_a_document_can_still_be_asked_for(staff_on_2022):
    response = staff_on_2022.post(
        reverse("jobs:start", args=["summary.province"]), {"campaign": "2021"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")


def test_back_to_the_running_campaign_ends_read_only(staff_on_2022, next_campaign):
    view(staff_on_2022, None)

    response = staff_on_2022.get(reverse("nominations:list"))

    assert viewing.SESSION_KEY not in staff_on_2022.session
    assert response.context["campaign"] == next_campaign
    assert "正在查看" not in response.content.decode()


def test_choosing_the_running_campaign_in_the_switcher_ends_read_only(staff_on_2022, next_campaign):
    view(staff_on_2022, next_campaign)

    assert viewing.SESSION_KEY not in staff_on_2022.session


def test_viewed_campaign_made_running_meanwhile_is_no_longer_read_only(
    staff_on_2022, campaign, staff_user
):
    set_running_campaign(campaign, actor=staff_user)

    response = staff_on_2022.get(reverse("nominations:list"))

    assert response.context["campaign"] == campaign
    assert "正在查看" not in response.content.decode()
    assert viewing.SESSION_KEY not in staff_on_2022.session


def test_clerks_always_work_on_the_running_campaign(campaign, next_campaign, clerk):
    client = client_for(clerk)
    session = client.session
    session[viewing.SESSION_KEY] = next_campaign.pk
    session.save()

    refused = view(client, next_campaign)
    page = client.get(reverse("nominations:list"))

    assert refused.status_code == 403
    assert page.context["campaign"] == campaign
    assert "正在查看" not in page.content.decode()


def test_outside_a_request_the_running_campaign_is_current(staff_on_2022, next_campaign):
    staff_on_2022.get(reverse("nominations:list"))

    assert current_campaign() == next_campaign


def test_staff_menu_offers_every_campaign(campaign, next_campaign, staff_client):
    content = staff_client.get(reverse("nominations:list")).content.decode()

    assert "2021年度（当前运行）" in content
    assert "查看2022年度（只读）" in content
    assert reverse("nominations:campaigns") in content


# --- Query counts -------------------------------------------------------------------------


def count_queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_campaigns_page_query_count_is_constant(campaign, staff_client):
    # Session and user (2), the campaigns with what they were copied from, the menu's
    # switcher, the session save (3).
    counts = []
    for year in (2019, 2020, 2016, 2017, 2018):
        CampaignFactory(year=year, title=f"{year}年“龙江工匠”选树", is_running=False)
        counts.append(count_queries(staff_client, reverse("nominations:campaigns")))

    assert counts == [7] * 5


def test_campaign_page_query_count(campaign, staff_client):
    # Session and user (2), the campaigns (1), the campaign shown (1), each registered
    # part (unit contacts 1, review rules 1, rubric 2, panels 1, active experts 1 and,
    # for a copied campaign, last year's awaiting confirmation 1; publicity 1), the
    # menu's switcher (1), the session save (3).
    url = reverse("nominations:campaign", args=[campaign.pk])
    assert count_queries(staff_client, url) == 15


def test_viewing_an_earlier_campaign_costs_no_query_on_a_campaign_page(staff_on_2022, staff_user):
    # The middleware loads the viewed campaign (1) instead of the page loading the
    # running one (1).
    viewing_count = count_queries(staff_on_2022, reverse("nominations:list"))
    running_client = client_for(staff_user)

    assert viewing_count == count_queries(running_client, reverse("nominations:list"))
