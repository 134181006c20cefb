"""Who is acting, for the access log: set per request by the middleware, per command by the CLI."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    user_name: str
    role: str = ""
    organisation: str = ""
    client_address: str = ""


SYSTEM_ACTOR = Actor(user_id=None, user_name="systeem (werkplaats-opdrachtregel)", role="beheer")

_current_client_address: ContextVar[str] = ContextVar("client_address", default="")
# Refused accesses of the current request: written by the middleware after the view's transaction,
# because a refusal ends in a 404 that rolls that transaction back.
_pending_refusals: ContextVar[list | None] = ContextVar("pending_refusals", default=None)


def current_client_address() -> str:
    return _current_client_address.get()


def start_request(address: str) -> list:
    """Begin a request: remember the client address and collect refusals; returns the collection."""
    _current_client_address.set(address)
    refusals: list = []
    _pending_refusals.set(refusals)
    return refusals


def end_request() -> None:
    _pending_refusals.set(None)
    _current_client_address.set("")


def pending_refusals() -> list | None:
    return _pending_refusals.get()
