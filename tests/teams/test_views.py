"""The pages of Team & overleg through the test client: who gets which page, the forms end to end, the live
refresh, the conflict message, the calendar export."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import verified_device
from tests.teams.conftest import at
from werkplaats.teams import services
from werkplaats.teams.models import (
    Action,
    AgendaItem,
    AmbitionWorkshop,
    Guest,
    Meeting,
    Notification,
    Stakeholder,
    Team,
    TeamAgreement,
    WorkshopNote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
        session.save()
        return client

    return as_user


def test_pages_need_both_login_steps(client, ipt):
    client.force_login(ipt.region.ib)  # password only
    response = client.get(reverse("teams:team", kwargs={"uuid": ipt.team.uuid}))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_every_page_of_the_team_answers_for_the_care_coordinator(login, ipt, meeting):
    client = login(ipt.region.ib)
    team = ipt.team
    item = meeting.agenda_items.get(kind=AgendaItem.Kind.CONCERNS)
    workshop = services.workshop_start(actor=ipt.region.ib, team=team)
    assessment = services.assessment_open(actor=ipt.region.ib, team=team, title="Nulmeting")
    stakeholder = Stakeholder.objects.get(user=ipt.region.nurse)
    note = services.workshop_note_add(actor=ipt.region.ib, workshop=workshop, step=1, text="Ilse, IB'er")
    urls = [
        reverse("teams:index"), reverse("teams:notifications"),
        *(reverse(f"teams:{name}", kwargs={"uuid": team.uuid}) for name in (
            "team", "edit", "stakeholders", "layers", "contacts", "meetings", "actions", "agreements",
            "agreement_history", "assessments", "workshops")),
        reverse("teams:stakeholder", kwargs={"uuid": team.uuid, "stakeholder": stakeholder.uuid}),
        reverse("teams:agreement", kwargs={"uuid": team.uuid, "topic": "chair"}),
        *(reverse(f"teams:{name}", kwargs={"uuid": meeting.uuid}) for name in (
            "meeting", "meeting_edit", "guests", "attendance")),
        reverse("teams:item_minutes", kwargs={"uuid": item.uuid}),
        reverse("teams:item_prepare", kwargs={"uuid": item.uuid}),
        reverse("teams:assessment", kwargs={"uuid": assessment.uuid}),
        reverse("teams:workshop", kwargs={"uuid": workshop.uuid}),
        reverse("teams:workshop_print", kwargs={"uuid": workshop.uuid}),
        reverse("teams:note", kwargs={"uuid": note.uuid}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'lang="nl"' in response.content


def test_outsiders_get_404_everywhere_and_teachers_see_only_team_agreements_and_own_actions(login, ipt, meeting):
    team = ipt.team
    team_urls = [reverse(f"teams:{name}", kwargs={"uuid": team.uuid}) for name in (
        "team", "contacts", "actions", "agreements", "meetings", "assessments", "workshops", "stakeholders")]
    meeting_url = reverse("teams:meeting", kwargs={"uuid": meeting.uuid})
    outsider = login(ipt.region.outsider)
    for url in [*team_urls, meeting_url]:
        assert outsider.get(url).status_code == 404, url
    teacher = login(ipt.region.teacher)
    allowed = team_urls[:4]
    for url in allowed:
        assert teacher.get(url).status_code == 200, url
    for url in [*team_urls[4:], meeting_url, reverse("teams:edit", kwargs={"uuid": team.uuid})]:
        assert teacher.get(url).status_code == 404, url
    page = teacher.get(reverse("teams:team", kwargs={"uuid": team.uuid})).content.decode()
    assert "Mijn open acties" in page and "Overleggen</a>" not in page


def test_compose_a_team_through_the_pages(login, region):
    client = login(region.ib)
    response = client.get(reverse("teams:index"))
    assert "Team samenstellen voor De Esch" in response.content.decode()
    response = client.post(reverse("teams:create", kwargs={"uuid": region.school.uuid}), {
        "form": Team.Form.CORE_WIDER, "cadence_core": 4, "cadence_wider": 2, "cadence_steering": 2})
    team = Team.objects.get(school=region.school)
    assert response.status_code == 302 and response["Location"].endswith(f"/team/{team.uuid}/betrokkenen/")
    url = reverse("teams:stakeholders", kwargs={"uuid": team.uuid})
    response = client.post(url, {"user": region.nurse.pk, "function": "jeugdverpleegkundige",
                                 "organisation": region.jgz.pk, "layer": ""})
    assert response.status_code == 302
    response = client.post(url, {"name": "", "function": "wijkagent"})
    assert response.status_code == 200 and "Vul een naam in of kies een account." in response.content.decode()
    response = client.post(url, {"user": region.teacher.pk, "function": "leerkracht",
                                 "organisation": region.jgz.pk})
    assert "werkt deze persoon niet bij GGD Twente" in response.content.decode()
    nurse = Stakeholder.objects.get(team=team, user=region.nurse)
    response = client.post(reverse("teams:layers", kwargs={"uuid": team.uuid}), {str(nurse.uuid): "core"})
    assert response.status_code == 302
    nurse.refresh_from_db()
    assert nurse.layer == "core"


def test_plan_a_series_and_an_urgent_meeting_through_the_pages(login, ipt, django_capture_on_commit_callbacks):
    client = login(ipt.region.ib)
    first = timezone.localdate() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("teams:meeting_series", kwargs={"uuid": ipt.team.uuid}), {
            "reeks-layer": "wider", "reeks-count": 2, "reeks-day": first.isoformat(), "reeks-start": "15:00",
            "reeks-duration": 90, "reeks-location": "Aula", "reeks-online_url": ""})
    assert response.status_code == 302
    assert Meeting.objects.filter(team=ipt.team, layer="wider").count() == 2
    assert Notification.objects.filter(user=ipt.region.gp_support, kind="meeting_planned").count() == 2
    nurse = login(ipt.region.nurse)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = nurse.post(reverse("teams:meeting_urgent", kwargs={"uuid": ipt.team.uuid}), {
        "spoed-day": tomorrow.isoformat(), "spoed-start": "08:00", "spoed-duration": 30, "spoed-online_url": "",
        "spoed-reason": "Zorgen"})
    assert response.status_code == 200
    assert "Vul de link naar het online overleg in" in response.content.decode()
    response = nurse.post(reverse("teams:meeting_urgent", kwargs={"uuid": ipt.team.uuid}), {
        "spoed-day": tomorrow.isoformat(), "spoed-start": "08:00", "spoed-duration": 30,
        "spoed-online_url": "https://meet.example.org/spoed", "spoed-reason": "Zorgen"})
    urgent = Meeting.objects.get(kind=Meeting.Kind.URGENT)
    assert response["Location"] == reverse("teams:meeting", kwargs={"uuid": urgent.uuid})


def test_meeting_flow_minutes_decision_action_and_guest(login, ipt, meeting, django_capture_on_commit_callbacks):
    region = ipt.region
    client = login(region.ib)
    url = reverse("teams:meeting", kwargs={"uuid": meeting.uuid})
    response = client.post(reverse("teams:guests", kwargs={"uuid": meeting.uuid}), {
        "user": region.gp_support.pk, "purpose": "Meedenken over gedrag op het schoolplein"})
    assert response.status_code == 302
    item = meeting.agenda_items.get(kind=AgendaItem.Kind.CONCERNS)
    client.post(reverse("teams:item_share", kwargs={"uuid": item.uuid}), {"shared": "1"})
    client.post(reverse("teams:meeting_status", kwargs={"uuid": meeting.uuid}), {"to": "in_progress"})
    response = client.post(reverse("teams:item_minutes", kwargs={"uuid": item.uuid}),
                           {"minutes": "Zorgen over gedrag in groep 5", "version": item.version},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "agenda-changed"
    response = client.post(reverse("teams:decision_add", kwargs={"uuid": meeting.uuid}), {
        "besluit-agenda_item": str(item.uuid), "besluit-text": "Groepsaanbod met het jongerenwerk"})
    assert response.status_code == 302
    due = timezone.localdate() + timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("teams:action_add", kwargs={"uuid": meeting.uuid}), {
            "actie-agenda_item": str(item.uuid), "actie-description": "Jongerenwerk benaderen",
            "actie-owner": region.director.pk, "actie-due_date": due.isoformat()})
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.agenda_item, action.due_date) == (region.director, item, due)
    page = client.get(url).content.decode()
    assert "Zorgen over gedrag in groep 5" in page and "Groepsaanbod met het jongerenwerk" in page
    guest = login(region.gp_support)
    page = guest.get(url).content.decode()
    assert "U bent gast op de lege stoel." in page and "Zorgen over gedrag in groep 5" in page
    assert "Zijn er nieuwe instromers" not in page and "Jongerenwerk benaderen" not in page
    assert guest.get(reverse("teams:item_minutes", kwargs={"uuid": item.uuid})).status_code == 404
    client = login(region.ib)
    client.post(reverse("teams:meeting_status", kwargs={"uuid": meeting.uuid}), {"to": "closed"})
    assert Guest.objects.get().access_ended_at is not None
    guest = login(region.gp_support)
    assert guest.get(url).status_code == 404


def test_live_refresh_answers_204_until_something_changes(login, ipt, meeting):
    client = login(ipt.region.nurse)
    live = reverse("teams:meeting_live", kwargs={"uuid": meeting.uuid})
    first = client.get(live)
    assert first.status_code == 200 and b'id="agenda"' in first.content
    token = first.content.decode().split("token=")[1].split('"')[0]
    assert client.get(live, {"token": token}).status_code == 204
    item = meeting.agenda_items.get(kind=AgendaItem.Kind.COLLABORATION)
    services.agenda_item_record_minutes(actor=ipt.region.director, item=item, minutes="Nieuw", version=item.version)
    changed = client.get(live, {"token": token})
    assert changed.status_code == 200 and "Nieuw" in changed.content.decode()


def test_minutes_conflict_keeps_both_texts_with_a_clear_message(login, ipt, meeting):
    item = meeting.agenda_items.get(kind=AgendaItem.Kind.CONCERNS)
    base = item.version
    services.agenda_item_record_minutes(actor=ipt.region.nurse, item=item, minutes="Tekst van Nora", version=base)
    client = login(ipt.region.director)
    response = client.post(reverse("teams:item_minutes", kwargs={"uuid": item.uuid}),
                           {"minutes": "Tekst van Dirk", "version": base})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Nora Jansen heeft dit intussen gewijzigd" in page
    assert "Tekst van Nora" in page and "Tekst van Dirk" in page
    assert f'name="version" value="{base + 1}"' in page
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Tekst van Nora"


def test_agreement_edit_and_history_through_the_pages(login, ipt):
    client = login(ipt.region.ib)
    url = reverse("teams:agreement", kwargs={"uuid": ipt.team.uuid, "topic": "frequency"})
    client.post(url, {"text": "Kernteam 4 keer per jaar", "base_version": 0})
    client.post(url, {"text": "Kernteam 6 keer per jaar", "base_version": 1})
    response = client.post(url, {"text": "Kernteam 2 keer", "base_version": 1})
    assert response.status_code == 409 and "Kernteam 6 keer per jaar" in response.content.decode()
    assert list(TeamAgreement.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    history = client.get(reverse("teams:agreement_history", kwargs={"uuid": ipt.team.uuid})).content.decode()
    assert "<del>" in history and "<ins>" in history and "versie 2" in history
    assert login(ipt.region.nurse).get(url).status_code == 404


def test_respond_to_a_measurement_and_see_the_chart(login, ipt):
    region = ipt.region
    assessment = services.assessment_open(actor=region.ib, team=ipt.team, title="Nulmeting")
    url = reverse("teams:assessment", kwargs={"uuid": assessment.uuid})
    for user, score in [(region.ib, 2), (region.nurse, 3), (region.director, 4)]:
        response = login(user).post(url, {key: score for key in ("s1", "s2", "a1", "a12")})
        assert response.status_code == 302
    page = login(region.ib).get(reverse("teams:assessments", kwargs={"uuid": ipt.team.uuid})).content.decode()
    assert "<svg" in page and 'role="img"' in page and "Groei van het team" in page
    assert "3,0" in page  # mean of s1, in the table with a decimal comma
    assert "Ik ken de leden in het team." in page


def test_workshop_pages_add_notes_with_htmx_and_complete(login, ipt):
    region = ipt.region
    workshop = services.workshop_start(actor=region.facilitator, team=ipt.team)
    nurse = login(region.nurse)
    response = nurse.post(reverse("teams:note_add", kwargs={"uuid": workshop.uuid}), {"step": 1, "text": "Nora"},
                          HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "board-changed"
    assert "Uw notitie hangt in de taart." in response.content.decode()
    nurse.post(reverse("teams:note_add", kwargs={"uuid": workshop.uuid}), {"step": 7, "text": "Ik bel de GGD"})
    board = reverse("teams:workshop_board", kwargs={"uuid": workshop.uuid})
    assert nurse.post(reverse("teams:workshop_step", kwargs={"uuid": workshop.uuid}), {"step": 3}).status_code == 404
    facilitator = login(region.facilitator)
    facilitator.post(reverse("teams:workshop_step", kwargs={"uuid": workshop.uuid}), {"step": 7})
    note = WorkshopNote.objects.get(step=1)
    facilitator.post(reverse("teams:note_cluster", kwargs={"uuid": note.uuid}), {"cluster": "Wie zijn we"})
    page = facilitator.get(board).content.decode()
    assert "Wie zijn we" in page and "Stap 7: En nu" in page
    response = facilitator.post(reverse("teams:workshop_complete", kwargs={"uuid": workshop.uuid}),
                                {"due_date": (timezone.localdate() + timedelta(weeks=6)).isoformat()})
    assert response.status_code == 302
    assert AmbitionWorkshop.objects.get().status == "completed"
    assert Action.objects.get().owner == region.nurse
    printed = facilitator.get(reverse("teams:workshop_print", kwargs={"uuid": workshop.uuid})).content.decode()
    assert "Ik bel de GGD" in printed and "Afgedrukt op" in printed


def test_ics_export(login, ipt, meeting):
    client = login(ipt.region.nurse)
    response = client.get(reverse("teams:meeting_ics", kwargs={"uuid": meeting.uuid}))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"UID:{meeting.uuid}@werkplaats" in body
    assert "SUMMARY:IPT De Esch: overleg kernteam" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    feed = client.get(reverse("teams:meetings_ics", kwargs={"uuid": ipt.team.uuid})).content.decode()
    assert feed.count("BEGIN:VEVENT") == 1
    services.meeting_plan(actor=ipt.region.ib, team=ipt.team, layer="steering", starts_at=at(5), ends_at=at(5, 10))
    feed = client.get(reverse("teams:meetings_ics", kwargs={"uuid": ipt.team.uuid})).content.decode()
    assert feed.count("BEGIN:VEVENT") == 1  # the nurse is not in the steering group


def test_notifications_page_and_mark_read(login, ipt):
    Notification.objects.create(user=ipt.region.nurse, kind="action_assigned", message="Nieuwe actie", link="/team/")
    client = login(ipt.region.nurse)
    page = client.get(reverse("teams:notifications")).content.decode()
    assert "Nieuwe actie" in page and "nieuw" in page
    client.post(reverse("teams:notifications"))
    assert Notification.objects.get().read_at is not None
    home = client.get(reverse("teams:index")).content.decode()
    assert "Geen nieuwe meldingen." in home


def test_meeting_and_workshop_pages_do_not_grow_queries_with_their_content(login, ipt, meeting,
                                                                           django_assert_max_num_queries):
    """No query per agenda item, decision, action or note: the page costs the same with more content."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    region = ipt.region
    client = login(region.ib)
    workshop = services.workshop_start(actor=region.ib, team=ipt.team)
    urls = [reverse("teams:meeting", kwargs={"uuid": meeting.uuid}),
            reverse("teams:workshop", kwargs={"uuid": workshop.uuid})]

    def cost() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    cost()  # the session's first request renews its expiry (a write); compare the requests after it
    before = cost()
    due = timezone.localdate() + timedelta(days=7)
    for n in range(6):
        item = services.agenda_item_add(actor=region.ib, meeting=meeting, kind="free", title=f"Punt {n}")
        services.decision_record(actor=region.ib, meeting=meeting, agenda_item=item, text=f"Besluit {n}")
        services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, agenda_item=item,
                               description=f"Actie {n}", owner=region.nurse, due_date=due)
        services.workshop_note_add(actor=region.nurse, workshop=workshop, step=1 + n % 7, text=f"Notitie {n}")
    assert cost() == before
    with django_assert_max_num_queries(40):
        client.get(urls[0])


def test_the_empty_chair_item_leads_to_the_next_meeting(login, ipt, meeting):
    later = services.meeting_plan(actor=ipt.region.ib, team=ipt.team, layer="core", starts_at=at(30),
                                  ends_at=at(30, 11))
    page = login(ipt.region.ib).get(reverse("teams:meeting", kwargs={"uuid": meeting.uuid})).content.decode()
    assert reverse("teams:guests", kwargs={"uuid": later.uuid}) in page
    page = login(ipt.region.nurse).get(reverse("teams:meeting", kwargs={"uuid": meeting.uuid})).content.decode()
    assert reverse("teams:guests", kwargs={"uuid": later.uuid}) not in page


def test_a_guest_whose_access_ended_gets_a_notice_that_stops_the_live_refresh(login, ipt, meeting):
    region = ipt.region
    services.guest_invite(actor=region.ib, meeting=meeting, user=region.gp_support, purpose="Meedenken")
    live = reverse("teams:meeting_live", kwargs={"uuid": meeting.uuid})
    guest = login(region.gp_support)
    assert guest.get(live).status_code == 200
    services.meeting_transition(actor=region.ib, meeting=meeting, to=Meeting.Status.IN_PROGRESS)
    services.meeting_transition(actor=region.ib, meeting=meeting, to=Meeting.Status.CLOSED)
    ended = guest.get(live)
    assert ended.status_code == 286 and "toegang als gast tot dit overleg is beëindigd" in ended.content.decode()
    assert login(region.outsider).get(live).status_code == 404


def test_the_series_form_prefills_the_cadence_of_the_chosen_layer(login, ipt):
    team = ipt.team
    team.cadence_core, team.cadence_wider, team.cadence_steering = 6, 3, 2
    team.save()
    client = login(ipt.region.ib)
    url = reverse("teams:meetings", kwargs={"uuid": team.uuid})
    for layer, count in (("", 6), ("core", 6), ("wider", 3), ("steering", 2), ("unknown", 6)):
        form = client.get(url, {"laag": layer} if layer else {}).context["series_form"]
        assert form["count"].value() == count
        assert form["layer"].value() == (layer if layer in ("core", "wider", "steering") else "core")
    page = client.get(url).content.decode()
    assert 'data-cadence="{&quot;core&quot;: 6, &quot;wider&quot;: 3, &quot;steering&quot;: 2}"' in page
    assert "teams/series.js" in page
