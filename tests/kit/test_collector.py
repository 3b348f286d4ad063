"""Pausing the garbage collector: overlapping pauses restore it once, after the last one."""

import gc

import pytest

from services.kit import collector


@pytest.fixture
def collecting():
    enabled = gc.isenabled()
    gc.enable()
    yield
    if not enabled:
        gc.disable()


def test_overlapping_pauses_keep_the_collector_paused_until_the_last_ends(collecting):
    first, second = collector.collector_paused(), collector.collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first ends while the second still runs, as two requests can

    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_pause_ended_by_an_error_restores_the_collector(collecting):
    with pytest.raises(RuntimeError), collector.collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the work failed")

    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collecting):
    gc.disable()
    with collector.collector_paused():
        pass

    assert not gc.isenabled()


def test_start_up_objects_are_frozen_once_per_process(monkeypatch):
    frozen = []
    monkeypatch.setattr(collector, "_startup_frozen", False)
    monkeypatch.setattr(collector.gc, "freeze", lambda: frozen.append(True))

    collector.freeze_startup_objects()
    collector.freeze_startup_objects()

    assert frozen == [True]
