"""The garbage collector in a long-running server process.

A full collection walks every object the process holds, and almost all of them live as long as the process:
modules, models, URL patterns, static-file lists, compiled templates, prepared queries. In a gunicorn worker
that walk took 40–90 ms of CPU and landed on one unlucky request. `gc.freeze()` moves the objects that exist
at that moment out of the collector's reach (it never walks them again); the collector keeps working for
everything made afterwards. The server freezes twice: once the application is loaded, and once it has served
its first requests and so built the caches that the import does not (templates, URL resolvers, prepared SQL).
An object frozen that later becomes garbage in a reference cycle is not reclaimed; caches are not such
objects, and a worker that gunicorn recycles gives everything back."""

import gc

from django.core.signals import request_finished

WARM_UP_REQUESTS = 20


def freeze_long_lived() -> None:
    """Collect what is garbage now, then keep everything that is left out of later collections."""
    gc.collect()
    gc.freeze()


class _FreezeAfterWarmUp:
    """Receiver of `request_finished`: freezes once, after the process's first WARM_UP_REQUESTS requests."""

    def __init__(self, requests: int) -> None:
        self.remaining = requests

    def __call__(self, **kwargs: object) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            request_finished.disconnect(self)
            freeze_long_lived()


def settle_server_process(warm_up_requests: int = WARM_UP_REQUESTS) -> None:
    """Freeze the loaded application now, and what its first requests build after `warm_up_requests`."""
    freeze_long_lived()
    request_finished.connect(_FreezeAfterWarmUp(warm_up_requests), weak=False)
