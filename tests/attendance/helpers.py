"""Shared helpers of the attendance tests: schools, enrolments, imports of rows, statuses."""

import csv
import datetime
import io
from collections.abc import Iterable

from tests.factories import EnrolmentFactory, PupilFactory, SchoolFactory
from werkplaats.attendance.selectors import school_status
from werkplaats.attendance.services import registrations_import
from werkplaats.core.imports import ImportResult
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment

HEADER = ("school", "pupil", "date", "minutes", "reason", "note")
d = datetime.date.fromisoformat


def school(code: str = "12AB00", type: str = School.Type.PO) -> School:  # noqa: A002
    return SchoolFactory(code=code, type=type)


def enrol(
    school: School, number: str, *, born: str = "2014-05-01", start: str = "2022-08-20", until: str | None = None
) -> Enrolment:
    pupil = PupilFactory(birth_date=d(born))
    return EnrolmentFactory(
        pupil=pupil,
        school=school,
        pupil_number=number,
        enrolled_from=d(start),
        enrolled_until=d(until) if until else None,
    )


def csv_bytes(
    rows: Iterable[Iterable[object]], header: Iterable[str] = HEADER, *, encoding: str = "utf-8", bom: bool = False
) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    data = text.getvalue().encode(encoding)
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + data)


def import_rows(rows: Iterable[Iterable[object]], *, partial: bool = False, **kwargs) -> ImportResult:
    return registrations_import(csv_bytes(rows, **kwargs), partial=partial)


def reg(school_code: str, pupil: str, day: str, minutes: int, reason: str, note: str = "") -> tuple:
    return (school_code, pupil, day, minutes, reason, note)


def status(school: School, on: str) -> dict[str, dict]:
    """The contract JSON of `attendance status`, per pupil number."""
    data = school_status(school=school, on=d(on)).as_dict()
    return {pupil["pupil"]: pupil for pupil in data["pupils"]}


def weekdays(first: str, last: str, *, skip: Iterable[str] = ()) -> list[str]:
    """Monday–Friday dates from first to last (inclusive) as strings, minus `skip`."""
    out, day, skipped = [], d(first), set(skip)
    while day <= d(last):
        if day.weekday() < 5 and day.isoformat() not in skipped:
            out.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return out
