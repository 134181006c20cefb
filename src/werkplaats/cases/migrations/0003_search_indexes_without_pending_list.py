"""The search's GIN indexes (0002) take each new or changed text at once instead of into a pending list.

With GIN's default `fastupdate`, new entries wait in an unsorted pending list until (auto)vacuum or a full list
of 4 MB merges them, and every search reads that whole list: a search of five ms became twenty after a day's
signals. The texts these indexes cover are written at the pace of people typing, so the cost of updating the
index at each write is small; the search's stays the same all day."""

from django.db import migrations

# The indexes of 0002_search_indexes (tests/cases/test_search.py checks that the two lists agree).
NAMES = ["cases_case_story_search", "cases_case_note_search", "cases_step_answers_search", "cases_evaluation_search",
         "cases_signal_case_search", "cases_signal_search"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in NAMES:
            schema_editor.execute(f'ALTER INDEX "{name}" SET (fastupdate = off)')
            schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in NAMES:
            schema_editor.execute(f'ALTER INDEX "{name}" RESET (fastupdate)')


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_search_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
