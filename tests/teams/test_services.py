"""Writes of the IPT: composing the team, planning and recording meetings, guests, actions and reminders,
agreements, measurements and the ambition workshop."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from tests.factories import OrganisationFactory
from tests.teams.conftest import at
from werkplaats.organisations.models import Organisation
from werkplaats.teams import content, selectors, services
from werkplaats.teams.models import (
    Action,
    AgendaItem,
    AmbitionWorkshop,
    AssessmentScore,
    Attendance,
    Meeting,
    Notification,
    Stakeholder,
    Team,
    TeamAgreement,
    TeamAssessment,
)
from werkplaats.teams.services import AttendanceEntry, EditConflict

pytestmark = pytest.mark.django_db
Kind = AgendaItem.Kind


# --- composing the team ----------------------------------------------------------------------------------


def test_care_coordinator_and_process_facilitator_may_start_a_team_others_not(region):
    for user in (region.teacher, region.outsider, region.nurse, region.adviser):
        with pytest.raises(PermissionDenied):
            services.team_create(actor=user, school=region.school, form=Team.Form.CORE)
    team = services.team_create(actor=region.facilitator, school=region.school, form=Team.Form.CORE_WIDER)
    assert team.cadence_core == 4 and team.cadence_wider == 2
    with pytest.raises(ValidationError, match="al een interprofessioneel team"):
        services.team_create(actor=region.ib, school=region.school, form=Team.Form.CORE)


@pytest.mark.parametrize(("form", "layers"), [
    (Team.Form.CORE, ["core"]),
    (Team.Form.CORE_WIDER, ["core", "wider"]),
    (Team.Form.CORE_WIDER_STEERING, ["core", "wider", "steering"]),
])
def test_the_three_forms_have_their_layers(region, form, layers):
    team = services.team_create(actor=region.ib, school=region.school, form=form)
    assert [layer.layer for layer in selectors.team_layers(team=team)] == layers
    missing = {"core", "wider", "steering"} - set(layers)
    for layer in missing:
        with pytest.raises(ValidationError, match="geen"):
            services.stakeholder_add(actor=region.ib, team=team, name="X", function="Y", layer=layer)


def test_form_cannot_shrink_while_members_sit_in_the_dropped_layer(ipt):
    team, ib = ipt.team, ipt.region.ib
    with pytest.raises(ValidationError) as error:
        services.team_update(actor=ib, team=team, form=Team.Form.CORE, cadence_core=4, cadence_wider=2,
                             cadence_steering=2)
    assert "breder team" in str(error.value) and "stuurgroep" in str(error.value)


def test_map_the_involved_first_then_choose_the_layers(region):
    ib = region.ib
    team = services.team_create(actor=ib, school=region.school, form=Team.Form.CORE_WIDER)
    police = OrganisationFactory(kind=Organisation.Kind.POLICE, name="Politie wijkteam Oost")
    nurse = services.stakeholder_add(actor=ib, team=team, user=region.nurse, function="jeugdverpleegkundige",
                                     organisation=region.jgz)
    agent = services.stakeholder_add(actor=ib, team=team, name="Wim Wijkagent", function="wijkagent",
                                     organisation=police)
    manager = services.stakeholder_add(actor=ib, team=team, name="Mia Manager", function="manager JGZ",
                                       organisation=region.jgz, is_manager=True)
    assert nurse.name == "Nora Jansen" and nurse.email == "nora@example.org" and nurse.layer == ""
    assert not selectors.team_layers(team=team)[0].members
    changed = services.stakeholders_assign_layers(
        actor=ib, team=team, layers={nurse.uuid: "core", agent.uuid: "wider", manager.uuid: ""})
    assert changed == 2
    layers = {view.layer: [s.name for s in view.members] for view in selectors.team_layers(team=team)}
    assert layers == {"core": ["Nora Jansen"], "wider": ["Wim Wijkagent"]}


def test_an_account_must_work_at_the_chosen_organisation(ipt):
    region = ipt.region
    with pytest.raises(ValidationError, match="werkt deze persoon niet bij Gemeente Enschede"):
        services.stakeholder_add(actor=region.ib, team=ipt.team, user=region.teacher, function="leerkracht",
                                 organisation=region.municipality)
    with pytest.raises(ValidationError, match="al in de lijst"):
        services.stakeholder_add(actor=region.ib, team=ipt.team, user=region.nurse, function="jgz",
                                 organisation=region.jgz)


def test_one_contact_person_per_organisation_the_school_included(ipt):
    region = ipt.region
    with pytest.raises(ValidationError, match="al een aanspreekpunt"):
        services.stakeholder_add(actor=region.ib, team=ipt.team, name="Tweede", function="jgz",
                                 organisation=region.jgz, is_contact_person=True)
    with pytest.raises(ValidationError, match="al een aanspreekpunt"):
        services.stakeholder_add(actor=region.ib, team=ipt.team, user=region.teacher, function="leerkracht",
                                 is_contact_person=True)


def test_contact_sheet_lists_every_organisation_around_the_school(ipt):
    rows = selectors.contact_sheet(team=ipt.team)
    sheet = {row.name: (row.contact.name if row.contact else None) for row in rows}
    assert rows[0].name == "De Esch" and rows[0].contact.name == "Ilse Bakker"
    assert sheet == {
        "De Esch": "Ilse Bakker", "GGD Twente": "Nora Jansen", "Gemeente Enschede": "Marieke Hof",
        "Huisartsenpraktijk De Bron": None, "SWV Twente Noord": None,
    }
    municipality = next(row for row in rows if row.name == "Gemeente Enschede")
    assert [s.name for s in municipality.others] == ["Dirk Smit"]


# --- meetings and agenda --------------------------------------------------------------------------------


def test_core_agenda_has_the_fixed_items_of_appendix_d(meeting):
    kinds = list(meeting.agenda_items.values_list("kind", flat=True))
    assert kinds == [Kind.OPEN_ACTIONS, Kind.CONCERNS, Kind.NEW_PUPILS, Kind.ATTENDANCE, Kind.COLLABORATION,
                     Kind.EMPTY_CHAIR]
    titles = [str(item) for item in meeting.agenda_items.all()]
    assert "Zijn er zorgen/ signalen om te bespreken?" in titles
    assert "Willen we de volgende keer iemand uitnodigen op de ‘lege stoel’ en zo ja, wie met welk doel?" in titles


def test_fixed_items_stay_other_items_can_go(meeting, ipt):
    ib = ipt.region.ib
    concerns = meeting.agenda_items.get(kind=Kind.CONCERNS)
    with pytest.raises(ValidationError, match="vast agendapunt"):
        services.agenda_item_remove(actor=ib, item=concerns)
    services.agenda_item_remove(actor=ib, item=meeting.agenda_items.get(kind=Kind.ATTENDANCE))
    assert not meeting.agenda_items.filter(kind=Kind.ATTENDANCE).exists()


def test_members_add_items_beforehand_before_the_empty_chair(meeting, ipt):
    nurse = ipt.region.nurse
    with pytest.raises(ValidationError, match="titel"):
        services.agenda_item_add(actor=nurse, meeting=meeting, kind=Kind.FREE)
    item = services.agenda_item_add(actor=nurse, meeting=meeting, kind=Kind.CLASS, preparation="Groep 5: onrust")
    services.agenda_item_add(actor=nurse, meeting=meeting, kind=Kind.FREE, title="Gezonde school")
    kinds = list(meeting.agenda_items.order_by("position").values_list("kind", flat=True))
    assert kinds[-3:] == [Kind.CLASS, Kind.FREE, Kind.EMPTY_CHAIR]
    assert item.prepared_by == nurse
    services.agenda_item_move(actor=nurse, item=item, up=True)
    kinds = list(meeting.agenda_items.order_by("position").values_list("kind", flat=True))
    assert kinds.index(Kind.CLASS) < kinds.index(Kind.COLLABORATION)
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(actor=ipt.region.gp_support, meeting=meeting, kind=Kind.THEMES)


def test_wider_and_steering_agendas_carry_the_open_actions(ipt):
    wider = services.meeting_plan(actor=ipt.region.ib, team=ipt.team, layer="wider", starts_at=at(10),
                                  ends_at=at(10, 11))
    assert list(wider.agenda_items.values_list("kind", flat=True)) == [Kind.OPEN_ACTIONS]


@freeze_time("2025-09-01 08:00:00")
def test_series_follows_the_cadence_over_the_school_year(ipt):
    first = at(7, 15)  # Monday 8 September 2025, 15:00
    meetings = services.meetings_plan_series(actor=ipt.region.ib, team=ipt.team, layer="core",
                                             first_starts_at=first, duration_minutes=90, count=4)
    assert len(meetings) == 4
    days = [timezone.localtime(m.starts_at) for m in meetings]
    assert days[0] == timezone.localtime(first)
    assert all(d.hour == 15 and d.minute == 0 for d in days)
    assert days == sorted(days) and days[-1].date() <= date(2026, 7, 31)
    gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    assert min(gaps) >= 7 * 10  # spread over the year, not bunched
    from werkplaats.attendance.calendars import CalendarCache

    school_days = CalendarCache().for_school(ipt.team.school)
    assert all(school_days.is_school_day(d.date()) for d in days)
    with pytest.raises(ValidationError, match="passen geen"):
        services.meetings_plan_series(actor=ipt.region.ib, team=ipt.team, layer="core", first_starts_at=at(300),
                                      duration_minutes=60, count=20)


def test_urgent_meeting_is_raised_by_a_core_member_online_at_short_notice(ipt, django_capture_on_commit_callbacks):
    region = ipt.region
    with pytest.raises(PermissionDenied):
        services.meeting_plan_urgent(actor=region.gp_support, team=ipt.team, starts_at=at(1, 8),
                                     duration_minutes=30, online_url="https://meet.example.org/x", reason="Zorgen")
    for starts_at, url, message in [
        (at(-1), "https://meet.example.org/x", "toekomst"),
        (at(20), "https://meet.example.org/x", "korte termijn"),
        (at(1), "", "online"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.meeting_plan_urgent(actor=region.nurse, team=ipt.team, starts_at=starts_at,
                                         duration_minutes=30, online_url=url, reason="Zorgen")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_plan_urgent(
            actor=region.nurse, team=ipt.team, starts_at=at(1, 8), duration_minutes=30,
            online_url="https://meet.example.org/spoed", reason="Zorgen om Bas uit groep 4",
        )
    assert meeting.kind == Meeting.Kind.URGENT and meeting.layer == "core" and meeting.raised_by == region.nurse
    assert meeting.agenda_items.get(kind=Kind.CONCERNS).preparation == "Zorgen om Bas uit groep 4"
    notified = set(Notification.objects.filter(kind=Notification.Kind.URGENT_MEETING).values_list("user", flat=True))
    assert notified == {region.ib.pk, region.director.pk}  # the core team, not the raiser, not the wider team
    assert sorted(m.to[0] for m in mail.outbox) == ["dirk@example.org", "ilse@example.org"]
    assert all("Bas" not in m.body and "Bas" not in m.subject for m in mail.outbox)
    assert "Kernteam-spoedoverleg" in mail.outbox[0].subject


def test_meeting_status_follows_the_workflow(meeting, ipt):
    ib = ipt.region.ib
    with pytest.raises(ValidationError, match="kan dit overleg niet"):
        services.meeting_transition(actor=ib, meeting=meeting, to=Meeting.Status.CLOSED)
    services.meeting_transition(actor=ib, meeting=meeting, to=Meeting.Status.IN_PROGRESS)
    meeting = services.meeting_transition(actor=ib, meeting=meeting, to=Meeting.Status.CLOSED)
    assert meeting.closed_at is not None
    with pytest.raises(PermissionDenied):
        services.meeting_transition(actor=ipt.region.nurse, meeting=meeting, to=Meeting.Status.IN_PROGRESS)


def test_cancelling_bumps_the_calendar_sequence_and_tells_the_members(meeting, ipt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_transition(actor=ipt.region.ib, meeting=meeting, to=Meeting.Status.CANCELLED)
    assert meeting.sequence == 1
    assert Notification.objects.filter(kind=Notification.Kind.MEETING_CANCELLED).count() == 3


# --- the empty chair ------------------------------------------------------------------------------------


def test_guest_is_someone_around_the_school_with_a_purpose(meeting, ipt):
    region = ipt.region
    with pytest.raises(ValidationError, match="doel"):
        services.guest_invite(actor=region.ib, meeting=meeting, user=region.gp_support, purpose=" ")
    with pytest.raises(ValidationError, match="rond deze school"):
        services.guest_invite(actor=region.ib, meeting=meeting, user=region.outsider, purpose="Kennismaken")
    with pytest.raises(ValidationError, match="rond deze school"):
        services.guest_invite(actor=region.ib, meeting=meeting, user=region.nurse, purpose="Zit al in het kernteam")
    with pytest.raises(PermissionDenied):
        services.guest_invite(actor=region.nurse, meeting=meeting, user=region.gp_support, purpose="Bas")
    guest = services.guest_invite(actor=region.ib, meeting=meeting, user=region.gp_support,
                                  purpose="Meedenken over gedrag op het schoolplein")
    assert guest.access_ended_at is None


def test_closing_the_meeting_ends_the_guests_access(meeting, ipt):
    region = ipt.region
    services.guest_invite(actor=region.ib, meeting=meeting, user=region.gp_support, purpose="Meedenken")
    services.meeting_transition(actor=region.ib, meeting=meeting, to=Meeting.Status.IN_PROGRESS)
    services.meeting_transition(actor=region.ib, meeting=meeting, to=Meeting.Status.CLOSED)
    assert meeting.guests.get().access_ended_at is not None
    services.meeting_transition(actor=region.ib, meeting=meeting, to=Meeting.Status.IN_PROGRESS)
    assert meeting.guests.get().access_ended_at is not None  # reopening the minutes does not give it back


# --- recording ------------------------------------------------------------------------------------------


def test_attendance_with_substitutes(meeting, ipt):
    region = ipt.region
    ib, nurse, director = (Stakeholder.objects.get(team=ipt.team, user=u) for u in
                           (region.ib, region.nurse, region.director))
    with pytest.raises(ValidationError, match="vervanger"):
        services.attendance_record(actor=region.ib, meeting=meeting, entries=[
            AttendanceEntry(nurse, Attendance.Status.SUBSTITUTED)])
    services.attendance_record(actor=region.ib, meeting=meeting, entries=[
        AttendanceEntry(ib, Attendance.Status.PRESENT),
        AttendanceEntry(nurse, Attendance.Status.SUBSTITUTED, "Sanne de Boer, jeugdarts"),
        AttendanceEntry(director, Attendance.Status.ABSENT, "wordt genegeerd"),
    ])
    rows = {s.name: (a.status, a.substitute) for s, a in selectors.meeting_attendance(meeting=meeting)}
    assert rows == {"Ilse Bakker": ("present", ""), "Nora Jansen": ("substituted", "Sanne de Boer, jeugdarts"),
                    "Dirk Smit": ("absent", "")}
    wider = Stakeholder.objects.get(user=region.gp_support)
    with pytest.raises(ValidationError, match="geen lid van deze laag"):
        services.attendance_record(actor=region.ib, meeting=meeting, entries=[
            AttendanceEntry(wider, Attendance.Status.PRESENT)])


def test_decisions_and_actions_with_owner_and_due_date(meeting, ipt, django_capture_on_commit_callbacks):
    region = ipt.region
    item = meeting.agenda_items.get(kind=Kind.CONCERNS)
    decision = services.decision_record(actor=region.nurse, meeting=meeting, agenda_item=item,
                                        text="Groepsaanbod in plaats van individueel traject")
    assert decision.recorded_by == region.nurse
    due = timezone.localdate() + timedelta(days=14)
    with pytest.raises(ValidationError, match="lid van het team"):
        services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, description="X",
                               owner=region.outsider, due_date=due)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, agenda_item=item,
                                        description="Gesprek met ouders van Bas plannen", owner=region.teacher,
                                        due_date=due)
    assert action.status == Action.Status.OPEN and action.owner == region.teacher
    notification = Notification.objects.get(user=region.teacher)
    assert notification.kind == Notification.Kind.ACTION_ASSIGNED and "Bas" not in notification.message
    assert len(mail.outbox) == 1 and "Bas" not in mail.outbox[0].body
    assert mail.outbox[0].to == ["tom@example.org"]


def test_open_actions_carry_to_the_next_agenda(meeting, ipt):
    region = ipt.region
    due = timezone.localdate() + timedelta(days=14)
    open_one = services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, description="Open",
                                      owner=region.nurse, due_date=due)
    done = services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, description="Klaar",
                                  owner=region.nurse, due_date=due)
    services.action_transition(actor=region.nurse, action=done, to=Action.Status.DONE, version=done.version)
    later = services.meeting_plan(actor=region.ib, team=ipt.team, layer="core", starts_at=at(40),
                                  ends_at=at(40, 11))
    assert selectors.open_actions_before(meeting=later) == [open_one]
    assert selectors.open_actions_before(meeting=meeting) == []
    steering = services.meeting_plan(actor=region.ib, team=ipt.team, layer="steering", starts_at=at(41),
                                     ends_at=at(41, 11))
    assert selectors.open_actions_before(meeting=steering) == []  # core actions are not for the steering group


def test_action_status_uses_the_version(meeting, ipt):
    region = ipt.region
    action = services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, description="Bellen",
                                    owner=region.nurse, due_date=timezone.localdate())
    stale = action.version
    services.action_transition(actor=region.nurse, action=action, to=Action.Status.DONE, version=stale)
    assert action.done_at is not None
    with pytest.raises(ValidationError, match="kan niet"):
        services.action_transition(actor=region.ib, action=action, to=Action.Status.DONE, version=action.version)
    reopen = Action.objects.get(pk=action.pk)
    with pytest.raises(EditConflict, match="intussen gewijzigd"):
        services.action_transition(actor=region.ib, action=reopen, to=Action.Status.OPEN, version=stale)


def test_minutes_based_on_an_old_version_raise_a_conflict_and_keep_the_newer_text(meeting, ipt):
    region = ipt.region
    item = meeting.agenda_items.get(kind=Kind.CONCERNS)
    base = item.version
    services.agenda_item_record_minutes(actor=region.nurse, item=item, minutes="Nora: zorgen gedeeld", version=base)
    stale = AgendaItem.objects.get(pk=item.pk)
    with pytest.raises(EditConflict) as conflict:
        services.agenda_item_record_minutes(actor=region.director, item=stale, minutes="Dirk: iets anders",
                                            version=base)
    assert conflict.value.current.minutes == "Nora: zorgen gedeeld"
    assert "Nora Jansen heeft dit intussen gewijzigd" in conflict.value.message
    assert "niet weg" in conflict.value.message
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Nora: zorgen gedeeld"


def test_reminders_for_actions_due_soon_or_overdue_without_pupil_data(meeting, ipt, django_capture_on_commit_callbacks):
    from werkplaats.teams.tasks import remind_actions_due

    region = ipt.region
    today = timezone.localdate()

    def action(days: int, reminded: int | None = None) -> Action:
        created = services.action_create(actor=region.nurse, team=ipt.team, meeting=meeting, owner=region.nurse,
                                         description="Bas ophalen bij de opvang", due_date=today)
        Action.objects.filter(pk=created.pk).update(
            due_date=today + timedelta(days=days),
            reminded_on=None if reminded is None else today - timedelta(days=reminded))
        return created

    soon, later, reminded_today, overdue_week = action(2), action(5), action(1, reminded=0), action(-10, reminded=7)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions_due() == 2
    assert set(Action.objects.filter(reminded_on=today).values_list("pk", flat=True)) == {
        soon.pk, reminded_today.pk, overdue_week.pk}
    assert later.pk not in set(Action.objects.filter(reminded_on=today).values_list("pk", flat=True))
    assert Notification.objects.filter(kind=Notification.Kind.ACTION_REMINDER).count() == 2
    assert len(mail.outbox) == 2 and all("Bas" not in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions_due() == 0  # once a day at most


# --- agreements -----------------------------------------------------------------------------------------


def test_agreements_are_versioned_and_show_what_changed(ipt):
    ib = ipt.region.ib
    topic = TeamAgreement.Topic.CHAIR
    first = services.agreement_record(actor=ib, team=ipt.team, topic=topic, text="De IB'er zit voor",
                                      base_version=0)
    same = services.agreement_record(actor=ib, team=ipt.team, topic=topic, text="De IB'er zit voor ",
                                     base_version=1)
    assert same == first
    second = services.agreement_record(actor=ib, team=ipt.team, topic=topic, text="De jeugdverpleegkundige zit voor",
                                       base_version=1)
    assert (first.version, second.version) == (1, 2)
    with pytest.raises(EditConflict) as conflict:
        services.agreement_record(actor=ib, team=ipt.team, topic=topic, text="Wisselend", base_version=1)
    assert conflict.value.current == second
    current = {view.topic: view.current for view in selectors.agreements_current(team=ipt.team)}
    assert current[topic] == second and current[TeamAgreement.Topic.MINUTES] is None
    assert len(current) == 13
    history = selectors.agreement_history(team=ipt.team)
    assert [change.agreement for change in history] == [second, first]
    assert history[0].diff == [("equal", "De"), ("delete", "IB'er"), ("insert", "jeugdverpleegkundige"),
                               ("equal", "zit voor")]
    assert history[1].diff == [("insert", "De IB'er zit voor")]
    with pytest.raises(PermissionDenied):
        services.agreement_record(actor=ipt.region.nurse, team=ipt.team, topic=topic, text="x", base_version=2)


# --- measurements ---------------------------------------------------------------------------------------


def _answers(score: int) -> dict[str, int]:
    return dict.fromkeys(content.ITEM_KEYS, score)


def test_every_member_scores_once_anonymously(ipt):
    region = ipt.region
    assessment = services.assessment_open(actor=region.ib, team=ipt.team, title="Nulmeting")
    assert len(content.STATEMENTS) == 7 and len(content.ASPECTS) == 12
    services.assessment_respond(actor=region.nurse, assessment=assessment, scores=_answers(4))
    with pytest.raises(ValidationError, match="al ingevuld"):
        services.assessment_respond(actor=region.nurse, assessment=assessment, scores=_answers(2))
    with pytest.raises(ValidationError, match="1 tot en met 5"):
        services.assessment_respond(actor=region.director, assessment=assessment, scores={"s1": 9})
    with pytest.raises(PermissionDenied):
        services.assessment_respond(actor=region.teacher, assessment=assessment, scores=_answers(3))
    assert {f.name for f in AssessmentScore._meta.get_fields()} == {"id", "assessment", "item", "score"}
    with pytest.raises(ValidationError, match="loopt al"):
        services.assessment_open(actor=region.ib, team=ipt.team, title="Tweede")


def test_results_per_statement_show_with_three_respondents_and_grow_over_measurements(ipt):
    region = ipt.region
    zero = services.assessment_open(actor=region.ib, team=ipt.team, title="Nulmeting")
    for user, score in [(region.ib, 2), (region.nurse, 3)]:
        services.assessment_respond(actor=user, assessment=zero, scores=_answers(score))
    growth = selectors.team_growth(team=ipt.team)
    assert growth.shown == [False] and all(item.means == [None] for item in growth.items)
    services.assessment_respond(actor=region.director, assessment=zero, scores={"s1": 4})
    services.assessment_close(actor=region.ib, assessment=zero)
    later = services.assessment_open(actor=region.ib, team=ipt.team, title="Voorjaar")
    for user in (region.ib, region.nurse, region.director):
        services.assessment_respond(actor=user, assessment=later, scores=_answers(4))
    growth = selectors.team_growth(team=ipt.team)
    assert growth.shown == [True, True] and growth.respondents == [3, 3]
    s1 = next(item for item in growth.items if item.key == "s1")
    a12 = next(item for item in growth.items if item.key == "a12")
    assert s1.means == [3.0, 4.0] and s1.counts == [3, 3]
    assert a12.means == [2.5, 4.0] and a12.text == "Ouders worden gezien als partner"


# --- the ambition workshop ------------------------------------------------------------------------------


def test_workshop_from_the_outer_ring_inwards_ends_in_actions_and_the_zero_measurement(ipt):
    region = ipt.region
    workshop = services.workshop_start(actor=region.facilitator, team=ipt.team)
    assert workshop.current_step == 1
    services.workshop_note_add(actor=region.nurse, workshop=workshop, step=1, text="Nora, jeugdverpleegkundige")
    good = services.workshop_note_add(actor=region.director, workshop=workshop, step=3, text="Korte lijnen")
    services.workshop_note_add(actor=region.nurse, workshop=workshop, step=3, text="We kennen elkaar")
    with pytest.raises(PermissionDenied):
        services.workshop_step_set(actor=region.nurse, workshop=workshop, step=2)
    with pytest.raises(PermissionDenied):
        services.workshop_note_add(actor=region.teacher, workshop=workshop, step=3, text="Ik ook")
    services.workshop_step_set(actor=region.facilitator, workshop=workshop, step=7)
    services.workshop_note_cluster(actor=region.facilitator, note=good, cluster="Samenwerking")
    services.workshop_note_add(actor=region.nurse, workshop=workshop, step=7, text="Ik plan een kennismaking")
    services.workshop_note_add(actor=region.director, workshop=workshop, step=7, text="Ik deel de factsheet")
    services.workshop_summary_update(actor=region.facilitator, workshop=workshop, joint_wish="Eén team",
                                     first_step="Maandelijks kernteam", version=workshop.version)
    board = selectors.workshop_board(workshop=workshop)
    assert [ring.count for ring in board] == [1, 0, 2, 0, 0, 0, 2]
    assert [cluster.name for cluster in board[2].clusters] == ["Samenwerking", ""]
    due = timezone.localdate() + timedelta(weeks=6)
    services.workshop_complete(actor=region.facilitator, workshop=workshop, due_date=due)
    workshop.refresh_from_db()
    assert workshop.status == AmbitionWorkshop.Status.COMPLETED
    actions = {(a.owner, a.description) for a in ipt.team.actions.all()}
    assert actions == {(region.nurse, "Ik plan een kennismaking"), (region.director, "Ik deel de factsheet")}
    assessment = TeamAssessment.objects.get(team=ipt.team)
    assert assessment.workshop == workshop and assessment.status == TeamAssessment.Status.OPEN
    assert assessment.title.startswith("Nulmeting")
    with pytest.raises(ValidationError, match="afgerond"):
        services.workshop_note_add(actor=region.nurse, workshop=workshop, step=7, text="Te laat")


def test_workshop_links_to_an_open_measurement(ipt):
    region = ipt.region
    zero = services.assessment_open(actor=region.ib, team=ipt.team, title="Nulmeting")
    workshop = services.workshop_start(actor=region.ib, team=ipt.team)
    services.workshop_complete(actor=region.ib, workshop=workshop, due_date=timezone.localdate())
    zero.refresh_from_db()
    assert zero.workshop == workshop and TeamAssessment.objects.count() == 1


def test_note_edits_use_the_version_grouping_does_not_conflict(ipt):
    region = ipt.region
    workshop = services.workshop_start(actor=region.ib, team=ipt.team)
    note = services.workshop_note_add(actor=region.nurse, workshop=workshop, step=4, text="Ouders missen")
    base = note.version
    services.workshop_note_cluster(actor=region.ib, note=note, cluster="Ouders")
    services.workshop_note_update(actor=region.nurse, note=note, text="Ouders missen aan tafel", version=base)
    with pytest.raises(EditConflict):
        services.workshop_note_update(actor=region.nurse, note=note, text="Nog iets", version=base)
    with pytest.raises(PermissionDenied):
        services.workshop_note_update(actor=region.director, note=note, text="Niet van mij", version=note.version)
    note.refresh_from_db()
    assert (note.text, note.cluster) == ("Ouders missen aan tafel", "Ouders")


def test_other_school_care_coordinator_cannot_touch_the_team(ipt):
    other_team = services.team_create(actor=ipt.region.outsider, school=ipt.region.other_school,
                                      form=Team.Form.CORE)
    with pytest.raises(PermissionDenied):
        services.stakeholder_add(actor=ipt.region.outsider, team=ipt.team, name="X", function="Y")
    with pytest.raises(PermissionDenied):
        services.meeting_plan(actor=ipt.region.ib, team=other_team, layer="core", starts_at=at(2),
                              ends_at=at(2, 10))
