"""The plan_rows tag gives what the plan page's step template gave, escaping and translation included."""

import dataclasses

from django.template import Context, Template
from django.utils import translation

from werkplaats.cases import selectors, services

from .helpers import bas_case, fresh
from .twente import Twente

# The step loop of cases/plan.html before the steps were written by the plan_rows tag (badges written inline).
STEP_TEMPLATE = """{% load i18n werkplaats %}{% for item in detail.steps %}
  <li id="stap-{{ item.spec.number }}">
    <h2 class="utrecht-heading-3">{{ item.spec.title }} {% if item.filled %}{% if item.step.provisional %}<span class="utrecht-status-badge utrecht-status-badge--warning">{% translate "voorlopig" %}</span>{% else %}<span class="utrecht-status-badge utrecht-status-badge--success">{% translate "afgesproken" %}</span>{% endif %}{% endif %}</h2>
    <dl class="wp-qa">{% for question, answer in item.answers %}<dt>{{ question.text }}</dt><dd>{{ answer|default:"–" }}</dd>{% endfor %}</dl>{% if item.spec.number == 6 and detail.evaluation_count %}
    <p class="utrecht-paragraph wp-meta">{% blocktranslate count counter=detail.evaluation_count %}{{ counter }} evaluatie bij deze casus: zie de casus.{% plural %}{{ counter }} evaluaties bij deze casus: zie de casus.{% endblocktranslate %}</p>{% endif %}{% if item.spec.number == 4 %}
    <p class="utrecht-paragraph wp-meta">{% blocktranslate count counter=detail.action_count %}{{ counter }} actie met eigenaar en datum: zie de casus.{% plural %}{{ counter }} acties met eigenaar en datum: zie de casus.{% endblocktranslate %}</p>{% endif %}{% if item.step.updated_by %}
    <p class="utrecht-paragraph wp-meta">{% blocktranslate with name=item.step.updated_by date=item.step.updated|text_date %}Laatst gewijzigd door {{ name }} op {{ date }}.{% endblocktranslate %}</p>{% endif %}{% if editable %}
    <p class="utrecht-paragraph"><a class="utrecht-link utrecht-link--html-a" href="{% url 'cases:plan-step' detail.case.uuid item.spec.number %}">{% blocktranslate with title=item.spec.title %}{{ title }} invullen{% endblocktranslate %}</a></p>{% endif %}
  </li>{% endfor %}"""  # noqa: E501


def test_plan_rows_match_the_former_step_template(tw: Twente):
    case = bas_case(tw)
    services.plan_step_save(actor=tw.nurse, case=case, number=3, answers={"q1": 'Bas <b>"rust"</b> & \'ruimte\''},
                            provisional=True, version=1)
    services.plan_step_save(actor=tw.nurse, case=case, number=0, answers={"q1": "Ouders en school"},
                            provisional=False, version=1)
    tw.nurse.first_name = "Nora <Noor>"
    tw.nurse.save()
    detail = selectors.plan_detail(user=fresh(tw.nurse), uuid=case.uuid)
    fast_template = Template("{% load plan_rows %}{% plan_rows detail editable %}")
    for language in ("nl", "en"):
        with translation.override(language):
            for counts in ((0, None), (1, 1), (3, 2), (2, 0)):
                shown = dataclasses.replace(detail, action_count=counts[0], evaluation_count=counts[1])
                for editable in (True, False):
                    context = Context({"detail": shown, "editable": editable})
                    fast = fast_template.render(context)
                    assert fast == Template(STEP_TEMPLATE).render(context)
    with translation.override("nl"):
        fast = fast_template.render(Context({"detail": detail, "editable": True}))
    assert "Bas &lt;b&gt;&quot;rust&quot;&lt;/b&gt; &amp; &#x27;ruimte&#x27;" in fast and "Nora &lt;Noor&gt;" in fast
    step = {li.split('"')[0]: li for li in fast.split('<li id="stap-')[1:]}
    assert "utrecht-status-badge--warning" in step["3"] and "utrecht-status-badge--success" in step["0"]
    assert "utrecht-status-badge" not in step["7"]
    assert f'/casussen/casus/{case.uuid}/plan/stap/7/"' in fast
