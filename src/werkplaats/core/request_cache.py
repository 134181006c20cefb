"""A cache that lives for one request: values that several selectors need (such as a user's access
scope) are computed once per request. Outside a request (commands, tasks, tests calling selectors
directly) nothing is cached."""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_cache: ContextVar[dict[Hashable, object] | None] = ContextVar("request_cache", default=None)


def start() -> None:
    _cache.set({})


def end() -> None:
    _cache.set(None)


def memoise(key: Hashable, compute: Callable[[], T]) -> T:
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]  # type: ignore[return-value]
