"""The server process keeps its long-lived objects out of the garbage collector's full collections
(werkplaats.core.garbage): frozen once the application is loaded, and again after the first requests."""

import gc
import weakref

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections

from werkplaats.core.garbage import _FreezeAfterWarmUp, settle_server_process


@pytest.fixture
def unfrozen():
    """No frozen objects before and after; `request_finished` without Django's own receiver, which would touch
    the database (the test client takes it off in the same way)."""
    gc.unfreeze()
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)
    gc.unfreeze()
    for receiver in [r for r in request_finished._live_receivers(None)[0] if isinstance(r, _FreezeAfterWarmUp)]:
        request_finished.disconnect(receiver)


def _warm_up_receivers() -> list[object]:
    return [r for r in request_finished._live_receivers(None)[0] if isinstance(r, _FreezeAfterWarmUp)]


def test_frozen_when_loaded_and_again_after_the_warm_up_requests(unfrozen):
    settle_server_process(warm_up_requests=3)
    loaded = gc.get_freeze_count()
    assert loaded > 0

    built_by_first_requests = [[index] for index in range(5_000)]
    request_finished.send(sender=None)
    request_finished.send(sender=None)
    assert gc.get_freeze_count() == loaded  # not yet: two of three requests

    request_finished.send(sender=None)
    assert gc.get_freeze_count() >= loaded + len(built_by_first_requests)
    assert _warm_up_receivers() == []  # once only

    request_finished.send(sender=None)
    assert gc.get_freeze_count() >= loaded + len(built_by_first_requests)


class _Node:
    pass


def test_garbage_is_collected_before_freezing(unfrozen):
    node = _Node()
    node.itself = node  # a reference cycle: only the collector reclaims it
    reference = weakref.ref(node)
    del node
    settle_server_process(warm_up_requests=1)
    assert reference() is None  # collected, not frozen
