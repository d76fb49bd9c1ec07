"""The award in the browser: certificates anyone can verify, and a revocation.

Staff generate the certificates of the final list on their certificates page and
download the PDF; the QR code printed on the first certificate is decoded from
the PDF (pdftoppm renders the page, zbarimg reads the code), and the address it
carries is opened on a phone: 有效, with the holder's name, and no cookie. Staff
then revoke that certificate through its 撤销 form; the phone reloads the page
and shows 已撤销. axe-core (WCAG 2.1 A/AA) checks the verification pages and the
revocation form at 1366 and 390 px.
"""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from publicity.models import Certificate
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD
from tests.publicity.certificate_fixtures import final  # noqa: F401
from tests.publicity.upheld import (  # noqa: F401 (fixtures)
    candidates,
    council_secretary,
    main_notice,
    version1,
)
from tests.review.conftest import make_expert, panel  # noqa: F401

WIDTHS = (1366, 390)
REASON = "经查实，申报材料存在弄虚作假，经省总工会主席办公会议研究撤销其称号。"


def sign_in(page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#id_password")).to_have_count(0)


def check_axe(page, what: str, found: list[str]) -> None:
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{what} @{width}px: {v}" for v in _violations(page)]
    page.set_viewport_size(size)


def qr_codes_of_first_page(pdf, tmp_path) -> list[str]:
    """Render the PDF's first page (poppler's pdftoppm) and return what every QR code
    on it says (zbarimg, Debian's zbar-tools)."""
    pdftoppm, zbarimg = shutil.which("pdftoppm"), shutil.which("zbarimg")
    assert pdftoppm and zbarimg, "poppler-utils and zbar-tools are required"
    # Fixed tools on files this test wrote.
    subprocess.run(  # noqa: S603
        [pdftoppm, "-r", "200", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    [image] = tmp_path.glob("page-*.png")
    result = subprocess.run(  # noqa: S603
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


@pytest.mark.e2e
def test_award_journey_generate_verify_on_a_phone_revoke(
    browser_page,
    live_server,
    settings,
    final,  # noqa: F811
    staff_user,
    tmp_path,
):
    page, base = browser_page, live_server.url
    settings.LONGJIANG_SITE_URL = base
    violations: list[str] = []

    # Staff generate the certificates of the final list (欧阳明辉, 孙丽华).
    sign_in(page, base, staff_user)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    url = generate_and_read_first_qr(page, base, tmp_path)
    assert dialogs[0].startswith("确认生成荣誉证书？将为尚无证书的2人分配证书编号")
    certificate = Certificate.objects.get(serial="LJGJ-2021-001")
    assert url == f"{base}/verify/{certificate.token}/"

    # Someone scans the QR code with a phone: 有效, the printed fields, no cookie.
    phone = page.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        scan = phone.new_page()
        response = scan.goto(url)
        assert response.status == 200
        badge = scan.locator("#verify-status")
        expect(badge).to_have_text(re.compile(r"有效"))
        card = scan.locator(".verify-card").inner_text()
        for shown in (certificate.name, certificate.employer_name, "龙江工匠", "2021年度"):
            assert shown in card
        assert "LJGJ-2021-001" in card
        assert phone.cookies() == []
        check_axe(scan, "verification (valid)", violations)

        # Staff revoke it through its 撤销 form, with a reason and the confirmation.
        revoke_through_the_staff_page(page, base, certificate, violations)
        expect(page.locator(".alert-success")).to_contain_text("证书 LJGJ-2021-001 已撤销")
        expect(page.locator("main")).to_contain_text(REASON)
        check_axe(page, "revoked certificate (staff)", violations)
        certificate.refresh_from_db()
        assert certificate.revoked and certificate.revoked_by == staff_user
        page.goto(f"{base}/publicity/staff/award/certificates/")
        row = page.locator("tr", has_text="LJGJ-2021-001")
        expect(row).to_contain_text("已撤销")
        expect(row.get_by_role("link", name="撤销记录")).to_be_visible()

        # The phone reloads the page: 已撤销 with the date, and never the reason.
        scan.reload()
        expect(badge).to_have_text(re.compile(r"已撤销"))
        text = scan.locator("main").inner_text()
        assert "不再有效" in text and REASON not in text
        assert phone.cookies() == []
        check_axe(scan, "verification (revoked)", violations)

        # The paper lookup finds it by serial and name, revoked too.
        scan.goto(f"{base}/verify/")
        check_axe(scan, "lookup form", violations)
        scan.fill("#id_serial", "ljgj-2021-001")
        scan.fill("#id_name", certificate.name)
        scan.get_by_role("button", name="查验", exact=True).click()
        expect(scan.locator("#verify-status")).to_have_text(re.compile(r"已撤销"))
        assert phone.cookies() == []
    finally:
        phone.close()

    assert violations == []


def generate_and_read_first_qr(page, base: str, tmp_path) -> str:
    """Generate the certificates on the staff's page, download the PDF and return the
    address the first certificate's QR code carries."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/publicity/staff/award/certificates/")
    page.get_by_role("button", name="生成证书", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("LJGJ-2021-001至LJGJ-2021-002")
    download_link = page.get_by_role("link", name="下载文件")
    expect(download_link).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        download_link.click()
    pdf = tmp_path / "certificates.pdf"
    download_info.value.save_as(pdf)
    [address] = qr_codes_of_first_page(pdf, tmp_path)
    return address


def revoke_through_the_staff_page(page, base: str, certificate, violations: list[str]) -> None:
    """From the certificates page, 撤销 on the certificate's row, then the form."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/publicity/staff/award/certificates/")
    row = page.locator("tr", has_text=certificate.serial)
    row.get_by_role("link", name="撤销").click()
    expect(page.locator("h1")).to_have_text("撤销荣誉证书")
    check_axe(page, "revocation form", violations)
    page.fill("#id_reason", REASON)
    page.check("#id_confirm")
    page.get_by_role("button", name="撤销证书").click()
