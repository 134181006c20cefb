"""The signal side written in Python gives what it replaced: the `signal_rows` tag and the former include
`cases/includes/signal_rows.html`; the pupil's enrolments decided in Python and `enrolments_visible_to`; the access
to a list of signals and to each signal alone."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.template import engines
from django.utils import timezone, translation

from werkplaats.cases.models import Category, Signal
from werkplaats.cases.permissions import signal_access, signal_access_many, visible_enrolments
from werkplaats.cases.templatetags.signal_rows import signal_rows
from werkplaats.pupils.models import Pupil
from werkplaats.pupils.selectors import enrolments_visible_to

from .helpers import bas_case, bas_signal, fresh

pytestmark = pytest.mark.django_db

# cases/includes/signal_rows.html before the signal tables were written by the signal_rows tag.
FORMER_INCLUDE = """{% load i18n werkplaats %}
{% if signals %}
<div class="utrecht-table-container utrecht-table-container--overflow-inline">
<table class="utrecht-table utrecht-table--html-table utrecht-table--alternate-row-color">
  <caption class="utrecht-table__caption wp-visually-hidden">{{ caption }}</caption>
  <thead class="utrecht-table__header"><tr class="utrecht-table__row">
    <th scope="col" class="utrecht-table__header-cell">{% translate "Signaal" %}</th>
    <th scope="col" class="utrecht-table__header-cell">{% translate "Over" %}</th>
    <th scope="col" class="utrecht-table__header-cell">{% translate "Soort zorg" %}</th>
    <th scope="col" class="utrecht-table__header-cell">{% translate "School" %}</th>
    <th scope="col" class="utrecht-table__header-cell">{% translate "Ingebracht" %}</th>
    <th scope="col" class="utrecht-table__header-cell">{% translate "Status" %}</th>
  </tr></thead>
  <tbody class="utrecht-table__body">
  {% for signal in signals %}<tr class="utrecht-table__row">
    <td class="utrecht-table__cell"><a class="utrecht-link utrecht-link--html-a" href="{{ signal.uuid|uuid_url:"cases:signal" }}">{{ signal.reference }}</a></td>
    <td class="utrecht-table__cell">{% if signal.pupil %}{{ signal.pupil }}{% elif signal.group %}{{ signal.group }}{% else %}{% translate "de hele school" %}{% endif %}</td>
    <td class="utrecht-table__cell">{{ signal.get_category_display }}</td>
    <td class="utrecht-table__cell">{{ signal.school.name }}</td>
    <td class="utrecht-table__cell wp-nowrap">{{ signal.created|table_date }}</td>
    <td class="utrecht-table__cell"><span class="utrecht-status-badge utrecht-status-badge--{% if signal.status == "new" or signal.status == "on_agenda" %}warning{% elif signal.status == "withdrawn" %}neutral{% else %}success{% endif %}">{{ signal.get_status_display }}</span>{% if signal.urgency == "urgent" %} <span class="utrecht-status-badge utrecht-status-badge--danger">{% translate "spoed" %}</span>{% endif %}</td>
  </tr>{% endfor %}
  </tbody>
</table>
</div>
{% else %}<p class="utrecht-paragraph wp-empty">{{ empty }}</p>{% endif %}
"""  # noqa: E501


def _signals(tw) -> list[Signal]:
    """Unsaved signals covering every branch of a row, with values that need escaping."""
    tw.school.name = 'School <b>"De Es"</b> & co'
    pupil = Pupil(uuid=uuid4(), given_name="<script>Bas", family_name="d'Oude & Zn")
    now = timezone.now()
    rows = []
    for index, status in enumerate(Signal.Status.values):
        rows.append(
            Signal(
                uuid=uuid4(),
                school=tw.school,
                level=Signal.Level.CHILD,
                pupil=pupil,
                status=status,
                category=Category.values[index % len(Category.values)],
                created=now - timedelta(days=index),
                urgency=Signal.Urgency.URGENT if index % 2 else Signal.Urgency.NORMAL,
            )
        )
    rows.append(
        Signal(
            uuid=uuid4(),
            school=tw.school,
            level=Signal.Level.CLASS,
            group="<7b> & 8",
            status="new",
            category=Category.BEHAVIOUR,
            created=now,
        )
    )
    rows.append(
        Signal(
            uuid=uuid4(),
            school=tw.school,
            level=Signal.Level.SCHOOL,
            status="case_opened",
            category=Category.BEHAVIOUR,
            created=now,
        )
    )
    return rows


@pytest.mark.parametrize("language", ["nl", "en"])
def test_signal_rows_is_the_include(tw, language):
    with translation.override(language):
        for signals in (_signals(tw), []):
            context = {"signals": signals, "caption": "Signalen <&>", "empty": 'Geen "signalen" & <niets>'}
            former = engines["django"].from_string(FORMER_INCLUDE).render(context)
            assert signal_rows(signals, context["caption"], context["empty"]) == former


def test_visible_enrolments_are_those_of_enrolments_visible_to(tw):
    for user in (tw.ib, tw.teacher, tw.nurse, tw.director, tw.other_ib, tw.adviser, tw.gp_support, tw.privacy_officer):
        for pupil in (tw.sara, tw.bas, tw.tina, tw.lotte, tw.classmate):
            expected = enrolments_visible_to(user=fresh(user)).filter(pupil_id=pupil.pk)
            assert sorted(visible_enrolments(fresh(user), pupil)) == sorted(
                expected.values_list("enrolled_from", "pupil_number", "pk")
            )


def test_signal_access_many_is_signal_access_of_each(tw):
    bas_case(tw)
    signals = [bas_signal(tw), bas_signal(tw, by=tw.ib), *Signal.objects.all()]
    for user in (tw.ib, tw.teacher, tw.nurse, tw.director, tw.other_ib, tw.gp_support, tw.adviser):
        many = signal_access_many(fresh(user), signals)
        assert many == {signal.pk: signal_access(fresh(user), signal) for signal in signals}
