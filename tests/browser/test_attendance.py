"""In headless Chromium: an IB'er imports absence in the interface (a bad file first: the error report),
sees the tier-3 pupil and marks the statutory report as submitted. Every page is checked with axe-core."""

from urllib.parse import urlparse

import pytest
from django_otp.oath import totp
from playwright.sync_api import sync_playwright

from tests.attendance.test_views import recent_full_days
from tests.browser.support import CHROMIUM_ARGS, assert_accessible
from tests.factories import EnrolmentFactory, PupilFactory, SchoolFactory, user_with_role
from werkplaats.accounts.models import Role
from werkplaats.attendance.models import AbsenceRegistration, AbsenceReport


def _csv(rows: list[tuple]) -> bytes:
    lines = ["school,pupil,date,minutes,reason,note", *(",".join(str(value) for value in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_see_tier_3_and_mark_the_report(live_server):
    school = SchoolFactory(name="De Akker")
    truant = EnrolmentFactory(
        school=school, group="groep 6", pupil=PupilFactory(given_name="Bas", family_name="Twente")
    )
    EnrolmentFactory(school=school, group="groep 7", pupil=PupilFactory(given_name="Lotte", family_name="Hengevelde"))
    coordinator = user_with_role(Role.CARE_COORDINATOR, school=school)
    device = coordinator.totpdevice_set.create(name="telefoon", confirmed=True)
    days = recent_full_days(school, 4)
    good = [(school.code, truant.pupil_number, day.isoformat(), 300, "ongeoorloofd", "") for day in days]
    bad = [*good, (school.code, truant.pupil_number, days[0].isoformat(), 900, "vakantie", "")]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"{live_server.url}/")
        page.fill("#id_username", coordinator.username)
        page.fill("#id_password", "correct-horse-battery")
        page.get_by_role("button", name="Volgende stap").click()
        page.fill("#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}")
        page.get_by_role("button", name="Inloggen").click()
        assert urlparse(page.url).path == "/"

        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanwezigheid").click()
        assert urlparse(page.url).path == "/aanwezigheid/"
        assert_accessible(page)
        page.get_by_role("link", name="De Akker").click()
        assert_accessible(page)
        page.get_by_role("link", name="Verzuim importeren").click()
        assert urlparse(page.url).path == f"/aanwezigheid/{school.uuid}/importeren/"
        assert_accessible(page)

        page.set_input_files("#id_file", {"name": "fout.csv", "mimeType": "text/csv", "buffer": _csv(bad)})
        page.get_by_role("button", name="Importeren").click()
        assert page.get_by_text("Het bestand is afgewezen").is_visible()
        errors = page.get_by_role("table", name="Fouten in het bestand")
        assert errors.get_by_role("cell", name="minutes", exact=True).is_visible()
        assert errors.get_by_role("cell", name="reason", exact=True).is_visible()
        assert_accessible(page)
        assert page.locator("dt:has-text('Nieuw') + dd").inner_text() == "0"

        page.set_input_files("#id_file", {"name": "goed.csv", "mimeType": "text/csv", "buffer": _csv(good)})
        page.get_by_role("button", name="Importeren").click()
        assert page.get_by_text("Het bestand is ingelezen.").is_visible()
        # the bad file wrote nothing: all four rows of the good file are new
        assert page.locator("dt:has-text('Nieuw') + dd").inner_text() == "4"

        page.get_by_role("link", name="Leerlingen en niveaus").click()
        row = page.get_by_role("table", name="Verzuim per leerling").get_by_role("row").filter(has_text="Twente, Bas")
        assert row.get_by_text("Niveau 3").is_visible()
        assert page.locator("svg[role=img]").first.is_visible()
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-attendance-school.png", full_page=True)

        page.get_by_role("link", name="Twente, Bas").first.click()
        assert page.title() == "Aanwezigheid B. T. · Werkplaats"
        assert_accessible(page)
        page.screenshot(path="/tmp/werkplaats-attendance-pupil.png", full_page=True)
        page.go_back()

        page.get_by_role("link", name="Verzuimmeldingen").click()
        assert_accessible(page)
        page.get_by_role("link", name="Gemeld bij DUO").first.click()
        assert page.get_by_role("heading", level=1).inner_text() == "Is deze melding gedaan bij DUO?"
        assert_accessible(page)
        page.get_by_role("button", name="Ja, gemeld bij DUO").click()
        assert urlparse(page.url).path == f"/aanwezigheid/{school.uuid}/meldingen/"
        assert page.get_by_text("De melding staat nu op gemeld bij DUO.").is_visible()
        assert_accessible(page)
        browser.close()

    assert AbsenceRegistration.objects.count() == 4
    report = AbsenceReport.objects.get(enrolment=truant, reason="16_uur")
    assert report.status == AbsenceReport.Status.CLOSED and report.closed_by == coordinator
