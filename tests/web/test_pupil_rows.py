"""The pupil_rows tag gives what the pupil list's row template gave (whitespace aside), escaping included."""

import datetime
import re

import pytest
from django.template import Context, Template

from tests.factories import EnrolmentFactory, PupilFactory, SchoolFactory

# The row partial of pupils/list.html before the rows were written by the pupil_rows tag.
ROW_TEMPLATE = """{% load werkplaats %}{% for row in rows %}<tr class="utrecht-table__row">
  <td class="utrecht-table__cell"><a class="utrecht-link utrecht-link--html-a" href="{{ row.pupil.uuid|uuid_url:'pupils:detail' }}">{{ row.pupil.family_name }}, {{ row.pupil.given_name }}</a></td>
  <td class="utrecht-table__cell wp-nowrap">{{ row.pupil.birth_date|table_date }}</td>
  <td class="utrecht-table__cell">{{ row.school.name }}</td>
  <td class="utrecht-table__cell">{{ row.group }}</td>
  <td class="utrecht-table__cell">{{ row.pupil_number }}</td>
</tr>{% endfor %}"""  # noqa: E501


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.django_db
def test_pupil_rows_match_the_former_row_template():
    school = SchoolFactory(name='De "Esch" & <Zon>')
    rows = [
        EnrolmentFactory(
            pupil=PupilFactory(given_name="Bas", family_name="van 't <Veld>", birth_date=datetime.date(2015, 3, 2)),
            school=school, group="groep 4 & 5", pupil_number="<001>",
        ),
        EnrolmentFactory(pupil=PupilFactory(given_name='Sara "S"'), school=school, group="5b", pupil_number="002"),
    ]
    context = Context({"rows": rows})
    fast = Template("{% load pupils %}{% pupil_rows rows %}").render(context)
    assert _normalised(fast) == _normalised(Template(ROW_TEMPLATE).render(context))
    assert "van 't &lt;Veld&gt;" not in fast and "van &#x27;t &lt;Veld&gt;" in fast and "02-03-2015" in fast
