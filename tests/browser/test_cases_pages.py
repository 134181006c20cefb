"""The other pages of signals, cases and consent, checked with axe-core in headless Chromium (no serious or
critical violation): lists, search, escalation, urgent meeting, story, chronology, emergency access and its
review, collective proposals, the consent registry."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from tests.cases.helpers import bas_case
from tests.cases.twente import build_twente
from werkplaats.cases import services
from werkplaats.cases.models import CollectiveProposal
from werkplaats.consent.models import Purpose

from .support import CHROMIUM_ARGS, assert_accessible
from .test_cases_bas import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]




def test_pages_are_accessible(live_server):
    tw = build_twente()
    case = bas_case(tw)
    services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas,
                                      reason="Bas vertelde dat hij niet naar huis durft.")
    today = timezone.localdate()
    proposal = CollectiveProposal.objects.create(
        school=tw.school, level="class", group="groep 4", category="social_emotional", pupil_count=3,
        groups=["groep 4"], period_start=today - timedelta(weeks=8), period_end=today)
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        _context, ib = log_in(browser, base, tw.ib, "/casussen/signalen/")
        assert_accessible(ib)
        pages = [
            f"/casussen/signalen/{case.signal.uuid}/",
            f"/casussen/signalen/{case.signal.uuid}/opschalen/",
            f"/casussen/casus/{case.uuid}/opschalen/",
            f"/casussen/casus/{case.uuid}/verhaal/",
            f"/casussen/casus/{case.uuid}/betrokkenen/",
            f"/casussen/casus/{case.uuid}/plan/stap/5/",
            f"/casussen/leerling/{tw.bas.uuid}/chronologie/",
            f"/casussen/leerling/{tw.bas.uuid}/noodtoegang/",
            f"/casussen/leerling/{tw.bas.uuid}/overdracht/?casus={case.uuid}",
            "/casussen/mijn/",
            "/casussen/mijn/?rol=betrokken",
            "/casussen/overdrachten/",
            "/casussen/voorstellen/",
            f"/casussen/voorstellen/{proposal.uuid}/",
            f"/toestemming/leerling/{tw.bas.uuid}/",
            f"/toestemming/{tw.bas.consents.get(purpose=Purpose.CASE).uuid}/intrekken/",
        ]
        for path in pages:
            response = ib.goto(f"{base}{path}")
            assert response.status == 200, path
            assert_accessible(ib)
        ib.goto(f"{base}/casussen/casus/{case.uuid}/")
        ib.get_by_role("link", name="Kies een professional").click()
        expect(ib.locator("#professional-toevoegen").get_by_label("Professional")).to_be_focused()
        assert ib.url.endswith(f"/casussen/casus/{case.uuid}/")  # swapped in by htmx, no page load
        assert_accessible(ib)
        ib.goto(f"{base}/casussen/zoeken/")
        ib.get_by_label("Zoek in uw signalen en casussen").fill("ruzie")
        ib.get_by_role("button", name="Zoeken").click()
        expect(ib.locator("#resultaten").get_by_role("link", name=case.signal.reference)).to_be_visible()
        assert_accessible(ib)
        ib.goto(f"{base}/casussen/signalen/{case.signal.uuid}/spoedoverleg/")
        assert_accessible(ib)

        _context, officer = log_in(browser, base, tw.privacy_officer, "/casussen/noodtoegang/")
        expect(officer.get_by_text("Bas vertelde dat hij niet naar huis durft.")).to_be_visible()
        assert_accessible(officer)
        officer.goto(f"{base}/toestemming/")
        assert_accessible(officer)
        browser.close()
