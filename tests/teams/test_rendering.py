"""What replaced template loops, `statistics.mean` and per-request queries gives what they gave, escaping included."""

import random
from statistics import mean
from types import SimpleNamespace
from uuid import uuid4

import pytest
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.html import escape

from werkplaats.teams import selectors
from werkplaats.teams.forms import MeetingForm, MeetingSeriesForm, UrgentMeetingForm
from werkplaats.teams.models import AssessmentParticipation, Team
from werkplaats.teams.selectors import Growth, ItemResult, _mean
from werkplaats.teams.templatetags.teams import _PLAN_FIELDS, growth_rows

# The loop of teams/meetings.html before its fields were written by the plan_fields tag.
FIELDS_TEMPLATE = "{% load werkplaats %}{% for field in form %}{% form_field field %}{% endfor %}"


def _former_growth_rows(growth: Growth) -> str:
    """growth_rows as it was, with Django's floatformat for every mean."""
    hidden = f'<span class="wp-muted">{escape(translation.gettext("nog niet zichtbaar"))}</span>'
    rows = []
    for item in growth.items:
        cells = "".join(
            '\n        <td class="utrecht-table__cell utrecht-table__cell--numeric-data">'
            + (hidden if value is None else f'{floatformat(value, 1)} <span class="wp-meta">(n={count})</span>')
            + "</td>\n        "
            for value, count in item.cells
        )
        rows.append(
            '\n      <tr class="utrecht-table__row">'
            f'\n        <th scope="row" class="utrecht-table__header-cell">{escape(item.key.upper())} '
            f"{escape(item.text)}</th>\n        {cells}\n      </tr>\n      "
        )
    return "".join(rows)


def test_mean_is_that_of_statistics_for_whole_scores():
    rng = random.Random(7)
    for _ in range(2000):
        scores = [rng.randint(1, 5) for _ in range(rng.randint(1, 30))]
        fast, exact = round(_mean(scores), 1), round(mean(scores), 1)
        assert fast == exact and type(fast) is type(exact), scores


@pytest.mark.parametrize("language", ["nl", "en"])
def test_growth_rows_match_the_former_cells(language):
    growth = Growth(
        assessments=[],
        respondents=[4, 1, 3],
        shown=[True, False, True],
        items=[
            ItemResult(
                key="s1", text='Wij "overleggen" & <delen>', kind="statement", means=[4, None, 3.5], counts=[4, 0, 3]
            ),
            ItemResult(
                key="a12", text="Samen", kind="aspect", means=[round(_mean([1, 2, 2]), 1), None, 2.0], counts=[3, 0, 2]
            ),
        ],
    )
    with translation.override(language):
        fast = growth_rows(growth)
        assert fast == _former_growth_rows(growth)
    assert "&lt;delen&gt;" in fast and ("4,0" in fast if language == "nl" else "4.0" in fast)


def _team(form: str = Team.Form.CORE_WIDER_STEERING, **cadence: int) -> SimpleNamespace:
    cadences = {"cadence_core": 10, "cadence_wider": 4, "cadence_steering": 2, **cadence}
    return SimpleNamespace(form=form, **cadences)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_plan_fields_match_the_former_loop_and_are_kept_per_team_shape(language):
    _PLAN_FIELDS.clear()
    tag = Template("{% load teams %}{% plan_fields form %}")
    with translation.override(language):
        for form in (
            MeetingForm(team=_team()),
            MeetingSeriesForm(team=_team(), layer="wider"),
            MeetingSeriesForm(team=_team(cadence_wider=6), layer="wider"),
            MeetingSeriesForm(team=_team(Team.Form.CORE)),
            UrgentMeetingForm(),
        ):
            former = Template(FIELDS_TEMPLATE).render(Context({"form": form}))
            assert tag.render(Context({"form": form})) == former
            assert tag.render(Context({"form": form})) == former  # from the cache
        assert 'value="6"' in tag.render(
            Context({"form": MeetingSeriesForm(team=_team(cadence_wider=6), layer="wider")})
        )


def test_plan_fields_of_a_bound_form_are_written_each_time():
    _PLAN_FIELDS.clear()
    form = UrgentMeetingForm({"spoed-online_url": 'x"<y>', "spoed-reason": "<b>"})
    assert not form.is_valid()
    former = Template(FIELDS_TEMPLATE).render(Context({"form": form}))
    fast = Template("{% load teams %}{% plan_fields form %}").render(Context({"form": form}))
    assert fast == former and "&lt;b&gt;" in fast and "utrecht-form-field--invalid" in fast
    assert not _PLAN_FIELDS


@pytest.mark.django_db
def test_prepared_team_and_measurement_reads_match_the_querysets(ipt):
    from werkplaats.teams import services

    ib, nurse = ipt.region.ib, ipt.region.nurse
    team, access = selectors.team_get(user=ib, uuid=ipt.team.uuid)
    assert team == ipt.team and team.school.name == "De Esch" and access.manage
    with pytest.raises(Http404):
        selectors.team_get(user=ib, uuid=uuid4())
    first = services.assessment_open(actor=ib, team=ipt.team, title="Nulmeting", notify=False)
    AssessmentParticipation.objects.create(assessment=first, user=nurse)
    for user in (ib, nurse):
        found = selectors.assessment_get(user=user, uuid=first.uuid, figures=True)
        assert (found, found.respondents, found.responded, found.team.school.name) == (
            first,
            1,
            user == nurse,
            "De Esch",
        )
        listed = selectors.assessments_of(user=user, team=ipt.team)
        former = list(
            ipt.team.assessments.annotate(
                respondents=Count("participations"),
                responded=Exists(AssessmentParticipation.objects.filter(assessment=OuterRef("pk"), user=user)),
            ).order_by("created", "pk")
        )
        assert [(a, a.respondents, a.responded, a.team) for a in listed] == [
            (a, a.respondents, a.responded, a.team) for a in former
        ]
    assert selectors.assessment_get(user=ib, uuid=first.uuid) == first
    with pytest.raises(Http404):
        selectors.assessment_get(user=ib, uuid=uuid4(), figures=True)
    with pytest.raises(Http404):
        selectors.assessment_get(user=ipt.region.outsider, uuid=first.uuid, figures=True)
