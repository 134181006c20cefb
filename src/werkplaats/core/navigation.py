"""The main menu of UX.md, limited to what the user's roles may use."""

from django.http import HttpRequest


def menu_for(request: HttpRequest) -> list[dict[str, str]]:
    return []
