"""The case_rows tag gives what the dashboard's row template gave, escaping included."""

import datetime

import pytest
from django.template import Context, Template

from tests.factories import PupilFactory, SchoolFactory, UserFactory
from werkplaats.cases.models import Case, Category, EscalationTarget, Evaluation
from werkplaats.cases.permissions import NO_ACCESS
from werkplaats.cases.selectors import CaseRow

# The row loop of cases/includes/case_rows.html before the rows were written by the case_rows tag.
ROW_TEMPLATE = """{% load i18n werkplaats %}{% for row in rows %}<tr class="utrecht-table__row">
    <td class="utrecht-table__cell"><a class="utrecht-link utrecht-link--html-a" href="{{ row.case.uuid|uuid_url:"cases:case" }}">{{ row.case.reference }}</a></td>
    <td class="utrecht-table__cell">{{ row.case.pupils.all|join:", " }}</td>
    <td class="utrecht-table__cell">{{ row.case.school.name }}</td>
    <td class="utrecht-table__cell"><span class="utrecht-status-badge utrecht-status-badge--{% if row.case.status == "open" %}success{% else %}neutral{% endif %}">{{ row.case.get_status_display }}</span>{% if row.case.escalation %} <span class="utrecht-status-badge utrecht-status-badge--warning">{{ row.case.get_escalation_display }}</span>{% endif %}</td>
    <td class="utrecht-table__cell">{% if row.overdue %}<span class="utrecht-status-badge utrecht-status-badge--danger">{{ row.overdue }}</span>{% else %}0{% endif %}</td>
    <td class="utrecht-table__cell wp-nowrap">{% if row.next_evaluation %}{{ row.next_evaluation.planned_on|table_date }}{% if row.evaluation_due %} <span class="utrecht-status-badge utrecht-status-badge--warning">{% translate "binnenkort" %}</span>{% endif %}{% else %}–{% endif %}</td>
  </tr>{% endfor %}"""  # noqa: E501


@pytest.mark.django_db
def test_case_rows_match_the_former_row_template():
    school = SchoolFactory(name='De "Esch" & <Zon>')
    user = UserFactory()
    first = Case.objects.create(
        school=school,
        category=Category.BEHAVIOUR,
        coordinator=user,
        opened_by=user,
        escalation=EscalationTarget.values[0],
    )
    first.pupils.add(PupilFactory(given_name="Bas", family_name="van 't <Veld>"), PupilFactory(given_name='Sara "S"'))
    second = Case.objects.create(
        school=school, category=Category.BEHAVIOUR, coordinator=user, opened_by=user, status=Case.Status.CLOSED
    )
    evaluation = Evaluation(case=first, planned_on=datetime.date(2026, 3, 2))
    rows = [
        CaseRow(case=first, access=NO_ACCESS, overdue=2, next_evaluation=evaluation, evaluation_due=True),
        CaseRow(case=second, access=NO_ACCESS, overdue=0, next_evaluation=None, evaluation_due=False),
        CaseRow(case=first, access=NO_ACCESS, overdue=0, next_evaluation=evaluation, evaluation_due=False),
    ]
    context = Context({"rows": rows})
    fast = Template("{% load case_rows %}{% case_rows rows %}").render(context)
    assert fast == Template(ROW_TEMPLATE).render(context)
    assert "van &#x27;t &lt;Veld&gt;, Sara &quot;S&quot;" in fast and "De &quot;Esch&quot; &amp; &lt;Zon&gt;" in fast
    assert "02-03-2026" in fast and "binnenkort" in fast
