"""The access log: entries for every kind of access, append-only on PostgreSQL, and a request that
cannot be logged fails."""

import pytest
from django.db import DatabaseError, connection, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import EnrolmentFactory, SchoolFactory, user_with_role
from werkplaats.accounts.models import Role
from werkplaats.audit.models import AccessLogEntry
from werkplaats.audit.services import LoggedObject, access_log_write, access_log_write_each

pytestmark = pytest.mark.django_db


def test_entry_has_nen7513_fields_and_copies_the_actor():
    school = SchoolFactory()
    user = user_with_role(Role.CARE_COORDINATOR, school=school, user__first_name="Ine", user__last_name="Bos")
    pupil = EnrolmentFactory(school=school).pupil
    access_log_write(
        user=user,
        event_type="pupil.view",
        action="R",
        object_type="pupil",
        object_ids=[(str(pupil.uuid), pupil.uuid)],
        purpose="test",
        authorisation="relatie",
    )
    entry = AccessLogEntry.objects.get()
    assert entry.user_name == "Ine Bos"
    assert entry.role == "intern begeleider / zorgcoördinator"
    assert entry.organisation == school.name
    assert (entry.action, entry.outcome, entry.object_type, entry.pupil_uuid) == ("R", "allowed", "pupil", pupil.uuid)
    assert entry.occurred_at.utcoffset().total_seconds() == 0


def test_one_write_logs_every_object_with_the_shared_fields():
    pupils = [EnrolmentFactory().pupil for _ in range(3)]
    pairs = [(str(pupil.uuid), pupil.uuid) for pupil in pupils] + [("klas 5b", None)]
    written = access_log_write(
        user=None, event_type="pupil.list", action="R", object_type="pupil", object_ids=pairs,
        purpose="p" * 250, consent="toestemming ouder", emergency=True,
    )
    entries = list(AccessLogEntry.objects.order_by("id"))
    assert written == len(entries) == 4
    assert [(e.object_id, e.pupil_uuid) for e in entries] == pairs
    assert {(e.user_id, e.user_name, e.purpose, e.consent, e.emergency, e.occurred_at) for e in entries} == {
        (None, "systeem (werkplaats-opdrachtregel)", "p" * 200, "toestemming ouder", True, entries[0].occurred_at)
    }
    assert access_log_write(user=None, event_type="pupil.list", action="R", object_type="pupil", object_ids=[]) == 0
    assert AccessLogEntry.objects.count() == 4


def _append_only_statement(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL werkplaats.audit_maintenance = 'off'")
        cursor.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accesslogentry SET outcome = 'refused'",
        "DELETE FROM audit_accesslogentry",
        "TRUNCATE audit_accesslogentry",
    ],
)
def test_log_is_append_only_on_postgresql(sql):
    assert connection.vendor == "postgresql"
    access_log_write(user=None, event_type="pupil.import", action="C", object_type="pupil")
    with pytest.raises(DatabaseError, match="alleen aan te vullen"):
        _append_only_statement(sql)
    assert AccessLogEntry.objects.filter(outcome="allowed").count() == 1


def _reject_log_inserts() -> None:
    """Make the log table refuse new entries for the rest of this test's transaction, as a full disk or a
    lost connection to the log would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_reject_log_insert() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'log unavailable'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER test_reject_log_insert BEFORE INSERT ON audit_accesslogentry "
            "FOR EACH ROW EXECUTE FUNCTION test_reject_log_insert()"
        )


def test_api_read_writes_an_entry_and_fails_when_the_log_cannot_be_written():
    school = SchoolFactory()
    user = user_with_role(Role.CARE_COORDINATOR, school=school)
    pupil = EnrolmentFactory(school=school).pupil
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get(f"/api/v1/pupils/{pupil.uuid}/").status_code == 200
    assert AccessLogEntry.objects.filter(pupil_uuid=pupil.uuid, event_type="pupil.view").count() == 1

    _reject_log_inserts()
    client.raise_request_exception = False
    response = client.get(f"/api/v1/pupils/{pupil.uuid}/")
    assert response.status_code == 500
    assert pupil.family_name not in response.content.decode()


def test_one_write_logs_objects_each_with_its_own_basis():
    """One statement (on PostgreSQL a JSON array of rows) writes every object with its own values, exactly: quotes,
    backslashes and accents, the texts cut to their columns, no pupil, and an object's own event type, purpose and
    object type."""
    pupils = [EnrolmentFactory().pupil for _ in range(2)]
    own = 'Zoë\'s "dossier" \\ \u00e9\n'
    written = access_log_write_each(
        user=None, event_type="case.list", action="R", object_type="case", purpose="casusregie",
        objects=[
            LoggedObject("case-1", pupils[0].uuid, "regiehouder", ""),
            LoggedObject("case-2", pupils[1].uuid, "kernteam", "toestemming ouders 2026-01-05", emergency=True),
            LoggedObject("case-3", None, "a" * 400),
            LoggedObject("pupil-4", pupils[0].uuid, own, own, event_type="pupil.chronology", purpose=own,
                         object_type="pupil"),
        ],
    )
    rows = list(AccessLogEntry.objects.order_by("id").values_list(
        "object_id", "pupil_uuid", "authorisation", "consent", "emergency", "purpose", "event_type", "object_type"))
    assert written == 4
    assert rows == [
        ("case-1", pupils[0].uuid, "regiehouder", "", False, "casusregie", "case.list", "case"),
        ("case-2", pupils[1].uuid, "kernteam", "toestemming ouders 2026-01-05", True, "casusregie", "case.list",
         "case"),
        ("case-3", None, "a" * 300, "", False, "casusregie", "case.list", "case"),
        ("pupil-4", pupils[0].uuid, own, own, False, own, "pupil.chronology", "pupil"),
    ]
