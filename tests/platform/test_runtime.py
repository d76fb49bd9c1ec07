"""The serving process's preparation (longjiang.runtime)."""

import gc

import pytest

from longjiang.runtime import YOUNG_THRESHOLD, prepare_process


@pytest.fixture
def restore_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_prepare_process_freezes_the_loaded_application_and_keeps_the_collector_on(restore_gc):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0

    prepare_process()

    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD == 10_000


def test_the_wsgi_entry_point_prepares_the_process(restore_gc):
    import importlib

    import longjiang.wsgi

    gc.unfreeze()
    importlib.reload(longjiang.wsgi)

    assert gc.get_freeze_count() > 0
    assert callable(longjiang.wsgi.application)
