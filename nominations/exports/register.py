"""The register workbook filled from the database: the template staff download."""

from collections.abc import Sequence

from longjiang.accounts.models import Unit
from nominations import codes
from nominations.documents.register import build_register_workbook
from nominations.services.laureates import FIRST_YEAR, MAX_ROWS, REGISTER_COLUMNS


def register_workbook(rows: Sequence[Sequence] = ()) -> bytes:
    """Return the register template, with ``rows`` (in the template's column order) if given."""
    units = Unit.objects.exclude(kind=Unit.Kind.PROVINCE).values_list("code", "name")
    return build_register_workbook(
        headers=[str(header) for _key, header in REGISTER_COLUMNS],
        rows=rows,
        units=list(units),
        industries=[(code, str(label)) for code, label in codes.Industry.choices],
        max_rows=MAX_ROWS,
        first_year=FIRST_YEAR,
    )
