"""Turning a nomination into labelled values for pages and documents."""

from datetime import date

from django.utils.translation import gettext as _

from longjiang.dates import show_date, show_month
from nominations import attachment1, codes
from nominations.models import Nomination
from nominations.validators import mask_mobile


def label(name: str) -> str:
    return str(Nomination._meta.get_field(name).verbose_name)


def field_label(name: str) -> str:
    """Return the label of a field, a repeatable section or the photo, for comments."""
    for related_name, title, _help in attachment1.REPEATABLE:
        if name == related_name:
            return str(title)
    if name == "photo":
        return _("照片")
    if name == attachment1.GENERAL_COMMENT:
        return _("总体意见")
    return label(name)


def display_value(nomination: Nomination, name: str) -> str:
    """Return the value of a field as a person reads it; personal numbers masked."""
    if name == "id_number":
        return nomination.id_number_masked
    if name == "mobile":
        return mask_mobile(nomination.mobile)
    if name == "criteria":
        return "、".join(str(codes.Criterion(c).label) for c in nomination.criteria)
    value = getattr(nomination, name)
    if value is None or value == "":
        return ""
    field = Nomination._meta.get_field(name)
    if field.choices:
        return str(getattr(nomination, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if name in attachment1.MONTH_FIELDS:
        return show_month(value)
    if isinstance(value, date):
        return show_date(value)
    return str(value)


def sections(nomination: Nomination) -> list[dict]:
    """Return every section of Attachment 1 with (label, value) rows."""
    return [
        {
            "key": section.key,
            "title": section.title,
            "rows": [(label(name), display_value(nomination, name)) for name in section.fields],
        }
        for section in attachment1.SECTIONS
    ]
