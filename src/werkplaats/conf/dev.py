"""Development defaults: DEBUG on, demo mode on, SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("WERKPLAATS_DEMO_MODE", "true")
os.environ.setdefault("SECURE_COOKIES", "false")

from .base import *  # noqa: E402,F403
