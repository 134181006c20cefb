"""The meeting page (teams/meeting.html), written in Python where template nodes cost most of it:
`{% agenda_entries %}`, the agenda: its items (as template nodes, with their includes, translations and conditions
per item, the 30 items of a core meeting cost half the page); `{% meeting_when meeting %}`, its day, times and
status badge (localised date filters and two nested includes). Every value is escaped; the fixed words are
translated once per language."""


import html
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, gettext, gettext_noop

from werkplaats.core.templatetags.werkplaats import text_date, uuid_url
from werkplaats.teams.models import Action, AgendaItem, Meeting

register = template.Library()

# The fixed words of the agenda, by key (marked for makemessages; translated in _words).
_WORDS = {
    "fixed": gettext_noop("vast agendapunt"),
    "shared": gettext_noop("zichtbaar voor gast"),
    "due": gettext_noop("uiterlijk"),
    "late": gettext_noop("te laat"),
    "agreed": gettext_noop("afgesproken op"),
    "done": gettext_noop("Afgerond"),
    "no_actions": gettext_noop("Geen openstaande acties van eerdere overleggen."),
    "since": gettext_noop("Ingeschreven sinds het vorige overleg"),
    "from": gettext_noop("vanaf"),
    "no_pupils": gettext_noop(
        "Geen nieuwe leerlingen ingeschreven sinds het vorige overleg (voor zover u ze mag zien)."
    ),
    "preparation": gettext_noop("Voorbereiding"),
    "minutes": gettext_noop("Verslag"),
    "last_by": gettext_noop("laatst door"),
    "decisions": gettext_noop("Besluiten"),
    "actions": gettext_noop("Acties"),
    "prepare": gettext_noop("Voorbereiden"),
    "write": gettext_noop("Verslag schrijven"),
    "more": gettext_noop("Meer"),
    "up": gettext_noop("Omhoog"),
    "down": gettext_noop("Omlaag"),
    "unshare": gettext_noop("Niet meer delen met gast"),
    "share": gettext_noop("Delen met gast"),
    "remove": gettext_noop("Van de agenda halen"),
    "none_shared": gettext_noop("Er zijn geen agendapunten met u gedeeld."),
    "general": gettext_noop("Algemeen"),
}
# The words of _WORDS translated and escaped, per language.
_TRANSLATED: dict[str | None, dict[str, str]] = {}
# The status badge of each meeting status; any other status is neutral.
_STATUS_BADGES = {
    Meeting.Status.IN_PROGRESS: "active",
    Meeting.Status.CLOSED: "success",
    Meeting.Status.CANCELLED: "inactive",
}
_BADGE = '<span class="utrecht-status-badge utrecht-status-badge--{status}">{label}</span>'
_ITEM = (
    '<li class="wp-agenda__item" id="item-{uuid}"><h3 class="wp-agenda__title">{title}</h3>'
    '<span class="wp-badges">{badges}</span>{body}</li>'
)
_OPEN_ACTION = (
    '<li>{description}<br><span class="wp-meta{overdue}">{owner} · {due} {date}{late}{agreed}</span>{form}</li>'
)
_OPEN_ACTION_FORM = (
    '<form method="post" action="{url}" class="wp-inline-form">{csrf}<input type="hidden" name="to" value="done">'
    '<input type="hidden" name="version" value="{version}"><input type="hidden" name="next" value="{next}">'
    '<button type="submit" class="utrecht-button utrecht-button--subtle-action wp-touch">{label}'
    '<span class="wp-visually-hidden">: {short}</span></button></form>'
)
_ACTION = '<li>{description} <span class="wp-meta">— {owner}, {due} {date}, {status}</span></li>'
_PUPIL = '<li>{given} {family} <span class="wp-meta">— {group}, {since} {date}</span></li>'
_GENERAL = '<div class="wp-panel wp-section"><h3 class="utrecht-heading-3">{heading}</h3>{rows}</div>'
_LINK = '<p class="utrecht-paragraph"><a class="utrecht-link utrecht-link--html-a" href="{url}">{text}</a></p>'
_EMPTY = '<p class="utrecht-paragraph wp-meta">{text}</p>'
_LABEL = '<p class="wp-agenda__label">{label}</p>'
_TEXT = '<p class="utrecht-paragraph wp-agenda__text">{text}</p>'
_BY = ' <span class="wp-meta">({by})</span>'
_EDIT_LINK = (
    '<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href="{url}" '
    'hx-get="{url}" hx-target="#editor" hx-swap="innerHTML show:#editor:top">{label}'
    '<span class="wp-visually-hidden">: {kind}</span></a>'
)
_ITEM_FORM = (
    '<form method="post" action="{url}">{csrf}{hidden}<button type="submit" '
    'class="utrecht-button utrecht-button--subtle-action">{label}<span class="wp-visually-hidden">: {kind}</span>'
    "</button></form>"
)
_TOOLS = (
    '<div class="wp-agenda__tools">{prepare}{minutes}<details class="wp-agenda__more">'
    '<summary class="utrecht-button utrecht-button--subtle-action">{more}<span class="wp-visually-hidden">: {kind}'
    '</span></summary><div class="wp-agenda__tools">{forms}</div></details></div>'
)


def escape(value: Any) -> str:
    """What `{{ value }}` writes of a value that is not marked safe (Django's escape, without its lazy-string
    wrapper: it is called some hundred times per page)."""
    return html.escape(str(value))


def _words() -> dict[str, str]:
    language = get_language()
    words = _TRANSLATED.get(language)
    if words is None:
        words = _TRANSLATED[language] = {key: escape(gettext(text)) for key, text in _WORDS.items()}
    return words


def _list(entries: list[str]) -> str:
    return '<ul class="wp-list">' + "".join(entries) + "</ul>"


class _Agenda:
    """What every item of one page shares: the context's lists and flags, the words, the CSRF field."""

    def __init__(self, context: template.Context) -> None:
        self.context = context
        self.w = _words()
        self.participant = context["view"].participant
        self.recordable = bool(context.get("recordable"))
        self.runner = context["view"].runner
        self.fixed = context.get("fixed") or set()
        self.csrf = CsrfTokenNode().render(context) if self.participant and self.recordable else ""
        self.to_signal = gettext("Naar signaal %(ref)s")
        self._dates: dict[Any, str] = {}
        self._kinds: dict[str, str] = {}
        self._open_actions: str | None = None

    def kind(self, item: AgendaItem) -> str:
        """The item's kind, translated and escaped once per kind."""
        label = self._kinds.get(item.kind)
        if label is None:
            label = self._kinds[item.kind] = escape(item.get_kind_display())
        return label

    def date(self, value: Any) -> str:
        """`value|text_date`, escaped, formatted once per date."""
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = escape(text_date(value))
        return text

    def action(self, action: Action) -> str:
        """An action of an item or of the meeting: description, owner, due date and status."""
        return _ACTION.format(
            description=escape(action.description),
            owner=escape(action.owner),
            due=self.w["due"],
            date=self.date(action.due_date),
            status=escape(action.get_status_display()),
        )

    def open_actions(self) -> str:
        """The open actions of earlier meetings (written once: the item is on the agenda once)."""
        if self._open_actions is None:
            self._open_actions = self._write_open_actions()
        return self._open_actions

    def _write_open_actions(self) -> str:
        actions, w = self.context.get("open_actions"), self.w
        if not actions:
            return _EMPTY.format(text=w["no_actions"])
        today, meeting = self.context["today"], self.context["meeting"]
        next_url = escape(uuid_url(meeting.uuid, "teams:meeting") + "#agenda")
        entries = []
        for action in actions:
            late = action.due_date < today
            form = (
                _OPEN_ACTION_FORM.format(
                    url=uuid_url(action.uuid, "teams:action_status"),
                    csrf=self.csrf,
                    version=int(action.version),
                    next=next_url,
                    label=w["done"],
                    short=escape(Truncator(action.description).chars(40)),
                )
                if self.recordable
                else ""
            )
            entries.append(
                _OPEN_ACTION.format(
                    description=escape(action.description),
                    overdue=" wp-overdue" if late else "",
                    owner=escape(action.owner),
                    due=w["due"],
                    date=self.date(action.due_date),
                    late=f" ({w['late']})" if late else "",
                    agreed=f" · {w['agreed']} {self.date(action.meeting.starts_at)}"
                    if action.meeting_id
                    else "",
                    form=form,
                )
            )
        return _list(entries)

    def new_pupils(self) -> str:
        enrolments, w = self.context.get("new_pupils"), self.w
        if not enrolments:
            return _EMPTY.format(text=w["no_pupils"])
        return _LABEL.format(label=w["since"]) + _list(
            [
                _PUPIL.format(
                    given=escape(e.pupil.given_name),
                    family=escape(e.pupil.family_name),
                    group=escape(e.group),
                    since=w["from"],
                    date=self.date(e.enrolled_from),
                )
                for e in enrolments
            ]
        )

    def item(self, item: AgendaItem, first: bool, last: bool) -> str:
        w, kind = self.w, self.kind(item)
        title = f"{kind}: {escape(item.title)}" if item.title or item.kind == AgendaItem.Kind.FREE else kind
        badges = _BADGE.format(status="neutral", label=w["fixed"]) if item.pk in self.fixed else ""
        if item.shared_with_guests and self.participant:
            badges += _BADGE.format(status="active", label=w["shared"])
        body = []
        if self.participant:
            if item.kind == AgendaItem.Kind.OPEN_ACTIONS:
                body.append(self.open_actions())
            if item.kind == AgendaItem.Kind.NEW_PUPILS:
                body.append(self.new_pupils())
            if item.signal:
                text = self.to_signal % {"ref": escape(item.signal.reference)}
                body.append(_LINK.format(url=uuid_url(item.signal.uuid, "cases:signal"), text=text))
        next_meeting = self.context.get("next_meeting")
        if item.kind == AgendaItem.Kind.EMPTY_CHAIR and next_meeting:
            text = gettext("Iemand uitnodigen op de lege stoel van het volgende overleg (%(date)s)") % {
                "date": escape(text_date(next_meeting.starts_at))
            }
            body.append(_LINK.format(url=uuid_url(next_meeting.uuid, "teams:guests"), text=text))
        if item.preparation:
            by = _BY.format(by=escape(item.prepared_by)) if item.prepared_by else ""
            body.append(_LABEL.format(label=w["preparation"] + by) + _TEXT.format(text=escape(item.preparation)))
        if item.minutes:
            by = _BY.format(by=f"{w['last_by']} {escape(item.minutes_by)}") if item.minutes_by else ""
            body.append(_LABEL.format(label=w["minutes"] + by) + _TEXT.format(text=escape(item.minutes)))
        if item.listed_decisions:
            body.append(
                _LABEL.format(label=w["decisions"])
                + _list([f"<li>{escape(decision.text)}</li>" for decision in item.listed_decisions])
            )
        if item.listed_actions and self.participant:
            body.append(
                _LABEL.format(label=w["actions"]) + _list([self.action(action) for action in item.listed_actions])
            )
        if self.participant and self.recordable:
            body.append(self.tools(item, kind, first, last))
        return _ITEM.format(uuid=item.uuid, title=title, badges=badges, body="".join(body))

    def tools(self, item: AgendaItem, kind: str, first: bool, last: bool) -> str:
        """The links to the editors and the forms that move, share and remove the item."""
        w, csrf, forms = self.w, self.csrf, []
        move = uuid_url(item.uuid, "teams:item_move")
        for shown, direction in ((not first, "up"), (not last, "down")):
            if shown:
                hidden = f'<input type="hidden" name="direction" value="{direction}">'
                forms.append(_ITEM_FORM.format(url=move, csrf=csrf, hidden=hidden, label=w[direction], kind=kind))
        if self.runner:
            shared = item.shared_with_guests
            hidden = f'<input type="hidden" name="shared" value="{0 if shared else 1}">'
            label = w["unshare"] if shared else w["share"]
            forms.append(
                _ITEM_FORM.format(
                    url=uuid_url(item.uuid, "teams:item_share"), csrf=csrf, hidden=hidden, label=label, kind=kind
                )
            )
        if item.pk not in self.fixed:
            forms.append(
                _ITEM_FORM.format(
                    url=uuid_url(item.uuid, "teams:item_remove"), csrf=csrf, hidden="", label=w["remove"], kind=kind
                )
            )
        prepare, minutes = uuid_url(item.uuid, "teams:item_prepare"), uuid_url(item.uuid, "teams:item_minutes")
        return _TOOLS.format(
            prepare=_EDIT_LINK.format(url=prepare, label=w["prepare"], kind=kind),
            minutes=_EDIT_LINK.format(url=minutes, label=w["write"], kind=kind),
            more=w["more"],
            kind=kind,
            forms="".join(forms),
        )


@register.simple_tag(takes_context=True)
def agenda_entries(context: template.Context) -> SafeString:
    """The agenda list with the `<li>` of every item (`items`) and what the page's context adds to it (see
    views._meeting_context), or the one entry that says none is shared; then the meeting's own decisions and
    actions (`decisions`, `meeting_actions`), if any."""
    agenda = _Agenda(context)
    w, items = agenda.w, context["items"]
    last = len(items) - 1
    entries = "".join(agenda.item(item, index == 0, index == last) for index, item in enumerate(items)) or (
        f'<li class="wp-agenda__item">{w["none_shared"]}</li>'
    )
    general = []
    if decisions := context.get("decisions"):
        general.append(
            _LABEL.format(label=w["decisions"]) + _list([f"<li>{escape(d.text)}</li>" for d in decisions])
        )
    if actions := context.get("meeting_actions"):
        general.append(_LABEL.format(label=w["actions"]) + _list([agenda.action(action) for action in actions]))
    panel = _GENERAL.format(heading=w["general"], rows="".join(general)) if general else ""
    return mark_safe(f'<ol class="wp-agenda">{entries}</ol>{panel}')  # noqa: S308 — every value is escaped


@register.simple_tag
def meeting_when(meeting: Meeting) -> SafeString:
    """The meeting's weekday and date, its start and end time, and its status badge: "Maandag 12 oktober 2026,
    14:00–15:30 · <badge>"."""
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    badge = _BADGE.format(
        status=_STATUS_BADGES.get(meeting.status, "neutral"), label=escape(meeting.get_status_display())
    )
    return mark_safe(  # noqa: S308 — every value is escaped
        f"{escape(capfirst(date_format(starts, 'l')))} {escape(text_date(starts))}, {starts:%H:%M}–{ends:%H:%M} · "
        + badge
    )
