"""The pages of signals, cases, consent, handovers and proposals: they render for the people they are for,
answer 404 for the others, keep personal data out of URLs (search by POST), and use htmx partials."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import login
from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases import selectors, services
from werkplaats.cases.models import Case, CollectiveProposal, Consultation, EmergencyAccess, Handover, Signal
from werkplaats.consent.models import Consent, Purpose, Section

from .helpers import bas_case, bas_signal

TODAY = timezone.localdate


def client_for(user) -> Client:
    return login(Client(), user)


class TestSignalPages:
    def test_raise_a_signal(self, tw):
        client = client_for(tw.teacher)
        page = client.get(reverse("cases:signal-new"))
        assert page.status_code == 200 and "Bas Twente (groep 4)" in page.content.decode()
        assert "Tina" not in page.content.decode()
        response = client.post(reverse("cases:signal-new"), {
            "level": "child", "pupil": str(tw.bas.uuid), "category": "behaviour", "urgency": "normal",
            "seen_in_school": "Ruzie op het plein."})
        signal = Signal.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("cases:signal",
                                                                                kwargs={"uuid": signal.uuid})

    def test_form_errors_keep_input(self, tw):
        response = client_for(tw.teacher).post(reverse("cases:signal-new"), {
            "level": "child", "category": "behaviour", "urgency": "normal", "seen_in_school": "Mijn tekst blijft"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Kies een leerling van deze school die u kunt zien." in body and "Mijn tekst blijft" in body

    def test_choose_a_school_first(self, tw):
        tw.teacher.memberships.create(role="teacher", school=tw.other_school)
        page = client_for(tw.teacher).get(reverse("cases:signal-new"))
        assert "Voor welke school brengt u een signaal in?" in page.content.decode()

    def test_no_school_no_form(self, tw):
        assert client_for(tw.adviser).get(reverse("cases:signal-new")).status_code == 404

    def test_consultation_flow(self, tw):
        signal = bas_signal(tw)
        client = client_for(tw.ib)
        client.post(reverse("cases:consultation-start", kwargs={"uuid": signal.uuid}))
        consultation = Consultation.objects.get()
        page = client.get(reverse("cases:signal", kwargs={"uuid": signal.uuid}))
        assert "Consultatie: de vier vragen" in page.content.decode()
        response = client.post(reverse("cases:contribution-add", kwargs={"uuid": consultation.uuid}),
                               {"text": "Praktijkondersteuner inzetten"}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and "<html" not in response.content.decode()
        assert "Praktijkondersteuner inzetten" in response.content.decode()
        stale = client.post(reverse("cases:consultation-update", kwargs={"uuid": consultation.uuid}), {
            "signals": "a", "already_started": "", "active_role_note": "", "version": 0})
        assert stale.status_code == 409 and "intussen gewijzigd" in stale.content.decode()
        response = client.post(reverse("cases:consultation-conclude", kwargs={"uuid": consultation.uuid}),
                               {"outcome": "case"})
        assert response["Location"] == reverse("cases:case-new", kwargs={"signal_uuid": signal.uuid})

    def test_teacher_sees_outcome_not_consultation(self, tw):
        signal = bas_signal(tw)
        consultation = services.consultation_start(actor=tw.ib, signal=signal)
        services.contribution_add(actor=tw.nurse, consultation=consultation, text="Geheim vakoordeel")
        services.consultation_conclude(actor=tw.ib, consultation=consultation, outcome="advice",
                                       advice="Ondersteun Bas meteen.")
        body = client_for(tw.teacher).get(reverse("cases:signal", kwargs={"uuid": signal.uuid})).content.decode()
        assert "Ondersteun Bas meteen." in body and "Geheim vakoordeel" not in body
        assert client_for(tw.teacher).post(reverse("cases:consultation-start", kwargs={"uuid": signal.uuid})
                                           ).status_code == 404
        assert Consultation.objects.count() == 1

    def test_signal_list_filters(self, tw):
        bas_signal(tw)
        body = client_for(tw.ib).get(reverse("cases:signals") + "?status=new").content.decode()
        assert "Bas Twente" in body
        body = client_for(tw.ib).get(reverse("cases:signals") + "?status=withdrawn").content.decode()
        assert "Bas Twente" not in body

    def test_urgent_meeting_page(self, tw):
        signal = bas_signal(tw)
        client = client_for(tw.ib)
        assert client.get(reverse("cases:signal-urgent", kwargs={"uuid": signal.uuid})).status_code == 200
        starts = (timezone.localtime() + timedelta(days=1)).replace(hour=8, minute=0).strftime("%Y-%m-%dT%H:%M")
        response = client.post(reverse("cases:signal-urgent", kwargs={"uuid": signal.uuid}), {
            "starts_at": starts, "duration_minutes": 30, "online_url": "https://meet.example.org/x"})
        assert response.status_code == 302 and response["Location"].startswith("/team/")
        assert client_for(tw.teacher).get(reverse("cases:signal-urgent", kwargs={"uuid": signal.uuid})
                                          ).status_code == 404

    def test_escalate_school_theme(self, tw):
        signal = services.signal_raise(actor=tw.ib, school=tw.school, level="school", category="health",
                                       seen_in_school="Overgewicht neemt toe.")
        response = client_for(tw.ib).post(reverse("cases:signal-escalate", kwargs={"uuid": signal.uuid}), {
            "to_level": "management", "reason": "Collectieve preventie met partners."})
        assert response.status_code == 302
        signal.refresh_from_db()
        assert signal.escalation == "management"


class TestCasePages:
    def test_open_a_case(self, tw):
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz])
        signal = bas_signal(tw)
        client = client_for(tw.ib)
        page = client.get(reverse("cases:case-new", kwargs={"signal_uuid": signal.uuid}))
        assert page.status_code == 200
        response = client.post(reverse("cases:case-new", kwargs={"signal_uuid": signal.uuid}), {
            "pupils": [str(tw.bas.uuid)], "category": "behaviour", "coordinator": str(tw.nurse.uuid)})
        case = Case.objects.get()
        assert response["Location"] == reverse("cases:case", kwargs={"uuid": case.uuid})

    def test_case_page_sections(self, tw):
        case = bas_case(tw)
        body = client_for(tw.nurse).get(reverse("cases:case", kwargs={"uuid": case.uuid})).content.decode()
        for text in ("Het verhaal van ouders en leerling", "Plan: regie in 7 samenwerkingsstappen", "Acties",
                     "Evaluaties", "Betrokkenen", "Warme overdracht", "Toestemming", "<title>Casus"):
            assert text in body
        assert "<title>Casus C-" in body and "B. T." in body.split("</title>")[0]

    def test_core_team_reader_sees_no_forms(self, tw):
        case = bas_case(tw)
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
        body = client_for(tw.director).get(reverse("cases:case", kwargs={"uuid": case.uuid})).content.decode()
        assert "U ziet deze casus als lid van het kernteam" in body and "Actie vastleggen" not in body

    def test_plan_step_conflict_keeps_text(self, tw):
        case = bas_case(tw)
        url = reverse("cases:plan-step", kwargs={"uuid": case.uuid, "number": 3})
        client_for(tw.nurse).post(url, {"q1": "Versie van Nora", "version": 1})
        response = client_for(tw.ib).post(url, {"q1": "Versie van Ilse", "version": 1})
        body = response.content.decode()
        assert response.status_code == 409 and "Versie van Nora" in body and "Versie van Ilse" in body
        assert "Nora Jansen heeft dit intussen gewijzigd" in body

    def test_plan_step_next(self, tw):
        case = bas_case(tw)
        response = client_for(tw.nurse).post(reverse("cases:plan-step", kwargs={"uuid": case.uuid, "number": 0}),
                                             {"q1": "Ouders, school, GGD", "version": 1, "next": "1"})
        assert response["Location"] == reverse("cases:plan-step", kwargs={"uuid": case.uuid, "number": 1})
        assert client_for(tw.nurse).get(reverse("cases:plan-step", kwargs={"uuid": case.uuid, "number": 8})
                                        ).status_code == 404

    def test_member_add_refusal_is_shown(self, tw):
        case = bas_case(tw)
        client = client_for(tw.nurse)
        response = client.post(reverse("cases:case-member-add", kwargs={"uuid": case.uuid}),
                               {"user": str(tw.director.uuid)}, follow=True)
        assert "Er is geen geldige toestemming om deze gegevens te delen met Gemeente Enschede" in \
            response.content.decode()

    def test_close_and_reopen(self, tw):
        case = bas_case(tw)
        client = client_for(tw.nurse)
        url = reverse("cases:case-status", kwargs={"uuid": case.uuid})
        assert "kan niemand het plan" in client.get(url).content.decode()
        client.post(url, {"to": "closed", "note": "Klaar"})
        case.refresh_from_db()
        assert case.status == "closed"
        assert "De casus wordt weer lopend" in client.get(url).content.decode()
        client.post(url, {"to": "open"})
        case.refresh_from_db()
        assert case.status == "open"

    def test_story_and_print(self, tw):
        case = bas_case(tw)
        client = client_for(tw.nurse)
        client.post(reverse("cases:case-story", kwargs={"uuid": case.uuid}),
                    {"parents_story": "Moeder is veel in het ziekenhuis.", "pupil_voice": "", "version": 1})
        body = client.get(reverse("cases:plan-print", kwargs={"uuid": case.uuid})).content.decode()
        assert "Ons plan samen" in body and "Afgedrukt op" in body and "Nora Jansen" in body

    def test_evaluation_pages(self, tw):
        case = bas_case(tw)
        client = client_for(tw.nurse)
        client.post(reverse("cases:evaluation-plan", kwargs={"uuid": case.uuid}), {"planned_on": TODAY().isoformat()})
        evaluation = case.evaluations.get()
        url = reverse("cases:evaluation", kwargs={"uuid": case.uuid, "evaluation_uuid": evaluation.uuid})
        client.post(url, {"held_on": TODAY().isoformat(), "right_agreements": "Ja", "progress": "partly",
                          "dissenting_opinions": "Vader vindt het te langzaam gaan."})
        evaluation.refresh_from_db()
        assert evaluation.held_on == TODAY() and evaluation.dissenting_opinions

    def test_actions(self, tw):
        case = bas_case(tw)
        client = client_for(tw.nurse)
        client.post(reverse("cases:case-action-add", kwargs={"uuid": case.uuid}), {
            "description": "Huisbezoek", "owner": str(tw.nurse.uuid), "due_date": TODAY().isoformat()})
        action = case.actions.get()
        client.post(reverse("cases:case-action-status", kwargs={"uuid": case.uuid, "action_uuid": action.uuid}),
                    {"to": "done", "version": action.version})
        action.refresh_from_db()
        assert action.status == "done"

    def test_chronology_and_emergency(self, tw):
        case = bas_case(tw)
        client = client_for(tw.gp_support)
        assert client.get(reverse("cases:case", kwargs={"uuid": case.uuid})).status_code == 404
        url = reverse("cases:emergency", kwargs={"pupil_uuid": tw.bas.uuid})
        assert client.get(url).status_code == 200
        client.post(url, {"reason": "Bas vertelt dat hij thuis geslagen wordt."})
        body = client.get(reverse("cases:case", kwargs={"uuid": case.uuid})).content.decode()
        assert "Noodtoegang" in body and "role=\"alert\"" in body
        assert AccessLogEntry.objects.filter(user_id=tw.gp_support.pk, object_type="case", emergency=True).exists()
        chronology = client.get(reverse("cases:chronology", kwargs={"pupil_uuid": tw.bas.uuid}))
        assert chronology.status_code == 200 and "<title>Chronologie B. T." in chronology.content.decode()
        reviews = client_for(tw.privacy_officer).get(reverse("cases:emergency-reviews"))
        assert "Bas vertelt" in reviews.content.decode()
        access = EmergencyAccess.objects.get()
        client_for(tw.privacy_officer).post(reverse("cases:emergency-review", kwargs={"uuid": access.uuid}),
                                            {"review": "justified", "note": ""})
        access.refresh_from_db()
        assert access.review == "justified"
        assert client_for(tw.ib).get(reverse("cases:emergency-reviews")).status_code == 404


class TestPlanPage:
    def test_counts_and_withheld_parts(self, tw):
        case = bas_case(tw)
        client = client_for(tw.nurse)
        for days in (3, 9):
            client.post(reverse("cases:case-action-add", kwargs={"uuid": case.uuid}), {
                "description": "Huisbezoek", "owner": str(tw.nurse.uuid),
                "due_date": (TODAY() + timedelta(days=days)).isoformat()})
        client.post(reverse("cases:evaluation-plan", kwargs={"uuid": case.uuid}),
                    {"planned_on": (TODAY() + timedelta(days=20)).isoformat()})
        url = reverse("cases:plan", kwargs={"uuid": case.uuid})
        body = client.get(url).content.decode()
        assert "2 acties met eigenaar en datum: zie de casus." in body
        assert "1 evaluatie bij deze casus: zie de casus." in body
        assert "Stap 7. Besluiten en plannen" in body and "Versie vaststellen" in body
        assert AccessLogEntry.objects.filter(user_id=tw.nurse.pk, event_type="case.view", object_type="case").exists()
        Consent.objects.filter(pupil=tw.bas).delete()
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz], withheld_sections=[Section.EVALUATIONS])
        body = client_for(tw.nurse).get(url).content.decode()
        assert "2 acties met eigenaar" in body and "evaluatie bij deze casus" not in body
        Consent.objects.filter(pupil=tw.bas).delete()
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz], withheld_sections=[Section.PLAN])
        assert client_for(tw.nurse).get(url).status_code == 404
        assert client_for(tw.ib).get(url).status_code == 200  # the school's own staff: nothing withheld


class TestMemberForm:
    """Adding a professional: the case page links to the form (computed on demand, not on every view of the
    case); the form is its own page, or a partial when htmx asks; the POST goes back to the case."""

    def test_case_page_links_to_the_form_without_the_candidates(self, tw, monkeypatch):
        case = bas_case(tw)

        def no_candidates(**kwargs):
            raise AssertionError("the case page computes the candidates")

        monkeypatch.setattr(selectors, "member_choices", no_candidates)
        monkeypatch.setattr(selectors, "member_candidates", no_candidates)
        body = client_for(tw.nurse).get(reverse("cases:case", kwargs={"uuid": case.uuid})).content.decode()
        url = reverse("cases:case-member-add", kwargs={"uuid": case.uuid})
        assert f'href="{url}" hx-get="{url}" hx-target="#professional-toevoegen"' in body
        assert "Kies een professional</option>" not in body and str(tw.teacher.uuid) not in body
        assert f'action="{url}"' not in body
        assert "Regie overdragen" in body  # the coordinator form (members only) stays on the page

    def test_no_link_for_who_may_not_manage(self, tw):
        case = bas_case(tw)
        url = reverse("cases:case-member-add", kwargs={"uuid": case.uuid})
        services.case_member_add(actor=tw.nurse, case=case, user=tw.teacher)
        body = client_for(tw.teacher).get(reverse("cases:case", kwargs={"uuid": case.uuid})).content.decode()
        assert "Betrokkenen" in body and url not in body

    def test_form_page_for_a_manager(self, tw):
        case = bas_case(tw)
        response = client_for(tw.nurse).get(reverse("cases:case-member-add", kwargs={"uuid": case.uuid}))
        body = response.content.decode()
        assert response.status_code == 200 and "<html" in body
        assert '<h1 class="utrecht-heading-1">Professional toevoegen</h1>' in body
        assert f'<option value="{tw.teacher.uuid}">{tw.teacher}</option>' in body
        assert f'<option value="{tw.nurse.uuid}">' not in body  # already a member
        assert 'action="{}"'.format(reverse("cases:case-member-add", kwargs={"uuid": case.uuid})) in body
        case_url = reverse("cases:case", kwargs={"uuid": case.uuid})
        crumbs = body.split('class="utrecht-breadcrumb-nav"')[1].split("</nav>")[0]
        assert f'href="{case_url}">Casus {case.reference}</a>' in crumbs and "Professional toevoegen" in crumbs
        assert "Bas" not in body.split("</title>")[0]
        assert AccessLogEntry.objects.filter(user_id=tw.nurse.pk, object_type="case", event_type="case.edit",
                                             outcome="allowed").exists()

    def test_htmx_gets_the_partial(self, tw):
        case = bas_case(tw)
        response = client_for(tw.nurse).get(reverse("cases:case-member-add", kwargs={"uuid": case.uuid}),
                                            headers={"HX-Request": "true"})
        body = response.content.decode()
        assert response.status_code == 200 and "<html" not in body and "<h1" not in body
        assert body.strip().startswith('<div class="wp-narrow" id="professional-toevoegen">')
        assert '<h3 class="utrecht-heading-3">Professional toevoegen</h3>' in body
        assert f'<option value="{tw.teacher.uuid}">{tw.teacher}</option>' in body and "autofocus" in body
        assert 'name="csrfmiddlewaretoken"' in body

    def test_not_for_members_readers_or_outsiders(self, tw):
        case = bas_case(tw)
        services.case_member_add(actor=tw.nurse, case=case, user=tw.teacher)
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
        url = reverse("cases:case-member-add", kwargs={"uuid": case.uuid})
        for user in (tw.teacher, tw.director, tw.gp_support, tw.other_ib):
            for headers in ({}, {"HX-Request": "true"}):
                assert client_for(user).get(url, headers=headers).status_code == 404, user
            assert AccessLogEntry.objects.filter(user_id=user.pk, object_type="case", outcome="refused").exists()

    def test_closed_case_has_no_form(self, tw):
        case = bas_case(tw)
        services.case_transition(actor=tw.nurse, case=case, to=Case.Status.CLOSED, note="Klaar")
        body = client_for(tw.nurse).get(reverse("cases:case-member-add", kwargs={"uuid": case.uuid})
                                        ).content.decode()
        assert "Deze casus is afgesloten." in body and "<select" not in body

    def test_closed_case_page_as_with_its_hidden_forms(self, tw):
        """The view builds the forms for an open case only; a closed case's page is what it was with them built."""
        import re

        from django.template.loader import render_to_string

        from werkplaats.cases.forms import CaseActionForm, CoordinatorForm, EvaluationPlanForm, people_choices

        case = bas_case(tw)
        services.case_transition(actor=tw.nurse, case=case, to=Case.Status.CLOSED, note="Klaar")
        client = client_for(tw.nurse)
        response = client.get(reverse("cases:case", kwargs={"uuid": case.uuid}))
        detail = selectors.case_detail(user=tw.nurse, uuid=case.uuid)
        assert detail.access.can_manage
        people = people_choices([m.user for m in detail.members])
        context = {"detail": detail, "case": detail.case, "crumbs": response.context["crumbs"],
                   "crumb": case.reference, "action_form": CaseActionForm(people=people),
                   "evaluation_form": EvaluationPlanForm(), "coordinator_form": CoordinatorForm(people=people)}
        former = render_to_string("cases/case.html", context, request=response.wsgi_request)
        token = re.compile(r'value="[A-Za-z0-9]{64}"')  # the CSRF token, masked anew on each render
        assert token.sub("", response.content.decode()) == token.sub("", former)
        assert "Actie toevoegen" not in former and "Regie overdragen" not in former

    def test_post_still_adds_a_member(self, tw):
        case = bas_case(tw)
        response = client_for(tw.nurse).post(reverse("cases:case-member-add", kwargs={"uuid": case.uuid}),
                                             {"user": str(tw.teacher.uuid), "role_in_case": "leerkracht"})
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:case", kwargs={"uuid": case.uuid}) + "#betrokkenen"
        assert case.members.filter(user=tw.teacher, role_in_case="leerkracht", left_at__isnull=True).exists()
        response = client_for(tw.nurse).post(reverse("cases:case-member-add", kwargs={"uuid": case.uuid}), {},
                                             follow=True)
        assert "Kies een professional." in response.content.decode()


class TestSearchAndDashboard:
    def test_search_by_post_with_htmx(self, tw):
        case = bas_case(tw)
        client = client_for(tw.ib)
        assert client.get(reverse("cases:search")).status_code == 200
        response = client.post(reverse("cases:search"), {"q": "Twente"}, headers={"HX-Request": "true"})
        body = response.content.decode()
        assert "<html" not in body and "Bas Twente" in body
        case_item = body.split(f">{case.reference}</a>")[1].split("</li>")[0]
        assert case_item.startswith(": Bas Twente — ")  # the pupils of a listed case, kept outside case.pupils

    def test_dashboard(self, tw):
        bas_case(tw)
        body = client_for(tw.nurse).get(reverse("cases:index")).content.decode()
        assert "Casussen waarvan ik regiehouder ben" in body and "Bas Twente" in body
        assert reverse("cases:my-cases") not in body  # one case: no link to all of them
        assert client_for(tw.adviser).get(reverse("cases:index")).status_code == 200


class TestConsentPages:
    def test_record_and_withdraw(self, tw):
        client = client_for(tw.ib)
        url = reverse("consent:pupil", kwargs={"pupil_uuid": tw.bas.uuid})
        page = client.get(url)
        assert page.status_code == 200 and "Onder de 12 beslissen de ouders" in page.content.decode()
        response = client.post(url, {"purpose": "case", "given_on": TODAY().isoformat(), "method": "written",
                                     "guardians": [str(tw.mother.uuid)], "organisations": [str(tw.jgz.uuid)]})
        assert response.status_code == 302
        consent = Consent.objects.get()
        withdraw = reverse("consent:withdraw", kwargs={"uuid": consent.uuid})
        assert "eindigt meteen de toegang" in client.get(withdraw).content.decode()
        client.post(withdraw, {"note": "Moeder belde."})
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None

    def test_age_rule_message(self, tw):
        response = client_for(tw.ib).post(reverse("consent:pupil", kwargs={"pupil_uuid": tw.bas.uuid}), {
            "purpose": "case", "given_on": TODAY().isoformat(), "method": "written", "pupil_agreed": "on",
            "organisations": [str(tw.jgz.uuid)]})
        assert "onder de 12 beslissen de ouders" in response.content.decode()

    def test_others_get_404(self, tw):
        for user in (tw.teacher, tw.other_ib, tw.adviser):
            assert client_for(user).get(reverse("consent:pupil", kwargs={"pupil_uuid": tw.bas.uuid})
                                        ).status_code == 404
        assert AccessLogEntry.objects.filter(event_type="consent.list", outcome="refused").count() == 3

    def test_registry_for_the_privacy_officer(self, tw):
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz])
        assert "Bas Twente" in client_for(tw.privacy_officer).get(reverse("consent:registry")).content.decode()
        assert client_for(tw.ib).get(reverse("consent:registry")).status_code == 404


class TestHandoverAndProposalPages:
    def test_handover_pages(self, tw):
        client = client_for(tw.childcare_worker)
        url = reverse("cases:handover-new", kwargs={"pupil_uuid": tw.sara.uuid})
        assert client.get(url).status_code == 200
        client.post(url, {"kind": "childcare_primary", "to_school": str(tw.school.uuid), "summary": "Sara",
                          "check_in_weeks": 6})
        handover = Handover.objects.get()
        step = reverse("cases:handover-step", kwargs={"uuid": handover.uuid, "to": "sent"})
        response = client.post(step, follow=True)
        assert "geen geldige toestemming" in response.content.decode()
        assert client.get(reverse("cases:handovers")).status_code == 200
        assert client_for(tw.ib).get(reverse("cases:handover", kwargs={"uuid": handover.uuid})).status_code == 404
        assert client.post(reverse("cases:handover-step", kwargs={"uuid": handover.uuid, "to": "nonsense"})
                           ).status_code == 404

    def test_proposal_pages(self, tw):
        proposal = CollectiveProposal.objects.create(
            school=tw.school, level="class", group="groep 4", category="social_emotional", pupil_count=3,
            groups=["groep 4"], period_start=TODAY() - timedelta(weeks=8), period_end=TODAY())
        client = client_for(tw.ib)
        assert "3 leerlingen in groep 4" in client.get(reverse("cases:proposals")).content.decode()
        url = reverse("cases:proposal", kwargs={"uuid": proposal.uuid})
        assert client.get(url).status_code == 200
        response = client.post(url, {"decision": "accept", "offer": "Groepsaanbod", "owner": str(tw.nurse.uuid),
                                     "due_date": (TODAY() + timedelta(days=14)).isoformat()})
        signal = Signal.objects.get(level="class")
        assert response["Location"] == reverse("cases:signal", kwargs={"uuid": signal.uuid})
        assert client_for(tw.teacher).get(url).status_code == 404


@pytest.mark.parametrize("name", ["cases:index", "cases:signals", "cases:handovers", "cases:proposals",
                                  "cases:search"])
def test_pages_need_both_login_steps(tw, name):
    client = Client()
    client.force_login(tw.ib)
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
