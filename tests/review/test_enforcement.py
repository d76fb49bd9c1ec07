"""Conflicts of interest and the pledge are enforced on every channel an expert has.

The channels today: the expert's candidate list, a candidate's page, its evidence
files through the review's download view, the declaration form, and the
nominations' own pages and downloads (which experts never reach at all).
"""

import pytest
from django.urls import reverse

from nominations.services import disqualify_nomination
from review import services
from review.models import Conflict
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db


def evidence_of(nomination):
    return nomination.attachments.get(kind="evidence")


def candidate_urls(nomination) -> dict[str, str]:
    attachment = evidence_of(nomination)
    return {
        "page": reverse("review:candidate", kwargs={"pk": nomination.pk}),
        "file": reverse(
            "review:candidate_file", kwargs={"pk": nomination.pk, "attachment_id": attachment.pk}
        ),
    }


def nomination_urls(nomination) -> list[str]:
    attachment = evidence_of(nomination)
    return [
        reverse("nominations:detail", kwargs={"pk": nomination.pk}),
        reverse("nominations:history", kwargs={"pk": nomination.pk}),
        reverse("nominations:check", kwargs={"pk": nomination.pk}),
        reverse(
            "nominations:attachment_download",
            kwargs={"pk": nomination.pk, "attachment_id": attachment.pk},
        ),
    ]


def body(response) -> bytes:
    if response.streaming:
        content = b"".join(response.streaming_content)
        response.close()
        return content
    return response.content


# --- The pledge gate ------------------------------------------------------------------


def test_before_the_pledge_the_expert_sees_only_the_pledge(expert_client, candidate):
    home = expert_client.get(reverse("review:home"))
    urls = candidate_urls(candidate)

    content = home.content.decode()
    assert "评审专家回避承诺书" in content
    assert "三代以内旁系血亲" in content and "师徒关系" in content and "严格保守秘密" in content
    assert "欧阳明辉" not in content
    page = expert_client.get(urls["page"])
    assert (page.status_code, page["Location"]) == (302, reverse("review:home"))
    assert expert_client.get(urls["file"]).status_code == 404
    declare = expert_client.post(
        reverse("review:declare", kwargs={"pk": candidate.pk}), {"kind": "relative"}
    )
    assert (declare.status_code, declare["Location"]) == (302, reverse("review:home"))
    assert Conflict.objects.count() == 0


def test_signing_needs_the_box_ticked(expert_client, expert):
    refused = expert_client.post(reverse("review:pledge"), follow=True)
    assert "请阅读承诺内容并勾选" in refused.content.decode()
    assert expert.pledges.count() == 0

    signed = expert_client.post(reverse("review:pledge"), {"agree": "on"}, follow=True)

    assert "您已签署回避承诺" in signed.content.decode()
    assert expert.pledges.count() == 1


def test_after_the_pledge_the_expert_sees_their_panel(expert_client, signed_expert, candidate):
    content = expert_client.get(reverse("review:home")).content.decode()

    assert "欧阳明辉" in content
    assert "评审专家回避承诺书" not in content


# --- The candidate page and files -----------------------------------------------------


def test_candidate_page_leaves_out_id_number_and_contacts(expert_client, signed_expert, candidate):
    response = expert_client.get(candidate_urls(candidate)["page"])

    content = response.content.decode()
    assert response.status_code == 200
    assert "欧阳明辉" in content and "哈尔滨松江精密机械有限公司" in content
    assert "主要事迹" in content and "黑龙江省五一劳动奖章" in content
    assert "工作单位（全称）</dt>" in content
    for hidden in (
        "公民身份号码</dt>",
        candidate.id_number,
        candidate.id_number_masked,
        candidate.id_number[-4:] + "<",
        "手机</dt>",
        "13800138000",
        "138****8000",
        "办公电话</dt>",
        "0451-86000000",
        "通讯地址</dt>",
        "哈尔滨市香坊区中山路100号",
        "邮政编码</dt>",
        "150000",
    ):
        assert hidden not in content, hidden
    assert "honour.pdf" in content


def test_evidence_file_is_served_to_a_cleared_expert(expert_client, signed_expert, candidate):
    response = expert_client.get(candidate_urls(candidate)["file"])

    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_photo_is_not_served_through_the_review(expert_client, signed_expert, candidate):
    photo = candidate.attachments.get(kind="photo")
    url = reverse("review:candidate_file", kwargs={"pk": candidate.pk, "attachment_id": photo.pk})

    assert expert_client.get(url).status_code == 404


def test_candidate_outside_the_experts_panels_is_a_404(
    expert_client, signed_expert, campaign, staff_user, make_nomination, candidate
):
    services.create_panel(campaign, actor=staff_user, name="信息技术组", industry_group="it")
    other = make_nomination(status="eligible", name="孙丽华", industry="I")
    services.place_eligible_nominations(campaign, actor=staff_user)
    urls = candidate_urls(other)

    assert "孙丽华" not in expert_client.get(reverse("review:home")).content.decode()
    assert expert_client.get(urls["page"]).status_code == 404
    assert expert_client.get(urls["file"]).status_code == 404
    assert (
        expert_client.post(
            reverse("review:declare", kwargs={"pk": other.pk}), {"kind": "relative"}
        ).status_code
        == 404
    )


def test_unplaced_and_disqualified_candidates_are_404(
    expert_client, signed_expert, staff_user, candidate
):
    disqualify_nomination(candidate, actor=staff_user, reason="获奖证书系伪造。")

    urls = candidate_urls(candidate)
    assert expert_client.get(urls["page"]).status_code == 404
    assert expert_client.get(urls["file"]).status_code == 404
    assert "欧阳明辉" not in expert_client.get(reverse("review:home")).content.decode()


def test_a_member_taken_off_the_panel_loses_the_candidates(
    expert_client, signed_expert, panel, staff_user, candidate
):
    services.remove_panel_member(panel, expert=signed_expert, actor=staff_user)

    assert expert_client.get(candidate_urls(candidate)["page"]).status_code == 404


# --- Conflicts ------------------------------------------------------------------------


def assert_kept_apart(client, nomination):
    urls = candidate_urls(nomination)
    # The list may name the candidate among the expert's own declarations, never link it.
    assert urls["page"] not in client.get(reverse("review:home")).content.decode()
    assert client.get(urls["page"]).status_code == 404
    assert client.get(urls["file"]).status_code == 404
    declare = client.post(
        reverse("review:declare", kwargs={"pk": nomination.pk}), {"kind": "other"}
    )
    assert declare.status_code == 404
    for url in nomination_urls(nomination):
        response = client.get(url)
        assert response.status_code == 404, url
        assert nomination.name.encode() not in body(response)


def test_a_confirmed_suggestion_removes_the_pair_everywhere(
    expert_client, signed_expert, staff_user, candidate
):
    conflict = Conflict.objects.create(
        expert=signed_expert, nomination=candidate, kind="same_employer", status="suggested"
    )
    # A pending suggestion does not hide the candidate yet.
    assert expert_client.get(candidate_urls(candidate)["page"]).status_code == 200

    services.confirm_conflict(conflict, reason="同一单位。", actor=staff_user)

    assert_kept_apart(expert_client, candidate)


def test_a_dismissed_suggestion_keeps_the_candidate(
    expert_client, signed_expert, staff_user, candidate
):
    conflict = Conflict.objects.create(
        expert=signed_expert, nomination=candidate, kind="same_employer", status="suggested"
    )

    services.dismiss_conflict(conflict, reason="不同单位。", actor=staff_user)

    assert expert_client.get(candidate_urls(candidate)["page"]).status_code == 200


def test_a_declaration_removes_the_pair_at_once(expert_client, signed_expert, candidate):
    response = expert_client.post(
        reverse("review:declare", kwargs={"pk": candidate.pk}),
        {"kind": "relative", "note": "表兄弟"},
        follow=True,
    )

    content = response.content.decode()
    assert "已申报与欧阳明辉的回避关系" in content
    assert "您已申报回避的人选" in content
    conflict = Conflict.objects.get()
    assert (conflict.kind, conflict.note, conflict.declared, conflict.status) == (
        "relative",
        "表兄弟",
        True,
        "confirmed",
    )
    assert_kept_apart(expert_client, candidate)


def test_declaring_other_needs_a_note(expert_client, signed_expert, candidate):
    response = expert_client.post(
        reverse("review:declare", kwargs={"pk": candidate.pk}), {"kind": "other"}, follow=True
    )

    assert "请说明具体关系" in response.content.decode()
    assert Conflict.objects.count() == 0


def test_a_conflict_of_one_expert_does_not_hide_the_candidate_from_another(
    signed_expert, make_expert, panel, campaign, staff_user, candidate
):
    colleague = make_expert(name="李春雷")
    services.add_panel_member(panel, expert=colleague, actor=staff_user)
    services.sign_pledge(colleague, campaign=campaign, actor=colleague.user)
    services.declare_conflict(
        signed_expert, nomination=candidate, kind="relative", note="", actor=signed_expert.user
    )

    client = client_for(colleague.user)

    assert client.get(candidate_urls(candidate)["page"]).status_code == 200


def test_the_nominations_pages_are_404_for_a_cleared_expert(
    expert_client, signed_expert, candidate
):
    for url in nomination_urls(candidate):
        assert expert_client.get(url).status_code == 404, url


# --- Who is an expert -----------------------------------------------------------------


def test_an_expert_account_without_a_profile_sees_a_notice(campaign, expert_user):
    client = client_for(expert_user)

    response = client.get(reverse("review:home"))

    assert "您的账号尚未登记专家信息" in response.content.decode()


def test_an_expert_outside_the_campaign_sees_a_notice_and_no_candidate(
    make_expert, campaign, staff_user, candidate
):
    outsider = make_expert(name="李春雷")
    services.set_expert_active(outsider, campaign=campaign, active=False, actor=staff_user)
    client = client_for(outsider.user)

    assert "您未被列为本年度的评审专家" in client.get(reverse("review:home")).content.decode()
    assert client.get(candidate_urls(candidate)["page"]).status_code == 404


def test_staff_land_on_the_panels(staff_client, campaign):
    response = staff_client.get(reverse("review:home"))

    assert response["Location"] == reverse("review:panels")
