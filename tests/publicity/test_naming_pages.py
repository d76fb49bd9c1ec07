"""The naming notice's pages: the staff's page, the public pages, the export command."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from nominations.models import Craftsman, Nomination
from publicity.models import NamingNotice
from publicity.services.naming import publish_naming_notice, stored_pdf
from tests.publicity.naming_fixtures import DOC_NUMBER

pytestmark = pytest.mark.django_db

STAFF = reverse("publicity:naming")
INDEX = reverse("public:naming_index")
PAGE = reverse("public:naming", args=[2021])
PDF = reverse("public:naming_pdf", args=[2021])


@pytest.fixture
def published(draft, staff_user):
    return publish_naming_notice(draft, actor=staff_user, confirmed=True)


def assert_cookie_free(response, max_age: int) -> None:
    assert "Set-Cookie" not in response.headers
    assert response.cookies == {}
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert response.headers["Cache-Control"] == f"public, max-age={max_age}"


# --- Staff --------------------------------------------------------------------------------


def test_staff_page_before_the_result_says_what_is_missing(staff_client, campaign, version):
    response = staff_client.get(STAFF)

    assert response.status_code == 200
    assert "公示结果尚未记录，命名名单尚未确定" in response.content.decode()
    assert b'value="prepare"' not in response.content


def test_staff_prepares_saves_and_publishes(staff_client, campaign, final_by_unit, people):
    response = staff_client.post(STAFF, {"action": "prepare"})
    assert response.status_code == 302
    notice = NamingNotice.objects.get(campaign=campaign)

    page = staff_client.get(STAFF).content.decode()
    assert "尚未填写（发布前必须填写并保存）" in page
    assert "决定命名丁建国等3名同志为2021年“龙江工匠”" in page

    response = staff_client.post(
        STAFF,
        {
            "action": "save",
            "title": notice.title,
            "doc_number": DOC_NUMBER,
            "issued_on": "2021-09-18",
            "body": notice.body,
        },
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.doc_number == DOC_NUMBER

    response = staff_client.post(STAFF, {"action": "publish"})
    assert response.status_code == 422
    assert "请勾选确认后再发布。" in response.content.decode()

    response = staff_client.post(STAFF, {"action": "publish", "confirmed": "on"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NamingNotice.Status.PUBLISHED
    assert Craftsman.objects.count() == 3
    page = staff_client.get(STAFF).content.decode()
    assert "命名通报发布后不能修改或撤回；如需更正，请另行发文。" in page
    assert PAGE in page and PDF in page
    assert notice.pdf_sha256 in page


def test_staff_save_keeps_what_was_entered_on_an_error(staff_client, draft):
    response = staff_client.post(
        STAFF,
        {"action": "save", "title": "", "doc_number": "黑工办发〔2021〕36号", "issued_on": "x"},
    )

    assert response.status_code == 422
    assert 'value="黑工办发〔2021〕36号"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.doc_number == DOC_NUMBER


def test_staff_preview_pdf_of_a_draft_and_the_stored_one_after_publication(
    staff_client, draft, staff_user
):
    response = staff_client.get(reverse("publicity:naming_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    notice = publish_naming_notice(draft, actor=staff_user, confirmed=True)
    response = staff_client.get(reverse("publicity:naming_pdf"))
    assert hashlib.sha256(response.content).hexdigest() == notice.pdf_sha256


def test_staff_menu_links_the_naming_page(staff_client, campaign):
    page = staff_client.get(reverse("publicity:notices")).content.decode()

    assert 'id="award-menu"' in page
    assert f'href="{STAFF}"' in page


# --- Public -------------------------------------------------------------------------------


def test_public_pages_are_404_before_publication(client, draft):
    assert client.get(PAGE).status_code == 404
    assert client.get(PDF).status_code == 404
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "暂无已发布的命名通报。" in response.content.decode()


def test_public_index_lists_published_notices(client, published):
    response = client.get(INDEX)

    assert response.status_code == 200
    assert_cookie_free(response, 300)
    page = response.content.decode()
    assert f'href="{PAGE}"' in page
    assert "关于选树2021年“龙江工匠”的通报" in page
    assert DOC_NUMBER in page


def test_public_notice_shows_the_text_and_the_list_by_unit(client, published, people):
    response = client.get(PAGE)

    assert response.status_code == 200
    assert_cookie_free(response, 300)
    page = response.content.decode()
    assert DOC_NUMBER in page
    assert "决定命名丁建国等3名同志为2021年“龙江工匠”" in page
    listed = page[page.index('id="list-title"') :]
    assert listed.index("哈尔滨市总工会") < listed.index("丁建国") < listed.index("欧阳明辉")
    assert listed.index("欧阳明辉") < listed.index("齐齐哈尔市总工会") < listed.index("王丽")
    assert "数控车工、班组长" in page
    assert f'href="{PDF}"' in page
    assert published.pdf_sha256 in page
    for person in people:
        nomination = Nomination.objects.get(pk=person.pk)
        assert nomination.id_number not in page
        assert nomination.id_number_masked not in page
        assert nomination.mobile not in page
        assert nomination.address not in page


def test_public_notice_shows_the_post_only_with_consent(client, draft, staff_user, people):
    Nomination.objects.filter(pk=people[0].pk).update(consents_publication=False)
    publish_naming_notice(draft, actor=staff_user, confirmed=True)

    page = client.get(PAGE).content.decode()

    assert "欧阳明辉" in page
    assert "数控车工" not in page
    assert "焊工、技师" in page


def test_public_pages_set_no_cookie_for_a_signed_in_visitor(staff_client, published):
    for url in (INDEX, PAGE, PDF):
        response = staff_client.get(url)
        assert response.status_code == 200
        assert response.cookies == {}
        assert "cookie" not in response.headers.get("Vary", "").lower()


def test_public_pdf_is_the_stored_file_on_every_download(client, published):
    first = client.get(PDF)
    second = Client().get(PDF)

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert_cookie_free(first, 86400)
    assert first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == published.pdf_sha256


def test_public_unknown_year_is_404(client, published):
    assert client.get(reverse("public:naming", args=[2020])).status_code == 404
    assert client.get(reverse("public:naming_pdf", args=[2020])).status_code == 404


def test_home_and_the_public_navbar_link_the_naming_notices(client, campaign, published):
    home = client.get(reverse("home")).content.decode()
    notice = client.get(PAGE).content.decode()

    assert home.count(f'href="{INDEX}"') == 2
    assert f'<a class="nav-link" href="{INDEX}">命名通报</a>' in notice


# --- Export -------------------------------------------------------------------------------


def test_export_writes_the_stored_pdf(published, tmp_path):
    out = tmp_path / "naming.pdf"

    call_command(
        "export", "naming-notice", "--campaign", "2021", "--out", str(out), stdout=io.StringIO()
    )

    assert out.read_bytes() == stored_pdf(published)


def test_export_of_a_draft_is_refused(draft, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="命名通报尚未发布"):
        call_command(
            "export",
            "naming-notice",
            "--campaign",
            "2021",
            "--out",
            str(tmp_path / "naming.pdf"),
            stdout=io.StringIO(),
        )
