"""Contract §1: the registrations import — validation of every row with line and column, all-or-nothing,
--partial, identity and re-import, encodings."""

import datetime
import io

import pytest

from werkplaats.attendance.models import AbsenceRegistration, AttendanceWeek
from werkplaats.attendance.services import MAX_STORED_ERRORS, registrations_import
from werkplaats.audit.models import AccessLogEntry

from .helpers import HEADER, csv_bytes, enrol, import_rows, reg, school

pytestmark = pytest.mark.django_db

GOOD = [
    reg("12AB00", "1001", "2026-01-12", 330, "ziek", "griep"),
    reg("12AB00", "1001", "2026-01-13", 60, "te_laat"),
    reg("12AB00", "1002", "2026-01-12", 120, "geoorloofd", "tandarts"),
    reg("34CD01", "2001", "2026-01-14", 360, "ongeoorloofd"),
]


@pytest.fixture
def pupils():
    po, vo = school("12AB00"), school("34CD01", type="VO")
    return {
        "1001": enrol(po, "1001"),
        "1002": enrol(po, "1002"),
        "2001": enrol(vo, "2001", born="2010-01-01"),
        "late": enrol(po, "1003", start="2026-01-13"),
        "left": enrol(po, "1004", until="2026-01-09"),
    }


def test_import_creates_then_a_reimport_changes_nothing(pupils):
    first = import_rows(GOOD)
    assert first.as_dict() == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []}
    assert AbsenceRegistration.objects.count() == 4
    assert AbsenceRegistration.objects.get(reason="ziek").note == "griep"
    weeks = list(
        AttendanceWeek.objects.values_list("enrolment__pupil_number", "absent_minutes", "unauthorised_minutes")
    )
    assert sorted(weeks) == [("1001", 390, 60), ("1002", 120, 0), ("2001", 360, 360)]
    second = import_rows(GOOD)
    assert second.as_dict() == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0, "errors": []}
    assert AbsenceRegistration.objects.count() == 4


def test_reimport_replaces_minutes_and_note(pupils):
    import_rows(GOOD)
    changed = [*GOOD[:3], reg("34CD01", "2001", "2026-01-14", 200, "ongeoorloofd", "kwam later")]
    result = import_rows(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    registration = AbsenceRegistration.objects.get(reason="ongeoorloofd")
    assert (registration.minutes, registration.note) == (200, "kwam later")
    assert AttendanceWeek.objects.get(enrolment=pupils["2001"]).unauthorised_minutes == 200
    # Another reason on the same day is another registration.
    more = import_rows([reg("34CD01", "2001", "2026-01-14", 60, "ziek")])
    assert more.created == 1


def test_columns_in_any_order_unknown_columns_ignored_bom_accepted_note_optional(pupils):
    rows = [("extra", "ongeoorloofd", "60", "2026-01-12", "1001", "12AB00")]
    result = registrations_import(
        csv_bytes(rows, header=("foo", "reason", "minutes", "date", "pupil", "school"), bom=True)
    )
    assert result.accepted and result.created == 1


BAD_ROWS = [
    (reg("", "1001", "2026-01-12", 60, "ziek"), "school", "Verplichte waarde ontbreekt."),
    (reg("12AB0", "1001", "2026-01-12", 60, "ziek"), "school", "12AB0 is geen schoolcode"),
    (reg("99ZZ99", "1001", "2026-01-12", 60, "ziek"), "school", "School 99ZZ99 staat niet in het register."),
    (reg("12AB00", "", "2026-01-12", 60, "ziek"), "pupil", "Verplichte waarde ontbreekt."),
    (reg("12AB00", "9999", "2026-01-12", 60, "ziek"), "pupil", "Leerling 9999 is niet ingeschreven bij 12AB00."),
    (reg("12AB00", "2001", "2026-01-12", 60, "ziek"), "pupil", "Leerling 2001 is niet ingeschreven bij 12AB00."),
    (reg("12AB00", "1001", "12-01-2026", 60, "ziek"), "date", "12-01-2026 is geen geldige datum"),
    (reg("12AB00", "1001", "2026-1-12", 60, "ziek"), "date", "2026-1-12 is geen geldige datum"),
    (reg("12AB00", "1001", "2026-02-30", 60, "ziek"), "date", "2026-02-30 is geen geldige datum"),
    (reg("12AB00", "1001", "", 60, "ziek"), "date", "Verplichte datum ontbreekt"),
    (reg("12AB00", "1001", "2026-01-10", 60, "ziek"), "date", "2026-01-10 is geen schooldag van 12AB00"),
    (reg("12AB00", "1001", "2026-02-23", 60, "ziek"), "date", "2026-02-23 is geen schooldag van 12AB00"),
    (reg("12AB00", "1003", "2026-01-12", 60, "ziek"), "date", "Leerling 1003 was op 2026-01-12 niet ingeschreven"),
    (reg("12AB00", "1004", "2026-01-12", 60, "ziek"), "date", "Leerling 1004 was op 2026-01-12 niet ingeschreven"),
    (reg("12AB00", "1001", "2026-01-12", 0, "ziek"), "minutes", "0 is geen geheel aantal minuten van 1 tot en met 600"),
    (reg("12AB00", "1001", "2026-01-12", 601, "ziek"), "minutes", "601 is geen geheel aantal minuten"),
    (reg("12AB00", "1001", "2026-01-12", "1.5", "ziek"), "minutes", "1.5 is geen geheel aantal minuten"),
    (reg("12AB00", "1001", "2026-01-12", "-5", "ziek"), "minutes", "-5 is geen geheel aantal minuten"),
    (reg("12AB00", "1001", "2026-01-12", "", "ziek"), "minutes", "Verplichte waarde ontbreekt."),
    (reg("12AB00", "1001", "2026-01-12", 60, "spijbelen"), "reason", "spijbelen is geen geldige waarde"),
    (reg("12AB00", "1001", "2026-01-12", 60, ""), "reason", "Verplichte waarde ontbreekt."),
    (reg("12AB00", "1001", "2026-01-12", 60, "ziek", "x" * 501), "note", "De notitie is 501 tekens lang"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_every_kind_of_bad_row_is_rejected_with_line_and_column_and_nothing_is_written(pupils, row, column, message):
    result = import_rows([GOOD[0], GOOD[1], row, GOOD[3]])
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 0, 1)
    assert [(e.line, e.column) for e in result.errors] == [(4, column)]
    assert result.errors[0].message.startswith(message)
    assert not result.accepted
    assert AbsenceRegistration.objects.count() == 0
    assert AttendanceWeek.objects.count() == 0


def test_a_note_of_500_characters_is_fine(pupils):
    assert import_rows([reg("12AB00", "1001", "2026-01-12", 60, "ziek", "é" * 500)]).accepted


def test_a_repeated_identity_within_the_file_is_rejected_naming_the_first_line(pupils):
    rows = [GOOD[0], GOOD[1], reg("12AB00", "1001", "2026-01-12", 100, "ziek", "nog eens"), GOOD[2]]
    result = import_rows(rows)
    assert result.rejected == 1 and result.created == 0
    assert result.errors[0].as_dict() == {
        "line": 4,
        "column": "pupil",
        "message": "Deze regel herhaalt regel 2 (zelfde identiteit).",
    }
    assert AbsenceRegistration.objects.count() == 0


def test_every_bad_row_is_reported_in_line_order(pupils):
    rows = [reg("12AB00", "1001", "2026-01-10", 0, "x"), GOOD[0], reg("99ZZ99", "1", "2026-01-12", 60, "ziek"), GOOD[0]]
    result = import_rows(rows)
    assert result.rejected == 3
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "date"),
        (2, "minutes"),
        (2, "reason"),
        (4, "school"),
        (5, "pupil"),
    ]


def test_partial_imports_the_valid_rows_and_reports_the_invalid_ones(pupils):
    rows = [GOOD[0], reg("12AB00", "1001", "2026-01-10", 60, "ziek"), GOOD[1], GOOD[0]]
    result = import_rows(rows, partial=True)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (2, 0, 0, 2)
    assert [(e.line, e.column) for e in result.errors] == [(3, "date"), (5, "pupil")]
    assert not result.accepted
    assert AbsenceRegistration.objects.count() == 2
    assert AbsenceRegistration.objects.get(reason="ziek").minutes == 330  # the first of the repeated rows


def test_missing_column_rejects_the_file(pupils):
    rows = [("12AB00", "1001", "2026-01-12", "ziek"), ("12AB00", "1001", "2026-01-13", "ziek")]
    result = registrations_import(csv_bytes(rows, header=("school", "pupil", "date", "reason")))
    assert (result.created, result.rejected) == (0, 2)
    assert [(e.line, e.column) for e in result.errors] == [(1, "minutes")]
    assert "minutes" in result.errors[0].message


def test_empty_file_is_rejected(pupils):
    result = registrations_import(io.BytesIO(b""))
    assert not result.accepted and result.errors[0].line == 1


def test_wrong_encoding_fails_with_a_clear_error_and_writes_nothing(pupils):
    rows = [GOOD[0], reg("12AB00", "1002", "2026-01-13", 60, "ziek", "Ünïcödé in Latin-1")]
    result = registrations_import(csv_bytes(rows, encoding="latin-1"))
    assert not result.accepted
    assert result.errors[0].line == 3
    assert "UTF-8" in result.errors[0].message
    assert AbsenceRegistration.objects.count() == 0
    partial = registrations_import(csv_bytes(rows, encoding="latin-1"), partial=True)
    assert partial.created == 0 and AbsenceRegistration.objects.count() == 0


def test_blank_lines_are_skipped_and_line_numbers_count_them(pupils):
    data = "\n".join([",".join(HEADER), ",".join(map(str, GOOD[0])), "", "12AB00,1001,2026-01-10,60,ziek,"]) + "\n"
    result = registrations_import(io.BytesIO(data.encode()))
    assert [(e.line, e.column) for e in result.errors] == [(4, "date")]


def test_stored_errors_are_capped_but_every_invalid_row_is_counted(pupils, monkeypatch):
    monkeypatch.setattr("werkplaats.attendance.services.MAX_STORED_ERRORS", 3)
    rows = [reg("12AB00", "1001", "2026-01-10", 60, "ziek")] * 5
    result = import_rows(rows)
    assert result.rejected == 5
    assert len(result.errors) == 4
    assert result.errors[-1].message.startswith("Nog 2 fouten")
    assert MAX_STORED_ERRORS >= 100_000


def test_import_logs_the_pupils_whose_registrations_changed(pupils):
    import_rows(GOOD)
    entries = AccessLogEntry.objects.filter(event_type="attendance.import")
    assert {entry.pupil_uuid for entry in entries} == {
        pupils["1001"].pupil.uuid,
        pupils["1002"].pupil.uuid,
        pupils["2001"].pupil.uuid,
    }
    import_rows(GOOD)  # nothing changed: nothing more logged
    assert AccessLogEntry.objects.filter(event_type="attendance.import").count() == 3


def test_minutes_above_the_scheduled_day_count_as_registered(pupils):
    # Wednesday has 210 scheduled minutes at a PO school; the 330 registered minutes all count.
    assert import_rows([reg("12AB00", "1001", "2026-01-14", 330, "ziek")]).accepted
    week = AttendanceWeek.objects.get(enrolment=pupils["1001"])
    assert (week.absent_3, week.absent_minutes, week.scheduled_minutes) == (330, 330, 1530)


def test_notes_with_tabs_backslashes_and_newlines_survive(pupils):
    note = 'regel 1\nregel 2\tmet tab, "quote" en \\N backslash'
    assert import_rows([reg("12AB00", "1001", "2026-01-12", 60, "ziek", note)]).accepted
    assert AbsenceRegistration.objects.get().note == note
    assert import_rows([reg("12AB00", "1001", "2026-01-12", 60, "ziek", note)]).unchanged == 1


def test_deleting_an_enrolment_removes_its_registrations_and_aggregates(pupils):
    from werkplaats.attendance.selectors import school_status

    assert import_rows([*GOOD, reg("12AB00", "1001", "2026-01-14", 60, "luxe")]).accepted
    school_status(school=pupils["1001"].school, on=datetime.date(2026, 1, 16))  # derives a luxe report
    pupils["1001"].delete()
    assert not AbsenceRegistration.objects.filter(enrolment_id=pupils["1001"].pk).exists()
    assert not AttendanceWeek.objects.filter(enrolment_id=pupils["1001"].pk).exists()
    assert AttendanceWeek.objects.filter(enrolment=pupils["1002"]).exists()


def test_a_large_bad_file_is_checked_in_bounded_memory(pupils, monkeypatch):
    import tracemalloc

    monkeypatch.setattr("werkplaats.attendance.services.MAX_STORED_ERRORS", 100)
    lines = ["school,pupil,date,minutes,reason"]
    lines += [f"{n % 10000:04d}ZZ,{n},2026-01-{n % 28 + 1:02d},{n % 900},ziek" for n in range(40_000)]
    data = io.BytesIO(("\n".join(lines) + "\n").encode())
    tracemalloc.start()
    result = registrations_import(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (result.created, result.rejected) == (0, 40_000)
    assert len(result.errors) == 101 and result.errors[-1].message.startswith("Nog ")
    assert peak < 20_000_000  # bytes: the rows are not kept
