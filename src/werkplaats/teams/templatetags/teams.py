"""`{% load teams %}{% team_start_area %}`: the Team & overleg part of the start page (Mijn overzicht);
`{% action_rows rows %}`: the rows of the actions page; `{% meeting_rows meetings %}`: the rows of a table of
meetings; `{% plan_fields form %}`: the fields of a planning form; `{% growth_rows growth %}`: the rows of a
measurement's outcome table; `{% agreement_sections %}`: the sections of the agreements page."""

from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from werkplaats.core.templatetags.werkplaats import form_field, table_date, text_date, uuid_url
from werkplaats.teams.forms import Form
from werkplaats.teams.models import Meeting
from werkplaats.teams.selectors import AgreementView, Growth, start_area

register = template.Library()

_ACTION_ROW = (
    '\n      <tr class="utrecht-table__row">'
    '\n        <td class="utrecht-table__cell">{description}</td>'
    '\n        <td class="utrecht-table__cell">{owner}</td>'
    '\n        <td class="utrecht-table__cell wp-nowrap{overdue_class}">{due}{overdue}</td>'
    '\n        <td class="utrecht-table__cell">{agreed}</td>'
    '\n        <td class="utrecht-table__cell">{status}'
    "\n          {forms}</td>"
    "\n      </tr>\n      "
)
_STATUS_FORM = (
    '\n          <form method="post" action="{url}" class="wp-inline-form">{csrf}<input type="hidden" name="to" '
    'value="{target}"><input type="hidden" name="version" value="{version}"><input type="hidden" name="next" '
    'value="{next}"><button type="submit" class="utrecht-button utrecht-button--subtle-action wp-touch">{label}'
    '<span class="wp-visually-hidden">: {short}</span></button></form>\n          '
)
_MEETING_ROW = (
    '\n      <tr class="utrecht-table__row">'
    '\n        <td class="utrecht-table__cell"><a class="utrecht-link utrecht-link--html-a" href="{url}">{date}'
    "</a></td>"
    '\n        <td class="utrecht-table__cell wp-nowrap">{starts}–{ends}</td>'
    '\n        <td class="utrecht-table__cell">{name}</td>'
    '\n        <td class="utrecht-table__cell">{place}</td>'
    '\n        <td class="utrecht-table__cell"><span class="utrecht-status-badge utrecht-status-badge--{badge}">'
    "{status}</span></td>"
    "\n      </tr>\n      "
)
_GROWTH_ROW = (
    '\n      <tr class="utrecht-table__row">'
    '\n        <th scope="row" class="utrecht-table__header-cell">{key} {text}</th>'
    "\n        {cells}"
    "\n      </tr>\n      "
)
_GROWTH_CELL = '\n        <td class="utrecht-table__cell utrecht-table__cell--numeric-data">{value}</td>\n        '
_AGREEMENT_SECTION = (
    '\n  <section class="wp-panel wp-section" id="{topic}" aria-labelledby="kop-{topic}">'
    '\n    <h2 class="utrecht-heading-3" id="kop-{topic}">{label}</h2>'
    "\n      {current}"
    "\n      {edit}"
    "\n  </section>\n  "
)
_AGREEMENT_CURRENT = (
    '<p class="utrecht-paragraph wp-pre">{text}</p>\n      <p class="utrecht-paragraph wp-meta">{meta}</p>'
)
_AGREEMENT_EDIT = (
    '<a class="utrecht-link utrecht-link--html-a" href="{url}">{record}<span class="wp-visually-hidden">: {label}'
    "</span></a>"
)
# The status badge of each meeting status; any other status is neutral.
_MEETING_BADGES = {
    Meeting.Status.IN_PROGRESS: "active",
    Meeting.Status.CLOSED: "success",
    Meeting.Status.CANCELLED: "inactive",
}


@register.inclusion_tag("teams/includes/start_area.html", takes_context=True)
def team_start_area(context: dict[str, Any]) -> dict[str, Any]:
    return {"area": start_area(user=context["request"].user)}


@register.simple_tag(takes_context=True)
def action_rows(context: template.Context, rows: list[Any]) -> SafeString:
    """The table rows of the actions page (`views.ActionRow`), each with one small form per status the action
    can move to, written in Python: as template nodes, a page of 60 actions and their 120 forms cost several
    times the rest of the page. What is the same on every row is translated and escaped once."""
    csrf, next_url = CsrfTokenNode().render(context), escape(context.get("next", ""))
    late, meeting, workshop = (
        f" ({escape(gettext('te laat'))})",
        escape(gettext("overleg")),
        escape(gettext("taart van ambities")),
    )
    parts = []
    for row in rows:
        action = row.action
        url, short = uuid_url(action.uuid, "teams:action_status"), escape(row.short)
        forms = "".join(
            _STATUS_FORM.format(
                url=url,
                csrf=csrf,
                target=escape(target),
                version=int(action.version),
                next=next_url,
                label=escape(label),
                short=short,
            )
            for target, label in row.buttons
        )
        if action.meeting_id:
            agreed = f"{meeting} {table_date(action.meeting.starts_at)}"
        else:
            agreed = workshop if action.workshop_id else ""
        parts.append(
            _ACTION_ROW.format(
                description=escape(action.description),
                owner=escape(action.owner),
                overdue_class=" wp-overdue" if row.overdue else "",
                due=table_date(action.due_date),
                overdue=late if row.overdue else "",
                agreed=agreed,
                status=escape(row.status),
                forms=forms,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value is escaped above


@register.simple_tag
def meeting_rows(meetings: list[Meeting]) -> SafeString:
    """The table rows of a list of meetings (teams/includes/meeting_table.html), written in Python: as template
    nodes, with their localised times and choice labels, they cost a third of the meetings page."""
    online = escape(gettext("online"))
    parts = []
    for meeting in meetings:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        name = meeting.get_kind_display() if meeting.kind == Meeting.Kind.URGENT else meeting.get_layer_display()
        parts.append(
            _MEETING_ROW.format(
                url=uuid_url(meeting.uuid, "teams:meeting"),
                date=table_date(starts),
                starts=f"{starts:%H:%M}",
                ends=f"{ends:%H:%M}",
                name=escape(capfirst(name)),
                place=escape(meeting.location) if meeting.location else online if meeting.online_url else "",
                badge=_MEETING_BADGES.get(meeting.status, "neutral"),
                status=escape(meeting.get_status_display()),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value is escaped above


# Unbound planning forms of the meetings page, by form class, `Form.fields_key` and language (see plan_fields).
_PLAN_FIELDS: dict[tuple[Any, ...], SafeString] = {}
_PLAN_FIELDS_MAX = 512


@register.simple_tag
def plan_fields(form: Form) -> SafeString:
    """The fields of a form, each as `{% form_field %}` writes it. The unbound planning forms of the meetings page
    are the same for every team with the same layers and cadence: their fields are written once per process for
    each `fields_key` and language, as writing 18 fields cost a fifth of the page."""
    if form.is_bound or form.fields_key is None:
        return mark_safe("".join(form_field(field) for field in form))  # noqa: S308 — form_field escapes
    key = (type(form), form.fields_key, get_language())
    html = _PLAN_FIELDS.get(key)
    if html is None:
        if len(_PLAN_FIELDS) >= _PLAN_FIELDS_MAX:
            _PLAN_FIELDS.clear()
        html = _PLAN_FIELDS[key] = mark_safe("".join(form_field(field) for field in form))  # noqa: S308
    return html


@register.simple_tag
def growth_rows(growth: Growth) -> SafeString:
    """The rows of the outcome table of measurements (teams/includes/growth_table.html), one per statement and
    aspect with a cell per measurement, written in Python: as template nodes they cost most of the page."""
    hidden = f'<span class="wp-muted">{escape(gettext("nog niet zichtbaar"))}</span>'
    # What `floatformat:1` writes for a mean (already rounded to one decimal, at most 5: no grouping), with the
    # decimal sign of the language looked up once rather than per cell.
    decimal = escape(get_format("DECIMAL_SEPARATOR"))
    parts = []
    for item in growth.items:
        cells = "".join(
            _GROWTH_CELL.format(
                value=hidden
                if value is None
                else f"{value:.1f}".replace(".", decimal) + f' <span class="wp-meta">(n={count})</span>',
            )
            for value, count in item.cells
        )
        parts.append(_GROWTH_ROW.format(key=escape(item.key.upper()), text=escape(item.text), cells=cells))
    return mark_safe("".join(parts))  # noqa: S308 — every value is escaped above


@register.simple_tag(takes_context=True)
def agreement_sections(context: template.Context, agreements: list[AgreementView]) -> SafeString:
    """The sections of the agreements page, one per topic with its current version and, for a manager, the link
    to record a new one, written in Python: as template nodes, the translated version line and the link of each
    of the thirteen topics cost most of the page."""
    team, manage = context["team"], context["access"].manage
    none_yet = f'<p class="utrecht-paragraph wp-muted">{escape(gettext("Nog geen afspraak gemaakt."))}</p>'
    record, meta = escape(gettext("Afspraak vastleggen")), gettext("Versie %(version)s, %(date)s, door %(who)s")
    # The URL of one topic, reversed once; the others differ only in the topic (a slug).
    first = agreements[0].topic if agreements else ""
    url = reverse("teams:agreement", args=[team.uuid, first]) if manage and first else ""
    parts = []
    for agreement in agreements:
        current, label = agreement.current, escape(agreement.label)
        parts.append(
            _AGREEMENT_SECTION.format(
                topic=escape(agreement.topic),
                label=label,
                current=_AGREEMENT_CURRENT.format(
                    text=escape(current.text),
                    meta=meta
                    % {
                        "version": current.version,
                        "date": escape(text_date(current.created)),
                        "who": escape(current.recorded_by or "—"),
                    },
                )
                if current and current.text
                else none_yet,
                edit=_AGREEMENT_EDIT.format(
                    url=escape(url.removesuffix(f"{first}/") + f"{agreement.topic}/"),
                    record=record,
                    label=label,
                )
                if manage
                else "",
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value is escaped above
