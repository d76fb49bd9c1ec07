"""The unit's contact for Attachment 2: named by its clerks, printed in the sheet's header."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from longjiang.audit.models import AuditEvent
from nominations.exports.summary import summary_xlsx
from nominations.models import UnitContact
from nominations.workflow import Status

pytestmark = pytest.mark.django_db

CONTACT_URL = reverse("nominations:contact")
MISSING = "尚未填写推荐人选汇总表的填报人和联系电话。"


def _sheet(export):
    return load_workbook(io.BytesIO(export.content)).active


def test_clerk_list_asks_for_the_contact_while_none_is_named(clerk_client, campaign):
    html = clerk_client.get(reverse("nominations:list")).content.decode()

    assert MISSING in html
    assert f'href="{CONTACT_URL}">现在填写</a>' in html


def test_clerk_names_the_contact_and_the_list_shows_it(clerk_client, clerk, campaign):
    response = clerk_client.post(CONTACT_URL, {"name": "赵丽", "phone": "0451-84600000"})

    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:list")
    contact = UnitContact.objects.get()
    assert (contact.campaign, contact.unit, contact.name, contact.phone, contact.updated_by) == (
        campaign,
        clerk.unit,
        "赵丽",
        "0451-84600000",
        clerk,
    )
    event = AuditEvent.objects.get(code="nomination.unit_contact_set")
    assert (event.actor, event.unit, event.subject_id) == (clerk, clerk.unit, contact.pk)
    assert event.data == {"name": "赵丽", "changed": ["name", "phone"], "created": True}
    html = clerk_client.get(reverse("nominations:list")).content.decode()
    assert "汇总表填报人：赵丽，联系电话：0451-84600000" in html
    assert MISSING not in html


def test_changing_the_contact_updates_the_one_row(clerk_client, clerk, campaign):
    clerk_client.post(CONTACT_URL, {"name": "赵丽", "phone": "0451-84600000"})

    page = clerk_client.get(CONTACT_URL).content.decode()
    clerk_client.post(CONTACT_URL, {"name": "赵丽", "phone": "+86 139 0451 1234"})

    assert 'value="赵丽"' in page and 'value="0451-84600000"' in page
    assert list(UnitContact.objects.values_list("name", "phone")) == [("赵丽", "13904511234")]
    assert AuditEvent.objects.filter(code="nomination.unit_contact_set").last().data == {
        "name": "赵丽",
        "changed": ["phone"],
        "created": False,
    }


def test_a_phone_that_is_neither_mobile_nor_landline_is_refused(clerk_client, campaign):
    response = clerk_client.post(CONTACT_URL, {"name": "赵丽", "phone": "84600000"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写11位手机号码，或带区号的固定电话，如0451-84600000。" in html
    assert 'value="赵丽"' in html
    assert UnitContact.objects.count() == 0


def test_each_unit_sees_only_its_own_contact(clerk_client, other_clerk, client, campaign):
    clerk_client.post(CONTACT_URL, {"name": "赵丽", "phone": "0451-84600000"})
    client.force_login(other_clerk)

    html = client.get(reverse("nominations:list")).content.decode()

    assert "赵丽" not in html
    assert MISSING in html


def test_attachment2_prints_the_named_contact(
    clerk_client, clerk, staff_user, campaign, make_nomination
):
    make_nomination(status=Status.SUBMITTED, name="王堃")
    clerk_client.post(CONTACT_URL, {"name": "赵丽", "phone": "0451-84600000"})

    for export in (
        summary_xlsx(campaign, user=clerk, unit=clerk.unit),
        summary_xlsx(campaign, user=staff_user, unit=clerk.unit),
        summary_xlsx(campaign, user=None, unit=clerk.unit),
    ):
        ws = _sheet(export)
        assert (ws["A3"].value, ws["F3"].value) == ("填报人：赵丽", "联系电话：0451-84600000")
        assert export.warnings == ()


def test_attachment2_without_a_contact_warns(staff_user, campaign, make_nomination):
    nomination = make_nomination(status=Status.SUBMITTED, name="王堃")

    export = summary_xlsx(campaign, user=staff_user, unit=nomination.unit)

    assert export.warnings == ("哈尔滨市总工会尚未填写汇总表的填报人和联系电话，表头可能不完整。",)
