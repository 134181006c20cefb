"""`{% load case_rows %}{% case_rows rows %}`: the rows of the dashboard's case tables, written in Python (as
template nodes, a dozen variables and filters a row, the rows were the largest part of the page after the queries).
Every value is escaped; the one text is translated once per table. `{{ case|case_pupils }}`: the pupils of a listed
case (`selectors.pupils_of`)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from werkplaats.cases.models import Case
from werkplaats.cases.selectors import CaseRow, pupils_of
from werkplaats.core.templatetags.werkplaats import table_date, uuid_url

register = template.Library()

_ROW = (
    '<tr class="utrecht-table__row">'
    '\n    <td class="utrecht-table__cell"><a class="utrecht-link utrecht-link--html-a" href="{url}">{reference}</a>'
    "</td>"
    '\n    <td class="utrecht-table__cell">{pupils}</td>'
    '\n    <td class="utrecht-table__cell">{school}</td>'
    '\n    <td class="utrecht-table__cell"><span class="utrecht-status-badge utrecht-status-badge--{badge}">{status}'
    "</span>{escalation}</td>"
    '\n    <td class="utrecht-table__cell">{overdue}</td>'
    '\n    <td class="utrecht-table__cell wp-nowrap">{evaluation}</td>'
    "\n  </tr>"
)
_ESCALATION = ' <span class="utrecht-status-badge utrecht-status-badge--warning">{}</span>'
_OVERDUE = '<span class="utrecht-status-badge utrecht-status-badge--danger">{}</span>'
_SOON = ' <span class="utrecht-status-badge utrecht-status-badge--warning">{}</span>'


@register.simple_tag
def case_rows(rows: list[CaseRow]) -> SafeString:
    """One row per `selectors.CaseRow`: reference (linked), pupils, school, status and escalation, overdue actions
    and the next evaluation."""
    soon = _SOON.format(escape(gettext("binnenkort")))
    out = []
    for row in rows:
        case = row.case
        evaluation = "–"
        if row.next_evaluation:
            evaluation = table_date(row.next_evaluation.planned_on) + (soon if row.evaluation_due else "")
        out.append(
            _ROW.format(
                url=uuid_url(case.uuid, "cases:case"),
                reference=escape(case.reference),
                pupils=", ".join(escape(pupil) for pupil in pupils_of(case)),
                school=escape(case.school.name),
                badge="success" if case.status == Case.Status.OPEN else "neutral",
                status=escape(case.get_status_display()),
                escalation=_ESCALATION.format(escape(case.get_escalation_display())) if case.escalation else "",
                overdue=_OVERDUE.format(row.overdue) if row.overdue else "0",
                evaluation=evaluation,
            )
        )
    return mark_safe("".join(out))  # noqa: S308 — every value is escaped


@register.filter
def case_pupils(case: Case) -> list:
    """The pupils of a case as read with it (a listed case keeps them outside `case.pupils.all()`)."""
    return pupils_of(case)
