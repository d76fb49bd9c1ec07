"""Checking, cleaning and storing uploaded files, and where private files live.

Only PDF, JPEG and PNG are accepted (DESIGN.md, "Uploads"); each kind of upload
allows some of them, up to its size limit in ``settings.UPLOAD_LIMITS``; the
extension and the file's first bytes must agree; images are decoded and
re-encoded by Pillow, which drops metadata such as GPS positions and anything
hidden after the image data. Stored files live under ``PRIVATE_ROOT``, outside
static, never served by URL.
"""

import hashlib
import io
import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from longjiang.pii import redact_personal_numbers

# Refuse decompression bombs well before Pillow's own limit.
MAX_IMAGE_PIXELS = 40_000_000
# Longest side of a stored evidence image; larger scans are scaled down.
MAX_EVIDENCE_SIDE = 3000

_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
_EXTENSIONS = {".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
# Which formats each kind of upload accepts; each kind has its limit in settings.UPLOAD_LIMITS.
ALLOWED_FORMATS = {
    "photo": ("jpg", "png"),
    "evidence": ("pdf", "jpg", "png"),
    # Documents kept as they are, such as a unit's activity report or the council's minutes.
    "pdf": ("pdf",),
}


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    fmt: str
    original_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _decode(raw: bytes) -> Image.Image:
    """Decode an image fully, refusing decompression bombs, with its EXIF rotation applied."""
    too_large = ValidationError(_("图片像素过大，请缩小后上传。"), code="image_too_large")
    try:
        # Pillow warns, then refuses, on decompression bombs; both are refusals here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise too_large
                probe.verify()
            with Image.open(io.BytesIO(raw)) as opened:
                opened.load()
                # Phones store their rotation in EXIF, which re-encoding drops: apply it.
                return ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("图片文件已损坏或无法识别。"), code="image_invalid") from exc


def _reencode(raw: bytes, fmt: str, *, kind: str) -> bytes:
    """Return the image re-encoded by Pillow, without metadata or trailing data."""
    image = _decode(raw)
    if kind == "photo":
        min_w, min_h = settings.PHOTO_MIN_PIXELS
        if image.width < min_w or image.height < min_h:
            raise ValidationError(
                _("照片分辨率过低（至少%(w)d×%(h)d像素）。") % {"w": min_w, "h": min_h},
                code="photo_too_small",
            )
    else:
        image.thumbnail((MAX_EVIDENCE_SIDE, MAX_EVIDENCE_SIDE))
    out = io.BytesIO()
    if fmt == "jpg":
        image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
    else:
        keep_alpha = image.mode in ("RGBA", "LA", "P")
        image.convert("RGBA" if keep_alpha else "RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def clean_upload(upload: UploadedFile, *, kind: str) -> CleanFile:
    """Check an uploaded file for the given kind and return its cleaned content."""
    allowed = ALLOWED_FORMATS[kind]
    name = Path(upload.name or "").name
    fmt = _EXTENSIONS.get(Path(name).suffix.lower())
    if fmt not in allowed:
        labels = "/".join(f.upper() for f in allowed)
        raise ValidationError(
            _("只能上传%(formats)s格式的文件。") % {"formats": labels}, code="file_type"
        )
    limit = settings.UPLOAD_LIMITS[kind]
    if upload.size > limit:
        raise ValidationError(
            _("文件大小不能超过%(limit)s（当前%(size)s）。")
            % {"limit": filesizeformat(limit), "size": filesizeformat(upload.size)},
            code="file_size",
        )
    raw = b"".join(upload.chunks())
    if not raw.startswith(_SIGNATURES[fmt]):
        raise ValidationError(
            _("文件内容与扩展名不符，请上传真实的%(format)s文件。") % {"format": fmt.upper()},
            code="file_signature",
        )
    if fmt == "pdf":
        if b"%%EOF" not in raw[-2048:]:
            raise ValidationError(_("PDF文件不完整或已损坏。"), code="pdf_invalid")
        content = raw
    else:
        content = _reencode(raw, fmt, kind=kind)
    return CleanFile(content=content, fmt=fmt, original_name=redact_personal_numbers(name)[:200])


def private_path(storage_name: str) -> Path:
    """Return the absolute path of a stored file, refusing names that leave the root."""
    root = Path(settings.PRIVATE_ROOT).resolve()
    path = (root / storage_name).resolve()
    if root not in path.parents:
        raise ValueError("storage name escapes PRIVATE_ROOT")
    return path


def store(clean: CleanFile, *, folder: str) -> str:
    """Write the file under a random name and return that name (relative to PRIVATE_ROOT)."""
    storage_name = f"{folder}/{secrets.token_hex(16)}.{clean.fmt}"
    path = private_path(storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(clean.content)
    return storage_name


def discard(storage_name: str) -> None:
    """Remove a stored file if it is still there."""
    private_path(storage_name).unlink(missing_ok=True)


@contextmanager
def stored(clean: CleanFile, *, folder: str) -> Iterator[str]:
    """Store the file and yield its storage name; remove the file if the block raises.

    The file is written before the transaction that records it, so that no row ever
    names a missing file; a failed or rolled-back block must then take it away.
    """
    storage_name = store(clean, folder=folder)
    try:
        yield storage_name
    except BaseException:
        discard(storage_name)
        raise
