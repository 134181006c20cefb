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


def set_client_address(address: str) -> None:
    _current_client_address.set(address)


def current_client_address() -> str:
    return _current_client_address.get()
