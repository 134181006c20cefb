"""The REST API: registry reads, the registry imports and the pupils endpoints through the access layer."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp import DEVICE_ID_SESSION_KEY
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import EnrolmentFactory, SchoolFactory, UserFactory, user_with_role, verified_device
from werkplaats.accounts.models import Role
from werkplaats.audit.models import AccessLogEntry
from werkplaats.organisations.models import School

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_schema_and_docs_are_served():
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/pupils/" in response.content and b"/api/v1/registry/imports/{kind}/" in response.content


def test_registry_reads_need_login_and_list_the_region():
    assert APIClient().get("/api/v1/municipalities/").status_code in (401, 403)
    client = token_client(UserFactory())
    municipalities = client.get("/api/v1/municipalities/").json()
    assert len([m for m in municipalities if m["in_region"]]) == 14
    partnerships = {p["code"]: p for p in client.get("/api/v1/partnerships/").json()}
    assert "GM0153" in partnerships["PO2302"]["municipalities"]
    SchoolFactory(code="12AB00", name="De Esch")
    school = client.get("/api/v1/schools/12AB00/").json()
    assert (school["school"], school["name"], school["contact_municipality"]) == ("12AB00", "De Esch", "GM0153")
    assert client.get("/api/v1/schools/?type=PO").json()["results"][0]["school"] == "12AB00"
    assert client.get("/api/v1/schools/99ZZ99/").status_code == 404


def test_registry_import_over_the_api_needs_the_permission_and_validates():
    csv = b"school,name,type,municipality\n12AB00,De Esch,PO,GM0153\n"
    user = UserFactory()
    client = token_client(user)
    upload = SimpleUploadedFile("schools.csv", csv, content_type="text/csv")
    assert client.post("/api/v1/registry/imports/schools/", {"file": upload}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="import_registry"))
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    upload = SimpleUploadedFile("schools.csv", csv, content_type="text/csv")
    response = client.post("/api/v1/registry/imports/schools/", {"file": upload})
    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []}
    bad = SimpleUploadedFile("schools.csv", b"school,name,type,municipality\n12AB01,X,QQ,GM0153\n")
    response = client.post("/api/v1/registry/imports/schools/", {"file": bad})
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "type"
    assert School.objects.count() == 1


def test_pupils_api_through_the_access_layer():
    school = SchoolFactory()
    mine = EnrolmentFactory(school=school, group="groep 4")
    other = EnrolmentFactory()
    ib = user_with_role(Role.CARE_COORDINATOR, school=school)
    client = token_client(ib)
    page = client.get(f"/api/v1/pupils/?school={school.uuid}").json()
    assert [row["uuid"] for row in page["results"]] == [str(mine.pupil.uuid)]
    assert client.get(f"/api/v1/pupils/{mine.pupil.uuid}/").json()["enrolments"][0]["group"] == "groep 4"
    assert client.get(f"/api/v1/pupils/{other.pupil.uuid}/").status_code == 404
    assert client.get("/api/v1/pupils/?school=not-a-uuid").status_code == 400
    outcomes = set(AccessLogEntry.objects.values_list("pupil_uuid", "outcome"))
    assert outcomes == {(mine.pupil.uuid, "allowed"), (other.pupil.uuid, "refused")}


def test_policy_adviser_gets_no_pupils_over_the_api():
    school = SchoolFactory()
    enrolment = EnrolmentFactory(school=school)
    client = token_client(user_with_role(Role.POLICY_ADVISER, school=school))
    assert client.get("/api/v1/pupils/").json()["results"] == []
    assert client.get(f"/api/v1/pupils/{enrolment.pupil.uuid}/").status_code == 404


def test_session_without_second_factor_gets_no_personal_data():
    school = SchoolFactory()
    enrolment = EnrolmentFactory(school=school)
    ib = user_with_role(Role.CARE_COORDINATOR, school=school)
    client = APIClient()
    client.force_login(ib)
    assert client.get(f"/api/v1/pupils/{enrolment.pupil.uuid}/").status_code == 403
    device = verified_device(ib)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get(f"/api/v1/pupils/{enrolment.pupil.uuid}/").status_code == 200
