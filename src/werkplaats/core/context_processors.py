from typing import Any

from django.conf import settings
from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    from .navigation import language_names, menu_for

    return {"main_menu": menu_for(request), "language_names": language_names(), "demo_mode": settings.DEMO_MODE}
