"""Production defaults: secure cookies, HSTS, SSL redirect. SECRET_KEY, WERKPLAATS_BSN_KEY,
DATABASE_URL and ALLOWED_HOSTS must come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

for _name in ("SECRET_KEY", "WERKPLAATS_BSN_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in the environment for the production settings")

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("WERKPLAATS_DEMO_MODE", "false")
os.environ.setdefault("SECURE_COOKIES", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "true")
os.environ.setdefault("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))

from .base import *  # noqa: E402,F403

if DEMO_MODE:  # noqa: F405
    raise ImproperlyConfigured("WERKPLAATS_DEMO_MODE cannot be on with the production settings")
