"""The certificate PDF, the zip of one PDF per person, their document kinds and the export."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from longjiang.jobs import services as jobs
from longjiang.jobs.models import DocumentJob
from longjiang.jobs.services import DocumentNotAllowed
from longjiang.uploads import private_path
from publicity.documents.certificates import (
    CertificateData,
    build_certificates_pdf,
    build_certificates_zip,
)
from publicity.models import Certificate
from publicity.selectors.certificates import NoSiteAddress, site_address, verification_url
from publicity.services.certificates import allocate_certificates
from tests.pdftotext import pdftotext

pytestmark = pytest.mark.django_db

SITE = "https://gj.example.org"
RARE = "\U0002a6a5"  # 𪚥: not in UMing, drawn by HanaMinA


@pytest.fixture(autouse=True)
def site(settings):
    settings.LONGJIANG_SITE_URL = SITE + "/"


def item(serial="LJGJ-2021-001", name="欧阳明辉", employer="哈尔滨电气集团有限公司", token="t1"):  # noqa: S107 - a URL token
    return CertificateData(
        serial=serial,
        name=name,
        employer_name=employer,
        year=2021,
        issued_on=date(2021, 9, 20),
        url=f"{SITE}/verify/{token}/",
    )


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fonts(content: bytes) -> list[tuple[str, str]]:
    """Return (name, embedded) of each font pdffonts lists."""
    result = subprocess.run(  # noqa: S603 - a fixed command, the PDF through stdin
        [shutil.which("pdffonts") or "/usr/bin/pdffonts", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    rows = result.stdout.decode().splitlines()[2:]
    return [(row.split()[0].split("+")[-1], row.split()[-5]) for row in rows]


def qr_codes(content: bytes, zbarimg: str, tmp_path) -> list[str]:
    """Render each page at 150 dpi and decode its QR code with zbarimg."""
    source = tmp_path / "c.pdf"
    source.write_bytes(content)
    subprocess.run(  # noqa: S603
        [
            shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
            "-r",
            "150",
            "-png",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    codes = []
    for page in sorted(tmp_path.glob("page-*.png")):
        result = subprocess.run(  # noqa: S603
            [zbarimg, "--quiet", "--raw", str(page)], capture_output=True, check=True
        )
        codes.append(result.stdout.decode().strip())
    return codes


# --- The builder ---------------------------------------------------------------------------


def test_each_certificate_is_one_page_with_its_texts(zbarimg, tmp_path):
    built = build_certificates_pdf(
        [item(), item("LJGJ-2021-002", f"王{RARE}", "大庆油田有限责任公司", "t2")],
        count=2,
        title="2021年“龙江工匠”荣誉证书",
    )

    assert built.warnings == ()
    pages = [flat(page) for page in pdftotext(built.content).split("\f") if page.strip()]
    assert len(pages) == 2
    assert pages[0] == (
        "荣誉证书欧阳明辉同志：工作单位：哈尔滨电气集团有限公司被命名为2021年“龙江工匠”"
        "特发此证，以资鼓励。证书编号：LJGJ-2021-001扫描二维码查验证书真伪黑龙江省总工会"
        "2021年9月20日"
    )
    assert f"王{RARE}同志：" in pages[1]
    assert "证书编号：LJGJ-2021-002" in pages[1]
    assert len(PdfReader(io.BytesIO(built.content)).pages) == 2
    # Landscape A4 (842 × 595 pt).
    box = PdfReader(io.BytesIO(built.content)).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (842, 595)
    assert qr_codes(built.content, zbarimg, tmp_path) == [
        f"{SITE}/verify/t1/",
        f"{SITE}/verify/t2/",
    ]


def test_every_font_is_embedded():
    built = build_certificates_pdf([item(name=f"王{RARE}")], count=1, title="t")

    assert fonts(built.content) == [("UMingCN-0", "yes"), ("HanaMinA", "yes")]


def test_a_long_unit_wraps_and_a_long_name_shrinks_on_the_same_page():
    unit = "中国石油天然气股份有限公司大庆油田分公司第一采油厂第三作业区中四采油队暨技术攻关组"
    name = "阿卜杜热依木·买买提明·艾力·阿卜杜拉"

    built = build_certificates_pdf([item(name=name, employer=unit)], count=1, title="t")

    text = flat(pdftotext(built.content))
    assert unit in text and name in text
    assert len(PdfReader(io.BytesIO(built.content)).pages) == 1


def test_a_character_no_font_prints_leaves_the_certificate_out_with_a_warning():
    built = build_certificates_pdf(
        [item(name="张\U0001f600"), item("LJGJ-2021-002", "孙丽华")], count=2, title="t"
    )

    assert built.warnings == (
        "LJGJ-2021-001 张[U+1F600]：含有无法打印的字符 U+1F600，未生成其证书。",
    )
    assert "孙丽华" in flat(pdftotext(built.content))
    assert "LJGJ-2021-001" not in pdftotext(built.content)


def test_progress_is_reported_up_to_100():
    seen = []

    build_certificates_pdf(
        [item(f"LJGJ-2021-00{i}") for i in range(1, 5)], count=4, title="t", progress=seen.append
    )

    # The last page drawn is 99 %: the file is complete once saved.
    assert seen == [25, 50, 75, 99, 100]


def test_the_zip_holds_one_pdf_per_person_named_by_serial_and_name(zbarimg, tmp_path):
    built = build_certificates_zip(
        [item(), item("LJGJ-2021-002", "孙丽华", token="t2")], count=2, title="t"
    )

    archive = zipfile.ZipFile(io.BytesIO(built.content))
    assert archive.namelist() == ["LJGJ-2021-001-欧阳明辉.pdf", "LJGJ-2021-002-孙丽华.pdf"]
    second = archive.read("LJGJ-2021-002-孙丽华.pdf")
    assert len(PdfReader(io.BytesIO(second)).pages) == 1
    assert "孙丽华" in flat(pdftotext(second))
    assert qr_codes(second, zbarimg, tmp_path) == [f"{SITE}/verify/t2/"]


# --- The verification address ----------------------------------------------------------------


def test_the_qr_address_is_the_site_and_the_public_verification_page(settings):
    assert verification_url("abc") == f"{SITE}/verify/abc/"


def test_without_a_site_address_the_first_trusted_origin_serves(settings):
    settings.LONGJIANG_SITE_URL = ""
    settings.CSRF_TRUSTED_ORIGINS = ["https://gj.hljgh.example"]

    assert site_address() == "https://gj.hljgh.example"


def test_without_any_address_only_development_falls_back_to_the_dev_server(settings):
    settings.LONGJIANG_SITE_URL = ""
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.DEBUG = True

    assert site_address() == "http://127.0.0.1:8000"

    settings.DEBUG = False
    with pytest.raises(NoSiteAddress):
        site_address()


# --- The document kinds and the export command -------------------------------------------------


def export(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_export_certificates_allocates_and_writes_a_page_per_person(final, tmp_path, zbarimg):
    path = tmp_path / "c.pdf"

    output, warnings = export("certificates", "--campaign", "2021", "--out", str(path))

    assert output == f"已写入 {path}（{path.stat().st_size} 字节）"
    assert warnings == ""
    certificates = list(Certificate.objects.order_by("number"))
    assert [c.serial for c in certificates] == ["LJGJ-2021-001", "LJGJ-2021-002"]
    assert certificates[0].allocated_by is None
    pages = [flat(p) for p in pdftotext(path.read_bytes()).split("\f") if p.strip()]
    assert [p[4:8] for p in pages] == ["欧阳明辉", "孙丽华同"]
    issued = timezone.localdate()
    assert f"{issued.year}年{issued.month}月{issued.day}日" in pages[0]
    assert qr_codes(path.read_bytes(), zbarimg, tmp_path) == [
        f"{SITE}/verify/{c.token}/" for c in certificates
    ]


def test_a_reprint_prints_the_same_serials_and_leaves_the_revoked_out(final, staff_user, tmp_path):
    issued = allocate_certificates(final, actor=staff_user)
    Certificate.objects.filter(pk=issued[0].pk).update(
        revoked_at=timezone.now(), revoked_by=staff_user, revoke_reason="查实取消资格"
    )
    path = tmp_path / "c.pdf"

    _output, warnings = export("certificates", "--campaign", "2021", "--out", str(path))

    assert warnings == "LJGJ-2021-001 欧阳明辉：证书已撤销，未打印。"
    text = flat(pdftotext(path.read_bytes()))
    assert "证书编号：LJGJ-2021-002" in text and "欧阳明辉" not in text
    assert Certificate.objects.count() == 2


def test_export_certificates_zip(final, tmp_path):
    path = tmp_path / "c.zip"

    export("certificates-zip", "--campaign", "2021", "--out", str(path))

    assert zipfile.ZipFile(path).namelist() == [
        "LJGJ-2021-001-欧阳明辉.pdf",
        "LJGJ-2021-002-孙丽华.pdf",
    ]


@pytest.mark.parametrize("command", ["certificates", "certificates-zip"])
def test_export_without_a_final_list_says_why(campaign, version1, main_notice, tmp_path, command):
    path = tmp_path / "c.pdf"

    with pytest.raises(CommandError) as refused:
        export(command, "--campaign", "2021", "--out", str(path))

    assert str(refused.value) == "尚未记录公示结果，还没有命名名单，不能生成荣誉证书。"
    assert not path.exists()


def test_when_every_certificate_is_revoked_nothing_is_printed(final, staff_user, tmp_path):
    allocate_certificates(final, actor=staff_user)
    Certificate.objects.update(revoked_at=timezone.now(), revoked_by=staff_user)

    with pytest.raises(CommandError) as refused:
        export("certificates", "--campaign", "2021", "--out", str(tmp_path / "c.pdf"))

    assert str(refused.value) == (
        "没有可打印的证书：LJGJ-2021-001 欧阳明辉：证书已撤销，未打印。；"
        "LJGJ-2021-002 孙丽华：证书已撤销，未打印。"
    )


@pytest.mark.parametrize(
    ("kind", "content_type", "filename"),
    [
        ("publicity.certificates", "application/pdf", "2021年龙江工匠荣誉证书.pdf"),
        ("publicity.certificates_zip", "application/zip", "2021年龙江工匠荣誉证书（逐人）.zip"),
    ],
)
def test_staff_build_the_certificates_as_a_web_job(
    final, staff_user, django_capture_on_commit_callbacks, kind, content_type, filename
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_document(kind, params={"campaign": "2021"}, actor=staff_user)
    job.refresh_from_db()

    assert (job.status, job.error, job.progress) == (DocumentJob.Status.DONE, "", 100)
    assert (job.content_type, job.filename) == (content_type, filename)
    assert private_path(job.storage_name).read_bytes()[:2] in (b"%P", b"PK")
    assert Certificate.objects.filter(allocated_by=staff_user).count() == 2


def test_a_web_build_for_a_campaign_not_running_allocates_nothing(
    final, staff_user, django_capture_on_commit_callbacks
):
    allocate_certificates(final, actor=staff_user)
    second = Certificate.objects.get(number=2)
    second.delete()
    final.is_running = False
    final.save(update_fields=["is_running"])

    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_document(
            "publicity.certificates", params={"campaign": "2021"}, actor=staff_user
        )
    job.refresh_from_db()

    assert (job.status, job.error) == (DocumentJob.Status.DONE, "")
    assert list(Certificate.objects.values_list("serial", flat=True)) == ["LJGJ-2021-001"]
    assert len(PdfReader(private_path(job.storage_name)).pages) == 1
    assert job.warnings == [f"{second.name}：还没有证书编号，查看往届活动时不分配，未打印。"]


@pytest.mark.parametrize("who", ["clerk", "expert_user", "council_user"])
@pytest.mark.parametrize("kind", ["publicity.certificates", "publicity.certificates_zip"])
def test_only_staff_may_ask_for_the_certificates(request, final, who, kind):
    with pytest.raises(DocumentNotAllowed):
        jobs.request_document(kind, params={"campaign": "2021"}, actor=request.getfixturevalue(who))
