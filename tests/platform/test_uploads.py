"""The platform's upload checks, private storage and personal-number redaction."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from longjiang import uploads
from longjiang.pii import redact_personal_numbers
from longjiang.uploads import private_path
from tests.factories import pdf_bytes, pdf_upload, png_upload

ID_NUMBER = "23010219800512003X"


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_redact_personal_numbers_masks_ids_and_mobiles_only():
    text = f"张三{ID_NUMBER}身份证-13800138000-2021年证书-123456.pdf"

    assert redact_personal_numbers(text) == (
        "张三" + "*" * 18 + "身份证-" + "*" * 11 + "-2021年证书-123456.pdf"
    )


def test_decompression_bomb_is_refused_with_a_message():
    out = io.BytesIO()
    Image.new("1", (20000, 10000)).save(out, format="PNG", optimize=True)
    upload = SimpleUploadedFile("bomb.png", out.getvalue(), "image/png")

    with pytest.raises(ValidationError) as excinfo:
        uploads.clean_upload(upload, kind="evidence")

    assert excinfo.value.code == "image_too_large"
    assert excinfo.value.messages == ["图片像素过大，请缩小后上传。"]


def test_photo_keeps_its_exif_rotation():
    # A 400×300 landscape image tagged "rotate 90° clockwise" is a 300×400 portrait.
    image = Image.new("RGB", (400, 300), (200, 180, 160))
    exif = image.getexif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("phone.jpg", out.getvalue(), "image/jpeg")

    clean = uploads.clean_upload(upload, kind="photo")

    stored = Image.open(io.BytesIO(clean.content))
    assert stored.size == (300, 400)
    assert 0x0112 not in stored.getexif()


@pytest.mark.parametrize("name", ["minutes.png", "minutes.jpg", "minutes.docx", "minutes"])
def test_pdf_kind_refuses_anything_but_pdf_with_a_chinese_message(name):
    with pytest.raises(ValidationError) as excinfo:
        uploads.clean_upload(png_upload(name), kind="pdf")

    assert excinfo.value.code == "file_type"
    assert excinfo.value.messages == ["只能上传PDF格式的文件。"]


def test_pdf_kind_refuses_an_image_named_pdf():
    upload = SimpleUploadedFile("minutes.pdf", png_upload().read(), "application/pdf")

    with pytest.raises(ValidationError) as excinfo:
        uploads.clean_upload(upload, kind="pdf")

    assert excinfo.value.code == "file_signature"
    assert excinfo.value.messages == ["文件内容与扩展名不符，请上传真实的PDF文件。"]


def test_pdf_kind_keeps_a_pdf_as_it_is_with_its_name_redacted():
    clean = uploads.clean_upload(pdf_upload(f"纪要{ID_NUMBER}.pdf"), kind="pdf")

    assert (clean.fmt, clean.content_type) == ("pdf", "application/pdf")
    assert clean.content == pdf_bytes()
    assert clean.original_name == "纪要" + "*" * 18 + ".pdf"


def test_pdf_kind_has_its_own_size_limit(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "pdf": 1024, "evidence": 10 * 1024 * 1024}
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF")

    with pytest.raises(ValidationError) as excinfo:
        uploads.clean_upload(big, kind="pdf")

    assert excinfo.value.code == "file_size"
    assert excinfo.value.messages == ["文件大小不能超过1.0\xa0KB（当前2.0\xa0KB）。"]


def test_stored_keeps_the_file_when_the_block_succeeds(private_root):
    clean = uploads.clean_upload(pdf_upload(), kind="pdf")

    with uploads.stored(clean, folder="council/7") as storage_name:
        pass

    assert storage_name.startswith("council/7/")
    assert storage_name.endswith(".pdf")
    assert stored_files(private_root) == [private_path(storage_name)]
    assert private_path(storage_name).read_bytes() == clean.content


def test_stored_removes_the_file_when_the_block_raises(private_root):
    clean = uploads.clean_upload(pdf_upload(), kind="pdf")

    with pytest.raises(RuntimeError), uploads.stored(clean, folder="council/7") as storage_name:
        assert private_path(storage_name).read_bytes() == clean.content
        raise RuntimeError("the transaction failed")

    assert stored_files(private_root) == []


def test_stored_files_get_distinct_names(private_root):
    clean = uploads.clean_upload(pdf_upload(), kind="pdf")

    with uploads.stored(clean, folder="reports/1") as first:
        pass
    with uploads.stored(clean, folder="reports/1") as second:
        pass

    assert first != second
    assert stored_files(private_root) == sorted([private_path(first), private_path(second)])


@pytest.mark.parametrize("name", ["../outside.pdf", "reports/../../outside.pdf", "/etc/passwd"])
def test_private_path_refuses_names_that_leave_the_root(name):
    with pytest.raises(ValueError, match="escapes PRIVATE_ROOT"):
        private_path(name)
