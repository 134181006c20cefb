import pytest


@pytest.fixture(autouse=True)
def orm_next_to_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the test reads the database in between."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
