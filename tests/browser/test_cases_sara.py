"""Sara's warm handover (seed 003) in headless Chromium: the childcare writes what the primary school needs, the
sending is refused until the parents' consent names the school, the IB'er of the primary school accepts it,
and a check-in is planned. axe-core checks every page (no serious or critical violation)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from tests.cases.twente import build_twente
from werkplaats.cases.models import Handover

from .support import CHROMIUM_ARGS, assert_accessible
from .test_cases_bas import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]




def test_sara(live_server):
    tw = build_twente()
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        _context, kdv = log_in(browser, base, tw.childcare_worker, f"/casussen/leerling/{tw.sara.uuid}/overdracht/")
        assert_accessible(kdv)
        kdv.get_by_label("kinderopvang → basisschool").check()
        kdv.locator("#id_to_school").select_option(label=str(tw.school))
        kdv.get_by_label("Wat moet de ontvanger weten?").fill(
            "Sara vindt nieuwe situaties lastig; veranderingen geven stress. Een vaste plek en een voorspelbare "
            "dag helpen haar. Individuele opdrachtjes gaan goed, samenwerken doet ze liever niet.")
        kdv.get_by_label("Check-in na hoeveel weken?").fill("6")
        kdv.get_by_role("button", name="Concept opslaan").click()
        expect(kdv.get_by_text("De overdracht staat klaar als concept.")).to_be_visible()
        assert_accessible(kdv)

        kdv.get_by_role("button", name="Versturen").click()
        expect(kdv.get_by_text("Er is geen geldige toestemming om deze gegevens te delen met De Esch")).to_be_visible()
        handover = Handover.objects.get()
        kdv.goto(f"{base}/toestemming/leerling/{tw.sara.uuid}/")
        assert_accessible(kdv)
        kdv.get_by_label("warme overdracht").check()
        kdv.get_by_label("Anja Twente").check()
        kdv.get_by_label("Erik Twente").check()
        kdv.locator("#id_schools").get_by_label("De Esch").check()
        kdv.get_by_role("button", name="Toestemming vastleggen").click()
        expect(kdv.get_by_text("De toestemming is vastgelegd.")).to_be_visible()
        kdv.goto(f"{base}/casussen/overdrachten/{handover.uuid}/")
        kdv.get_by_role("button", name="Versturen").click()
        expect(kdv.get_by_text("De overdracht is nu: verstuurd.")).to_be_visible()

        _context, ib = log_in(browser, base, tw.ib, "/casussen/")
        expect(ib.get_by_role("heading", name="Overdrachten om te aanvaarden")).to_be_visible()
        ib.get_by_role("link", name="kinderopvang → basisschool: Sara Twente").click()
        expect(ib.get_by_text("Sara vindt nieuwe situaties lastig")).to_be_visible()
        assert_accessible(ib)
        ib.get_by_role("button", name="Aanvaarden").click()
        expect(ib.get_by_text("De overdracht is nu: aanvaard.")).to_be_visible()
        check_in = timezone.localdate() + timedelta(weeks=6)
        expect(ib.get_by_text(f"{check_in.day} ", exact=False).first).to_be_visible()
        assert_accessible(ib)
        ib.screenshot(path="/tmp/werkplaats-sara-handover.png", full_page=True)
        ib.get_by_role("link", name="Warme overdrachten").first.click()
        assert_accessible(ib)
        browser.close()

    handover.refresh_from_db()
    assert handover.status == Handover.Status.ACCEPTED and handover.check_in_on == check_in
    assert handover.consent.schools.get() == tw.school
