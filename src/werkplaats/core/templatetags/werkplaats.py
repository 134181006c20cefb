"""Template helpers of the interface: the date formats of UX.md, form widgets with NL Design System
classes and their ARIA links, breadcrumbs, and links to objects in long tables."""

import datetime
import functools
from uuid import UUID

from django import forms, template
from django.conf import settings
from django.forms.boundfield import BoundField
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

WIDGET_CLASSES = [
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
]


@register.filter
def text_date(value: datetime.date | None) -> str:
    """A date in running text: 2 maart 2026 (2 March 2026 in English)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "j F Y")


@register.filter
def table_date(value: datetime.date | None) -> str:
    """A date in a table: 02-03-2026 (the same in every language; written directly, as a long table
    would otherwise spend most of its time in Django's localised date formatting)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


@register.filter
def field_widget(field: BoundField) -> SafeString:
    """The field's input with the NL Design System class of its kind, marked invalid when it has errors
    and described by its help text and error message."""
    widget = field.field.widget
    css = next((css for kind, css in WIDGET_CLASSES if isinstance(widget, kind)), "")
    attrs = {}
    if css:
        base = css.split()[0]
        attrs["class"] = f"{css} {base}--invalid" if field.errors else css
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def form_field(field: BoundField, hide_optional: bool = False) -> SafeString:
    """One form field (includes/form_field.html): the label tied to the input, "(niet verplicht)" unless
    `hide_optional`, the description and the error message, each linked to the input by `field_widget`.
    Written in Python: as a template it cost ~0.3 ms a field, a third of a page with three forms."""
    kind = "checkbox" if field.widget_type == "checkbox" else "text"
    optional = (
        format_html(' <span class="wp-optional">({})</span>', gettext("niet verplicht"))
        if not field.field.required and not hide_optional
        else ""
    )
    help_text = (
        format_html(
            '\n  <div class="utrecht-form-field__description utrecht-form-field-description" id="{}_helptext">{}</div>',
            field.auto_id,
            field.help_text,
        )
        if field.help_text
        else ""
    )
    errors = (
        format_html(
            '\n  <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="{}_error">'
            "{}</div>",
            field.auto_id,
            format_html_join("", '<p class="utrecht-paragraph">{}</p>', ((error,) for error in field.errors)),
        )
        if field.errors
        else ""
    )
    return format_html(
        '<div class="utrecht-form-field utrecht-form-field--distanced{} utrecht-form-field--{}">\n'
        '  <div class="utrecht-form-field__label">\n'
        '    <label class="utrecht-form-label" for="{}">{}{}</label>\n'
        "  </div>{}{}\n"
        '  <div class="utrecht-form-field__input">{}</div>\n'
        "</div>",
        " utrecht-form-field--invalid" if field.errors else "",
        kind,
        field.id_for_label,
        field.label,
        optional,
        help_text,
        errors,
        field_widget(field),
    )


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail: str, current: str = "") -> dict[str, object]:
    """`{% breadcrumbs _("Register") "organisations:index" current=school.name %}`: pairs of label and
    URL name, then the current page."""
    links = [(label, route(name)) for label, name in zip(trail[::2], trail[1::2], strict=True)]
    return {"links": links, "current": current}


@register.filter
def minutes(value: datetime.timedelta | None) -> int:
    """A duration in whole minutes (the lock-out time of django-axes)."""
    return int(value.total_seconds() // 60) if value else 0


@functools.lru_cache(maxsize=64)
def _asset_url(path: str, static_url: str) -> str:
    return static(path)


@register.simple_tag
def asset(path: str) -> str:
    """`{% asset "werkplaats/site.css" %}` gives what `{% static %}` gives, looked up once per file: the
    hashed name of a static file does not change while the process runs. For the links of every page."""
    return _asset_url(path, settings.STATIC_URL)


@functools.lru_cache(maxsize=64)
def _route(name: str, urlconf: str, script_prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def route(name: str) -> str:
    """`{% route "core:home" %}` gives what `{% url "core:home" %}` gives, for a URL without arguments,
    reversed once per URL configuration and script prefix: for the links of every page."""
    return _route(name, get_urlconf(settings.ROOT_URLCONF), get_script_prefix())


# The page header's tools and main menu, written in Python: they are on every page, and as template nodes (two
# forms with their CSRF tokens, the language switch, a dozen menu items) they cost 0.4 ms of each one.
_LANGUAGE_CURRENT = '<span class="wp-language__current" lang="{code}" aria-current="true">{name}</span>'
_LANGUAGE_SWITCH = (
    '<button type="submit" name="language" value="{code}" lang="{code}" class="utrecht-link-button '
    'utrecht-link-button--html-button wp-language__switch" aria-describedby="taal-label">{name}</button>'
)
_CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_LANGUAGE_FORM = (
    '<form class="wp-language" method="post" action="{action}">\n  {csrf}\n'
    '  <input type="hidden" name="next" value="{next}">\n'
    '  <span class="wp-visually-hidden" id="taal-label">{label}</span>\n  {languages}\n</form>\n'
)
_USER = (
    '<span class="wp-user">{name}</span>\n<form method="post" action="{action}">\n  {csrf}\n'
    '  <button type="submit" class="utrecht-button utrecht-button--secondary-action wp-button--small">{logout}'
    "</button>\n</form>\n"
)
_MENU_ITEM = (
    '<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link wp-menu__link" href="{url}"{current}>'
    "{label}</a></li>"
)
_MENU = (
    '<nav class="wp-menu" aria-label="{label}">\n  <ul class="utrecht-nav-list wp-container">\n    {items}\n'
    "  </ul>\n</nav>"
)


@register.simple_tag(takes_context=True)
def header_tools(context: template.Context) -> SafeString:
    """The language switch (to the language of the current page) and, for a signed-in user, the name and the
    logout button."""
    request = context.get("request")
    if request is None:
        return SafeString("")
    token = context.get("csrf_token")
    csrf = _CSRF.format(escape(token)) if token and token != "NOTPROVIDED" else ""  # as {% csrf_token %}
    current = context.get("LANGUAGE_CODE") or get_language()
    languages = "\n  ".join(
        (_LANGUAGE_CURRENT if code == current else _LANGUAGE_SWITCH).format(code=escape(code), name=escape(name))
        for code, name in context.get("language_names", ())
    )
    html = _LANGUAGE_FORM.format(action=escape(route("set_language")), csrf=csrf,
                                 next=escape(request.get_full_path()), label=escape(gettext("Taal")),
                                 languages=languages)
    user = context.get("user")
    if user is not None and user.is_authenticated:
        html += _USER.format(name=escape(user.get_full_name() or user.get_username()),
                             action=escape(route("accounts:logout")), csrf=csrf, logout=escape(gettext("Uitloggen")))
    return mark_safe(html)  # noqa: S308 — every value is escaped


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """The main menu of the context (`core.context_processors.navigation`); nothing when it is empty."""
    items = context.get("main_menu")
    if not items:
        return SafeString("")
    return mark_safe(_MENU.format(  # noqa: S308 — every value is escaped
        label=escape(gettext("Hoofdmenu")),
        items="\n    ".join(
            _MENU_ITEM.format(url=escape(item.url), label=escape(item.label),
                              current=' aria-current="page"' if item.current else "")
            for item in items
        ),
    ))


_SENTINEL = UUID(int=0)


@functools.lru_cache(maxsize=512)
def _uuid_url_pattern(name: str, script_prefix: str) -> str:
    return reverse(name, args=[_SENTINEL])


@register.filter
def uuid_url(value: UUID, name: str) -> str:
    """`{{ pupil.uuid|uuid_url:"pupils:detail" }}` gives what `{% url "pupils:detail" pupil.uuid %}` gives,
    for a URL whose one argument is a uuid, at a tenth of the cost: the URL is reversed once per name, so a
    table of 50 rows does not resolve 50 times."""
    return _uuid_url_pattern(name, get_script_prefix()).replace(str(_SENTINEL), str(value))
