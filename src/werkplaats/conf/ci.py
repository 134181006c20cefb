"""Test-suite defaults: PostgreSQL from DATABASE_URL (the Makefile provides one), fast hashing."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("WERKPLAATS_BSN_KEY", "test-bsn-key-not-secret")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 - tests only
