"""The monitor pages (/monitor/): who sees what, with disclosure control for everyone without a relationship
with the school's pupils, exact figures for the school's own IB'er."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.arrangements.builders import enrol, indicate
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, municipality, user_with_role
from tests.monitor.conftest import ON
from tests.web.conftest import login
from werkplaats.accounts.models import Role
from werkplaats.organisations.models import Organisation

pytestmark = pytest.mark.django_db

OP = f"?op={ON.isoformat()}"
NUMBER_CELLS = re.compile(
    r'class="(?:[^"]*numeric-data|wp-card__figure)"[^>]*>\s*([^<]*?)\s*<|class="wp-chart__value"[^>]*>([^<]*)<'
)


def published(html: str) -> list[str]:
    """Every count the page shows: table cells with numbers, key figures and the figures next to the bars."""
    return [(cell or bar).strip() for cell, bar in NUMBER_CELLS.findall(html) if (cell or bar).strip()]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def small_school():
    """Three pupils (2 in Enschede, 1 in Hengelo), two of them with an indication: every count is small."""
    school = SchoolFactory(code="55XX00", name="De Kleine Wereld")
    pupils = enrol(school, 2, home="GM0153") + enrol(school, 1, home="GM0164")
    indicate(pupils[:2], provider="12345678", referrer="huisarts")
    return school


@pytest.fixture
def policy_adviser():
    return user_with_role(Role.POLICY_ADVISER, organisation=OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY))


def page(user, url: str) -> str:
    response = login(Client(), user).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_policy_adviser_sees_no_small_count_of_a_small_school(small_school, policy_adviser):
    for name in ("monitor:school", "monitor:factsheet"):
        html = page(policy_adviser, reverse(name, args=[small_school.uuid]) + OP)
        counts = published(html)
        assert counts, "the page shows no figures at all"
        assert not {"1", "2", "3", "4"} & set(counts), counts
        assert "&lt;5" in counts
        assert "Kleine aantallen zijn afgeschermd." in html
        assert "Het aandeel is afgeschermd." in html  # 66,7% of "<5" pupils would give the count away


def test_the_schools_ib_er_sees_the_exact_figures(small_school):
    coordinator = user_with_role(Role.CARE_COORDINATOR, school=small_school)
    html = page(coordinator, reverse("monitor:school", args=[small_school.uuid]) + OP)
    assert "Kleine aantallen zijn afgeschermd." not in html
    counts = published(html)
    assert counts[:2] == ["3", "2"]  # pupils, with an indication
    assert "66,7% van de leerlingen" in html
    assert "Zorgintensief</span>" in html  # 66,7% >= 40%: the badge says it in words
    assert "Enschede" in html and "GM0153" in html and "Hengelo" in html


def test_the_contract_school_profile_in_dutch(contract_school, policy_adviser):
    OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER, name="Jeugdhulp Twente", code="12345678")
    html = page(policy_adviser, reverse("monitor:school", args=[contract_school.uuid]) + OP)
    assert "Cijfers op 2 maart 2026" in html
    assert published(html)[:2] == ["212", "31"]
    assert "14,6% van de leerlingen" in html
    assert "Niet zorgintensief" in html
    assert "Jeugdhulp Twente" in html and "87654321" in html and "niet in het register" in html
    assert "Huisarts" in html and "Jeugdarts" in html and "Gemeente" in html
    assert "Niveau 1" in html and "Niveau 3" in html
    # Almelo (1 pupil) and Hengelo (3): suppressed in the table and in the chart, never drawn as a bar.
    assert html.count("&lt;5") >= 4
    assert re.search(r'wp-chart__value--suppressed"[^>]*>&lt;5', html)
    assert html.count('<svg class="wp-chart"') == 4 and 'role="img"' in html and "<desc id=" in html


def test_the_factsheet_names_the_viewer_and_the_date_in_its_footer(contract_school, policy_adviser):
    policy_adviser.first_name, policy_adviser.last_name = "Ineke", "Brinkhuis"
    policy_adviser.save()
    html = page(policy_adviser, reverse("monitor:factsheet", args=[contract_school.uuid]) + OP)
    footer = html[html.index('class="wp-factsheet__footer"'):]
    assert "Afgedrukt op" in footer and "door Ineke Brinkhuis" in footer
    assert "monitor/print.js" in html and "onclick" not in html


def test_an_invalid_date_is_named_and_today_is_shown(contract_school, policy_adviser):
    html = page(policy_adviser, reverse("monitor:school", args=[contract_school.uuid]) + "?op=2-3-2026")
    assert "Geef de peildatum op als jjjj-mm-dd" in html


def test_only_verified_users_with_a_role(contract_school):
    url = reverse("monitor:school", args=[contract_school.uuid])
    assert Client().get(url).status_code == 302
    assert login(Client(), UserFactory()).get(url).status_code == 403
    assert login(Client(), UserFactory()).get(reverse("monitor:dashboard")).status_code == 403


def test_the_dashboard_suppresses_small_schools_and_the_totals_that_would_give_them_away(
    contract_school, small_school, policy_adviser
):
    html = page(policy_adviser, reverse("monitor:dashboard") + OP)
    assert "De Kleine Wereld" in html and "De Esch" in html
    small_row = html[html.index("De Kleine Wereld"):]
    small_row = small_row[:small_row.index("</tr>")]
    assert not {"1", "2", "3", "4"} & set(published(small_row))
    # The three schools of the fixtures are in Enschede (212, 6 and 3 pupils): the municipality's total minus
    # the two published schools would give the small school's 3 pupils, so the total is suppressed; so is the
    # region's.
    totals = html[html.index('id="per-gemeente"'):]
    enschede = totals[totals.index("Enschede"):]
    enschede = enschede[:enschede.index("</tr>")]
    assert "221" not in enschede and "x" in published(enschede)
    assert "221" not in published(html)  # the figures: a school's uuid in a link may hold "221"


def test_the_dashboard_for_the_ib_er_shows_their_own_school_exactly(contract_school, small_school):
    coordinator = user_with_role(Role.CARE_COORDINATOR, school=small_school)
    html = page(coordinator, reverse("monitor:dashboard") + OP)
    small_row = html[html.index("De Kleine Wereld"):]
    assert published(small_row[:small_row.index("</tr>")])[:2] == ["3", "2"]
    # The IB'er knows the 3 pupils: the totals give nothing away that they do not know.
    assert "221" in html


def test_the_dashboard_filters_are_in_the_url(contract_school, small_school, policy_adviser):
    other = SchoolFactory(name="Het Hengelose Lyceum", municipality=municipality("GM0164"))
    enrol(other, 30)
    hengelo = municipality("GM0164")
    html = page(policy_adviser, reverse("monitor:dashboard") + f"{OP}&gemeente={hengelo.uuid}&volgorde=zorgintensief")
    assert "Het Hengelose Lyceum" in html and "De Kleine Wereld" not in html
    assert f'<option value="{hengelo.uuid}" selected>' in html
    assert "1 school met leerlingen op deze datum." in html
    # In-page filtering (htmx) gets the list and the totals, not the whole page.
    partial = login(Client(), policy_adviser).get(reverse("monitor:dashboard") + OP, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="resultaten"') and "Totalen per samenwerkingsverband" in html


@pytest.mark.parametrize("role", [role for role, _label in Role.choices])
def test_every_role_opens_the_monitor_pages(role, small_school):
    membership = {"school": small_school} if role in (Role.TEACHER, Role.CARE_COORDINATOR) else {
        "organisation": OrganisationFactory()}
    client = login(Client(), user_with_role(role, **membership))
    for url in (reverse("monitor:dashboard"), reverse("monitor:school", args=[small_school.uuid]),
                reverse("monitor:factsheet", args=[small_school.uuid])):
        assert client.get(url + OP).status_code == 200, (role, url)


def test_a_wrong_filter_value_keeps_the_other_filters(contract_school, policy_adviser):
    html = page(policy_adviser, reverse("monitor:dashboard") + f"{OP}&gemeente=geen-uuid")
    assert "Scholen op 2 maart 2026" in html
