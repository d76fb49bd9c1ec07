"""A person the council removed while the notice is live is no longer published: the
objection forms stop offering her and the service refuses an objection against her."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from longjiang.exceptions import DomainError
from publicity.forms.objections import new_form_token, person_value
from publicity.models import Objection, Source
from publicity.selectors.notices import current_persons, notice_persons
from publicity.selectors.objections import is_published_by, notice_entries
from publicity.services.objections import receive_objection
from publicity.services.revisions import approve_revision
from tests.factories import pdf_upload
from tests.publicity.upheld import decision, make_notice, make_objection
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

NEW = "/publicity/objections/new/"


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.OBJECTION_FORM_MIN_SECONDS = 0


@pytest.fixture
def revised(campaign, candidates, version1, staff_user, council_secretary):
    """The main notice over version 1 is live; version 2 removes 孙丽华, takes 李建国."""
    notice = make_notice(campaign, version1, staff_user, closed=False)
    case = make_objection(notice, candidates["孙丽华"])
    approve_revision(
        campaign,
        decision(),
        minutes=pdf_upload("会议纪要2.pdf"),
        removed_cases=[case],
        substitutes=[candidates["李建国"]],
        expected_version=1,
        actor=council_secretary,
    )
    return notice


def form_data(notice, nomination):
    return {
        "person": person_value(notice.pk, nomination.pk),
        "complainant_kind": "person",
        "complainant_name": "赵明",
        "complainant_phone": "13900001111",
        "complainant_address": "哈尔滨市南岗区红军街1号",
        "facts": "该人选申报的获奖情况与事实不符，请核查。",
        "declared_truthful": "on",
        "website": "",
        "form_token": new_form_token(),
    }


def test_the_notice_publishes_only_who_the_latest_version_still_lists(revised):
    assert [p.name for p in notice_persons(revised)] == ["孙丽华", "欧阳明辉"]
    assert [p.name for p in current_persons(revised)] == ["欧阳明辉"]
    assert [e.name for e in notice_entries(revised)] == ["欧阳明辉"]


def test_before_a_revision_the_notice_publishes_its_own_list(
    campaign, candidates, version1, staff_user
):
    notice = make_notice(campaign, version1, staff_user, closed=False)
    assert [p.name for p in current_persons(notice)] == ["孙丽华", "欧阳明辉"]
    assert is_published_by(notice, candidates["孙丽华"].pk)


def test_the_public_form_no_longer_offers_the_removed_person(client, revised, candidates):
    text = client.get(NEW).content.decode()

    assert "欧阳明辉" in text
    assert "孙丽华" not in text
    assert person_value(revised.pk, candidates["孙丽华"].pk) not in text
    values = re.findall(r'<option value="([0-9a-f]{20})"', text)
    assert values == [person_value(revised.pk, candidates["欧阳明辉"].pk)]


def test_a_posted_objection_against_the_removed_person_is_refused(client, revised, candidates):
    before = Objection.objects.count()

    response = client.post(NEW, form_data(revised, candidates["孙丽华"]))

    assert response.status_code == 200
    value = person_value(revised.pk, candidates["孙丽华"].pk)
    assert f"选择一个有效的选项。 {value} 不在可用的选项中。" in response.content.decode()
    assert Objection.objects.count() == before
    ok = client.post(NEW, form_data(revised, candidates["欧阳明辉"]))
    assert ok.status_code == 200
    assert Objection.objects.count() == before + 1


def test_the_service_refuses_the_removed_person(revised, candidates, staff_user):
    staff_user.handles_objections = True
    staff_user.save(update_fields=["handles_objections"])
    assert not is_published_by(revised, candidates["孙丽华"].pk)
    with pytest.raises(DomainError) as caught:
        receive_objection(
            revised,
            nomination=candidates["孙丽华"],
            source=Source.CALL,
            complainant_kind="person",
            complainant_name="孙举报",
            complainant_phone="13900001111",
            complainant_address="哈尔滨市",
            facts="来电反映",
            declared_truthful=True,
            received_at=timezone.now(),
            actor=staff_user,
        )
    assert caught.value.message == "所选人员不在该公示名单中。"


def test_the_staff_log_no_longer_offers_the_removed_person(revised, candidates, staff_user):
    staff_user.handles_objections = True
    staff_user.save(update_fields=["handles_objections"])

    text = client_for(staff_user).get(reverse("publicity:objection_log")).content.decode()

    assert "欧阳明辉" in text
    assert "孙丽华" not in text
