"""The portal's base forms: every text field refuses control and invisible format characters.

Every form of the portal derives from ``Form`` or ``ModelForm`` here (or mixes in
``CleanTextMixin`` with a Django form it extends), so no text field accepts a
bell, a NUL or a right-to-left override that would make a name read differently
on screen, in a workbook or in the audit trail. Line breaks and tabs are text.

A form whose text is printed may choose a stricter validator (``text_validator``),
as Attachment 1 does with ``nominations.validators.validate_printable``.
"""

import unicodedata
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Line breaks and tabs belong to long texts; every other control character is refused.
ALLOWED_CONTROLS = frozenset("\n\r\t")


def is_invisible(char: str) -> bool:
    """Whether a character is a control or format character (Cc, Cf), bidi controls included."""
    return char not in ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cf")


def invisible_characters(text: str) -> list[str]:
    """Return the distinct invisible characters of ``text``, in order of appearance."""
    return list(dict.fromkeys(char for char in text if is_invisible(char)))


def validate_visible_text(value: str) -> None:
    """Refuse text with control or invisible format characters, naming their code points."""
    if not isinstance(value, str):
        return
    chars = invisible_characters(value)
    if chars:
        raise ValidationError(
            _(
                "不能包含控制字符或不可见的格式字符（如文字方向控制符）：%(chars)s。请删除后重新输入。"
            ),
            code="invisible_characters",
            params={"chars": "、".join(f"U+{ord(char):04X}" for char in chars)},
        )


class CleanTextMixin:
    """Give every text field of the form ``text_validator`` before the form is cleaned.

    Applied when the form is cleaned, not built, so fields a subclass adds in its
    ``__init__`` are covered too.
    """

    text_validator: Callable[[str], None] = staticmethod(validate_visible_text)

    def full_clean(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and self.text_validator not in field.validators:
                field.validators.append(self.text_validator)
        super().full_clean()


class Form(CleanTextMixin, forms.Form):
    """The base of every plain form of the portal."""


class ModelForm(CleanTextMixin, forms.ModelForm):
    """The base of every model form of the portal, the admin's included."""
