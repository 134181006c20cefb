"""The demo's story at De Akker: the seed makes the IPT, its meetings, signals, cases, consents, a handover, a
collective proposal and attendance through the services; every demo account's pages answer with that data;
the same seed tells the same story."""

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from werkplaats.accounts.models import User
from werkplaats.attendance.models import AbsenceRegistration, AbsenceReport
from werkplaats.attendance.selectors import early_warnings
from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases.models import Case, CollectiveProposal, Handover, Signal
from werkplaats.consent.models import Consent
from werkplaats.demo import constants as c
from werkplaats.demo.story import PupilRow, attendance_rows, demo_cast, story_cast
from werkplaats.organisations.models import School
from werkplaats.teams.models import Action, Meeting, Team, TeamAgreement, TeamAssessment

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 12)  # a Thursday in the school year, after the spring holiday
NOW = datetime(2026, 3, 12, 16, 30)


@pytest.fixture
def frozen():
    with freeze_time(timezone.make_aware(NOW)):
        yield


@pytest.fixture
def seeded(frozen, django_capture_on_commit_callbacks) -> str:
    """The region of `make run`; what runs after the commit (notifications, the derivation of attendance
    reports) runs too."""
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_seed", pupils=1500, seed=1, stdout=out)
    return out.getvalue()


def login(client, username: str):
    user = User.objects.get(username=username)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, name=c.DEMO_DEVICE_NAME).persistent_id
    session.save()
    return client


def test_the_seed_makes_the_ipt_cycle_at_de_akker(seeded):
    school = School.objects.get(code=c.DE_AKKER)
    team = school.team
    assert team.form == Team.Form.CORE_WIDER_STEERING
    layers = dict(team.stakeholders.exclude(user=None).values_list("user__username", "layer"))
    assert {u for u, layer in layers.items() if layer == Team.Layer.CORE} == {
        "ib",
        "orthopedagoog",
        "jgz",
        "jeugdregisseur",
        "smw",
    }
    assert layers["leerplicht"] == Team.Layer.WIDER and layers["procesbegeleider"] == Team.Layer.STEERING
    meetings = list(team.meetings.order_by("starts_at"))
    past = [m for m in meetings if m.starts_at < timezone.now()]
    upcoming = [m for m in meetings if m.starts_at > timezone.now()]
    assert past and upcoming and all(m.status == Meeting.Status.CLOSED for m in past)
    assert all(m.status == Meeting.Status.PLANNED for m in upcoming)
    closed_core = [m for m in past if m.layer == Team.Layer.CORE]
    assert all(m.decisions.exists() and m.agenda_items.exclude(minutes="").exists() for m in closed_core)
    next_core = next(m for m in upcoming if m.layer == Team.Layer.CORE)
    assert {"concerns", "new_pupils", "collaboration", "empty_chair"} <= set(
        next_core.agenda_items.values_list("kind", flat=True)
    )
    assert next_core.guests.get().user.username == "leerplicht"
    actions = Action.objects.filter(team=team)
    assert actions.filter(status=Action.Status.DONE).exists() and actions.filter(status=Action.Status.OPEN).exists()
    assert actions.filter(owner__username="leerkracht", status=Action.Status.OPEN).exists()
    assert TeamAgreement.objects.filter(team=team, version=2).count() == 2
    assert TeamAgreement.objects.filter(team=team, version=1).count() == len(TeamAgreement.Topic.values)
    zero = team.assessments.get(status=TeamAssessment.Status.CLOSED)
    assert zero.participations.count() == 6 and zero.scores.exists()


def test_bas_sara_and_the_other_signals(seeded):
    bas_case = Case.objects.get(pupils__given_name="Bas", pupils__family__key=c.TWENTE_FAMILY_KEY)
    assert bas_case.status == Case.Status.OPEN and bas_case.coordinator.username == "jgz"
    assert bas_case.signal.raised_by.username == "leerkracht"
    assert bas_case.signal.consultations.get().outcome == "case"
    assert bas_case.plan.versions.count() == 2
    assert bas_case.evaluations.filter(held_on__isnull=False).exists()
    assert bas_case.evaluations.filter(held_on__isnull=True).exists()
    assert set(bas_case.members.values_list("user__username", flat=True)) >= {
        "ib",
        "jgz",
        "leerkracht",
        c.STORY_GP_SUPPORT,
    }
    assert Consent.objects.filter(pupil__given_name="Bas", purpose="case").exists()
    sara = Handover.objects.get(pupil__given_name="Sara", pupil__family__key=c.TWENTE_FAMILY_KEY)
    assert sara.kind == Handover.Kind.CHILDCARE_PRIMARY and sara.status == Handover.Status.COMPLETED
    assert sara.consent is not None and sara.decided_by.username == "ib"
    statuses = set(Signal.objects.values_list("status", flat=True))
    assert {"new", "on_agenda", "no_action", "advised", "case_opened"} <= statuses
    assert Case.objects.filter(status=Case.Status.CLOSED).exists()
    assert CollectiveProposal.objects.filter(level="class", status="proposed").exists()
    # Written by the services as the demo accounts, dated in the story's weeks.
    assert AccessLogEntry.objects.filter(event_type="signal.raise", user_name__contains="Wolters").exists()
    opened = AccessLogEntry.objects.filter(event_type="case.open")
    assert opened.count() == 2 and all(entry.occurred_at < timezone.now() for entry in opened)


def test_attendance_tiers_report_and_early_warning(seeded):
    school = School.objects.get(code=c.DE_AKKER)
    assert AbsenceRegistration.objects.filter(enrolment__school=school).count() > 20
    report = AbsenceReport.objects.get(school=school)
    assert report.reason == "16_uur" and report.status == "open"
    assert early_warnings(school=school, on=TODAY)


ACCOUNT_PAGES = {
    "leerkracht": ["core:home", "cases:index", "cases:signals", "teams:index"],
    "ib": ["core:home", "cases:index", "cases:signals", "teams:index", "attendance:index"],
    "orthopedagoog": ["core:home", "cases:signals", "teams:index"],
    "jgz": ["core:home", "cases:index", "teams:index"],
    "smw": ["core:home", "cases:index", "teams:index"],
    "jeugdregisseur": ["core:home", "cases:index", "teams:index"],
    "leerplicht": ["core:home", "attendance:index"],
    "procesbegeleider": ["core:home", "teams:index"],
    "beleid": ["core:home"],
    "analist": ["core:home"],
    "privacy": ["core:home"],
    "beheer": ["core:home"],
}


def test_every_account_start_page_and_main_pages(seeded, client):
    for username, pages in ACCOUNT_PAGES.items():
        login(client, username)
        for name in pages:
            response = client.get(reverse(name))
            assert response.status_code == 200, (username, name)
        client.logout()


def test_the_story_is_visible_on_the_pages(seeded, client):
    team = School.objects.get(code=c.DE_AKKER).team
    bas_case = Case.objects.get(pupils__given_name="Bas", pupils__family__key=c.TWENTE_FAMILY_KEY)
    meeting = team.meetings.filter(status=Meeting.Status.CLOSED, layer=Team.Layer.CORE).first()
    expectations = [
        ("ib", reverse("teams:team", kwargs={"uuid": team.uuid}), "Sanne Oude Luttikhuis"),
        ("ib", reverse("teams:meeting", kwargs={"uuid": meeting.uuid}), meeting.decisions.first().text[:30]),
        ("ib", reverse("teams:agreements", kwargs={"uuid": team.uuid}), "zes keer per schooljaar"),
        ("procesbegeleider", reverse("teams:assessments", kwargs={"uuid": team.uuid}), "Nulmeting IPT De Akker"),
        ("jgz", reverse("cases:case", kwargs={"uuid": bas_case.uuid}), "Bas"),
        ("jgz", reverse("cases:plan", kwargs={"uuid": bas_case.uuid}), "time-in"),
        ("leerkracht", reverse("teams:actions", kwargs={"uuid": team.uuid}), "klassenafspraken"),
        ("leerkracht", reverse("cases:signals") + "?status=", "Bas"),
        ("ib", reverse("cases:signals"), "Sara"),
        ("leerplicht", reverse("attendance:index"), "16"),
    ]
    for username, url, text in expectations:
        login(client, username)
        response = client.get(url)
        assert response.status_code == 200, (username, url)
        assert text in response.content.decode(), (username, url, text)
        client.logout()


def test_the_same_seed_tells_the_same_story():
    rows = [
        PupilRow(pk, str(1000 + pk), f"groep {1 + pk % 8}", "GM0164" if pk % 3 else "GM0153", f"Kind {pk}")
        for pk in range(1, 60)
    ]
    cast = story_cast(rows=rows, bas=4, sara=1, seed=5)
    assert cast == story_cast(rows=rows, bas=4, sara=1, seed=5)
    assert cast != story_cast(rows=rows, bas=4, sara=1, seed=6)
    assert cast.class_group == "groep 5" and 4 not in cast.class_pupils
    first = date(2026, 1, 5).toordinal()
    days = [date.fromordinal(first + i) for i in range(56) if date.fromordinal(first + i).weekday() < 5]
    registrations = attendance_rows(cast=cast, school_code="9P0600", days=days, minutes=lambda d: 330, seed=5)
    assert registrations == attendance_rows(cast=cast, school_code="9P0600", days=days, minutes=lambda d: 330, seed=5)
    assert {r["pupil"] for r in registrations} >= {cast.unauthorised, cast.rising, cast.late}


def test_the_seeded_story_follows_the_cast(seeded):
    """What the seed wrote is the cast's story: the same pupils and registrations for the same seed."""
    school = School.objects.get(code=c.DE_AKKER)
    cast = demo_cast(school=school, seed=1, today=TODAY)
    assert Case.objects.filter(signal__pupil_id=cast.case_pupil, status=Case.Status.CLOSED).exists()
    assert Signal.objects.get(pupil_id=cast.home_pupil).status == "advised"
    numbers = set(
        AbsenceRegistration.objects.filter(enrolment__school=school).values_list("enrolment__pupil_number", flat=True)
    )
    assert {cast.unauthorised, cast.rising, cast.late} <= numbers


@pytest.mark.parametrize("today", [date(2026, 8, 3), date(2026, 9, 1)])
def test_the_story_plays_early_in_a_school_year(today, django_capture_on_commit_callbacks):
    """In the summer holiday and on the first school day the story reaches back into the previous school
    year: it is then about pupils who were already at De Akker (`make run` works on any day)."""
    moment = timezone.make_aware(datetime.combine(today, datetime.min.time().replace(hour=9)))
    with freeze_time(moment), django_capture_on_commit_callbacks(execute=True):
        call_command("demo_seed", pupils=1500, seed=1, stdout=io.StringIO())
        school = School.objects.get(code=c.DE_AKKER)
        cast = demo_cast(school=school, seed=1, today=today)
        assert Case.objects.filter(school=school).count() >= 2
        assert Signal.objects.filter(pupil_id=cast.case_pupil).exists()
