"""Read a PDF's text layer as a person's tools do: poppler's pdftotext."""

import shutil
import subprocess

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def pdftotext(content: bytes) -> str:
    """Return the text pdftotext extracts from the PDF bytes (poppler-utils)."""
    # The command is a fixed path and the PDF goes through stdin.
    result = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()
