"""The platform's view helpers."""

import pytest
from django.core.exceptions import PermissionDenied

from longjiang.views import require


def test_require_passes_when_allowed():
    assert require(True) is None


def test_require_refuses_with_a_403_when_not_allowed():
    with pytest.raises(PermissionDenied):
        require(False)
