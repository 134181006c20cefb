"""On PostgreSQL, a GIN index per text the case search matches (`cases.selectors._texts`): the same Dutch
full-text vector the search computes, so that PostgreSQL looks the words up instead of computing the vector of
every candidate row. Elsewhere (the SQLite demo) the search uses icontains and there are no indexes to make.

The indexes are not part of the models' state: they serve one query's expressions, which must stay equal to
these (tests/cases/test_search.py checks that the search's plans use them)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# (model, index name, fields of the vector), as the search matches them.
INDEXES = [
    ("case", "cases_case_story_search", ["parents_story", "pupil_voice"]),
    ("case", "cases_case_note_search", ["closing_note"]),
    ("careplanstep", "cases_step_answers_search", ["answers"]),
    ("evaluation", "cases_evaluation_search",
     ["right_agreements", "progress_note", "add_or_remove", "dissenting_opinions"]),
    ("signal", "cases_signal_case_search", ["seen_in_school", "seen_outside_school"]),
    ("signal", "cases_signal_search", ["seen_in_school", "seen_outside_school", "advice"]),
]


def _index(name: str, fields: list[str]) -> GinIndex:
    return GinIndex(SearchVector(*fields, config="dutch"), name=name)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, name, fields in INDEXES:
            schema_editor.add_index(apps.get_model("cases", model), _index(name, fields))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, name, fields in INDEXES:
            schema_editor.remove_index(apps.get_model("cases", model), _index(name, fields))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
