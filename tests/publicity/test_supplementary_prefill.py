"""After a revision, the link to the supplementary notice says so and the form preselects
the substitutes no published notice has shown yet (computed by the form, not the URL)."""

import re

import pytest
from django.urls import reverse

from publicity.models import Notice
from publicity.services.revisions import approve_revision
from tests.factories import pdf_upload
from tests.publicity.upheld import decision, make_notice, make_objection
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

NEW = reverse("publicity:notice_new")


@pytest.fixture
def revised(campaign, candidates, main_notice, council_secretary):
    case = make_objection(main_notice, candidates["孙丽华"])
    return approve_revision(
        campaign,
        decision(),
        minutes=pdf_upload("会议纪要2.pdf"),
        removed_cases=[case],
        substitutes=[candidates["李建国"]],
        expected_version=1,
        actor=council_secretary,
    )


def checked(page: str) -> set[str]:
    return set(re.findall(r'name="persons" value="(\d+)"[^>]*checked', page))


def test_the_council_and_result_pages_link_to_the_supplementary_form(revised, staff_user):
    client = client_for(staff_user)
    link = f'href="{NEW}?kind=supplementary"'
    assert link in client.get(reverse("publicity:revision")).content.decode()
    assert link in client.get(reverse("publicity:result")).content.decode()


def test_the_form_preselects_the_kind_and_the_unpublicized_substitute(
    revised, candidates, staff_user
):
    page = client_for(staff_user).get(NEW, {"kind": "supplementary"}).content.decode()

    assert re.search(r'<option value="supplementary" selected>', page)
    assert checked(page) == {str(candidates["李建国"].pk)}
    # Listed in version 2 but already on the main notice: offered, not chosen.
    assert f'name="persons" value="{candidates["欧阳明辉"].pk}"' in page


def test_a_substitute_already_on_a_supplementary_notice_is_not_preselected(
    revised, campaign, candidates, staff_user
):
    make_notice(
        campaign,
        revised,
        staff_user,
        closed=False,
        kind=Notice.Kind.SUPPLEMENTARY,
        persons=[candidates["李建国"]],
    )
    page = client_for(staff_user).get(NEW, {"kind": "supplementary"}).content.decode()
    assert checked(page) == set()


def test_without_the_kind_nothing_is_preselected(revised, staff_user):
    page = client_for(staff_user).get(NEW).content.decode()
    assert re.search(r'<option value="main" selected>', page)
    assert checked(page) == set()
