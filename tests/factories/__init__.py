"""factory_boy factories and plain helpers for building test data."""

from tests.factories.accounts import PASSWORD, UnitFactory, UserFactory
from tests.factories.files import inflated_xlsx, pdf_bytes, pdf_upload, png_bytes, png_upload
from tests.factories.nominations import (
    CampaignFactory,
    all_checks_met,
    complete_fields,
    complete_rows,
    valid_credit_code,
    valid_id_number,
)

__all__ = [
    "PASSWORD",
    "CampaignFactory",
    "UnitFactory",
    "UserFactory",
    "all_checks_met",
    "complete_fields",
    "complete_rows",
    "inflated_xlsx",
    "pdf_bytes",
    "pdf_upload",
    "png_bytes",
    "png_upload",
    "valid_credit_code",
    "valid_id_number",
]
