"""The attendance web pages (/aanwezigheid/): each page for an allowed and a denied user (404), the import
of a bad file, marking a report as submitted, and the attendance officer who sees only residents."""

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    EnrolmentFactory,
    OrganisationFactory,
    PupilFactory,
    SchoolFactory,
    municipality,
    user_with_role,
)
from tests.web.conftest import login
from werkplaats.accounts.models import Role, User
from werkplaats.attendance import pages
from werkplaats.attendance.calendars import CalendarCache
from werkplaats.attendance.models import AbsenceRegistration, AbsenceReport, SchoolDayOff, SchoolTimetable
from werkplaats.attendance.services import registrations_import, reports_derive
from werkplaats.audit.models import AccessLogEntry
from werkplaats.organisations.models import Organisation, School
from werkplaats.pupils.models import Enrolment

HEADER = ("school", "pupil", "date", "minutes", "reason", "note")


def csv_file(rows: list[tuple], name: str = "verzuim.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


def recent_full_days(school: School, count: int) -> list[datetime.date]:
    """The last `count` school days up to today with 330 scheduled minutes (not a Wednesday)."""
    days = CalendarCache().for_school(school)
    today = timezone.localdate()
    found = [day for day in days.days(today - datetime.timedelta(days=60), today) if days.minutes_on(day) >= 300]
    return found[-count:]


def truant_rows(enrolment: Enrolment, count: int = 4) -> list[tuple]:
    """Unauthorised absence enough for a 16-hour report (4 × 300 minutes within 4 school weeks)."""
    return [
        (enrolment.school.code, enrolment.pupil_number, day.isoformat(), 300, "ongeoorloofd", "")
        for day in recent_full_days(enrolment.school, count)
    ]


@dataclass
class Setup:
    school: School
    other_school: School
    truant: Enrolment
    classmate: Enrolment
    resident_elsewhere: Enrolment
    coordinator: User
    teacher: User
    outsider: User
    officer: User


@pytest.fixture
def setup(db) -> Setup:
    school = SchoolFactory(name="De Akker")
    other_school = SchoolFactory(name="De Esch", municipality=municipality("GM0164"))
    truant = EnrolmentFactory(
        school=school, group="groep 6", pupil=PupilFactory(given_name="Bas", family_name="Twente")
    )
    classmate = EnrolmentFactory(
        school=school, group="groep 7", pupil=PupilFactory(given_name="Lotte", family_name="Hengevelde")
    )
    resident_elsewhere = EnrolmentFactory(
        school=other_school,
        group="groep 5",
        pupil=PupilFactory(given_name="Mees", family_name="Oldenkamp", home_municipality=municipality("GM0164")),
    )
    office = OrganisationFactory(
        kind=Organisation.Kind.COMPULSORY_EDUCATION, name="Leerplicht Hengelo", municipality=municipality("GM0164")
    )
    result = registrations_import(io.BytesIO(_raw(truant_rows(truant) + truant_rows(resident_elsewhere))))
    assert result.accepted, result.errors
    return Setup(
        school=school,
        other_school=other_school,
        truant=truant,
        classmate=classmate,
        resident_elsewhere=resident_elsewhere,
        coordinator=user_with_role(Role.CARE_COORDINATOR, school=school),
        teacher=user_with_role(Role.TEACHER, school=school, groups=["groep 7"]),
        outsider=user_with_role(Role.CARE_COORDINATOR, school=SchoolFactory(name="De Bron")),
        officer=user_with_role(Role.ATTENDANCE_OFFICER, organisation=office),
    )


def _raw(rows: list[tuple]) -> bytes:
    return csv_file(rows).read()


def client_for(user: User) -> Client:
    return login(Client(), user)


def test_login_required(setup):
    response = Client().get(reverse("attendance:index"))
    assert response.status_code == 302


def test_index_lists_the_schools_with_tier_counts(setup):
    response = client_for(setup.coordinator).get(reverse("attendance:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "De Akker" in content and "De Esch" not in content
    assert reverse("attendance:school", args=[setup.school.uuid]) in content


def test_school_page_shows_tiers_and_the_tier_3_pupil(setup):
    response = client_for(setup.coordinator).get(reverse("attendance:school", args=[setup.school.uuid]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Twente, Bas" in content and "Hengevelde, Lotte" in content
    assert "Niveau 3" in content
    assert "<svg" in content and "Leerlingen per niveau" in content
    # Bas crossed from tier 1 (a few weeks ago: nothing yet, or less) into tier 3.
    assert content.index("Naar een hoger niveau") < content.index("Twente, Bas")
    assert AccessLogEntry.objects.filter(pupil_uuid=setup.truant.pupil.uuid, user_id=setup.coordinator.pk).exists()


def test_school_page_shows_a_page_of_pupils_and_logs_only_the_pupils_shown(setup, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    Enrolment.objects.filter(pk=setup.classmate.pk).update(pupil_number="1")
    Enrolment.objects.filter(pk=setup.truant.pk).update(pupil_number="2")
    client = client_for(setup.coordinator)
    url = reverse("attendance:school", args=[setup.school.uuid])
    first = client.get(url).content.decode()
    assert "Hengevelde, Lotte" in first and "Volgende leerlingen" in first and "na=1" in first
    assert "1 van 2 leerlingen" in first
    logged = AccessLogEntry.objects.filter(pupil_uuid=setup.classmate.pupil.uuid, user_id=setup.coordinator.pk)
    assert logged.count() == 1
    second = client.get(url, {"na": "1"}).content.decode()
    assert "Twente, Bas" in second and "Hengevelde, Lotte" not in second and "Volgende leerlingen" not in second
    assert logged.count() == 1  # not shown on the second page: not logged again


def test_school_page_filters_by_group(setup):
    url = reverse("attendance:school", args=[setup.school.uuid])
    content = client_for(setup.coordinator).get(url, {"groep": "groep 7"}).content.decode()
    assert "Hengevelde, Lotte" in content and "Twente, Bas" not in content


def test_teacher_sees_only_own_group(setup):
    content = client_for(setup.teacher).get(reverse("attendance:school", args=[setup.school.uuid])).content.decode()
    assert "Hengevelde, Lotte" in content and "Twente, Bas" not in content


@pytest.mark.parametrize(
    "name", ["attendance:school", "attendance:reports", "attendance:calendar", "attendance:import"]
)
def test_school_pages_are_404_for_an_outsider(setup, name):
    response = client_for(setup.outsider).get(reverse(name, args=[setup.school.uuid]))
    assert response.status_code == 404


def test_import_is_404_for_a_reader_without_write_rights(setup):
    response = client_for(setup.teacher).get(reverse("attendance:import", args=[setup.school.uuid]))
    assert response.status_code == 404


def test_import_of_a_good_file(setup):
    day = recent_full_days(setup.school, 1)[0]
    rows = [(setup.school.code, setup.classmate.pupil_number, day.isoformat(), 60, "ziek", "")]
    response = client_for(setup.coordinator).post(
        reverse("attendance:import", args=[setup.school.uuid]), {"file": csv_file(rows)}
    )
    assert response.status_code == 200
    assert "Het bestand is ingelezen." in response.content.decode()
    assert AbsenceRegistration.objects.filter(enrolment=setup.classmate).count() == 1


def test_import_of_a_bad_file_shows_the_errors_and_writes_nothing(setup):
    day = recent_full_days(setup.school, 1)[0]
    saturday = day + datetime.timedelta(days=(5 - day.weekday()) % 7)
    rows = [
        (setup.school.code, setup.classmate.pupil_number, day.isoformat(), 60, "ziek", ""),
        (setup.school.code, setup.classmate.pupil_number, saturday.isoformat(), 60, "ziek", ""),
        (setup.school.code, setup.classmate.pupil_number, day.isoformat(), 60, "vakantie", ""),
    ]
    before = AbsenceRegistration.objects.count()
    response = client_for(setup.coordinator).post(
        reverse("attendance:import", args=[setup.school.uuid]), {"file": csv_file(rows)}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Het bestand is afgewezen" in content
    assert "Fouten in het bestand" in content
    assert '<td class="utrecht-table__cell">date</td>' in content
    assert '<td class="utrecht-table__cell">reason</td>' in content
    assert AbsenceRegistration.objects.count() == before
    assert not AbsenceRegistration.objects.filter(enrolment=setup.classmate).exists()


def test_reports_page_and_marking_a_report_as_submitted(setup):
    client = client_for(setup.coordinator)
    response = client.get(reverse("attendance:reports", args=[setup.school.uuid]))
    assert response.status_code == 200
    report = AbsenceReport.objects.get(enrolment=setup.truant, reason="16_uur")
    assert report.status == "open"
    close_url = reverse("attendance:report-close", args=[report.uuid])
    assert close_url in response.content.decode()
    confirm = client.get(close_url)
    assert confirm.status_code == 200 and "Is deze melding gedaan bij DUO?" in confirm.content.decode()
    report.refresh_from_db()
    assert report.status == "open"  # the confirmation step changes nothing
    response = client.post(close_url, follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == "closed" and report.closed_by == setup.coordinator
    assert "Gemeld" in response.content.decode()


def test_reports_page_pages_open_reports_first(setup, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    reports_derive(enrolments=Enrolment.objects.filter(school=setup.school))
    report = AbsenceReport.objects.get(enrolment=setup.truant, reason="16_uur")
    AbsenceReport.objects.create(
        enrolment=setup.classmate,
        pupil=setup.classmate.pupil,
        school=setup.school,
        reason="luxe",
        start_date=report.start_date,
        threshold_date=report.start_date,
        status=AbsenceReport.Status.CLOSED,
    )
    client = client_for(setup.coordinator)
    url = reverse("attendance:reports", args=[setup.school.uuid])
    first = client.get(url).content.decode()
    assert "Twente, Bas" in first and "Hengevelde, Lotte" not in first
    assert f"na={report.uuid}" in first
    second = client.get(url, {"na": str(report.uuid)}).content.decode()
    assert "Hengevelde, Lotte" in second and "Twente, Bas" not in second and "Volgende meldingen" not in second
    assert client.get(url, {"na": "geen-uuid"}).status_code == 200


def test_a_reader_cannot_mark_a_report(setup):
    reports_derive(enrolments=Enrolment.objects.all())
    report = AbsenceReport.objects.get(enrolment=setup.truant, reason="16_uur")
    for user in (setup.teacher, setup.outsider, setup.officer):
        response = client_for(user).post(reverse("attendance:report-close", args=[report.uuid]))
        assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == "open"


def test_attendance_officer_sees_only_residents(setup):
    # the reports are derived when a school page is read; the officer's page derives them itself too
    response = client_for(setup.officer).get(reverse("attendance:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Oldenkamp, Mees" in content
    assert "Twente, Bas" not in content and "Hengevelde, Lotte" not in content
    assert "16 uur ongeoorloofd verzuim" in content
    assert client_for(setup.officer).get(reverse("attendance:school", args=[setup.school.uuid])).status_code == 404
    pupil = reverse("attendance:pupil", args=[setup.truant.pupil.uuid])
    assert client_for(setup.officer).get(pupil).status_code == 404
    resident = reverse("attendance:pupil", args=[setup.resident_elsewhere.pupil.uuid])
    assert client_for(setup.officer).get(resident).status_code == 200


def test_pupil_page(setup):
    response = client_for(setup.coordinator).get(reverse("attendance:pupil", args=[setup.truant.pupil.uuid]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Aanwezigheid B. T. · Werkplaats</title>" in content
    assert "Verzuim per schoolweek" in content and "<svg" in content
    assert "Niveau 3" in content
    assert "16 uur ongeoorloofd verzuim" in content


def test_pupil_page_is_404_for_others(setup):
    url = reverse("attendance:pupil", args=[setup.truant.pupil.uuid])
    assert client_for(setup.outsider).get(url).status_code == 404
    assert client_for(setup.teacher).get(url).status_code == 404


def test_calendar_add_and_remove_a_day_off_and_set_the_timetable(setup):
    client = client_for(setup.coordinator)
    url = reverse("attendance:calendar", args=[setup.school.uuid])
    assert client.get(url).status_code == 200
    response = client.post(url, {"vrij-first_day": "2026-04-03", "vrij-last_day": "", "vrij-name": "Goede Vrijdag"})
    assert response.status_code == 302
    day_off = SchoolDayOff.objects.get(school=setup.school)
    assert client.get(url).content.decode().count("Goede Vrijdag") >= 1
    response = client.post(
        url,
        {
            "tijden-valid_from": "2026-08-01",
            "tijden-monday": 300,
            "tijden-tuesday": 300,
            "tijden-wednesday": 180,
            "tijden-thursday": 300,
            "tijden-friday": 240,
        },
    )
    assert response.status_code == 302
    assert SchoolTimetable.objects.get(school=setup.school).friday == 240
    response = client.post(reverse("attendance:day-off-remove", args=[setup.school.uuid, day_off.uuid]))
    assert response.status_code == 302
    assert not SchoolDayOff.objects.filter(school=setup.school).exists()


def test_calendar_is_read_only_for_a_teacher(setup):
    client = client_for(setup.teacher)
    url = reverse("attendance:calendar", args=[setup.school.uuid])
    response = client.get(url)
    assert response.status_code == 200 and "Vrije dag toevoegen" not in response.content.decode()
    response = client.post(url, {"vrij-first_day": "2026-04-03", "vrij-name": "Goede Vrijdag"})
    assert response.status_code == 404
    assert not SchoolDayOff.objects.exists()


def test_overdue_reports_stand_out(setup):
    today = timezone.localdate()
    AbsenceReport.objects.create(
        enrolment=setup.classmate,
        pupil=setup.classmate.pupil,
        school=setup.school,
        reason=AbsenceReport.Kind.LUXE,
        start_date=today - datetime.timedelta(days=30),
        threshold_date=today - datetime.timedelta(days=30),
    )
    content = (
        client_for(setup.coordinator).get(reverse("attendance:reports", args=[setup.school.uuid])).content.decode()
    )
    assert "wp-att-overdue" in content and "Te laat" in content


def test_access_follows_todays_relationships_also_for_an_earlier_date(setup):
    """`?op=` changes what is computed, never who is visible: a pupil who has left since is no longer visible
    to the school's staff (or the attendance officer), also on a date on which the pupil was enrolled."""
    today = timezone.localdate()
    leaver = EnrolmentFactory(school=setup.school, pupil=PupilFactory(given_name="Vera", family_name="Vertrokken"))
    mover = EnrolmentFactory(
        school=setup.other_school,
        pupil=PupilFactory(given_name="Mats", family_name="Verhuisd", home_municipality=municipality("GM0164")),
    )
    days = CalendarCache().for_school(setup.school)
    earlier = [
        day
        for day in days.days(today - datetime.timedelta(days=150), today - datetime.timedelta(days=30))
        if days.minutes_on(day) >= 300
    ][-4:]
    rows = [
        (enrolment.school.code, enrolment.pupil_number, day.isoformat(), 300, "ongeoorloofd", "")
        for enrolment in (leaver, mover)
        for day in earlier
    ]
    assert registrations_import(io.BytesIO(_raw(rows))).accepted
    op = {"op": earlier[-1].isoformat()}  # the 16-hour threshold date of both
    coordinator, officer = client_for(setup.coordinator), client_for(setup.officer)
    school_url = reverse("attendance:school", args=[setup.school.uuid])
    reports_url = reverse("attendance:reports", args=[setup.school.uuid])
    pupil_url = reverse("attendance:pupil", args=[leaver.pupil.uuid])
    index_url = reverse("attendance:index")
    assert "Vertrokken, Vera" in coordinator.get(school_url, op).content.decode()
    assert "Vertrokken, Vera" in coordinator.get(reports_url, op).content.decode()
    assert coordinator.get(pupil_url, op).status_code == 200
    assert "Verhuisd, Mats" in officer.get(index_url, op).content.decode()

    for enrolment in (leaver, mover):
        enrolment.enrolled_until = today - datetime.timedelta(days=1)  # left yesterday
        enrolment.save()
    assert "Vertrokken, Vera" not in coordinator.get(school_url, op).content.decode()
    assert "Vertrokken, Vera" not in coordinator.get(reports_url, op).content.decode()
    assert coordinator.get(pupil_url, op).status_code == 404
    assert "Verhuisd, Mats" not in officer.get(index_url, op).content.decode()
