"""Settings of the benchmark server: the production-like base settings (DEBUG off, no SSL redirect, plain
HTTP cookies on 127.0.0.1) with the floor views of bench/urls.py next to the application's own URLs."""

import os

os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("WERKPLAATS_DEMO_MODE", "false")

from werkplaats.conf.base import *  # noqa: E402,F403

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "bench.urls"
