"""Field-by-field differences between two submitted revisions of a nomination.

Staff see what a unit changed after a return: every field, repeatable section
and file whose content differs between the revision that was returned and the
one resubmitted.
"""

from dataclasses import dataclass

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from longjiang.dates import show_month
from nominations import attachment1, codes
from nominations.models import Nomination
from nominations.presentation import field_label
from nominations.services.intake import ROW_FIELDS


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str


def _scalar_text(name: str, value) -> str:
    if value in (None, "", []):
        return ""
    if name == "criteria":
        return "、".join(str(codes.Criterion(c).label) for c in value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if name == "nationality":
        # Revisions submitted before nationality became a choice hold free text.
        value = codes.normalize_nationality(value)
    field = Nomination._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name in attachment1.MONTH_FIELDS and isinstance(value, str) and parse_date(value):
        return show_month(parse_date(value))
    return str(value)


def _row_text(related_name: str, row: dict) -> str:
    model = getattr(Nomination, related_name).rel.related_model
    parts = []
    for key in ROW_FIELDS[related_name]:
        value = row.get(key)
        if value in (None, ""):
            continue
        field = model._meta.get_field(key)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        elif isinstance(value, str) and key.endswith("_on") and parse_date(value):
            value = show_month(parse_date(value))
        parts.append(str(value))
    return " / ".join(parts)


# Kept in snapshots only masked, with a fingerprint that tells a correction.
PERSONAL_NUMBERS = ("id_number", "mobile")


def _personal_number_change(name: str, before: dict, after: dict) -> Change | None:
    key = f"{name}_fingerprint"
    old_mark, new_mark = before.get(key, ""), after.get(key, "")
    if old_mark == new_mark and before.get(name, "") == after.get(name, ""):
        return None
    old, new = before.get(name, ""), after.get(name, "")
    if old == new:
        # The mask hides the digits that changed.
        new = _("%(masked)s（号码已更改）") % {"masked": new}
    return Change(name, field_label(name), old, new)


def diff_keys() -> frozenset[str]:
    """Return every key a change can have: form fields, repeatable sections, files."""
    return frozenset({*attachment1.all_fields(), *ROW_FIELDS, "attachments"})


def diff_snapshots(before: dict, after: dict) -> list[Change]:
    """Return the changes from ``before`` to ``after``, in form order."""
    changes = []
    for name in attachment1.all_fields():
        if name in PERSONAL_NUMBERS:
            change = _personal_number_change(name, before, after)
            if change is not None:
                changes.append(change)
            continue
        old, new = _scalar_text(name, before.get(name)), _scalar_text(name, after.get(name))
        if old != new:
            changes.append(Change(name, field_label(name), old, new))
    for related_name in ROW_FIELDS:
        old = "\n".join(_row_text(related_name, r) for r in before.get(related_name, []))
        new = "\n".join(_row_text(related_name, r) for r in after.get(related_name, []))
        if old != new:
            changes.append(Change(related_name, field_label(related_name), old, new))
    old_files = sorted((a["name"], a["sha256"]) for a in before.get("attachments", []))
    new_files = sorted((a["name"], a["sha256"]) for a in after.get("attachments", []))
    if old_files != new_files:
        # A file replaced under the same name differs only in content: show a short
        # fingerprint so staff can see which one changed.
        changes.append(
            Change(
                "attachments",
                _("照片与佐证材料"),
                "\n".join(f"{name} · {sha[:8]}" for name, sha in old_files),
                "\n".join(f"{name} · {sha[:8]}" for name, sha in new_files),
            )
        )
    return changes
