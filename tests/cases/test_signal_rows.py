"""The signal side written in Python gives what it replaced: the `signal_rows` tag and the include
`cases/includes/signal_rows.html`; the pupil's enrolments decided in Python and `enrolments_visible_to`; the access
to a list of signals and to each signal alone."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from werkplaats.cases.models import Category, Signal
from werkplaats.cases.permissions import signal_access, signal_access_many, visible_enrolments
from werkplaats.cases.templatetags.signal_rows import signal_rows
from werkplaats.pupils.models import Pupil
from werkplaats.pupils.selectors import enrolments_visible_to

from .helpers import bas_case, bas_signal, fresh

pytestmark = pytest.mark.django_db


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
            assert signal_rows(signals, context["caption"], context["empty"]) == render_to_string(
                "cases/includes/signal_rows.html", context
            )


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
