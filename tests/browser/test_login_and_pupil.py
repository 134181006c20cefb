"""In headless Chromium: log in with password and TOTP code, open the pupils list and a pupil, and check
every page visited with axe-core (no serious or critical violation)."""

from urllib.parse import urlparse

import pytest
from django_otp.oath import totp
from playwright.sync_api import sync_playwright

from tests.browser.support import CHROMIUM_ARGS, assert_accessible
from tests.factories import (
    EnrolmentFactory,
    GuardianFactory,
    OrganisationFactory,
    PupilFactory,
    SchoolFactory,
    user_with_role,
)
from werkplaats.accounts.models import Role
from werkplaats.audit.models import AccessLogEntry
from werkplaats.audit.services import access_log_write


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_login_with_two_factors_and_open_a_pupil(live_server):
    school = SchoolFactory(name="De Akker")
    pupil = PupilFactory(given_name="Bas", family_name="Twente")
    EnrolmentFactory(pupil=pupil, school=school, group="groep 4")
    EnrolmentFactory(pupil=PupilFactory(given_name="Lotte", family_name="Hengevelde"), school=school, group="groep 5")
    GuardianFactory(given_name="Anja", family_name="Twente").pupils.add(pupil)
    coordinator = user_with_role(
        Role.CARE_COORDINATOR, school=school, user__first_name="Marloes", user__last_name="ten Have"
    )
    device = coordinator.totpdevice_set.create(name="telefoon", confirmed=True)
    key, step, t0, digits = device.bin_key, device.step, device.t0, device.digits
    visited = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()

        page.goto(f"{live_server.url}/")
        assert urlparse(page.url).path == "/inloggen/"
        assert_accessible(page)
        page.fill("#id_username", coordinator.username)
        page.fill("#id_password", "correct-horse-battery")
        page.get_by_role("button", name="Volgende stap").click()

        assert urlparse(page.url).path == "/inloggen/code/"
        assert_accessible(page)
        page.fill("#id_token", f"{totp(key, step, t0, digits):0{digits}d}")
        page.get_by_role("button", name="Inloggen").click()

        assert urlparse(page.url).path == "/"
        assert page.get_by_role("heading", level=1).inner_text() == "Mijn overzicht"
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-start.png", full_page=True)
        visited.append((page.url, page.title()))

        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen").click()
        assert urlparse(page.url).path == "/leerlingen/"
        assert_accessible(page)
        visited.append((page.url, page.title()))

        page.fill("#id_q", "Twente")
        page.get_by_role("button", name="Zoeken").click()
        assert page.get_by_role("link", name="Twente, Bas").is_visible()
        assert not page.get_by_role("link", name="Hengevelde, Lotte").is_visible()
        assert_accessible(page)
        visited.append((page.url, page.title()))

        page.get_by_role("link", name="Twente, Bas").click()
        assert urlparse(page.url).path == f"/leerlingen/{pupil.uuid}/"
        assert page.get_by_role("heading", level=1).inner_text() == "Bas Twente"
        assert page.title() == "Leerling B. T. · Werkplaats"
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-pupil.png", full_page=True)
        visited.append((page.url, page.title()))

        page.get_by_role("link", name="Register").click()
        page.get_by_role("link", name="Scholen").first.click()
        assert_accessible(page)
        page.get_by_role("link", name="De Akker").click()
        assert_accessible(page)
        visited.append((page.url, page.title()))
        browser.close()

    for url, title in visited:
        assert "Twente" not in url and "Bas" not in url
        assert "Twente" not in title
    assert AccessLogEntry.objects.filter(
        pupil_uuid=pupil.uuid, event_type="pupil.view", user_id=coordinator.pk
    ).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_privacy_officer_reviews_the_access_log(live_server):
    provider = OrganisationFactory(name="Jeugdhulp Oost")
    school = SchoolFactory(name="De Akker")
    school.partners.add(provider)
    pupil = PupilFactory(given_name="Bas", family_name="Twente")
    EnrolmentFactory(pupil=pupil, school=school, group="groep 4")
    colleague = user_with_role(Role.CARE_COORDINATOR, school=school)
    for outcome, emergency in (("allowed", False), ("refused", False), ("allowed", True)):
        access_log_write(
            user=colleague,
            event_type="pupil.view",
            action="R",
            object_type="pupil",
            object_ids=[(str(pupil.uuid), pupil.uuid)],
            outcome=outcome,
            emergency=emergency,
            purpose="IPT-overleg",
            authorisation="relatie met de school",
        )
    officer = user_with_role(Role.PRIVACY_OFFICER, organisation=provider)
    device = officer.totpdevice_set.create(name="telefoon", confirmed=True)
    key, step, t0, digits = device.bin_key, device.step, device.t0, device.digits

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(locale="nl-NL").new_page()
        page.goto(f"{live_server.url}/inloggen/")
        page.fill("#id_username", officer.username)
        page.fill("#id_password", "correct-horse-battery")
        page.get_by_role("button", name="Volgende stap").click()
        page.fill("#id_token", f"{totp(key, step, t0, digits):0{digits}d}")
        page.get_by_role("button", name="Inloggen").click()
        assert_accessible(page)

        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Privacy").click()
        page.fill("#id_q", "Twente")
        page.get_by_role("button", name="Zoeken").click()
        assert_accessible(page)
        page.get_by_role("link", name="Wie heeft dit ingezien?").click()
        assert urlparse(page.url).path == f"/privacy/leerlingen/{pupil.uuid}/logboek/"
        assert page.get_by_text("geweigerd").first.is_visible()
        assert_accessible(page)

        with page.expect_download() as download:
            page.get_by_role("button", name="Inzageverzoek: gegevens en logboek downloaden (JSON)").click()
        assert download.value.suggested_filename == f"inzage-leerling-{pupil.uuid}.json"

        page.get_by_role("link", name="Privacy").first.click()
        page.get_by_role("link", name="Recente inzage bekijken, noodtoegang eerst").click()
        assert page.get_by_role("heading", name="Noodtoegang").is_visible()
        assert_accessible(page)

        page.get_by_role("button", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)
        browser.close()

    assert AccessLogEntry.objects.filter(pupil_uuid=pupil.uuid, event_type="pupil.export", action="E").exists()
