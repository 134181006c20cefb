"""The English catalogue is complete and consistent with the Dutch source strings, the compiled catalogue
matches it, and the pages of the later apps come out in English when the user chose English."""

import ast
import gettext
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web.conftest import login
from werkplaats.teams import services as team_services
from werkplaats.teams.models import Team

LOCALE = Path(settings.LOCALE_PATHS[0])
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")

# %(name)s, %(seconds).1f, %(version|add:1)s, %s, %d and the escaped percent sign %%.
PERCENT = re.compile(r"%(?:\([^)]*\))?[#0+-]?\d*(?:\.\d+)?[sdifr%]")
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header and obsolete (#~) entries left out. Enough of the format for the
    files makemessages writes: flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n], continued strings."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def finish() -> None:
        nonlocal entry, target
        if entry.line:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if entry.msgstr:
                finish()
            continue
        if line.startswith("#,"):
            if entry.msgstr:
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if entry.msgstr:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        text = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and entry.msgstr:
            finish()
        if keyword is not None:
            entry.line = entry.line or number
            target = keyword
            if keyword == "msgctxt":
                entry.msgctxt = ""
        if target == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif target == "msgid":
            entry.msgid += text
        elif target == "msgid_plural":
            entry.msgid_plural += text
        elif target == "msgstr":
            entry.msgstr[0] = entry.msgstr.get(0, "") + text
        elif target and target.startswith("msgstr["):
            index = int(target[len("msgstr[") : -1])
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
    finish()
    return [e for e in entries if e.msgid or e.msgctxt]


def pairs(entry: Entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: the singular with msgstr[0], the plural with every further form."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr.get(0, ""))]
    return [(entry.msgid if index == 0 else entry.msgid_plural, text) for index, text in sorted(entry.msgstr.items())]


def named_and_positional(text: str) -> tuple[set[str], list[str]]:
    """Named placeholders may repeat as the sentence needs; positional ones (and %%) keep count and order."""
    found = PERCENT.findall(text)
    named = {token for token in found if token.startswith("%(")} | set(BRACES.findall(text))
    positional = [token for token in found if not token.startswith("%(")]
    return named, positional


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def test_the_parser_reads_the_catalogue():
    entries = read_po(EN_PO)
    assert len(entries) > 1000
    assert any(entry.msgid_plural for entry in entries)
    assert all(entry.msgid for entry in entries)


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    problems = [
        f"{entry.label} {'fuzzy' if 'fuzzy' in entry.flags else 'untranslated'}"
        for entry in read_po(EN_PO)
        if "fuzzy" in entry.flags or not entry.msgstr or not all(entry.msgstr.values())
    ]
    assert not problems, "\n".join(problems)


def test_the_dutch_catalogue_has_no_fuzzy_entries_and_changes_no_text():
    problems = [
        entry.label
        for entry in read_po(NL_PO)
        if "fuzzy" in entry.flags or any(text and text != source for source, text in pairs(entry))
    ]
    assert not problems, "\n".join(problems)
    assert "fuzzy" not in NL_PO.read_text(encoding="utf-8").split("\n\n", 1)[0], "the header is marked fuzzy"


def test_placeholders_and_markup_match_between_dutch_and_english():
    problems = []
    for entry in read_po(EN_PO):
        for source, text in pairs(entry):
            named_source, positional_source = named_and_positional(source)
            named_text, positional_text = named_and_positional(text)
            if named_source != named_text:
                problems.append(f"{entry.label} placeholders {sorted(named_source)} became {sorted(named_text)}")
            if positional_source != positional_text:
                problems.append(f"{entry.label} placeholders {positional_source} became {positional_text}")
            if tags(source) != tags(text):
                problems.append(f"{entry.label} markup {tags(source)} became {tags(text)}")
    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_matches_the_po_file():
    """Catches a forgotten compilemessages: Django reads the .mo, not the .po."""
    with EN_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(EN_PO):
        if entry.msgid_plural:
            got = [
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                for n in (1, 2)
            ]
            expected = [entry.msgstr[0], entry.msgstr[1]]
        else:
            got = [compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)]
            expected = [entry.msgstr[0]]
        if got != expected:
            stale.append(entry.label)
    assert not stale, "run compilemessages:\n" + "\n".join(stale)


# The pages, in English.

LONG_DUTCH = [
    entry.msgid
    for entry in read_po(EN_PO)
    if len(entry.msgid) >= 20
    and " " in entry.msgid
    and not PERCENT.search(entry.msgid)
    and "{" not in entry.msgid
    and entry.msgid not in entry.msgstr.get(0, "")
]


def english_page(client: Client, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    assert '<html lang="en"' in content
    return html.unescape(content)


def assert_english(page: str, english: list[str], dutch: list[str]) -> None:
    for text in english:
        assert text in page, f"missing English text {text!r}"
    for text in dutch:
        assert text not in page, f"Dutch text {text!r} on an English page"
    leaked = [msgid for msgid in LONG_DUTCH if msgid in page]
    assert not leaked, f"Dutch source strings on an English page: {leaked}"


@pytest.mark.django_db
def test_the_teams_pages_in_english(region):
    client = login(Client(), region.coordinator)
    page = english_page(client, reverse("teams:index"))
    assert_english(page, ["Team & meetings", "My teams", "Compose a team"], ["Team & overleg", "Mijn teams"])

    team = team_services.team_create(actor=region.coordinator, school=region.school, form=Team.Form.CORE)
    page = english_page(client, reverse("teams:team", kwargs={"uuid": team.uuid}))
    assert_english(page, ["Composing the team", "Next meetings"], ["Het team samenstellen", "Volgende overleggen"])


@pytest.mark.django_db
def test_the_signals_page_in_english(region):
    client = login(Client(), region.coordinator)
    page = english_page(client, reverse("cases:signals"))
    assert_english(page, ["Signals", "Raise a signal", "Still to discuss"], ["Signalen", "Signaal inbrengen"])


@pytest.mark.django_db
def test_the_attendance_pages_in_english(region):
    client = login(Client(), region.coordinator)
    page = english_page(client, reverse("attendance:index"))
    assert_english(page, ["Attendance", "Schools"], ["Aanwezigheid", "Scholen"])

    page = english_page(client, reverse("attendance:school", args=[region.school.uuid]))
    assert_english(
        page,
        ["Pupils and tiers", "Absence reports", "Tier 1", "Pupils per tier"],
        ["Leerlingen en niveaus", "Verzuimmeldingen", "Niveau 1", "Leerlingen per niveau"],
    )


@pytest.mark.django_db
def test_dutch_stays_the_default(region):
    client = login(Client(), region.coordinator)
    content = html.unescape(client.get(reverse("attendance:school", args=[region.school.uuid])).content.decode())
    assert '<html lang="nl"' in content
    assert "Leerlingen en niveaus" in content and "Pupils and tiers" not in content
    assert any(msgid in content for msgid in LONG_DUTCH), "the check for Dutch on English pages finds nothing"
