"""Test-suite fixtures. The suite runs on PostgreSQL (the Makefile provides DATABASE_URL)."""

import pytest
from django.db import connection


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Let the flush between transactional tests (TRUNCATE) pass the access log's append-only trigger.
    Tests of the trigger itself switch this off again with SET LOCAL."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"ALTER DATABASE {connection.settings_dict['NAME']} SET werkplaats.audit_maintenance = 'on'"
                )
                cursor.execute("SET werkplaats.audit_maintenance = 'on'")
    yield
