"""Template helpers that replace slower built-ins must give the same result."""

import datetime
import uuid

import pytest
from django.templatetags.static import static
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from werkplaats.core.templatetags.werkplaats import asset, route, table_date, uuid_url


@pytest.mark.parametrize("script_prefix", ["/", "/werkplaats/"])
def test_uuid_url_gives_what_reverse_gives(script_prefix):
    set_script_prefix(script_prefix)
    try:
        for value in (uuid.uuid4(), uuid.UUID(int=0), uuid.uuid4()):
            assert uuid_url(value, "pupils:detail") == reverse("pupils:detail", args=[value])
        assert uuid_url(value, "pupils:detail").startswith(script_prefix)
    finally:
        clear_script_prefix()


@pytest.mark.parametrize("script_prefix", ["/", "/werkplaats/"])
def test_route_and_asset_give_what_url_and_static_give(script_prefix):
    set_script_prefix(script_prefix)
    try:
        for name in ("core:home", "set_language", "accounts:logout", "pupils:list"):
            assert route(name) == reverse(name)
        assert route("core:home").startswith(script_prefix)
        for path in ("werkplaats/site.css", "django_htmx/htmx-2.min.js", "werkplaats/site.css"):
            assert asset(path) == static(path)
    finally:
        clear_script_prefix()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_table_date_is_day_month_year_in_every_language(language):
    with translation.override(language):
        assert table_date(datetime.date(2026, 3, 2)) == "02-03-2026"
        assert table_date(datetime.date(987, 12, 31)) == "31-12-0987"
        # a moment is shown on the local (Amsterdam) date: 23:30 UTC on 31 March is 1 April there
        assert table_date(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)) == "01-04-2026"
        assert table_date(None) == ""
