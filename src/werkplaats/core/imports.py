"""The shared machinery of the CSV imports of contracts/registry.md and contracts/attendance.md:
streaming UTF-8 reading (a BOM is accepted), header checks, per-row errors with line and column,
and the result object that the command line, the web interface and the API all print."""

import codecs
import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

MAX_FIELD_SIZE = 100_000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.rejected == 0 and not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [error.as_dict() for error in self.errors],
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    def as_text(self) -> str:
        lines = [
            _("Aangemaakt: %(created)d, bijgewerkt: %(updated)d, ongewijzigd: %(unchanged)d, afgewezen: %(rejected)d")
            % self.as_dict()
        ]
        for error in self.errors:
            lines.append(
                _("Regel %(line)d, kolom %(column)s: %(message)s")
                % {"line": error.line, "column": error.column or "-", "message": error.message}
            )
        if not self.accepted and self.created == self.updated == self.unchanged == 0:
            lines.append(_("Het bestand is afgewezen: er is niets opgeslagen."))
        return "\n".join(lines)


class FileError(Exception):
    """The file as a whole cannot be read (encoding, no header). Carries a RowError for the report."""

    def __init__(self, *errors: RowError, rows: int = 1) -> None:
        super().__init__(errors[0].message)
        self.errors = list(errors)
        self.rows = max(rows, 1)  # how many rows this makes invalid: all of them, at least one


class Utf8Lines:
    """Iterates the lines of a binary CSV source as text, decoding line by line (strict UTF-8, BOM
    dropped), so a decoding error names its own line and memory stays bounded for any file size."""

    def __init__(self, source: str | Path | IO[bytes]) -> None:
        self._owned = isinstance(source, str | Path)
        self._binary: IO[bytes] = open(source, "rb") if self._owned else source  # noqa: SIM115
        self.line = 0

    def __enter__(self) -> "Utf8Lines":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._owned:
            self._binary.close()

    def __iter__(self) -> Iterator[str]:
        for raw in self._binary:
            self.line += 1
            if self.line == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FileError(
                    RowError(
                        self.line,
                        "",
                        _(
                            "Het bestand is geen geldige UTF-8-tekst: regel %(line)d bevat een onleesbaar teken "
                            "(positie %(position)d). Sla het bestand op als CSV UTF-8."
                        )
                        % {"line": self.line, "position": exc.start + 1},
                    )
                ) from None


def open_text(source: str | Path | IO[bytes]) -> Utf8Lines:
    """The lines of a CSV file (a path or a binary stream) as text; use as a context manager."""
    return Utf8Lines(source)


def read_rows(
    stream: Iterable[str], *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row; the header is line 1. Unknown columns are dropped,
    values are stripped, a missing value is ''. Raises FileError for an unreadable file or header and
    for a missing required column."""
    csv.field_size_limit(MAX_FIELD_SIZE)
    reader = csv.reader(stream)
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise FileError(RowError(1, "", _("Het bestand is leeg: de kopregel ontbreekt."))) from None
        names = [name.strip().lower() for name in header]
        missing = [column for column in required if column not in names]
        if missing:
            rows = sum(1 for values in reader if any(value.strip() for value in values))
            raise FileError(
                *(
                    RowError(
                        1, column, _("De verplichte kolom %(column)s ontbreekt in de kopregel.") % {"column": column}
                    )
                    for column in missing
                ),
                rows=rows,
            )
        wanted = {name: index for index, name in enumerate(names) if name in required or name in optional}
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            yield line, {name: (values[index].strip() if index < len(values) else "") for name, index in wanted.items()}
    except csv.Error as exc:
        raise FileError(
            RowError(reader.line_num, "", _("Het bestand is geen geldige CSV: %(error)s") % {"error": exc})
        ) from None


class RowValidator:
    """Collects the errors of one row; `value` returns cleaned values or None after recording an error."""

    def __init__(self, line: int, row: dict[str, str]) -> None:
        self.line = line
        self.row = row
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def required(self, column: str) -> str | None:
        value = self.row.get(column, "")
        if not value:
            self.error(column, _("Verplichte waarde ontbreekt."))
            return None
        return value

    def date(self, column: str, *, required: bool = True) -> date | None:
        value = self.row.get(column, "")
        if not value:
            if required:
                self.error(column, _("Verplichte datum ontbreekt (verwacht JJJJ-MM-DD)."))
            return None
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.error(column, _("%(value)s is geen geldige datum (verwacht JJJJ-MM-DD).") % {"value": value})
            return None

    def choice(self, column: str, choices: list[str] | tuple[str, ...] | set[str] | frozenset[str]) -> str | None:
        value = self.required(column)
        if value is None:
            return None
        if value not in choices:
            self.error(
                column,
                _("%(value)s is geen geldige waarde; kies uit %(choices)s.")
                % {"value": value, "choices": ", ".join(sorted(choices))},
            )
            return None
        return value

    @property
    def ok(self) -> bool:
        return not self.errors


def reject_duplicate(seen: dict[Any, int], identity: Any, validator: RowValidator, column: str) -> None:
    """Record an error when `identity` already occurred on an earlier line of the same file."""
    first_line = seen.get(identity)
    if first_line is not None:
        validator.error(column, _("Deze regel herhaalt regel %(line)d (zelfde identiteit).") % {"line": first_line})
    else:
        seen[identity] = validator.line


def reject_file(result: ImportResult, error: FileError) -> ImportResult:
    """The whole file is unreadable: nothing is written, every row counts as rejected."""
    result.created = result.updated = result.unchanged = 0
    result.rejected = error.rows
    result.errors = error.errors
    return result


def finish(result: ImportResult, *, invalid_rows: int, partial: bool) -> bool:
    """Decide whether valid rows may be written: all-or-nothing unless `partial`."""
    result.rejected = invalid_rows
    result.errors.sort(key=lambda error: error.line)
    return partial or invalid_rows == 0
