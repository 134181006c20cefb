"""Writes of attendance: the registrations import of contracts/attendance.md §1 (file, API), the
derivation and closing of statutory reports, and a school's own days off, calendar and timetable.

The import validates every row before anything is written, streaming: valid rows go in chunks to a
temporary table (PostgreSQL, COPY) or a temporary file (other databases), so a file of any size is
checked in bounded memory, and are applied in one transaction. At most MAX_STORED_ERRORS error objects
are kept (a last entry says how many more there were); `rejected` always counts every invalid row."""

from __future__ import annotations

import logging
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplaats.accounts.models import User
from werkplaats.audit.services import Action, access_log_write
from werkplaats.core.imports import (
    FileError,
    ImportResult,
    RowError,
    RowValidator,
    finish,
    open_text,
    read_rows,
    reject_file,
)
from werkplaats.core.prepared import PreparedQuery
from werkplaats.organisations.models import School
from werkplaats.organisations.services import school_code_check
from werkplaats.pupils.models import Enrolment

from .aggregates import weeks_refresh, weeks_refresh_changed, weeks_refresh_school
from .calendars import CalendarCache, SchoolDays
from .derivations import SIXTEEN_HOURS, THUISZITTER_DAYS, ExistingReport, WeekData, reports_due
from .models import (
    MAX_DAY_MINUTES,
    AbsenceReport,
    AttendanceWeek,
    HolidayCalendar,
    PendingDerivation,
    Reason,
    SchoolCalendar,
    SchoolDayOff,
    SchoolTimetable,
)

logger = logging.getLogger("werkplaats.attendance.import")

REQUIRED_COLUMNS = ("school", "pupil", "date", "minutes", "reason")
OPTIONAL_COLUMNS = ("note",)
NOTE_LIMIT = 500
MAX_STORED_ERRORS = 100_000
SPOOL_ROWS = 50_000
MAX_CACHED_DATES = 20_000  # parsed dates kept for the fast path (a school year has ~190 school days)
IMPORT_WORK_MEM = "256MB"
DERIVE_CHUNK = 2000
SELECT_CHUNK = 10_000  # ids per IN list (SQLite allows 32,766 parameters)
MINUTES_PATTERN = re.compile(r"^[0-9]{1,4}$")
REASONS = tuple(Reason.values)
REASON_INDEX = {reason: index for index, reason in enumerate(REASONS)}
DUPLICATE_COLUMN = "pupil"


# --- Validation --------------------------------------------------------------------------------------


class ValidRow(NamedTuple):
    line: int
    enrolment_id: int
    school_id: int
    date: date
    reason: str
    minutes: int
    note: str


class RowChecker:
    """Validates rows of the import; loads each school, its enrolments and its calendar once."""

    def __init__(self, *, allowed_school_ids: set[int] | None = None) -> None:
        self.allowed = allowed_school_ids
        self.cache = CalendarCache()
        self.registry: dict[str, School] | None = None
        self.schools: dict[str, School] = {}
        self.enrolments: dict[int, dict[str, tuple[int, date, date | None]]] = {}
        self.days: dict[int, SchoolDays] = {}
        self.dates: dict[str, date] = {}
        # school code -> (id, enrolments by pupil number, minutes per day seen so far, school days)
        self.fast: dict[str, tuple[int, dict[str, tuple[int, date, date | None]], dict[date, int], SchoolDays]] = {}

    def _school(self, code: str) -> School | None:
        if code not in self.schools:
            if self.registry is None:  # every school code once (a few thousand at most), not a query per code
                self.registry = {school.code: school for school in School.objects.only("id", "code", "type")}
            school = self.registry.get(code)
            if school is not None and self.allowed is not None and school.pk not in self.allowed:
                school = None
            if school is None:
                return None  # not remembered: a file full of unknown codes must not fill the memory
            self.schools[code] = school
            self.enrolments[school.pk] = {
                number: (pk, start, until)
                for pk, number, start, until in Enrolment.objects.filter(school=school).values_list(
                    "pk", "pupil_number", "enrolled_from", "enrolled_until"
                )
            }
            self.days[school.pk] = days = self.cache.for_school(school)
            self.fast[code] = (school.pk, self.enrolments[school.pk], days._minutes, days)
        return self.schools[code]

    def check(self, line: int, row: dict[str, str]) -> tuple[ValidRow | None, list[RowError]]:
        """The valid row, or the errors of the row. A fast path for the common valid row; any doubt goes
        to the full validation, which names every error (and fills the caches of the fast path)."""
        fast = self.fast.get(row["school"])
        if fast is not None:
            school_id, enrolments, minutes_cache, days = fast
            enrolment = enrolments.get(row["pupil"])
            day = self.dates.get(row["date"])
            minutes = row["minutes"]
            note = row.get("note", "")
            if (
                enrolment is not None
                and day is not None
                and (minutes_cache.get(day) or days.minutes_on(day))
                and enrolment[1] <= day
                and (enrolment[2] is None or day <= enrolment[2])
                and minutes.isascii()
                and minutes.isdigit()
                and len(minutes) <= 3
                and 1 <= int(minutes) <= MAX_DAY_MINUTES
                and row["reason"] in REASON_INDEX
                and len(note) <= NOTE_LIMIT
            ):
                return ValidRow(line, enrolment[0], school_id, day, row["reason"], int(minutes), note), []
        return self._check_fully(line, row)

    def _check_fully(self, line: int, row: dict[str, str]) -> tuple[ValidRow | None, list[RowError]]:
        v = RowValidator(line, row)
        code = school_code_check(v)
        school = None
        if code:
            school = self._school(code)
            if school is None:
                if self.allowed is None:
                    v.error("school", _("School %(code)s staat niet in het register.") % {"code": code})
                else:
                    v.error(
                        "school",
                        _("School %(code)s staat niet in het register of u hebt er geen toegang toe.") % {"code": code},
                    )
        number = v.required("pupil")
        enrolment = None
        if school is not None and number:
            enrolment = self.enrolments[school.pk].get(number)
            if enrolment is None:
                v.error(
                    "pupil",
                    _("Leerling %(pupil)s is niet ingeschreven bij %(school)s.") % {"pupil": number, "school": code},
                )
        day = v.date("date")
        if day is not None and len(self.dates) < MAX_CACHED_DATES:
            self.dates[row["date"]] = day
        if day is not None and school is not None:
            if not self.days[school.pk].is_school_day(day):
                v.error("date", _("%(date)s is geen schooldag van %(school)s") % {"date": row["date"], "school": code})
            elif enrolment is not None and (day < enrolment[1] or (enrolment[2] is not None and day > enrolment[2])):
                v.error(
                    "date",
                    _("Leerling %(pupil)s was op %(date)s niet ingeschreven bij %(school)s.")
                    % {"pupil": number, "date": row["date"], "school": code},
                )
        minutes = None
        raw_minutes = v.required("minutes")
        if raw_minutes is not None:
            if MINUTES_PATTERN.match(raw_minutes) and 1 <= int(raw_minutes) <= MAX_DAY_MINUTES:
                minutes = int(raw_minutes)
            else:
                v.error(
                    "minutes",
                    _("%(value)s is geen geheel aantal minuten van 1 tot en met %(max)d.")
                    % {"value": raw_minutes, "max": MAX_DAY_MINUTES},
                )
        reason = v.choice("reason", REASONS)
        note = row.get("note", "")
        if len(note) > NOTE_LIMIT:
            v.error(
                "note",
                _("De notitie is %(length)d tekens lang; ten hoogste %(limit)d.")
                % {"length": len(note), "limit": NOTE_LIMIT},
            )
        if v.ok and enrolment is not None and school is not None and day and reason and minutes:
            return ValidRow(line, enrolment[0], school.pk, day, reason, minutes, note), []
        return None, v.errors


class ErrorCollector:
    """Keeps at most MAX_STORED_ERRORS error objects; counts the rest."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.omitted = 0
        self.last_line = 0

    def add(self, errors: list[RowError]) -> None:
        room = MAX_STORED_ERRORS - len(self.result.errors)
        if room >= len(errors):
            self.result.errors.extend(errors)
        else:
            self.result.errors.extend(errors[: max(room, 0)])
            self.omitted += len(errors) - max(room, 0)
            self.last_line = max(self.last_line, errors[-1].line)

    def close(self) -> None:
        if self.omitted:
            self.result.errors.append(
                RowError(
                    self.last_line,
                    "",
                    _("Nog %(count)d fouten zijn niet afzonderlijk vermeld (ten hoogste %(max)d worden getoond).")
                    % {"count": self.omitted, "max": MAX_STORED_ERRORS},
                )
            )


def _copy_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), value)


def _copy_line(row: ValidRow) -> str:
    note = row.note
    if note and ("\\" in note or "\t" in note or "\n" in note or "\r" in note):
        note = _copy_escape(note)
    return f"{row.line}\t{row.enrolment_id}\t{row.school_id}\t{row.date}\t{row.reason}\t{row.minutes}\t{note}\n"


# --- Writing: PostgreSQL (temporary table, COPY, INSERT ... ON CONFLICT) ------------------------------

TEMP = "attendance_import_rows"
CHANGED = "attendance_import_changed"


class PostgresWriter:
    def __init__(self) -> None:
        self.buffer: list[str] = []
        with connection.cursor() as cursor:
            # Sorting and hashing a million rows in memory rather than in temporary files (this transaction only).
            cursor.execute(f"SET LOCAL work_mem = '{IMPORT_WORK_MEM}'")
            cursor.execute(f"DROP TABLE IF EXISTS {TEMP}; DROP TABLE IF EXISTS {CHANGED}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {TEMP} (line integer, enrolment_id bigint, school_id bigint, date date, "
                f"reason varchar(12), minutes smallint, note text) ON COMMIT DROP"
            )

    def add(self, row: ValidRow) -> None:
        self.buffer.append(_copy_line(row))
        if len(self.buffer) >= SPOOL_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {TEMP} FROM STDIN") as copy:
            copy.write("".join(self.buffer))
        self.buffer = []

    def duplicates(self, *, remove: bool) -> Iterator[tuple[int, int]]:
        """(line, first line) of every row that repeats an identity of an earlier row (streamed from a
        server-side cursor); with `remove` those rows are dropped from the temporary table afterwards."""
        self.flush()
        repeats = (
            f"SELECT line, first FROM (SELECT line, min(line) OVER (PARTITION BY enrolment_id, date, reason) "
            f"AS first FROM {TEMP}) t WHERE line > first"
        )
        found = False
        with connection.chunked_cursor() as cursor:
            cursor.execute(repeats + " ORDER BY line")
            while batch := cursor.fetchmany(10_000):
                found = True
                yield from batch
        if remove and found:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TEMP} WHERE line IN (SELECT line FROM ({repeats}) r)")

    def apply(self, result: ImportResult) -> tuple[list[int], date | None, date | None]:
        """Upsert into the registrations; fills the counts; returns the changed enrolments and dates."""
        table = "attendance_absenceregistration"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TEMP}")
            total = cursor.fetchone()[0]
            # What a foreign key would do, once per enrolment instead of once per row: the enrolments
            # cannot be deleted while this transaction writes their registrations.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM pupils_enrolment WHERE id IN "
                f"(SELECT DISTINCT enrolment_id FROM {TEMP}) FOR KEY SHARE) locked"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {CHANGED} (enrolment_id bigint, date date, inserted boolean) ON COMMIT DROP"
            )
            # Sorted on the identity, so the unique index is filled in order; rows whose minutes and note
            # are the same are not touched and not returned (unchanged = total - created - updated).
            cursor.execute(f"""
                WITH up AS (
                    INSERT INTO {table} (enrolment_id, school_id, date, reason, minutes, note, created, updated)
                    SELECT enrolment_id, school_id, date, reason, minutes, coalesce(note, ''), now(), now()
                    FROM {TEMP} ORDER BY enrolment_id, date, reason
                    ON CONFLICT (enrolment_id, date, reason) DO UPDATE
                    SET minutes = EXCLUDED.minutes, note = EXCLUDED.note, updated = EXCLUDED.updated
                    WHERE ({table}.minutes, {table}.note) IS DISTINCT FROM (EXCLUDED.minutes, EXCLUDED.note)
                    RETURNING enrolment_id, date, (xmax = 0)
                )
                INSERT INTO {CHANGED} SELECT * FROM up
            """)
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted), "
                f"min(date), max(date) FROM {CHANGED}"
            )
            created, updated, first, last = cursor.fetchone()
            cursor.execute(f"SELECT DISTINCT enrolment_id FROM {CHANGED}")
            changed = [row[0] for row in cursor.fetchall()]
        result.created, result.updated, result.unchanged = created, updated, total - created - updated
        return changed, first, last


# --- Writing: any database (temporary file, ORM) -------------------------------------------------------


class OrmWriter:
    """The plain path for SQLite (`make run`): valid rows spool to a temporary file; identities are
    remembered in memory to find repeats (compact integer keys)."""

    def __init__(self) -> None:
        self.spool = tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.seen: dict[int, int] = {}
        self.repeats: list[tuple[int, int]] = []

    def add(self, row: ValidRow) -> None:
        key = (row.enrolment_id << 24) | ((row.date.toordinal() & 0x1FFFFF) << 3) | REASON_INDEX[row.reason]
        first = self.seen.get(key)
        if first is not None:
            self.repeats.append((row.line, first))
            return
        self.seen[key] = row.line
        self.spool.write(_copy_line(row))

    def duplicates(self, *, remove: bool) -> Iterator[tuple[int, int]]:
        yield from self.repeats  # repeats were never spooled: nothing to remove

    def _rows(self) -> Iterator[list[ValidRow]]:
        self.spool.seek(0)
        chunk: list[ValidRow] = []
        for text in self.spool:
            line, enrolment_id, school_id, day, reason, minutes, note = text.rstrip("\n").split("\t")
            chunk.append(
                ValidRow(
                    int(line),
                    int(enrolment_id),
                    int(school_id),
                    date.fromisoformat(day),
                    reason,
                    int(minutes),
                    _copy_unescape(note),
                )
            )
            if len(chunk) >= 2000:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def apply(self, result: ImportResult) -> tuple[list[int], date | None, date | None]:
        from .models import AbsenceRegistration

        changed: set[int] = set()
        first: date | None = None
        last: date | None = None
        now = timezone.now()
        for chunk in self._rows():
            existing = {
                (r.enrolment_id, r.date, r.reason): r
                for r in AbsenceRegistration.objects.filter(
                    enrolment_id__in={row.enrolment_id for row in chunk},
                    date__gte=min(row.date for row in chunk),
                    date__lte=max(row.date for row in chunk),
                )
            }
            new, updates = [], []
            for row in chunk:
                registration = existing.get((row.enrolment_id, row.date, row.reason))
                if registration is None:
                    new.append(
                        AbsenceRegistration(
                            enrolment_id=row.enrolment_id,
                            school_id=row.school_id,
                            date=row.date,
                            reason=row.reason,
                            minutes=row.minutes,
                            note=row.note,
                        )
                    )
                elif (registration.minutes, registration.note) != (row.minutes, row.note):
                    registration.minutes, registration.note, registration.updated = row.minutes, row.note, now
                    updates.append(registration)
                else:
                    result.unchanged += 1
                    continue
                changed.add(row.enrolment_id)
                first = row.date if first is None else min(first, row.date)
                last = row.date if last is None else max(last, row.date)
            AbsenceRegistration.objects.bulk_create(new, batch_size=1000)
            AbsenceRegistration.objects.bulk_update(updates, ["minutes", "note", "updated"], batch_size=1000)
            result.created += len(new)
            result.updated += len(updates)
        self.spool.close()
        return sorted(changed), first, last


# --- The import -----------------------------------------------------------------------------------------


def _import_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    user: User | None,
    partial: bool,
    allowed_school_ids: set[int] | None = None,
    purpose: str,
) -> ImportResult:
    result = ImportResult()
    errors = ErrorCollector(result)
    checker = RowChecker(allowed_school_ids=allowed_school_ids)
    invalid = 0
    clock = _Clock()
    with transaction.atomic():
        writer: PostgresWriter | OrmWriter = PostgresWriter() if connection.vendor == "postgresql" else OrmWriter()
        try:
            for line, row in rows:
                valid, row_errors = checker.check(line, row)
                if valid is None:
                    invalid += 1
                    errors.add(row_errors)
                else:
                    writer.add(valid)
        except FileError as error:
            return reject_file(result, error)
        clock.lap("validated and stored temporarily")
        for line, first in writer.duplicates(remove=partial):
            invalid += 1
            errors.add(
                [
                    RowError(
                        line,
                        DUPLICATE_COLUMN,
                        _("Deze regel herhaalt regel %(line)d (zelfde identiteit).") % {"line": first},
                    )
                ]
            )
        errors.close()
        if not finish(result, invalid_rows=invalid, partial=partial):
            return result
        clock.lap("repeated identities checked")
        changed, first_day, last_day = writer.apply(result)
        clock.lap("registrations written")
        if changed and first_day and last_day:
            if isinstance(writer, PostgresWriter):
                weeks_refresh_changed(changed_table=CHANGED, cache=checker.cache)
            else:
                weeks_refresh(enrolment_ids=changed, first=first_day, last=last_day, cache=checker.cache)
            clock.lap("week aggregates recomputed")
            _log_registrations(user=user, enrolment_ids=changed, purpose=purpose)
            clock.lap("access log written")
            school_ids = sorted({school.pk for school in checker.schools.values()})
            transaction.on_commit(lambda: _enqueue_derivation(school_ids))
    clock.lap("committed")
    return result


class _Clock:
    """Logs how long each phase of an import took (logger werkplaats.attendance.import, level INFO)."""

    def __init__(self) -> None:
        self.last, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, phase: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        logger.info("%.2f s (%.2f s CPU in this process) %s", now - self.last, cpu - self.cpu, phase)
        self.last, self.cpu = now, cpu


def _enqueue_derivation(school_ids: list[int]) -> None:
    """Derive the reports of the enrolments the import changed (queued as PendingDerivation): one
    Celery task per school, which workers run in parallel; without a broker, one task run here."""
    from .tasks import reports_derive_task

    start = time.perf_counter()
    if settings.CELERY_TASK_ALWAYS_EAGER:  # in-process, without a broker connection
        reports_derive_task.apply(kwargs={"school_ids": school_ids}, throw=True)
    else:
        for school_id in school_ids:
            reports_derive_task.delay(school_ids=[school_id])
    logger.info("%.2f s reports derived (or enqueued)", time.perf_counter() - start)


def _log_registrations(*, user: User | None, enrolment_ids: list[int], purpose: str) -> None:
    for start in range(0, len(enrolment_ids), 10_000):
        pupils = (
            Enrolment.objects.filter(pk__in=enrolment_ids[start : start + 10_000])
            .values_list("pupil__uuid", flat=True)
            .distinct()
        )
        access_log_write(
            user=user,
            event_type="attendance.import",
            action=Action.UPDATE,
            object_type="pupil",
            object_ids=[(str(uuid), uuid) for uuid in pupils],
            purpose=purpose,
            authorisation="import uit de leerlingadministratie",
        )


def registrations_import(
    source: str | Path | IO[bytes], *, user: User | None = None, partial: bool = False
) -> ImportResult:
    """Import absence registrations from a CSV file (contract §1): all-or-nothing unless `partial`."""
    try:
        with open_text(source) as stream:
            return _import_rows(
                read_rows(stream, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS),
                user=user,
                partial=partial,
                purpose="verzuimimport (bestand)",
            )
    except FileError as error:  # an empty file or a missing column is found before any row
        return reject_file(ImportResult(), error)


def _json_rows(rows: list[Any]) -> Iterator[tuple[int, dict[str, str]]]:
    for index, item in enumerate(rows, start=1):
        if not isinstance(item, dict):
            item = {}
        row = {}
        for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
            value = item.get(column)
            row[column] = "" if value is None else str(value).strip()
        yield index, row


def registrations_create(*, user: User, rows: list[Any]) -> ImportResult:
    """The API's registrations (contract §5): the rows of the import as JSON objects, `line` = the row's
    1-based position in the list; all-or-nothing. Only schools where the user is an IB'er /
    zorgcoördinator (care_coordinator) may be written; other schools are reported as unknown."""
    from .selectors import schools_writable_by

    allowed = set(schools_writable_by(user=user).values_list("pk", flat=True))
    return _import_rows(
        _json_rows(rows), user=user, partial=False, allowed_school_ids=allowed, purpose="verzuimregistratie (API)"
    )


# --- Statutory reports ----------------------------------------------------------------------------------


def report_candidates(enrolment_ids: list[int]) -> list[int]:
    """Of these enrolments, those whose aggregates make a report possible at all: a luxe day, 16
    unauthorised hours in total, or 20 home days."""
    return list(
        AttendanceWeek.objects.filter(enrolment_id__in=enrolment_ids)
        .values("enrolment_id")
        .annotate(luxe=Sum("luxe_days"), unauthorised=Sum("unauthorised_minutes"), home=Sum("home_days"))
        .filter(Q(luxe__gt=0) | Q(unauthorised__gte=SIXTEEN_HOURS) | Q(home__gte=THUISZITTER_DAYS))
        .values_list("enrolment_id", flat=True)
    )


# The pending derivations of a list of enrolments, compiled once (core.prepared): the pages ask on every view.
_PENDING_OF_ENROLMENTS = PreparedQuery(
    lambda enrolment_ids: PendingDerivation.objects.filter(enrolment_id__in=enrolment_ids).values_list(
        "enrolment_id"), enrolment_ids=list)


def reports_derive(*, enrolments: QuerySet[Enrolment] | None = None, pending_only: bool = True,
                   enrolment_ids: list[int] | None = None) -> int:
    """Derive the statutory reports due from all registrations and add the new ones (contract §3).
    Idempotent: existing reports are kept and never duplicated. By default only enrolments whose
    aggregates changed since their last derivation (PendingDerivation) are looked at: of `enrolments` (or of
    the `enrolment_ids`, a non-empty list: one prepared query), or all of them when neither is given. Returns
    how many reports were added. The transaction is opened only when there is something to look at (the pages
    call this on every view, mostly with nothing pending)."""
    if pending_only and enrolment_ids:
        ids = [pk for (pk,) in _PENDING_OF_ENROLMENTS.fetch(enrolment_ids=enrolment_ids)]
    elif enrolment_ids:
        ids = list(enrolment_ids)
    elif pending_only:
        pending = PendingDerivation.objects.all()
        if enrolments is not None:
            pending = pending.filter(enrolment_id__in=enrolments.values("pk"))
        ids = list(pending.values_list("enrolment_id", flat=True))
    else:
        ids = list((enrolments if enrolments is not None else Enrolment.objects.all()).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        return _derive_ids(ids, pending_only)


def _derive_ids(ids: list[int], pending_only: bool) -> int:
    """`reports_derive` of these enrolments, in its transaction (taken off the queue first if `pending_only`)."""
    candidates: list[int] = []
    for start in range(0, len(ids), SELECT_CHUNK):
        chunk = ids[start : start + SELECT_CHUNK]
        if pending_only:
            # Off the queue before the aggregates are read (in this transaction, so a failure puts them
            # back); a change committed meanwhile queues its enrolment again.
            PendingDerivation.objects.filter(enrolment_id__in=chunk).delete()
        candidates.extend(report_candidates(chunk))
    cache = CalendarCache()
    return sum(
        _derive(candidates[start : start + DERIVE_CHUNK], cache) for start in range(0, len(candidates), DERIVE_CHUNK)
    )


def _derive(chunk: list[int], cache: CalendarCache) -> int:
    """Add the reports due for these enrolments (at most DERIVE_CHUNK)."""
    from .selectors import WEEKDATA_FIELDS, _weekdata

    if not chunk:
        return 0
    info = {
        row[0]: row
        for row in Enrolment.objects.filter(pk__in=chunk).values_list(
            "pk", "school_id", "pupil_id", "pupil__birth_date"
        )
    }
    schools = {s.pk: s for s in School.objects.filter(pk__in={row[1] for row in info.values()})}
    cache.prefetch(schools.values())
    weeks: dict[int, list[WeekData]] = {pk: [] for pk in chunk}
    for row in (
        AttendanceWeek.objects.filter(enrolment_id__in=chunk)
        .order_by("week_start")
        .values_list("enrolment_id", *WEEKDATA_FIELDS)
    ):
        weeks[row[0]].append(_weekdata(row[1:]))
    existing: dict[int, list[ExistingReport]] = {pk: [] for pk in chunk}
    for report in AbsenceReport.objects.filter(enrolment_id__in=chunk).values_list(
        "enrolment_id", "reason", "start_date", "threshold_date", "status"
    ):
        existing[report[0]].append(
            ExistingReport(report[1], report[2], report[3], report[4] == AbsenceReport.Status.OPEN)
        )
    new = []
    for pk in chunk:
        if pk not in info:
            continue
        _pk, school_id, pupil_id, birth_date = info[pk]
        for report in reports_due(
            weeks=weeks[pk],
            birth_date=birth_date,
            calendar=cache.for_school(schools[school_id]),
            existing=existing[pk],
        ):
            new.append(
                AbsenceReport(
                    enrolment_id=pk,
                    pupil_id=pupil_id,
                    school_id=school_id,
                    reason=report.reason,
                    start_date=report.start_date,
                    threshold_date=report.threshold_date,
                )
            )
    # ignore_conflicts: a derivation running at the same time may have added the same report
    return len(AbsenceReport.objects.bulk_create(new, ignore_conflicts=True)) if new else 0


@transaction.atomic
def report_close(*, actor: User, report: AbsenceReport) -> AbsenceReport:
    """Mark a report as submitted to the compulsory-education register. A closed 16_uur report lets the
    next one be derived from the registrations after its threshold date."""
    report = AbsenceReport.objects.select_for_update().select_related("pupil").get(pk=report.pk)
    if report.status == AbsenceReport.Status.CLOSED:
        raise ValidationError(_("Deze melding is al gemeld."))
    report.status = AbsenceReport.Status.CLOSED
    report.closed_at = timezone.now()
    report.closed_by = actor
    report.full_clean()
    report.save(update_fields=["status", "closed_at", "closed_by", "updated"])
    access_log_write(
        user=actor,
        event_type="attendance.report_close",
        action=Action.UPDATE,
        object_type="pupil",
        object_ids=[(str(report.pupil.uuid), report.pupil.uuid)],
        purpose="verzuimmelding gemeld",
        authorisation="relatie met de school (lidmaatschap met rol)",
    )
    reports_derive(enrolments=Enrolment.objects.filter(pk=report.enrolment_id), pending_only=False)
    return report


# --- Calendars and timetables of a school ---------------------------------------------------------------


@transaction.atomic
def school_day_off_add(
    *, actor: User | None, school: School, first_day: date, last_day: date | None = None, name: str
) -> SchoolDayOff:
    """Add a day (or consecutive days) off to a school's calendar. Registrations on those days stop
    counting; the school's week aggregates are recomputed."""
    day_off = SchoolDayOff(school=school, first_day=first_day, last_day=last_day or first_day, name=name)
    day_off.full_clean()
    day_off.save()
    weeks_refresh_school(school=school, first=day_off.first_day, last=day_off.last_day)
    return day_off


@transaction.atomic
def school_day_off_remove(*, actor: User | None, day_off: SchoolDayOff) -> None:
    school, first, last = day_off.school, day_off.first_day, day_off.last_day
    day_off.delete()
    weeks_refresh_school(school=school, first=first, last=last)


@transaction.atomic
def school_timetable_set(
    *, actor: User | None, school: School, valid_from: date, minutes: tuple[int, int, int, int, int]
) -> SchoolTimetable:
    """Set the scheduled minutes per weekday (Monday–Friday) of a school from `valid_from` on."""
    timetable, _created = SchoolTimetable.objects.get_or_create(
        school=school,
        valid_from=valid_from,
        defaults=dict(zip(("monday", "tuesday", "wednesday", "thursday", "friday"), minutes, strict=True)),
    )
    for name, value in zip(("monday", "tuesday", "wednesday", "thursday", "friday"), minutes, strict=True):
        setattr(timetable, name, value)
    timetable.full_clean()
    timetable.save()
    _refresh_all_weeks(school, first=valid_from)
    return timetable


@transaction.atomic
def school_calendar_set(*, actor: User | None, school: School, calendar: HolidayCalendar | None) -> None:
    """Give a school another holiday calendar (None: back to the region's default)."""
    SchoolCalendar.objects.filter(school=school).delete()
    if calendar is not None and not calendar.is_default:
        SchoolCalendar.objects.create(school=school, calendar=calendar)
    _refresh_all_weeks(school)


def _refresh_all_weeks(school: School, *, first: date | None = None) -> None:
    """Recompute the school's week aggregates from `first` (default: its first registration) on."""
    from .models import AbsenceRegistration

    span = AbsenceRegistration.objects.filter(school=school).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return
    start = max(first, span["first"]) if first else span["first"]
    if start <= span["last"]:
        weeks_refresh_school(school=school, first=start, last=span["last"])
