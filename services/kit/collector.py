"""Pausing Python's cyclic garbage collector around bulk work on plain data."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_pauses = 0  # blocks inside collector_paused() now, on the event loop's thread
_enabled_before = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then restore it as it was.

    Building tens of thousands of plain objects (a national year of housing rows, results and their
    criteria) creates no reference cycles, and reference counting frees them as usual. The cyclic
    collector would still run every few hundred allocations and now and then walk the whole heap, which
    made such work take 1.5-3 times as long.

    Blocks may overlap (a block that awaits lets another request's block start): the collector is
    paused by the first and restored when the last one ends. Keep an awaiting block short, such as one
    fetch of rows, since the whole process collects nothing meanwhile. Use it on the event loop's
    thread only.
    """
    global _pauses, _enabled_before
    if _pauses == 0:
        _enabled_before = gc.isenabled()
        gc.disable()
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0 and _enabled_before:
            gc.enable()


_startup_frozen = False


def freeze_startup_objects() -> None:
    """Once per process, after the first app has started: keep what exists now out of every collection.

    Modules, the app, its routes and schemas are some 100,000 objects that live as long as the process,
    and each full collection walked them all: 50-90 ms, now and then in the middle of a request that
    builds a national year. gc.freeze moves them to a generation the collector never visits; they are
    still freed by reference counting. Only the first start-up freezes, so a process that builds many
    apps (the tests) keeps nothing more than the first one alive.
    """
    global _startup_frozen
    if _startup_frozen:
        return
    _startup_frozen = True
    gc.collect()
    gc.freeze()
