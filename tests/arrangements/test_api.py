"""GET /api/v1/finance/allocation (contracts/finance.md)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.arrangements.builders import enrol
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, user_with_role
from werkplaats.accounts.models import Role
from werkplaats.organisations.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/api/v1/finance/allocation"
QUERY = {"school": "12AB00", "cost": "10000.00", "key": "pupils", "on": "2026-03-02"}


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def school():
    school = SchoolFactory(code="12AB00")
    enrol(school, 180, home="GM0153")
    enrol(school, 28, home="GM0158")
    enrol(school, 4, home="GM0164")
    return school


@pytest.fixture
def adviser():
    return token_client(user_with_role(Role.POLICY_ADVISER,
                                       organisation=OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY)))


def test_login_and_a_role_are_required(school):
    assert APIClient().get(URL, QUERY).status_code == 401
    response = token_client(UserFactory()).get(URL, QUERY)
    assert response.status_code == 403


def test_contract_example(school, adviser):
    response = adviser.get(URL, QUERY)
    assert response.status_code == 200
    assert response.json() == {
        "school": "12AB00", "on": "2026-03-02", "key": "pupils", "cost": "10000.00",
        "allocation": [
            {"municipality": "GM0153", "weight": 180, "amount": "8490.57"},
            {"municipality": "GM0158", "weight": 28, "amount": "1320.75"},
            {"municipality": "GM0164", "weight": 4, "amount": "188.68"},
        ],
    }


def test_every_key_over_a_session(school):
    client = APIClient()
    client.force_login(user_with_role(Role.CARE_COORDINATOR, school=school))
    response = client.get(URL, {**QUERY, "key": "contact", "cost": "5"})
    assert response.json()["allocation"] == [{"municipality": "GM0153", "weight": 1, "amount": "5.00"}]
    response = client.get(URL, {**QUERY, "key": "indicated"})
    assert response.status_code == 400
    assert "geen enkele leerling van school 12AB00 een actieve jeugdhulpindicatie" in response.json()["detail"]


def test_all_zero_weights_are_400_with_detail(school, adviser):
    response = adviser.get(URL, {**QUERY, "on": "2020-01-01"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Op 2020-01-01 staan geen leerlingen ingeschreven bij school 12AB00: met de "
                                         "sleutel pupils valt er niets te verdelen."}


@pytest.mark.parametrize(("field", "value"), [
    ("cost", "-1"), ("cost", "1.999"), ("cost", "veel"), ("key", "inhabitants"), ("on", "2026-02-30"), ("school", ""),
])
def test_invalid_input_is_400_naming_the_field(school, adviser, field, value):
    response = adviser.get(URL, {**QUERY, field: value})
    assert response.status_code == 400
    assert field in response.json()


def test_unknown_school_is_404(school, adviser):
    assert adviser.get(URL, {**QUERY, "school": "99ZZ99"}).status_code == 404


def test_schema_documents_the_allocation():
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/finance/allocation"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"school", "cost", "key", "on"}
