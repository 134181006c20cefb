"""GET /api/v1/monitor/schools/CODE/profile: authentication, 404, and who gets suppressed figures."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, user_with_role
from werkplaats.accounts.models import Role
from werkplaats.organisations.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/api/v1/monitor/schools/12AB00/profile?on=2026-03-02"
SUPPRESSED = {"GM0141": "<5", "GM0153": 180, "GM0158": 28, "GM0164": "<5"}
EXACT = {"GM0141": 1, "GM0153": 180, "GM0158": 28, "GM0164": 3}


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_login_is_required(contract_school):
    assert APIClient().get(URL).status_code == 401


def test_policy_adviser_gets_the_contract_example_with_disclosure_control(contract_school):
    municipality = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY)
    response = token_client(user_with_role(Role.POLICY_ADVISER, organisation=municipality)).get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "school": "12AB00", "on": "2026-03-02", "pupils": 212, "by_home_municipality": SUPPRESSED,
        "with_indication": 31, "share_with_indication": 0.1462, "care_intensive": False,
        "by_provider": {"12345678": 20, "87654321": 11},
        "by_referrer": {"gemeente": 14, "huisarts": 11, "jeugdarts": 6},
        "tiers": {"1": 212, "2": 0, "3": 0},
    }
    assert b'"share_with_indication":0.1462' in response.content


@pytest.mark.parametrize("role", [Role.POLICY_ADVISER, Role.ANALYST])
def test_aggregate_roles_get_suppressed_figures_even_with_a_school_membership(contract_school, role):
    response = token_client(user_with_role(role, school=contract_school)).get(URL)
    assert response.json()["by_home_municipality"] == SUPPRESSED


def test_care_coordinator_of_the_school_gets_exact_figures(contract_school):
    response = token_client(user_with_role(Role.CARE_COORDINATOR, school=contract_school)).get(URL)
    assert response.status_code == 200
    assert response.json()["by_home_municipality"] == EXACT


def test_care_coordinator_of_another_school_gets_suppressed_figures_over_a_session(contract_school):
    client = APIClient()
    client.force_login(user_with_role(Role.CARE_COORDINATOR, school=SchoolFactory()))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["by_home_municipality"] == SUPPRESSED


def test_unknown_school_is_404_and_a_bad_date_400(contract_school):
    client = token_client(UserFactory())
    assert client.get("/api/v1/monitor/schools/99ZZ99/profile?on=2026-03-02").status_code == 404
    response = client.get("/api/v1/monitor/schools/12AB00/profile?on=2026-02-30")
    assert response.status_code == 400 and "on" in response.json()
    assert client.get("/api/v1/monitor/schools/12AB00/profile").status_code == 400


def test_schema_documents_the_profile():
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/monitor/schools/{code}/profile"]["get"]
    assert operation["operationId"] == "monitor_school_profile"
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["on"]
