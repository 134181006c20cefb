"""Team & overleg in headless Chromium, on a tablet-sized screen with touch: compose a team, plan a meeting,
run it with a guest on the empty chair, record a decision and an action, and run the taart van ambities
with two participants in two browser contexts. axe-core checks every page (no serious or critical
violation)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser.support import CHROMIUM_ARGS, assert_accessible
from tests.factories import OrganisationFactory, SchoolFactory, user_with_role
from werkplaats.accounts.models import Role, User
from werkplaats.organisations.models import Organisation
from werkplaats.teams import services
from werkplaats.teams.models import Action, AmbitionWorkshop, Decision, Guest, Meeting, Team, TeamAssessment

TABLET = {"viewport": {"width": 1024, "height": 1366}, "has_touch": True, "locale": "nl-NL",
          "timezone_id": "Europe/Amsterdam"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]






def person(role: str, first: str, last: str, **where) -> User:
    return user_with_role(role, user__first_name=first, user__last_name=last,
                          user__email=f"{first.lower()}@example.org", **where)


def log_in(browser: Browser, base: str, user: User) -> tuple[BrowserContext, Page]:
    device = user.totpdevice_set.create(name="telefoon", confirmed=True)
    context = browser.new_context(**TABLET)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base}/team/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Volgende stap").click()
    page.fill("#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{base}/team/")
    return context, page


@pytest.fixture
def school_with_partners():
    school = SchoolFactory(name="De Esch")
    jgz = OrganisationFactory(kind=Organisation.Kind.YOUTH_HEALTH, name="GGD Twente")
    municipality = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, name="Gemeente Enschede")
    gp = OrganisationFactory(kind=Organisation.Kind.GP_SUPPORT, name="Huisartsenpraktijk De Bron")
    school.partners.add(jgz, municipality, gp)
    return {
        "school": school,
        "ib": person(Role.CARE_COORDINATOR, "Ilse", "Bakker", school=school),
        "nurse": person(Role.YOUTH_HEALTH, "Nora", "Jansen", organisation=jgz),
        "director": person(Role.YOUTH_DIRECTOR, "Dirk", "Smit", organisation=municipality),
        "gp": person(Role.YOUTH_HEALTH, "Greet", "Mulder", organisation=gp),
        "jgz": jgz, "municipality": municipality,
    }


def test_compose_plan_and_run_a_meeting_with_a_guest_on_the_empty_chair(live_server, school_with_partners):
    people = school_with_partners
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        _, ib = log_in(browser, base, people["ib"])
        assert_accessible(ib)

        # Compose the team: the form, then who is involved, then the layers.
        ib.get_by_role("link", name="Team samenstellen voor De Esch").click()
        ib.get_by_label("Kernteam, breder team en stuurgroep").check()
        assert_accessible(ib)
        ib.get_by_role("button", name="Team aanmaken").click()
        expect(ib.get_by_role("heading", level=1)).to_have_text("Wie is er betrokken rond de school?")
        for user, function, organisation in [
            (people["ib"], "intern begeleider", None),
            (people["nurse"], "jeugdverpleegkundige", people["jgz"]),
            (people["director"], "jeugdregisseur", people["municipality"]),
        ]:
            ib.get_by_label("Account in Werkplaats").select_option(str(user.pk))
            ib.get_by_label("Functie of rol").fill(function)
            if organisation:
                ib.get_by_label("Organisatie (niet verplicht)").select_option(str(organisation.pk))
            ib.get_by_role("button", name="Toevoegen").click()
            expect(ib.get_by_role("cell", name=function, exact=True)).to_be_visible()
        ib.get_by_label("Naam (niet verplicht)").fill("Marieke Hof")
        ib.get_by_label("Functie of rol").fill("teamleider jeugd")
        ib.get_by_label("Organisatie (niet verplicht)").select_option(str(people["municipality"].pk))
        ib.get_by_label("Leidinggevende").check()
        ib.get_by_label("Aanspreekpunt van de organisatie").check()
        ib.get_by_role("button", name="Toevoegen").click()
        assert_accessible(ib)
        ib.get_by_role("link", name="Volgende stap: lagen kiezen").click()
        for name in ("Ilse Bakker", "Nora Jansen", "Dirk Smit"):
            ib.get_by_label(re.compile(f"^{name}")).select_option("core")
        ib.get_by_label(re.compile("^Marieke Hof")).select_option("steering")
        assert_accessible(ib)
        ib.get_by_role("button", name="Lagen opslaan").click()
        expect(ib.get_by_role("heading", name="Kernteam")).to_be_visible()
        assert_accessible(ib)
        ib.screenshot(path="/tmp/teams-team.png", full_page=True)
        team = Team.objects.get()
        assert team.stakeholders.filter(layer="core").count() == 3

        ib.get_by_role("link", name="Contactlijst").click()
        expect(ib.get_by_role("row", name=re.compile("Gemeente Enschede"))).to_contain_text("Marieke Hof")
        assert_accessible(ib)
        ib.go_back()

        # Plan a meeting of the core team today.
        ib.get_by_role("link", name="Overleggen", exact=True).click()
        assert_accessible(ib)
        today = timezone.localdate()
        form = ib.locator("form", has=ib.get_by_role("heading", name="Eén overleg"))
        form.get_by_label("Laag").select_option("core")
        form.get_by_label("Datum").fill(today.isoformat())
        form.get_by_label("Begintijd").fill("00:05")
        form.get_by_label("Eindtijd").fill("23:55")
        form.get_by_label("Locatie").fill("Teamkamer")
        form.get_by_role("button", name="Overleg plannen").click()
        expect(ib.get_by_role("heading", level=1)).to_have_text("Overleg kernteam")
        meeting = Meeting.objects.get()
        assert list(meeting.agenda_items.values_list("kind", flat=True))[1:3] == ["concerns", "new_pupils"]
        assert_accessible(ib)

        # The empty chair: invite the GP practice support for this meeting, share one item.
        ib.get_by_role("link", name="Gast uitnodigen op de lege stoel").click()
        ib.get_by_label("Gast").select_option(str(people["gp"].pk))
        ib.get_by_label("Doel van de uitnodiging").fill("Meedenken over gedrag op het schoolplein")
        assert_accessible(ib)
        ib.get_by_role("button", name="Uitnodigen").click()
        concerns = ib.locator(".wp-agenda__item", has_text="Zijn er zorgen/ signalen om te bespreken?")
        concerns.get_by_text("Meer").click()
        concerns.get_by_role("button", name=re.compile("^Delen met gast")).click()
        expect(concerns).to_contain_text("zichtbaar voor gast")
        ib.get_by_role("button", name="Overleg starten").click()
        expect(ib.get_by_text("Het overleg is nu: bezig.")).to_be_visible()

        # A member follows along on her own tablet.
        _, nurse = log_in(browser, base, people["nurse"])
        nurse.goto(f"{base}/team/overleg/{meeting.uuid}/")
        expect(nurse.get_by_role("heading", level=1)).to_have_text("Overleg kernteam")

        # Minutes in the editor panel (htmx); the nurse's page refreshes by itself.
        concerns.get_by_role("link", name=re.compile("^Verslag schrijven")).click()
        editor = ib.locator("#editor")
        minutes = "Zorgen over gedrag in groep 5; ouders herkennen het thuis niet."
        editor.get_by_role("textbox", name="Verslag").fill(minutes)
        assert_accessible(ib)
        editor.get_by_role("button", name="Opslaan").click()
        expect(editor).to_contain_text("Opgeslagen")
        expect(concerns).to_contain_text("Zorgen over gedrag in groep 5")
        expect(nurse.locator("#agenda")).to_contain_text("Zorgen over gedrag in groep 5", timeout=15_000)

        # A decision and an action with an owner and a due date.
        ib.get_by_label("Bij agendapunt").first.select_option(label="Zijn er zorgen/ signalen om te bespreken?")
        decision = "Groepsaanbod met het jongerenwerk in plaats van straffen"
        ib.get_by_role("textbox", name="Besluit", exact=True).fill(decision)
        ib.get_by_role("button", name="Besluit vastleggen").click()
        expect(ib.get_by_text("Het besluit is vastgelegd.")).to_be_visible()
        action_form = ib.locator("form", has=ib.get_by_role("heading", name="Actie", exact=True))
        action_form.get_by_role("textbox", name="Actie", exact=True).fill("Jongerenwerk benaderen, groepsaanbod")
        action_form.get_by_label("Eigenaar").select_option(str(people["director"].pk))
        action_form.get_by_label("Uiterlijk klaar op").fill((today + timedelta(days=14)).isoformat())
        action_form.get_by_role("button", name="Actie vastleggen").click()
        expect(ib.get_by_text("De actie is vastgelegd")).to_be_visible()
        assert Decision.objects.get().agenda_item.kind == "concerns"
        assert Action.objects.get().owner == people["director"]
        assert_accessible(ib)
        ib.screenshot(path="/tmp/teams-meeting.png", full_page=True)

        # The guest sees only what the meeting shares.
        guest_context, guest = log_in(browser, base, people["gp"])
        guest.goto(f"{base}/team/overleg/{meeting.uuid}/")
        expect(guest.get_by_text("U bent gast op de lege stoel.")).to_be_visible()
        expect(guest.locator("#agenda")).to_contain_text("Zorgen over gedrag in groep 5")
        expect(guest.locator("#agenda")).not_to_contain_text("nieuwe instromers")
        expect(guest.locator("#agenda")).not_to_contain_text("Jongerenwerk benaderen")
        assert_accessible(guest)
        guest.screenshot(path="/tmp/teams-guest.png", full_page=True)

        # Attendance, then close: the guest loses access.
        ib.get_by_role("link", name="Aanwezigheid en vervanging bijhouden").click()
        ib.get_by_role("group", name=re.compile("^Dirk Smit")).get_by_label("vervangen").check()
        ib.get_by_label("Vervanger van Dirk Smit").fill("Sanne de Boer, consulent")
        ib.get_by_label("Greet Mulder (gast) was aanwezig").check()
        assert_accessible(ib)
        ib.get_by_role("button", name="Aanwezigheid opslaan").click()
        ib.get_by_role("button", name="Overleg afronden").click()
        expect(ib.get_by_text("Het overleg is nu: afgerond.")).to_be_visible()
        assert Guest.objects.get().attended is True
        response = guest.goto(f"{base}/team/overleg/{meeting.uuid}/")
        assert response.status == 404

        # The rest of the team's pages.
        for name in ("Acties", "Werkafspraken", "Teammetingen"):
            ib.goto(f"{base}/team/{team.uuid}/")
            ib.get_by_role("link", name=name, exact=True).click()
            assert_accessible(ib)
        ib.goto(f"{base}/team/{team.uuid}/werkafspraken/chair/")
        ib.get_by_label("Afspraak").fill("De IB'er zit het kernteam voor.")
        ib.get_by_role("button", name="Opslaan als nieuwe versie").click()
        expect(ib.get_by_text("De IB'er zit het kernteam voor.")).to_be_visible()
        ib.get_by_role("link", name="Wat is er wanneer gewijzigd?").click()
        assert_accessible(ib)
        guest_context.close()
        browser.close()


def test_ambition_workshop_live_with_two_participants(live_server, school_with_partners):
    people = school_with_partners
    base = live_server.url
    ib = people["ib"]
    team = services.team_create(actor=ib, school=people["school"], form=Team.Form.CORE)
    for user, function, organisation in [(people["nurse"], "jeugdverpleegkundige", people["jgz"]),
                                         (people["director"], "jeugdregisseur", people["municipality"])]:
        services.stakeholder_add(actor=ib, team=team, user=user, function=function, organisation=organisation,
                                 layer=Team.Layer.CORE)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        _, facilitator = log_in(browser, base, ib)
        facilitator.goto(f"{base}/team/{team.uuid}/taart/")
        assert_accessible(facilitator)
        facilitator.get_by_role("button", name="Taart starten").click()
        workshop = AmbitionWorkshop.objects.get()
        url = f"{base}/team/taart/{workshop.uuid}/"
        expect(facilitator.get_by_role("heading", name="Stap 1: Kennismaken")).to_be_visible()
        assert_accessible(facilitator)

        _, nora = log_in(browser, base, people["nurse"])
        _, dirk = log_in(browser, base, people["director"])
        for page in (nora, dirk):
            page.goto(url)

        def stick(page: Page, text: str) -> None:
            page.get_by_label("Uw notitie").fill(text)
            page.get_by_role("button", name="Plakken").click()
            expect(page.get_by_label("Uw notitie")).to_have_value("")  # the form comes back empty once it is stuck
            expect(page.get_by_text("Uw notitie hangt in de taart.")).to_be_visible()

        # Both type at the same time; each sees the other's note without reloading.
        nora.get_by_label("Uw notitie").fill("Nora, jeugdverpleegkundige: benieuwd!")
        dirk.get_by_label("Uw notitie").fill("Dirk, jeugdregisseur: goede start")
        nora.get_by_role("button", name="Plakken").click()
        dirk.get_by_role("button", name="Plakken").click()
        expect(nora.locator("#board")).to_contain_text("Dirk, jeugdregisseur: goede start", timeout=15_000)
        expect(dirk.locator("#board")).to_contain_text("Nora, jeugdverpleegkundige: benieuwd!", timeout=15_000)
        assert_accessible(nora)

        # Touch targets of at least 44px on the tablet.
        for button in (nora.get_by_role("button", name="Plakken"),):
            assert button.bounding_box()["height"] >= 44

        # The facilitator moves the rings inwards; the participants follow.
        facilitator.get_by_role("button", name="Stap 3: Wat gaat goed?").click()
        expect(nora.get_by_role("heading", name="Stap 3: Wat gaat goed?")).to_be_visible(timeout=15_000)
        nora.get_by_label("Ring", exact=True).select_option("3")
        stick(nora, "Korte lijnen met de IB'er")
        dirk.get_by_label("Ring", exact=True).select_option("3")
        stick(dirk, "We kennen elkaar")
        expect(facilitator.locator("#board")).to_contain_text("We kennen elkaar", timeout=15_000)
        facilitator.reload()
        note = facilitator.locator(".wp-note", has_text="Korte lijnen met de IB'er")
        note.get_by_label("Groep van deze notitie").fill("Samenwerking")
        note.get_by_role("button", name="Groeperen").click()
        expect(dirk.locator("#board")).to_contain_text("Samenwerking", timeout=15_000)

        facilitator.get_by_role("button", name="Stap 7: En nu").click()
        expect(dirk.get_by_role("heading", name="Stap 7: En nu")).to_be_visible(timeout=15_000)
        for page, text in ((nora, "Ik plan een kennismaking met de leerkrachten"), (dirk, "Ik deel de factsheet")):
            page.get_by_label("Ring", exact=True).select_option("7")
            stick(page, text)
        facilitator.reload()
        facilitator.get_by_label("Ons gezamenlijk verlangen (stap 6)").fill("Eén team rond de school")
        facilitator.get_by_label("De eerste stap (stap 7)").fill("Maandelijks kernteam op school")
        facilitator.get_by_role("button", name="Vastleggen").click()
        assert_accessible(facilitator)
        facilitator.screenshot(path="/tmp/teams-workshop.png", full_page=True)
        nora.screenshot(path="/tmp/teams-workshop-participant.png", full_page=True)
        facilitator.get_by_role("button", name="Taart afronden").click()
        expect(facilitator.get_by_text("De taart van ambities is afgerond.")).to_be_visible()

        actions = {(a.owner, a.description) for a in Action.objects.all()}
        assert actions == {(people["nurse"], "Ik plan een kennismaking met de leerkrachten"),
                           (people["director"], "Ik deel de factsheet")}
        assert TeamAssessment.objects.get().workshop == workshop

        facilitator.get_by_role("link", name="Afdrukken op één pagina").click()
        assert_accessible(facilitator)
        facilitator.emulate_media(media="print")
        facilitator.screenshot(path="/tmp/teams-workshop-print.png", full_page=True)
        pdf = facilitator.pdf(path="/tmp/teams-workshop-print.pdf", prefer_css_page_size=True, print_background=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one printed page
        browser.close()
