"""Revoking a certificate: the service, its audit event, and the staff's page."""

import threading

import pytest
from django.db import connections
from django.test import Client

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError
from nominations import viewing
from nominations.models import Campaign
from publicity.models import Certificate
from publicity.services.certificates_revoke import AlreadyRevoked, revoke_certificate
from tests.factories import CampaignFactory
from tests.publicity.certificate_helpers import make_certificate

pytestmark = pytest.mark.django_db

REASON = "经查实，申报材料存在弄虚作假，经省总工会主席办公会议研究撤销其称号。"


@pytest.fixture
def certificate(make_nomination):
    return make_certificate(make_nomination(name="欧阳明辉"))


def url(certificate) -> str:
    return f"/publicity/staff/award/certificates/{certificate.pk}/revoke/"


# --- The service ---------------------------------------------------------------------


def test_revoke_records_who_when_why_and_audits(certificate, staff_user):
    revoked = revoke_certificate(certificate, actor=staff_user, reason=f"  {REASON}\n")

    certificate.refresh_from_db()
    assert certificate.revoked
    assert certificate.revoked_at == revoked.revoked_at
    assert certificate.revoked_by == staff_user
    assert certificate.revoke_reason == REASON
    [event] = AuditEvent.objects.filter(code="award.certificate_revoked")
    assert event.actor == staff_user
    assert event.subject_id == certificate.pk
    assert event.unit == certificate.nomination.unit
    assert event.data == {
        "serial": "LJGJ-2021-001",
        "nomination": certificate.nomination_id,
        "reason": REASON,
    }


def test_revoking_twice_is_refused_with_the_first_revocation(certificate, staff_user):
    revoke_certificate(certificate, actor=staff_user, reason=REASON)
    first = Certificate.objects.get(pk=certificate.pk)

    with pytest.raises(AlreadyRevoked) as refused:
        # The stale object in hand still looks valid: the service reads the locked row.
        revoke_certificate(certificate, actor=staff_user, reason="另一理由")

    assert str(refused.value.message).startswith("证书 LJGJ-2021-001 已于")
    assert str(refused.value.message).endswith("撤销，不能重复撤销。")
    after = Certificate.objects.get(pk=certificate.pk)
    assert (after.revoked_at, after.revoke_reason) == (first.revoked_at, REASON)
    assert AuditEvent.objects.filter(code="award.certificate_revoked").count() == 1


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_revoking_needs_a_reason(certificate, staff_user, reason):
    with pytest.raises(DomainError) as refused:
        revoke_certificate(certificate, actor=staff_user, reason=reason)

    assert refused.value.message == "请填写撤销理由。"
    assert not Certificate.objects.get(pk=certificate.pk).revoked


def test_a_reason_longer_than_the_field_is_refused(certificate, staff_user):
    with pytest.raises(DomainError) as refused:
        revoke_certificate(certificate, actor=staff_user, reason="理" * 501)

    assert refused.value.message == "撤销理由最多500个字。"


def test_only_provincial_staff_revoke(certificate, clerk, council_user):
    for user in (clerk, council_user):
        with pytest.raises(DomainError) as refused:
            revoke_certificate(certificate, actor=user, reason=REASON)
        assert refused.value.message == "只有省总工会工作人员可以撤销荣誉证书。"
    assert not Certificate.objects.get(pk=certificate.pk).revoked
    assert not AuditEvent.objects.filter(code="award.certificate_revoked").exists()


def test_a_revoked_certificate_verifies_as_revoked(certificate, staff_user):
    before = Client().get(f"/verify/{certificate.token}/").content.decode()

    revoke_certificate(certificate, actor=staff_user, reason=REASON)
    after = Client().get(f"/verify/{certificate.token}/").content.decode()

    assert "当前有效" in before and "已撤销" not in before
    assert "已撤销" in after and "当前有效" not in after and REASON not in after


@pytest.mark.django_db(transaction=True)
def test_two_revocations_at_once_end_in_one(certificate, staff_user, admin_user, row_locks):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def revoke(actor):
        try:
            barrier.wait(timeout=10)
            revoke_certificate(certificate, actor=actor, reason=f"{actor.username}的理由")
            outcomes.append("revoked")
        except AlreadyRevoked:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=revoke, args=(u,)) for u in (staff_user, admin_user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused", "revoked"]
    [event] = AuditEvent.objects.filter(code="award.certificate_revoked")
    assert Certificate.objects.get(pk=certificate.pk).revoked_by == event.actor


# --- The staff's page ----------------------------------------------------------------


def test_staff_see_the_certificate_and_the_form(client, certificate, staff_user):
    client.force_login(staff_user)

    response = client.get(url(certificate))

    text = response.content.decode()
    assert response.status_code == 200
    assert "LJGJ-2021-001" in text and "欧阳明辉" in text and "哈尔滨市总工会" in text
    assert 'name="reason"' in text and 'name="confirm"' in text
    assert f'href="/verify/{certificate.token}/"' in text


def test_staff_revoke_with_a_reason_and_the_confirmation(client, certificate, staff_user):
    client.force_login(staff_user)

    response = client.post(url(certificate), {"reason": REASON, "confirm": "on"}, follow=True)

    text = response.content.decode()
    assert response.redirect_chain == [(url(certificate), 302)]
    assert "证书 LJGJ-2021-001 已撤销，扫码查验将显示“已撤销”。" in text
    assert "该证书已撤销" in text and REASON in text
    assert 'name="reason"' not in text
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == REASON


def test_staff_revoke_an_earlier_campaigns_certificate_while_looking_at_it(
    client, certificate, staff_user
):
    Campaign.objects.filter(pk=certificate.campaign_id).update(is_running=False)
    CampaignFactory(year=2022)
    client.force_login(staff_user)
    session = client.session
    session[viewing.SESSION_KEY] = certificate.campaign_id
    session.save()

    response = client.post(url(certificate), {"reason": REASON, "confirm": "on"}, follow=True)

    assert response.redirect_chain == [(url(certificate), 302)]
    assert "正在查看2021年度（只读）" in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == REASON


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": REASON}, "请勾选确认后再撤销。"),
        ({"reason": "", "confirm": "on"}, "这个字段是必填项。"),
    ],
)
def test_staff_form_refuses_without_confirmation_or_reason(
    client, certificate, staff_user, data, message
):
    client.force_login(staff_user)

    response = client.post(url(certificate), data)

    text = response.content.decode()
    assert response.status_code == 200
    assert message in text
    # What was typed is kept.
    assert data["reason"] in text
    assert not Certificate.objects.get(pk=certificate.pk).revoked


def test_posting_to_a_revoked_certificate_changes_nothing(client, certificate, staff_user):
    revoke_certificate(certificate, actor=staff_user, reason=REASON)
    client.force_login(staff_user)

    response = client.post(url(certificate), {"reason": "再次撤销", "confirm": "on"})

    assert response.status_code == 200
    assert "该证书已撤销" in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == REASON
    assert AuditEvent.objects.filter(code="award.certificate_revoked").count() == 1


@pytest.mark.parametrize("role", ["clerk", "expert_user", "council_user"])
def test_other_roles_are_refused(client, certificate, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url(certificate)).status_code == 403
    assert client.post(url(certificate), {"reason": REASON, "confirm": "on"}).status_code == 403
    assert not Certificate.objects.get(pk=certificate.pk).revoked


def test_anonymous_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get(url(certificate))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_missing_certificate_is_404(client, staff_user):
    client.force_login(staff_user)

    assert client.get("/publicity/staff/award/certificates/999999/revoke/").status_code == 404


# --- The holder's public profile -----------------------------------------------------


def holder_profile(certificate, staff_user, *, published=True):
    from tests.publicity.showcase_helpers import make_craftsman, make_profile

    nomination = certificate.nomination
    person = make_craftsman(
        name=nomination.name, year=nomination.campaign.year, nomination=nomination
    )
    return make_profile(person, actor=staff_user, published=published)


def test_revoking_takes_the_holders_profile_off_the_showcase(certificate, staff_user):
    profile = holder_profile(certificate, staff_user)
    public = f"/craftsmen/{profile.craftsman_id}/"
    assert Client().get(public).status_code == 200

    revoked = revoke_certificate(certificate, actor=staff_user, reason=REASON)

    assert revoked.showcase_taken_down is True
    profile.refresh_from_db()
    assert profile.published is False and profile.published_at is None
    assert profile.updated_by == staff_user
    [event] = AuditEvent.objects.filter(code="award.showcase_unpublished")
    assert event.actor == staff_user
    assert event.subject_id == profile.pk
    assert event.data == {"name": "欧阳明辉", "year": 2021, "reason": "证书已撤销"}
    assert Client().get(public).status_code == 404
    assert "欧阳明辉" not in Client().get("/craftsmen/").content.decode()


def test_revoking_leaves_an_unpublished_profile_alone(certificate, staff_user):
    holder_profile(certificate, staff_user, published=False)

    revoked = revoke_certificate(certificate, actor=staff_user, reason=REASON)

    assert revoked.showcase_taken_down is False
    assert not AuditEvent.objects.filter(code="award.showcase_unpublished").exists()


def test_a_profile_published_again_after_revocation_stays_off_the_public_pages(
    certificate, staff_user
):
    profile = holder_profile(certificate, staff_user)
    revoke_certificate(certificate, actor=staff_user, reason=REASON)
    from publicity.models import ShowcaseProfile

    ShowcaseProfile.objects.filter(pk=profile.pk).update(published=True)
    client = Client()

    assert client.get(f"/craftsmen/{profile.craftsman_id}/").status_code == 404
    assert "欧阳明辉" not in client.get("/craftsmen/").content.decode()


def test_the_page_says_the_profile_was_taken_down(client, certificate, staff_user):
    holder_profile(certificate, staff_user)
    client.force_login(staff_user)

    response = client.post(url(certificate), {"reason": REASON, "confirm": "on"}, follow=True)

    assert "此人在“往届龙江工匠”中的公开展示页已同时撤下。" in response.content.decode()


def test_the_page_says_nothing_of_a_profile_when_there_is_none(client, certificate, staff_user):
    client.force_login(staff_user)

    response = client.post(url(certificate), {"reason": REASON, "confirm": "on"}, follow=True)

    assert "公开展示页已同时撤下" not in response.content.decode()


def test_a_revoked_holders_profile_cannot_be_published_again(certificate, staff_user):
    from publicity.services.showcase import CertificateRevoked, publish_profile

    profile = holder_profile(certificate, staff_user)
    revoke_certificate(certificate, actor=staff_user, reason=REASON)

    with pytest.raises(CertificateRevoked) as refused:
        publish_profile(profile, actor=staff_user)

    assert str(refused.value.message) == "此人的荣誉证书已撤销，展示页不能公开。"
    profile.refresh_from_db()
    assert profile.published is False
