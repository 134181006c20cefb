"""Contract §5: the REST API — status through the access layer with the access log, registrations
all-or-nothing with per-row errors."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory, UserFactory, user_with_role
from werkplaats.accounts.models import Role
from werkplaats.attendance.models import AbsenceRegistration
from werkplaats.audit.models import AccessLogEntry

from .helpers import enrol, import_rows, reg, school

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def setup():
    location = school("12AB00")
    other = school("34CD01", type="VO")
    pupils = [enrol(location, "1001"), enrol(location, "1002"), enrol(other, "2001")]
    return location, other, pupils


ROWS = [
    {"school": "12AB00", "pupil": "1001", "date": "2026-01-12", "minutes": 330, "reason": "luxe", "note": "vakantie"},
    {"school": "12AB00", "pupil": "1002", "date": "2026-01-13", "minutes": "60", "reason": "ziek"},
]


def test_status_for_a_user_of_the_school_with_the_access_log(setup):
    location, _other, pupils = setup
    assert import_rows([reg("12AB00", "1001", "2026-01-12", 330, "luxe")]).accepted
    user = user_with_role(Role.CARE_COORDINATOR, school=location)
    response = token_client(user).get("/api/v1/attendance/status", {"school": "12AB00", "on": "2026-01-16"})
    assert response.status_code == 200
    data = response.json()
    assert (data["school"], data["on"], data["tiers"]) == ("12AB00", "2026-01-16", {"1": 1, "2": 0, "3": 1})
    assert [p["pupil"] for p in data["pupils"]] == ["1001", "1002"]
    assert data["pupils"][0]["reports"][0]["reason"] == "luxe"
    logged = AccessLogEntry.objects.filter(event_type="attendance.status", user_id=user.pk, outcome="allowed")
    assert {entry.pupil_uuid for entry in logged} == {pupils[0].pupil.uuid, pupils[1].pupil.uuid}


def test_status_needs_a_relationship_with_the_school(setup):
    location, other, _pupils = setup
    stranger = user_with_role(Role.CARE_COORDINATOR, school=other)
    response = token_client(stranger).get("/api/v1/attendance/status", {"school": "12AB00", "on": "2026-01-16"})
    assert response.status_code == 404
    assert (
        token_client(stranger).get("/api/v1/attendance/status", {"school": "99ZZ99", "on": "2026-01-16"}).status_code
        == 404
    )
    assert AccessLogEntry.objects.filter(event_type="attendance.status", outcome="refused").count() == 2
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert (
        token_client(superuser).get("/api/v1/attendance/status", {"school": "12AB00", "on": "2026-01-16"}).status_code
        == 404
    )
    analyst = user_with_role(Role.ANALYST, school=location)  # aggregates only: no pupils
    assert (
        token_client(analyst).get("/api/v1/attendance/status", {"school": "12AB00", "on": "2026-01-16"}).status_code
        == 404
    )
    assert APIClient().get("/api/v1/attendance/status", {"school": "12AB00", "on": "2026-01-16"}).status_code in (
        401,
        403,
    )


def test_status_through_a_partner_organisation_and_a_teacher_restricted_to_groups(setup):
    location, _other, pupils = setup
    organisation = OrganisationFactory()
    location.partners.add(organisation)
    nurse = user_with_role(Role.YOUTH_HEALTH, organisation=organisation)
    assert (
        token_client(nurse).get("/api/v1/attendance/status", {"school": "12AB00", "on": "2026-01-16"}).status_code
        == 200
    )
    pupils[1].group = "groep 7"
    pupils[1].save()
    teacher = user_with_role(Role.TEACHER, school=location, groups=["groep 7"])
    data = token_client(teacher).get("/api/v1/attendance/status", {"school": "12AB00", "on": "2026-01-16"}).json()
    assert [p["pupil"] for p in data["pupils"]] == ["1002"]


def test_status_parameters_are_validated(setup):
    location, _other, _pupils = setup
    client = token_client(user_with_role(Role.CARE_COORDINATOR, school=location))
    assert client.get("/api/v1/attendance/status", {"school": "12AB00", "on": "16-01-2026"}).status_code == 400
    assert client.get("/api/v1/attendance/status", {"on": "2026-01-16"}).status_code == 400


def test_post_registrations_creates_then_changes_nothing(setup):
    location, _other, pupils = setup
    user = user_with_role(Role.CARE_COORDINATOR, school=location)
    client = token_client(user)
    response = client.post("/api/v1/attendance/registrations", ROWS, format="json")
    assert response.status_code == 201
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []}
    again = client.post("/api/v1/attendance/registrations", ROWS, format="json")
    assert again.status_code == 200 and again.json()["unchanged"] == 2
    assert AbsenceRegistration.objects.get(reason="luxe").note == "vakantie"
    logged = AccessLogEntry.objects.filter(event_type="attendance.import", user_id=user.pk)
    assert {entry.pupil_uuid for entry in logged} == {pupils[0].pupil.uuid, pupils[1].pupil.uuid}


def test_post_registrations_is_all_or_nothing_with_errors_per_row(setup):
    location, _other, _pupils = setup
    client = token_client(user_with_role(Role.CARE_COORDINATOR, school=location))
    rows = [
        *ROWS,
        {"school": "12AB00", "pupil": "1001", "date": "2026-01-10", "minutes": 700, "reason": "ziek"},
        {"school": "34CD01", "pupil": "2001", "date": "2026-01-12", "minutes": 60, "reason": "ziek"},
        "nonsense",
    ]
    response = client.post("/api/v1/attendance/registrations", rows, format="json")
    assert response.status_code == 400
    data = response.json()
    assert (data["created"], data["rejected"]) == (0, 3)
    assert [(e["line"], e["column"]) for e in data["errors"]] == [
        (3, "date"),
        (3, "minutes"),
        (4, "school"),
        (5, "school"),
        (5, "pupil"),
        (5, "date"),
        (5, "minutes"),
        (5, "reason"),
    ]
    assert data["errors"][0]["message"] == "2026-01-10 is geen schooldag van 12AB00"
    assert "geen toegang" in data["errors"][2]["message"]  # 34CD01: not this user's school
    assert AbsenceRegistration.objects.count() == 0
    not_a_list = client.post("/api/v1/attendance/registrations", {"school": "12AB00"}, format="json")
    assert not_a_list.status_code == 400


def test_post_registrations_needs_the_care_coordinator_of_the_school(setup):
    location, _other, _pupils = setup
    teacher = user_with_role(Role.TEACHER, school=location)
    response = token_client(teacher).post("/api/v1/attendance/registrations", ROWS, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "school"
    assert AbsenceRegistration.objects.count() == 0
    assert APIClient().post("/api/v1/attendance/registrations", ROWS, format="json").status_code in (401, 403)


def test_schema_documents_the_attendance_endpoints():
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/attendance/status" in response.content
    assert b"/api/v1/attendance/registrations" in response.content
    assert b"positie van de regel in de lijst" in response.content
