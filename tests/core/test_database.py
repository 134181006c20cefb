"""PostgreSQL connections bind parameters on the server and prepare the statements they run often
(conf/base.py; docs/architecture.md "Plans kept per connection")."""

from datetime import date

import pytest
from django.db import connection

from werkplaats.accounts.models import User

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")


def _prepared_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_query_run_often_is_prepared_once_on_the_connection():
    before = _prepared_statements()
    for pk in range(10):
        list(User.objects.filter(pk=pk, is_active=True).values_list("username"))
    assert _prepared_statements() == before + 1


@pytest.mark.django_db
def test_values_stay_parameters_of_one_statement():
    """Different values, one statement: the values travel as parameters, not in the SQL text."""
    before = _prepared_statements()
    for username in ("a", "b'c", "d\\e", "f%g", "h" * 200, "i", "j"):
        assert list(User.objects.filter(username=username, is_active=True).values_list("pk")) == []
    assert _prepared_statements() == before + 1


@pytest.mark.django_db
def test_bulk_writes_larger_than_one_statements_parameters():
    """8,000 pupils of 9 fields are 72,000 parameters: more than one statement may bind (65,535). The backend
    (werkplaats.core.postgresql) splits the insert and the update."""
    from tests.factories import municipality
    from werkplaats.pupils.models import Pupil

    home = municipality()
    pupils = Pupil.objects.bulk_create([Pupil(given_name=f"Kind {n}", family_name="Veldkamp", birth_date=date(
        2015, 1, 1), home_municipality=home) for n in range(8_000)])
    for pupil in pupils:
        pupil.given_name, pupil.family_name = pupil.given_name + "a", "Oude Veldkamp"
        pupil.birth_date, pupil.bsn_hash = date(2015, 1, 2), None
    Pupil.objects.bulk_update(pupils, ["given_name", "family_name", "birth_date", "bsn_hash", "updated"])
    assert Pupil.objects.filter(family_name="Oude Veldkamp", birth_date=date(2015, 1, 2)).count() == 8_000
    assert connection.ops.bulk_batch_size(["a"] * 9, pupils) == 65_535 // 9
    pk = Pupil._meta.pk
    assert connection.ops.bulk_batch_size([pk, pk, *["a"] * 5], pupils) == 65_535 // 11
