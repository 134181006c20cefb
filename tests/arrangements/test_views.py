"""The pages of collective arrangements (/arrangementen/): the list, a new arrangement with its server-side
validation, and the allocation of its cost on the detail page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.arrangements.builders import enrol
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, user_with_role
from tests.web.conftest import login
from werkplaats.accounts.models import Role
from werkplaats.arrangements.models import CollectiveArrangement, FundingSource
from werkplaats.arrangements.permissions import may_create_collective_arrangement
from werkplaats.arrangements.services import FundingSourceInput, collective_arrangement_create
from werkplaats.organisations.models import Organisation, Partnership

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 2)
AMOUNTS = re.compile(r'wp-amount">€&nbsp;([\d.]+,\d\d)<')


@pytest.fixture
def school():
    """The school of the contract's example: 180 pupils from Enschede, 28 from Haaksbergen, 4 from Hengelo."""
    school = SchoolFactory(code="12AB00", name="De Esch")
    enrol(school, 180, home="GM0153")
    enrol(school, 28, home="GM0158")
    enrol(school, 4, home="GM0164")
    return school


def arrangement(school, *, cost_cents=1_000_000, **kwargs):
    values = {"name": "Schoolmaatschappelijk werk in de klas", "legal_route": CollectiveArrangement.LegalRoute.SUBSIDY,
              "period_start": ON, "period_end": datetime.date(2026, 7, 31), "budget_cents": cost_cents}
    return collective_arrangement_create(school=school, **{**values, **kwargs})


def euros(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def test_the_detail_page_shows_the_allocation_that_adds_up_to_the_cost(school):
    saved = arrangement(school, funding_sources=[FundingSourceInput(kind=FundingSource.Kind.PARTNERSHIP,
                                                                    amount_cents=600_000)])
    viewer = user_with_role(Role.TEACHER, school=SchoolFactory())
    html = login(Client(), viewer).get(reverse("arrangements:detail", args=[saved.uuid])).content.decode()
    allocation = html[html.index('id="verdeling"'):html.index('id="financiering"')]
    for name, code in (("Enschede", "GM0153"), ("Haaksbergen", "GM0158"), ("Hengelo", "GM0164")):
        assert name in allocation and code in allocation
    amounts = [euros(amount) for amount in AMOUNTS.findall(allocation)]
    assert amounts[:3] == [Decimal("8490.57"), Decimal("1320.75"), Decimal("188.68")]  # the contract's example
    assert sum(amounts[:3]) == amounts[3] == Decimal("10000.00")  # the total row: the budget
    assert "€&nbsp;8.490,57" in allocation and "84,9%" in allocation and "13,2%" in allocation
    assert "De werkelijke kosten zijn nog niet bekend" in allocation
    assert "€&nbsp;6.000,00" in html  # the funding source


def test_the_actual_cost_is_allocated_once_it_is_known(school):
    saved = arrangement(school, actual_cost_cents=1_234_567)
    html = login(Client(), user_with_role(Role.POLICY_ADVISER, organisation=OrganisationFactory())).get(
        reverse("arrangements:detail", args=[saved.uuid])).content.decode()
    amounts = [euros(amount) for amount in AMOUNTS.findall(html[html.index('id="verdeling"'):])]
    assert sum(amounts[:3]) == amounts[3] == Decimal("12345.67")


def test_a_key_with_nothing_to_divide_gives_a_clear_message(school):
    saved = arrangement(school, allocation_key="indicated")  # nobody has an indication
    html = login(Client(), user_with_role(Role.ANALYST, organisation=OrganisationFactory())).get(
        reverse("arrangements:detail", args=[saved.uuid])).content.decode()
    assert "Er valt niets te verdelen" in html
    assert "geen enkele leerling van school 12AB00 een actieve jeugdhulpindicatie" in html
    assert "Kosten per gemeente" not in html


def test_the_list_per_school(school):
    arrangement(school)
    other = SchoolFactory(name="Het Erve")
    arrangement(other, name="Groepsaanbod weerbaarheid")
    client = login(Client(), user_with_role(Role.TEACHER, school=school))
    html = client.get(reverse("arrangements:list")).content.decode()
    assert "Schoolmaatschappelijk werk in de klas" in html and "Groepsaanbod weerbaarheid" in html
    assert "€&nbsp;10.000,00" in html and "nog niet bekend" in html and "02-03-2026" in html
    assert "Nieuw collectief arrangement" not in html  # a teacher may not create one
    html = client.get(reverse("arrangements:list") + f"?school={other.uuid}").content.decode()
    assert "Groepsaanbod weerbaarheid" in html and "Schoolmaatschappelijk werk" not in html


def test_who_may_create_an_arrangement(school):
    other = SchoolFactory()
    coordinator = user_with_role(Role.CARE_COORDINATOR, school=school)
    assert may_create_collective_arrangement(coordinator, school)
    assert not may_create_collective_arrangement(coordinator, other)  # not where they do not work
    assert may_create_collective_arrangement(user_with_role(Role.POLICY_ADVISER, organisation=OrganisationFactory()),
                                             other)
    swv = Partnership.objects.get(code="PO2301")
    school.partnership = swv
    school.save()
    swv_staff = user_with_role(Role.PROCESS_FACILITATOR, organisation=OrganisationFactory(
        kind=Organisation.Kind.PARTNERSHIP, partnership=swv))
    assert may_create_collective_arrangement(swv_staff, school) and not may_create_collective_arrangement(swv_staff,
                                                                                                          other)
    for denied in (user_with_role(Role.TEACHER, school=school), user_with_role(Role.YOUTH_HEALTH, school=school),
                   user_with_role(Role.ANALYST, organisation=OrganisationFactory()), UserFactory()):
        assert not may_create_collective_arrangement(denied, school)
        assert not may_create_collective_arrangement(denied)
    teacher = user_with_role(Role.TEACHER, school=school)
    assert login(Client(), teacher).get(reverse("arrangements:create")).status_code == 403


def valid_post(school, provider, **changes):
    data = {
        "school": school.pk, "name": "Jeugdhulp in de klas", "description": "Een jeugdhulpverlener in elke groep.",
        "providers": [provider.pk], "legal_route": "tender", "period_start": "2026-08-01",
        "period_end": "2027-07-31", "budget": "12.500,00", "actual_cost": "", "allocation_key": "pupils",
        "reference_date": "2026-03-02",
        "financiering-TOTAL_FORMS": "3", "financiering-INITIAL_FORMS": "0",
        "financiering-MIN_NUM_FORMS": "0", "financiering-MAX_NUM_FORMS": "10",
        "financiering-0-kind": "school_board", "financiering-0-amount": "5000",
        "financiering-1-kind": "", "financiering-2-kind": "",
    }
    return {**data, **changes}


def test_an_ib_er_creates_an_arrangement_and_sees_its_allocation(school):
    provider = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER, name="Jeugdhulp Oost")
    client = login(Client(), user_with_role(Role.CARE_COORDINATOR, school=school))
    form = client.get(reverse("arrangements:create")).content.decode()
    assert "Jeugdhulp Oost" in form and 'type="radio"' in form
    response = client.post(reverse("arrangements:create"), valid_post(school, provider), follow=True)
    saved = CollectiveArrangement.objects.get(name="Jeugdhulp in de klas")
    assert response.redirect_chain[-1][0] == reverse("arrangements:detail", args=[saved.uuid])
    assert (saved.budget_cents, saved.legal_route, saved.reference_date) == (1_250_000, "tender", ON)
    assert list(saved.providers.all()) == [provider]
    assert [(f.kind, f.amount_cents) for f in saved.funding_sources.all()] == [("school_board", 500_000)]
    html = response.content.decode()
    assert "Het collectieve arrangement is opgeslagen." in html
    amounts = [euros(amount) for amount in AMOUNTS.findall(html[html.index('id="verdeling"'):])]
    assert sum(amounts[:3]) == amounts[3] == Decimal("12500.00")


def test_the_form_names_every_error_at_the_field_and_at_the_top_and_keeps_the_input(school):
    provider = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER)
    client = login(Client(), user_with_role(Role.CARE_COORDINATOR, school=school))
    response = client.post(reverse("arrangements:create"), valid_post(
        school, provider, name="", period_end="2026-07-01", budget="twaalfduizend", legal_route="",
        **{"financiering-1-amount": "250"},
    ))
    assert response.status_code == 200
    assert not CollectiveArrangement.objects.exists()
    html = response.content.decode()
    summary = html[html.index('class="utrecht-alert utrecht-alert--error"'):]
    summary = summary[:summary.index("</div>")]
    for message in ("Geef het arrangement een naam.", "De periode eindigt voor ze begint.",
                    "Geef een bedrag in euro op, bijvoorbeeld 12.500,00 of 12500.", "Kies subsidie of aanbesteding."):
        assert message in summary  # at the top ...
        assert html.count(message) == 2  # ... and next to the field
    assert 'href="#id_legal_route_0"' in summary
    assert "Kies wat voor financier dit is, of maak de hele regel leeg." in html
    assert 'value="twaalfduizend"' in html and "Een jeugdhulpverlener in elke groep." in html  # input kept
    assert 'aria-describedby="id_name_error"' in html


def test_an_ib_er_cannot_create_for_a_school_where_they_do_not_work(school):
    other = SchoolFactory()
    provider = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER)
    client = login(Client(), user_with_role(Role.CARE_COORDINATOR, school=school))
    response = client.post(reverse("arrangements:create"), valid_post(other, provider))
    assert "Kies een school uit de lijst." in response.content.decode()
    assert not CollectiveArrangement.objects.exists()
