"""Document builders: Attachment 1 as PDF, Attachment 2 and the first-check summary as xlsx.

Pure functions over plain data classes: no database, no files but the fonts
(``longjiang.pdf``); bytes out. ``nominations.exports`` fills the data from the
database. This package is the app's only code that imports reportlab or openpyxl.
"""

from nominations.documents.data import (
    MAX_HONOURS,
    SUMMARY_COLUMNS,
    UNIT_COLUMN,
    Attachment1Data,
    CheckSummaryData,
    Column,
    FormSection,
    FormTable,
    MissingPaperRow,
    Opinion,
    SummaryData,
    SummaryRow,
    UnitCheckCounts,
)
from nominations.documents.pdf import build_attachment1_pdf
from nominations.documents.sheets import build_check_workbook, build_summary_xlsx, summary_columns

__all__ = [
    "MAX_HONOURS",
    "SUMMARY_COLUMNS",
    "UNIT_COLUMN",
    "Attachment1Data",
    "CheckSummaryData",
    "Column",
    "FormSection",
    "FormTable",
    "MissingPaperRow",
    "Opinion",
    "SummaryData",
    "SummaryRow",
    "UnitCheckCounts",
    "build_attachment1_pdf",
    "build_check_workbook",
    "build_summary_xlsx",
    "summary_columns",
]
