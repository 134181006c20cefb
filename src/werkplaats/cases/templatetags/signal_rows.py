"""`{% load signal_rows %}{% signal_rows signals caption empty %}`: the table of signals of the signal list, the
search and the dashboard, written in Python — what the former `cases/includes/signal_rows.html` wrote
(tests/cases/test_signal_rows.py compares the two), with every value escaped and the strings translated once per
table."""

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from werkplaats.cases.models import Signal
from werkplaats.core.templatetags.werkplaats import table_date, uuid_url

register = template.Library()

_TABLE = (
    '\n<div class="utrecht-table-container utrecht-table-container--overflow-inline">'
    '\n<table class="utrecht-table utrecht-table--html-table utrecht-table--alternate-row-color">'
    '\n  <caption class="utrecht-table__caption wp-visually-hidden">{caption}</caption>'
    '\n  <thead class="utrecht-table__header"><tr class="utrecht-table__row">'
    '\n    <th scope="col" class="utrecht-table__header-cell">{signal}</th>'
    '\n    <th scope="col" class="utrecht-table__header-cell">{about}</th>'
    '\n    <th scope="col" class="utrecht-table__header-cell">{category}</th>'
    '\n    <th scope="col" class="utrecht-table__header-cell">{school}</th>'
    '\n    <th scope="col" class="utrecht-table__header-cell">{raised}</th>'
    '\n    <th scope="col" class="utrecht-table__header-cell">{status}</th>'
    "\n  </tr></thead>"
    '\n  <tbody class="utrecht-table__body">'
    "\n  {rows}"
    "\n  </tbody>"
    "\n</table>"
    "\n</div>\n\n"
)
_ROW = (
    '<tr class="utrecht-table__row">'
    '\n    <td class="utrecht-table__cell"><a class="utrecht-link utrecht-link--html-a" href="{url}">{reference}</a>'
    "</td>"
    '\n    <td class="utrecht-table__cell">{about}</td>'
    '\n    <td class="utrecht-table__cell">{category}</td>'
    '\n    <td class="utrecht-table__cell">{school}</td>'
    '\n    <td class="utrecht-table__cell wp-nowrap">{created}</td>'
    '\n    <td class="utrecht-table__cell"><span class="utrecht-status-badge utrecht-status-badge--{badge}">{status}'
    "</span>{urgent}</td>"
    "\n  </tr>"
)
_BADGE = {Signal.Status.NEW: "warning", Signal.Status.ON_AGENDA: "warning", Signal.Status.WITHDRAWN: "neutral"}


@register.simple_tag
def signal_rows(signals: Iterable[Signal], caption: str = "", empty: str = "") -> SafeString:
    """The table of the signals (reference, whom it is about, kind of care, school, date, status), or `empty`."""
    signals = list(signals)
    if not signals:
        return mark_safe(f'\n<p class="utrecht-paragraph wp-empty">{escape(empty)}</p>\n')
    whole_school = escape(gettext("de hele school"))
    urgent = f' <span class="utrecht-status-badge utrecht-status-badge--danger">{escape(gettext("spoed"))}</span>'
    rows = "".join(
        _ROW.format(
            url=uuid_url(signal.uuid, "cases:signal"),
            reference=escape(signal.reference),
            about=escape(signal.pupil) if signal.pupil else escape(signal.group) if signal.group else whole_school,
            category=escape(signal.get_category_display()),
            school=escape(signal.school.name),
            created=table_date(signal.created),
            badge=_BADGE.get(signal.status, "success"),
            status=escape(signal.get_status_display()),
            urgent=urgent if signal.urgency == Signal.Urgency.URGENT else "",
        )
        for signal in signals
    )
    table = _TABLE.format(
        caption=escape(caption),
        signal=escape(gettext("Signaal")),
        about=escape(gettext("Over")),
        category=escape(gettext("Soort zorg")),
        school=escape(gettext("School")),
        raised=escape(gettext("Ingebracht")),
        status=escape(gettext("Status")),
        rows=rows,
    )
    return mark_safe("\n" + table)  # noqa: S308 — every value is escaped
