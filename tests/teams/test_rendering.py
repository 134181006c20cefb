"""What replaced template loops, `statistics.mean` and per-request queries gives what they gave, escaping included."""

import random
from datetime import timedelta
from statistics import mean
from types import SimpleNamespace
from uuid import uuid4

import pytest
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.html import escape

from tests.teams.conftest import at
from werkplaats.teams import selectors
from werkplaats.teams.forms import MeetingForm, MeetingSeriesForm, UrgentMeetingForm
from werkplaats.teams.models import Action, AssessmentParticipation, Decision, Meeting, Team, TeamAgreement
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


def _fields(rows, *names):
    """What the pages read of each row (a deferred field is read as the page reads it)."""
    return [tuple(getattr(row, name) for name in ("pk", *names)) for row in rows]


@pytest.fixture
def busy_ipt(ipt):
    """Meetings of every layer, past, upcoming and closed, with items, decisions, actions, a guest and agreements."""
    from werkplaats.teams import services

    region, team = ipt.region, ipt.team
    ib, nurse, gp = region.ib, region.nurse, region.gp_support
    meetings = [
        services.meeting_plan(actor=ib, team=team, layer=layer, starts_at=at(days), ends_at=at(days, 11))
        for layer, days in (("core", -20), ("wider", -10), ("steering", -5), ("core", 3), ("wider", 7), ("core", 14))
    ]
    Meeting.objects.filter(pk=meetings[0].pk).update(status=Meeting.Status.CLOSED)
    Meeting.objects.filter(pk=meetings[4].pk).update(status=Meeting.Status.CLOSED)
    due = timezone.localdate()
    for number, meeting in enumerate(meetings[1:4]):
        meeting.refresh_from_db()
        item = meeting.agenda_items.order_by("position", "pk").first()
        services.agenda_item_share(actor=ib, item=item, shared=True)
        for text, agenda_item in (("los", None), ("bij punt", item), ("later", item)):
            services.decision_record(actor=ib, meeting=meeting, agenda_item=agenda_item, text=f"{text} {number}")
        for owner, agenda_item, days in ((nurse, item, 5), (gp, None, 2), (ib, item, -1), (nurse, None, 9)):
            services.action_create(actor=ib, team=team, meeting=meeting, agenda_item=agenda_item, owner=owner,
                                   description=f"actie {number}", due_date=due + timedelta(days=days))
    services.action_create(actor=ib, team=team, owner=nurse, description="los van overleg", due_date=due)
    done = services.action_create(actor=ib, team=team, meeting=meetings[3], owner=gp, description="klaar",
                                  due_date=due)
    services.action_transition(actor=gp, action=done, to=Action.Status.DONE, version=done.version)
    services.guest_invite(actor=ib, meeting=meetings[3], user=region.teacher, purpose="Meedenken")
    for topic, text in (("chair", "Ilse"), ("chair", "Nora"), ("frequency", "Tien keer")):
        latest = selectors.agreement_latest(team=team, topic=topic)
        services.agreement_record(actor=ib, team=team, topic=topic, text=text,
                                  base_version=latest.version if latest else 0)
    return ipt


@pytest.mark.django_db
def test_prepared_meeting_lists_match_meetings_of(busy_ipt):
    region, team = busy_ipt.region, busy_ipt.team
    compared = 0
    for user in (region.ib, region.nurse, region.gp_support, region.director, region.teacher, region.outsider):
        for upcoming in (True, False):
            for limit in (None, 1, 4, 20):
                fast = selectors.meeting_list(user=user, team=team, upcoming=upcoming, limit=limit)
                former = list(selectors.meetings_of(user=user, team=team, upcoming=upcoming)[:limit])
                names = ("uuid", "layer", "kind", "status", "starts_at", "ends_at", "location", "online_url")
                assert _fields(fast, *names) == _fields(former, *names)
                assert all(meeting.team is team for meeting in fast)
                compared += len(former)
    assert compared > 20


@pytest.mark.django_db
def test_prepared_action_lists_match_actions_of(busy_ipt):
    region, team = busy_ipt.region, busy_ipt.team
    compared = 0
    for user in (region.ib, region.nurse, region.gp_support, region.teacher):
        for status in (None, Action.Status.OPEN, Action.Status.DONE):
            for limit in (None, 8):
                fast = selectors.action_list(user=user, team=team, status=status, limit=limit)
                former = list(selectors.actions_of(user=user, team=team, status=status)[:limit])
                names = ("uuid", "description", "due_date", "status", "version", "owner", "meeting_id",
                         "workshop_id", "case_id")
                assert _fields(fast, *names) == _fields(former, *names)
                assert [(a.meeting and a.meeting.starts_at, a.team) for a in fast] == [
                    (a.meeting and a.meeting.starts_at, team) for a in former]
                compared += len(former)
    assert compared > 20


@pytest.mark.django_db
def test_prepared_meeting_reads_match_the_querysets(busy_ipt):
    region, team = busy_ipt.region, busy_ipt.team
    for meeting in Meeting.objects.filter(team=team):
        for user in (region.ib, region.nurse, region.teacher):
            try:
                view = selectors.meeting_get(user=user, uuid=meeting.uuid, log=False)
            except Http404:
                continue
            found = view.meeting
            assert (found, found.team, found.team.school, found.raised_by) == (
                meeting, meeting.team, meeting.team.school, meeting.raised_by)
            agenda = selectors.agenda_of(view=view)
            # agenda_of and the meeting page as they were: prefetches and the meeting's own rows.
            former = view.meeting.agenda_items.select_related("prepared_by", "minutes_by", "signal").prefetch_related(
                Prefetch("decisions", queryset=Decision.objects.order_by("created", "pk")),
                Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("due_date", "pk")),
            )
            former = list((former if view.participant else former.filter(shared_with_guests=True)).order_by(
                "position", "pk"))
            assert _fields(agenda.items, "title", "kind", "prepared_by", "minutes_by", "signal") == _fields(
                former, "title", "kind", "prepared_by", "minutes_by", "signal")
            for item, before in zip(agenda.items, former, strict=True):
                assert _fields(item.listed_decisions, "text") == _fields(before.decisions.all(), "text")
                assert _fields(item.listed_actions, "description", "owner") == _fields(
                    before.actions.all(), "description", "owner")
            own_decisions = [d for d in meeting.decisions.select_related("agenda_item").order_by("created", "pk")
                             if view.participant and d.agenda_item_id is None]
            own_actions = list(meeting.actions.filter(agenda_item__isnull=True).select_related("owner")) if (
                view.participant) else []
            assert _fields(agenda.decisions, "text") == _fields(own_decisions, "text")
            assert _fields(agenda.actions, "description", "owner") == _fields(own_actions, "description", "owner")
        earlier = Q(meeting__starts_at__lt=meeting.starts_at,
                    meeting__layer__in=selectors._visible_layers_in(meeting.layer))
        former_open = list(
            meeting.team.actions.filter(status=Action.Status.OPEN, case__isnull=True)
            .filter(earlier | Q(meeting__isnull=True, created__lt=meeting.ends_at))
            .select_related("owner", "meeting")
            .order_by("due_date", "pk")
        )
        fast_open = selectors.open_actions_before(meeting=meeting)
        assert _fields(fast_open, "description", "owner", "meeting") == _fields(
            former_open, "description", "owner", "meeting")
        former_next = (
            meeting.team.meetings.filter(layer=meeting.layer, status=Meeting.Status.PLANNED,
                                         starts_at__gt=meeting.starts_at).order_by("starts_at").first()
        )
        assert selectors.next_meeting_of_layer(meeting=meeting) == former_next
        former_previous = (
            meeting.team.meetings.filter(layer=meeting.layer, starts_at__lt=meeting.starts_at)
            .exclude(status=Meeting.Status.CANCELLED).order_by("-starts_at").values_list("starts_at", flat=True).first()
        )
        found = selectors._PREVIOUS_MEETING_START.fetch(team_id=team.pk, layer=meeting.layer,
                                                         starts_at=meeting.starts_at)
        assert (found[0].starts_at if found else None) == former_previous
        assert _fields(selectors.meeting_guests(meeting=meeting), "user", "purpose") == _fields(
            meeting.guests.select_related("user"), "user", "purpose")
    assert Decision.objects.filter(meeting__team=team).count() == 9


@pytest.mark.django_db
def test_prepared_agreements_match_the_latest_versions(busy_ipt):
    team = busy_ipt.team
    current = {view.topic: view.current for view in selectors.agreements_current(team=team)}
    latest = {
        topic: team.agreements.filter(topic=topic).order_by("-version").first()
        for topic in TeamAgreement.Topic.values
    }
    assert {topic: a and (a.pk, a.text, a.version, a.created, str(a.recorded_by)) for topic, a in current.items()} == {
        topic: a and (a.pk, a.text, a.version, a.created, str(a.recorded_by)) for topic, a in latest.items()
    }
    assert current["chair"].text == "Nora" and current["chair"].team is team


def test_pick_lists_label_people_with_where_they_work_in_one_query(ipt, django_assert_num_queries):
    """The owner list of an action form: each person with the places they work today, as the former per-person
    `user_label` gave them, the places of all read in one query."""
    from werkplaats.accounts.models import User
    from werkplaats.accounts.selectors import memberships_active
    from werkplaats.teams.forms import ActionForm

    def former_label(user: User) -> str:
        places = sorted({str(m.school.name if m.school_id else m.organisation.name)
                         for m in memberships_active(user=user).select_related("school", "organisation")})
        return f"{user} — {', '.join(places)}" if places else str(user)

    region = ipt.region
    people = User.objects.filter(pk__in=[region.ib.pk, region.nurse.pk, region.teacher.pk, region.outsider.pk,
                                         region.adviser.pk]).order_by("pk")
    expected = [("", "Kies een persoon")] + [(str(user.pk), former_label(user)) for user in people]
    assert any(" — " in label for _value, label in expected)
    field = ActionForm(owners=people, items=[]).fields["owner"]
    with django_assert_num_queries(2):  # the people, and the places of all of them
        choices = [(str(value), str(label)) for value, label in field.choices]
    assert choices == expected
    assert field.label_from_instance(region.nurse) == former_label(region.nurse)
