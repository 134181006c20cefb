"""Bas's story (seed 003) in headless Chromium: the teacher raises a signal, the IPT consults on it with the
four questions, a case is opened with the youth nurse as regiehouder (refused first: no consent yet), the plan
is written, an action is done, the case is evaluated and closed. axe-core checks every page (no serious or
critical violation)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser.support import CHROMIUM_ARGS, assert_accessible
from tests.cases.twente import build_twente
from werkplaats.accounts.models import User
from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases.models import Case, Signal
from werkplaats.teams.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]






def log_in(browser: Browser, base: str, user: User, path: str) -> tuple[BrowserContext, Page]:
    device = user.totpdevice_set.create(name="telefoon", confirmed=True)
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base}{path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Volgende stap").click()
    page.fill("#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{base}{path}")
    return context, page


def test_bas(live_server):
    tw = build_twente()
    base = live_server.url
    today = timezone.localdate()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        # 1. The teacher (not in the IPT) raises a signal about Bas: it goes to the IB'er.
        _context, teacher = log_in(browser, base, tw.teacher, "/casussen/signalen/nieuw/")
        assert_accessible(teacher)
        teacher.get_by_label("kind").check()
        teacher.locator("#id_pupil").select_option(label="Bas Twente (groep 4)")
        teacher.get_by_label("Soort zorg").select_option(label="gedrag")
        teacher.get_by_label("Wat ziet u op school?").fill(
            "Bas maakt de laatste tijd veel ruzie met andere kinderen op het schoolplein. Af en toe slaat en schopt "
            "hij klasgenoten. Hij wordt hiervoor bestraft.")
        teacher.get_by_label("Wat is er buiten school bekend?").fill(
            "Ouders herkennen het thuis niet; de ziekenhuisbezoeken van moeder vragen veel aandacht.")
        teacher.get_by_role("button", name="Signaal inbrengen").click()
        expect(teacher.get_by_text("Het signaal is ingebracht bij Ilse Bakker")).to_be_visible()
        assert_accessible(teacher)
        signal = Signal.objects.get(pupil=tw.bas)
        assert signal.addressed_to == tw.ib

        # 2. The IB'er consults with the four questions of appendix D.
        _context, ib = log_in(browser, base, tw.ib, "/casussen/")
        expect(ib.get_by_text("1 signaal wacht op bespreking door het kernteam.")).to_be_visible()
        assert_accessible(ib)
        ib.get_by_role("link", name="Naar de signalen").click()
        expect(ib.get_by_role("link", name=signal.reference)).to_be_visible()
        ib.get_by_role("link", name=signal.reference).first.click()
        ib.get_by_role("button", name="Consultatie starten").click()
        expect(ib.get_by_role("heading", name="Consultatie: de vier vragen")).to_be_visible()
        ib.get_by_label("2. wat is al in gang gezet (met welk resultaat)").fill(
            "De leerkracht heeft het met ouders besproken; straffen helpt niet.")
        ib.get_by_label("Nora Jansen").check()
        ib.get_by_role("button", name="Opslaan").click()
        expect(ib.get_by_text("De consultatie is opgeslagen.")).to_be_visible()
        ib.get_by_label("Uw bijdrage").fill(
            "Jeugdverpleegkundige: het gedrag kan samenhangen met de zorgen thuis rond moeder.")
        ib.get_by_role("button", name="Bijdrage toevoegen").click()
        expect(ib.locator("#wijsheid-lijst").get_by_text("zorgen thuis rond moeder")).to_be_visible()
        assert_accessible(ib)
        ib.screenshot(path="/tmp/werkplaats-consultation.png", full_page=True)
        ib.get_by_label("een casus openen").check()
        ib.get_by_role("button", name="Consultatie afronden").click()

        # 3. A case with the youth nurse as regiehouder: refused until the parents' consent is recorded.
        expect(ib.get_by_role("heading", name="Casus openen")).to_be_visible()
        assert_accessible(ib)
        ib.get_by_label("Regiehouder", exact=True).select_option(label="Nora Jansen")
        ib.get_by_role("button", name="Casus openen").click()
        expect(ib.get_by_text("Er is geen geldige toestemming om deze gegevens te delen met GGD Twente").first
               ).to_be_visible()
        ib.get_by_role("link", name="Toestemming bekijken of vastleggen").click()
        assert_accessible(ib)
        ib.get_by_label("samenwerken in een casus").check()
        ib.get_by_label("Anja Twente").check()
        ib.get_by_label("GGD Twente (JGZ / GGD)").first.check()
        ib.get_by_role("button", name="Toestemming vastleggen").click()
        expect(ib.get_by_text("De toestemming is vastgelegd.")).to_be_visible()
        expect(ib.get_by_text("geldig tot en met").first).to_be_visible()
        ib.goto(f"{base}/casussen/signalen/{signal.uuid}/casus/")
        ib.get_by_label("Regiehouder", exact=True).select_option(label="Nora Jansen")
        ib.get_by_role("button", name="Casus openen").click()
        expect(ib.get_by_text("De casus is geopend.")).to_be_visible()
        case = Case.objects.get()
        assert case.coordinator == tw.nurse

        # 4. The nurse writes the plan, step by step, and fixes a version.
        _context, nurse = log_in(browser, base, tw.nurse, "/casussen/")
        nurse.screenshot(path="/tmp/werkplaats-dashboard.png", full_page=True)
        nurse.get_by_role("link", name=case.reference).click()
        assert_accessible(nurse)
        nurse.get_by_role("link", name="Naar het plan").click()
        assert_accessible(nurse)
        nurse.get_by_role("link", name="Stap 3. Gewenste situatie vaststellen invullen").click()
        nurse.get_by_label("Wat is de gewenste situatie voor het gezin en is hier consensus over onder de "
                           "betrokkenen?").fill("Bas speelt weer samen op het schoolplein; ouders, leerkracht en "
                                                "Bas zijn het eens.")
        nurse.get_by_label("Dit zijn voorlopige afspraken").uncheck()
        assert_accessible(nurse)
        nurse.get_by_role("button", name="Opslaan en naar de volgende stap").click()
        nurse.get_by_label("Wat gaan we doen?").fill("In plaats van bestraffen ondersteunt de leerkracht Bas meteen "
                                                     "bij lastig gedrag; de praktijkondersteuner speelt met hem.")
        nurse.get_by_role("button", name="Opslaan", exact=True).click()
        expect(nurse.get_by_text("Stap 4. Praktisch inhoudelijke afspraken is opgeslagen.")).to_be_visible()
        nurse.get_by_label("Wat is er veranderd?").fill("Eerste plan, samen met ouders")
        nurse.get_by_role("button", name="Versie vaststellen").click()
        expect(nurse.get_by_text("Versie 1 van het plan is vastgesteld.")).to_be_visible()
        nurse.get_by_role("link", name="Kopie voor de ouders afdrukken").click()
        expect(nurse.get_by_role("heading", name="Ons plan samen")).to_be_visible()
        assert_accessible(nurse)
        nurse.emulate_media(media="print")
        nurse.screenshot(path="/tmp/werkplaats-plan-print.png", full_page=True)
        nurse.emulate_media(media="screen")
        nurse.get_by_role("link", name="Terug naar de casus").click()

        # 5. An action, done; an evaluation against the desired situation; the case closed.
        nurse.get_by_label("Wat gaat er gebeuren?").fill("Gesprek met ouders, leerkracht en Bas")
        nurse.get_by_label("Wie doet het?").select_option(label="Nora Jansen")
        nurse.get_by_label("Uiterlijk klaar op").fill((today + timedelta(days=7)).isoformat())
        nurse.get_by_role("button", name="Actie vastleggen").click()
        expect(nurse.get_by_text("De actie is vastgelegd")).to_be_visible()
        nurse.get_by_role("button", name="Afgerond").click()
        expect(nurse.get_by_text("De actie is bijgewerkt.")).to_be_visible()
        assert Action.objects.get(case=case).status == Action.Status.DONE
        nurse.get_by_label("Evaluatie op").fill(today.isoformat())
        nurse.get_by_role("button", name="Evaluatie plannen").click()
        expect(nurse.get_by_text("De evaluatie is gepland.")).to_be_visible()
        nurse.get_by_role("link", name="Evaluatie vastleggen").click()
        expect(nurse.get_by_text("Bas speelt weer samen op het schoolplein")).to_be_visible()
        assert_accessible(nurse)
        nurse.get_by_label("Hebben we de goede afspraken gemaakt?").fill("Ja, de aanpak werkt.")
        nurse.get_by_label("ja, we maken stappen").check()
        nurse.get_by_label("Afwijkende meningen").fill("Vader had liever eerder extra hulp gehad.")
        nurse.get_by_role("button", name="Evaluatie vastleggen").click()
        expect(nurse.get_by_text("De evaluatie is vastgelegd.")).to_be_visible()
        nurse.get_by_role("link", name="Casus afsluiten").click()
        assert_accessible(nurse)
        nurse.get_by_label("Waarom wordt de casus afgesloten?").fill("Bas speelt weer samen; doel bereikt.")
        nurse.get_by_role("button", name="Casus afsluiten").click()
        expect(nurse.get_by_text("De casus is afgesloten.")).to_be_visible()
        nurse.screenshot(path="/tmp/werkplaats-case-closed.png", full_page=True)
        assert_accessible(nurse)

        # The teacher sees what happened to the signal, not the case.
        teacher.goto(f"{base}/casussen/signalen/{signal.uuid}/")
        expect(teacher.get_by_text("casus geopend").first).to_be_visible()
        response = teacher.goto(f"{base}/casussen/casus/{case.uuid}/")
        assert response.status == 404
        browser.close()

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert AccessLogEntry.objects.filter(user_id=tw.teacher.pk, object_type="case", outcome="refused").exists()
    assert AccessLogEntry.objects.filter(user_id=tw.nurse.pk, object_type="case", outcome="allowed").exists()
