"""`{% load plan_rows %}{% plan_rows detail editable %}`: the steps of the plan page, written in Python (as
template nodes, a badge, the questions and answers, two notes and a link a step were most of the page). Every
value is escaped; the fixed texts are translated once per page."""

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from werkplaats.cases.selectors import PlanDetail
from werkplaats.core.templatetags.werkplaats import text_date

register = template.Library()

_STEP = (
    '\n  <li id="stap-{number}">'
    '\n    <h2 class="utrecht-heading-3">{title} {badge}</h2>'
    '\n    <dl class="wp-qa">{answers}</dl>{notes}'
    "\n  </li>"
)
_BADGE = '<span class="utrecht-status-badge utrecht-status-badge--{}">{}</span>'
_NOTE = '\n    <p class="utrecht-paragraph wp-meta">{}</p>'
_LINK = '\n    <p class="utrecht-paragraph"><a class="utrecht-link utrecht-link--html-a" href="{}">{}</a></p>'
_UUID, _NUMBER = "00000000-0000-0000-0000-000000000000", "987654321"


@functools.lru_cache(maxsize=8)
def _step_url_pattern(script_prefix: str) -> str:
    return reverse("cases:plan-step", kwargs={"uuid": _UUID, "number": int(_NUMBER)})


@register.simple_tag
def plan_rows(detail: PlanDetail, editable: bool) -> SafeString:
    """One `<li>` per step: title and status (voorlopig / afgesproken once filled in), the questions with their
    answers, the counts of actions (step 4) and evaluations (step 6), who changed it last, and — when
    `editable` — the link to fill it in."""
    provisional = _BADGE.format("warning", escape(gettext("voorlopig")))
    agreed = _BADGE.format("success", escape(gettext("afgesproken")))
    case_url = _step_url_pattern(get_script_prefix()).replace(_UUID, str(detail.case.uuid))
    out = []
    for item in detail.steps:
        spec, step = item.spec, item.step
        title = escape(spec.title)
        notes = []
        if spec.number == 6 and detail.evaluation_count:
            notes.append(_NOTE.format(ngettext(
                "%(counter)s evaluatie bij deze casus: zie de casus.",
                "%(counter)s evaluaties bij deze casus: zie de casus.", detail.evaluation_count,
            ) % {"counter": detail.evaluation_count}))
        if spec.number == 4:
            notes.append(_NOTE.format(ngettext(
                "%(counter)s actie met eigenaar en datum: zie de casus.",
                "%(counter)s acties met eigenaar en datum: zie de casus.", detail.action_count,
            ) % {"counter": detail.action_count}))
        if step.updated_by:
            notes.append(_NOTE.format(gettext("Laatst gewijzigd door %(name)s op %(date)s.") % {
                "name": escape(step.updated_by), "date": escape(text_date(step.updated))}))
        if editable:
            notes.append(_LINK.format(case_url.replace(_NUMBER, str(spec.number)),
                                      gettext("%(title)s invullen") % {"title": title}))
        out.append(_STEP.format(
            number=spec.number,
            title=title,
            badge=(provisional if step.provisional else agreed) if item.filled else "",
            answers="".join(f"<dt>{escape(question.text)}</dt><dd>{escape(answer) if answer else '–'}</dd>"
                            for question, answer in item.answers),
            notes="".join(notes),
        ))
    return mark_safe("".join(out))  # noqa: S308 — every value is escaped
