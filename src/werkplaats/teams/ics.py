"""iCalendar (RFC 5545) export of meetings. Only what a calendar needs: when, where, which team, and the
link to the meeting in Werkplaats; agenda items by their standard titles only (free titles and minutes
can name children, and calendars leave the access layer)."""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AgendaItem, Meeting

PRODID = "-//Werkplaats Twente//Team en overleg//NL"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space (RFC 5545 §3.1), never inside a character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current, limit = b"", 74
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _summary(meeting: Meeting) -> str:
    school = meeting.team.school.name
    if meeting.kind == Meeting.Kind.URGENT:
        return _("Kernteam-spoedoverleg IPT %(school)s") % {"school": school}
    return _("IPT %(school)s: overleg %(layer)s") % {"school": school, "layer": meeting.get_layer_display()}


def _description(meeting: Meeting, url: str) -> str:
    items = list(meeting.agenda_items.order_by("position", "pk"))
    standard = [str(AgendaItem.Kind(item.kind).label) for item in items if item.kind != AgendaItem.Kind.FREE]
    free = sum(1 for item in items if item.kind == AgendaItem.Kind.FREE)
    lines = [_("Agenda:"), *(f"- {title}" for title in standard)]
    if free:
        lines.append(_("- en %(count)s vrije agendapunten") % {"count": free})
    lines += ["", _("Agenda, voorbereiding en verslag in Werkplaats: %(url)s") % {"url": url}]
    return "\n".join(lines)


def calendar(meetings: Iterable[Meeting], *, url_for: Callable[[Meeting], str], name: str) -> str:
    stamp = _utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(name)}"]
    for meeting in meetings:
        url = url_for(meeting)
        location = meeting.location or (meeting.online_url and _("Online")) or ""
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.uuid}@werkplaats",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends_at)}",
            f"SEQUENCE:{meeting.sequence}",
            f"SUMMARY:{_escape(_summary(meeting))}",
            f"DESCRIPTION:{_escape(_description(meeting, url))}",
            f"URL:{meeting.online_url or url}",
            "STATUS:" + ("CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"),
        ]
        if location:
            lines.append(f"LOCATION:{_escape(location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
