"""Validate and normalise the identifiers and free text entered on the nomination form.

Every function here is pure: no database, no request. Errors are
``ValidationError`` with a Chinese message and a stable ``code`` that forms and
tests can rely on.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from longjiang.pdf import unprintable, unprintable_message
from nominations.codes import Sex

# --- 公民身份号码 (GB 11643-1999) ---------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# Province-level codes (GB/T 2260) plus 81/82/83 for the residence permits of Hong
# Kong, Macao and Taiwan residents. County codes are deliberately not checked: they
# change over time and a number keeps the code it was issued with.
PROVINCE_CODES: frozenset[str] = frozenset(
    f"{code:02d}"
    for code in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
    )
)

_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_LEGACY_ID_RE = re.compile(r"[0-9]{15}")
_DIGITS_17_RE = re.compile(r"[0-9]{17}")


@dataclass(frozen=True)
class IdNumberInfo:
    """What an 18-digit ID number says about its holder."""

    number: str
    region: str
    birth_date: date
    sex: str


def _compact(value: str) -> str:
    """Return the value with full-width forms folded to ASCII and all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def normalize_id_number(value: str) -> str:
    """Return the ID number as stored and indexed: compact, with an upper-case X."""
    return _compact(value).upper()


def id_check_digit(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if not _DIGITS_17_RE.fullmatch(first17):
        raise ValueError("first17 must be exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def age_on(birth_date: date, on: date) -> int:
    """Return the age in completed years on the given day."""
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def parse_id_number(
    value: str,
    *,
    today: date | None = None,
    age_at: date | None = None,
    min_age: int = 16,
    max_age: int | None = 65,
) -> IdNumberInfo:
    """Validate an 18-digit ID number and return the facts it encodes.

    Checks run in order (format, region, birth date, checksum, age), so the first
    error reported is the most basic one. The age is taken on ``age_at`` (for a
    nomination, the campaign's electronic deadline: ``rules.age_reference_date``),
    by default today. ``max_age=None`` means no upper bound.
    """
    number = _compact(value).upper()
    if _LEGACY_ID_RE.fullmatch(number):
        raise ValidationError(
            _("15位身份证号码已停止使用，请填写18位公民身份号码。"), code="id_legacy"
        )
    if not _ID_RE.fullmatch(number):
        raise ValidationError(
            _("公民身份号码应为18位：前17位为数字，最后一位为数字或X。"), code="id_format"
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("公民身份号码前两位不是有效的省级行政区划代码。"), code="id_region")

    if today is None:
        today = timezone.localdate()
    try:
        birth_date = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("公民身份号码中的出生日期不是有效日期。"), code="id_birth_date"
        ) from None
    if birth_date > today:
        raise ValidationError(_("公民身份号码中的出生日期晚于今天。"), code="id_birth_date")

    if id_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("公民身份号码校验位不正确。"), code="id_checksum")

    age = age_on(birth_date, age_at or today)
    on_day = (
        _("截至%(date)s，") % {"date": formats.date_format(age_at, "DATE_FORMAT")}
        if age_at is not None
        else ""
    )
    if age < min_age:
        raise ValidationError(
            _("按公民身份号码计算，%(on_day)s年龄为%(age)s岁，不满%(min_age)s岁。"),
            code="id_age",
            params={"on_day": on_day, "age": age, "min_age": min_age},
        )
    if max_age is not None and age > max_age:
        raise ValidationError(
            _("按公民身份号码计算，%(on_day)s年龄为%(age)s岁，超过%(max_age)s岁。"),
            code="id_age",
            params={"on_day": on_day, "age": age, "max_age": max_age},
        )

    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return IdNumberInfo(number=number, region=number[:6], birth_date=birth_date, sex=sex.value)


def validate_id_number(value: str) -> None:
    """Validate an ID number with the default age bounds, for use on form fields."""
    parse_id_number(value)


def mask_id_number(number: str) -> str:
    """Return the number with all but its first and last four characters hidden."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# --- Dates ----------------------------------------------------------------------------


def validate_month_begun(value: date | None, *, today: date | None = None) -> None:
    """Refuse a month (stored as its first day) that has not begun yet.

    Employment, union membership, qualifications, awards and honours lie in the
    past; "today" is the portal's day in Asia/Shanghai, so the current month counts.
    """
    if value is None:
        return
    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(
            _("不能晚于当前月份（%(year)s年%(month)s月）。"),
            code="future_month",
            params={"year": today.year, "month": today.month},
        )


# --- Telephone numbers --------------------------------------------------------------

_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_MOBILE_PREFIX_RE = re.compile(r"(?:\+86|0086|86)([0-9]{11})")
_LANDLINE_RE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?")


def normalize_mobile(value: str) -> str:
    """Return a mainland mobile number as 11 digits, dropping separators and +86."""
    number = _compact(value).replace("-", "")
    prefixed = _MOBILE_PREFIX_RE.fullmatch(number)
    if prefixed:
        number = prefixed.group(1)
    if not _MOBILE_RE.fullmatch(number):
        raise ValidationError(_("请填写11位中国大陆手机号码。"), code="mobile_format")
    return number


def validate_mobile(value: str) -> None:
    """Validate a mainland mobile number."""
    normalize_mobile(value)


def mask_mobile(value: str) -> str:
    """Return the mobile number with its middle four digits hidden."""
    try:
        number = normalize_mobile(value)
    except ValidationError:
        number = _compact(value)
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def validate_landline(value: str) -> None:
    """Validate a landline number with its area code, e.g. 0451-12345678."""
    if not _LANDLINE_RE.fullmatch(value.strip()):
        raise ValidationError(
            _("请填写带区号的固定电话号码，例如0451-12345678。"), code="landline_format"
        )


def validate_postal_code(value: str) -> None:
    """Validate a six-digit postal code."""
    if not re.fullmatch(r"[0-9]{6}", value.strip()):
        raise ValidationError(_("邮政编码应为6位数字。"), code="postal_code")


# --- 统一社会信用代码 (GB 32100-2015) ------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(f"[{USCC_ALPHABET}]{{18}}")


def credit_code_check_char(first17: str) -> str:
    """Return the check character for the first 17 characters of a credit code."""
    if len(first17) != 17 or any(char not in USCC_ALPHABET for char in first17):
        raise ValueError("first17 must be 17 characters from USCC_ALPHABET")
    total = sum(
        USCC_ALPHABET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code_format(value: str) -> None:
    """Validate the length and alphabet of a credit code; the checksum is not checked."""
    if not _USCC_RE.fullmatch(_compact(value).upper()):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）。"),
            code="uscc_format",
        )


def credit_code_checksum_ok(value: str) -> bool:
    """Return whether a credit code's check character is right.

    Some early pilot codes are officially valid yet fail the checksum, so a failure
    is a warning for the user to confirm, not a validation error.
    """
    code = _compact(value).upper()
    if not _USCC_RE.fullmatch(code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


# --- Free text ----------------------------------------------------------------------


def count_characters(text: str) -> int:
    """Return the number of characters other than whitespace, counting code points."""
    return sum(1 for char in text if not char.isspace())


@deconstructible
class MaxCharactersValidator:
    """Reject text with more than ``limit`` characters as counted by `count_characters`."""

    code = "too_many_characters"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: str) -> None:
        count = count_characters(value)
        if count > self.limit:
            raise ValidationError(
                _("不能超过%(limit)d个字（当前%(count)d个字）。"),
                code=self.code,
                params={"limit": self.limit, "count": count},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxCharactersValidator) and self.limit == other.limit

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.limit))


def validate_printable(value: str) -> None:
    """Refuse text the PDFs cannot print: emoji, control and bidirectional characters,
    and characters no font of the chain has (``longjiang.pdf``).
    """
    chars = unprintable(value or "")
    if chars:
        raise ValidationError(unprintable_message(chars), code="unprintable")
