"""In headless Chromium: a policy adviser opens the regional dashboard, a school profile with its charts, the
factsheet, and a collective arrangement's allocation; axe-core finds no serious or critical violation."""

import datetime
from urllib.parse import urlparse

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect, sync_playwright

from tests.arrangements.builders import enrol, indicate
from tests.browser.support import CHROMIUM_ARGS, assert_accessible
from tests.factories import OrganisationFactory, SchoolFactory, municipality, user_with_role
from werkplaats.accounts.models import Role
from werkplaats.arrangements.models import CollectiveArrangement
from werkplaats.arrangements.services import collective_arrangement_create
from werkplaats.organisations.models import Organisation, Partnership

ON = datetime.date(2026, 3, 2)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dashboard_profile_and_allocation(live_server):
    swv = Partnership.objects.get(code="VO2301")
    esch = SchoolFactory(code="12AB00", name="De Esch", type="VO", partnership=swv)
    enschede = enrol(esch, 180, home="GM0153")
    enrol(esch, 28, home="GM0158")
    enrol(esch, 3, home="GM0164")
    indicate(enschede[:20], provider="12345678", referrer="huisarts")
    indicate(enschede[20:31], provider="87654321", referrer="jeugdarts")
    OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER, name="Jeugdhulp Twente", code="12345678")
    care = SchoolFactory(code="34CD00", name="Het Mozaïek (SO)", type="SO", municipality=municipality("GM0164"))
    hengelo = enrol(care, 40, home="GM0164")
    indicate(hengelo[:25], provider="12345678", referrer="gemeente", municipality_code="GM0164")
    enrol(SchoolFactory(code="56EF00", name="De Klimop", municipality=municipality("GM0164")), 3, home="GM0164")
    arrangement = collective_arrangement_create(
        school=esch, name="Schoolmaatschappelijk werk in de klas", legal_route=CollectiveArrangement.LegalRoute.SUBSIDY,
        period_start=ON, period_end=datetime.date(2026, 7, 31), budget_cents=1_000_000,
    )
    adviser = user_with_role(Role.POLICY_ADVISER, organisation=OrganisationFactory(
        kind=Organisation.Kind.MUNICIPALITY, name="Gemeente Enschede"), user__first_name="Ineke",
        user__last_name="Brinkhuis")
    device = adviser.totpdevice_set.create(name="telefoon", confirmed=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"{live_server.url}/monitor/?op={ON.isoformat()}")
        page.fill("#id_username", adviser.username)
        page.fill("#id_password", "correct-horse-battery")
        page.get_by_role("button", name="Volgende stap").click()
        page.fill("#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
        page.get_by_role("button", name="Inloggen").click()

        assert urlparse(page.url).path == "/monitor/"
        assert page.get_by_role("heading", level=1).inner_text() == "Monitor: scholen in de regio"
        assert page.get_by_text("Kleine aantallen zijn afgeschermd.").is_visible()
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-monitor-dashboard.png", full_page=True)

        page.select_option("#id_volgorde", "zorgintensief")
        page.get_by_role("button", name="Tonen").click()
        page.wait_for_url("**volgorde=zorgintensief**")
        expect(page.locator("#resultaten tbody tr").first).to_contain_text("Het Mozaïek (SO)")  # 25 of 40: first
        assert_accessible(page)

        page.get_by_role("link", name="De Esch").click()
        assert urlparse(page.url).path == f"/monitor/scholen/{esch.uuid}/"
        assert page.get_by_role("heading", level=1).inner_text() == "De Esch"
        assert page.get_by_role("img", name="Leerlingen per woongemeente").is_visible()
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-monitor-profile.png", full_page=True)

        page.get_by_role("link", name="Factsheet om af te drukken").click()
        assert page.get_by_text("door Ineke Brinkhuis").is_visible()
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-monitor-factsheet.png", full_page=True)
        page.emulate_media(media="print")
        page.pdf(path="/tmp/werkplaats-monitor-factsheet.pdf", format="A4")
        page.emulate_media(media="screen")

        page.goto(f"{live_server.url}/arrangementen/")
        assert_accessible(page)
        page.get_by_role("link", name="Schoolmaatschappelijk werk in de klas").click()
        assert urlparse(page.url).path == f"/arrangementen/{arrangement.uuid}/"
        allocation = page.locator("table", has_text="Gewicht")
        assert "€\xa08.530,81" in allocation.inner_text() and "€\xa010.000,00" in allocation.inner_text()
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-arrangement.png", full_page=True)

        page.goto(f"{live_server.url}/arrangementen/nieuw/")
        page.get_by_role("button", name="Opslaan").click()
        assert page.get_by_text("Geef het arrangement een naam.").first.is_visible()
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-arrangement-form.png", full_page=True)
        browser.close()
