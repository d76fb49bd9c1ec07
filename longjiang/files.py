"""Where private files live: outside static, never served by URL."""

from pathlib import Path

from django.conf import settings


def private_path(storage_name: str) -> Path:
    """Return the absolute path of a stored file, refusing names that leave the root."""
    root = Path(settings.PRIVATE_ROOT).resolve()
    path = (root / storage_name).resolve()
    if root not in path.parents:
        raise ValueError("storage name escapes PRIVATE_ROOT")
    return path
