"""The meeting page's agenda written by the agenda_entries tag gives what the former template loop gave, for the
chair, a participant and a guest, planned and closed; the new pupils read by a prepared query are those of the
access layer; only a live agenda carries the live token."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import EnrolmentFactory, PupilFactory, user_with_role, verified_device
from tests.teams.conftest import at
from werkplaats.accounts.models import Role
from werkplaats.cases import services as case_services
from werkplaats.pupils.selectors import enrolments_visible_to
from werkplaats.teams import selectors, services, views
from werkplaats.teams.models import AgendaItem, Meeting, Team

pytestmark = pytest.mark.django_db

FORMER_AGENDA = (Path(__file__).parent / "former_meeting_agenda.html").read_text()
TAG = "{% load meeting_page %}{% agenda_entries %}"
# The meeting's day, times and status of teams/meeting.html and teams/includes/meeting_status.html before the
# meeting_when tag wrote them.
FORMER_WHEN = (
    '{% load werkplaats %}{{ meeting.starts_at|date:"l"|capfirst }} {{ meeting.starts_at|text_date }}, '
    '{{ meeting.starts_at|time:"H:i" }}–{{ meeting.ends_at|time:"H:i" }} · '
    '{% if meeting.status == "in_progress" %}{% include "includes/badge.html" with status="active" '
    'label=meeting.get_status_display %}{% elif meeting.status == "closed" %}{% include "includes/badge.html" '
    'with status="success" label=meeting.get_status_display %}{% elif meeting.status == "cancelled" %}'
    '{% include "includes/badge.html" with status="inactive" label=meeting.get_status_display %}{% else %}'
    '{% include "includes/badge.html" with status="neutral" label=meeting.get_status_display %}{% endif %}'
)


def _normal(html: str) -> str:
    """The markup with the whitespace between and around tags left out (the tag writes none)."""
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))).strip()


@pytest.fixture
def full_meeting(ipt):
    """A core meeting with every kind of content: open actions of an earlier meeting (one late), a signal, a free
    item and minutes with characters to escape, prepared and shared items, decisions and actions of an item and
    of the meeting, new pupils, a guest and a next meeting."""
    region, team = ipt.region, ipt.team
    ib, nurse = region.ib, region.nurse
    earlier = services.meeting_plan(actor=ib, team=team, layer=Team.Layer.CORE, starts_at=at(-30), ends_at=at(-30, 11))
    today = timezone.localdate()
    for days, text in ((-3, 'Te laat <b>"&"</b>'), (4, "Op tijd " + "lang " * 12)):
        services.action_create(actor=ib, team=team, meeting=earlier, owner=nurse, description=text,
                               due_date=today + timedelta(days=days))
    Meeting.objects.filter(pk=earlier.pk).update(status=Meeting.Status.CLOSED)
    meeting = services.meeting_plan(actor=ib, team=team, layer=Team.Layer.CORE, starts_at=at(3), ends_at=at(3, 11))
    services.meeting_plan(actor=ib, team=team, layer=Team.Layer.CORE, starts_at=at(17), ends_at=at(17, 11))
    case_services.signal_raise(actor=ib, school=region.school, level="school", category="health",
                               seen_in_school="Onrust")
    free = services.agenda_item_add(actor=ib, meeting=meeting, kind=AgendaItem.Kind.FREE, title='Vrij <i>"punt"</i>',
                                    preparation="Voorbereid & <klaar>")
    concerns = meeting.agenda_items.get(kind=AgendaItem.Kind.CONCERNS)
    services.agenda_item_share(actor=ib, item=concerns, shared=True)
    services.agenda_item_record_minutes(actor=nurse, item=concerns, minutes="Zorgen <over> 'gedrag'",
                                        version=concerns.version)
    services.agenda_item_prepare(actor=nurse, item=free, preparation="Nagelezen", version=free.version)
    for item in (concerns, None):
        services.decision_record(actor=ib, meeting=meeting, agenda_item=item, text=f"Besluit <{item}>")
        services.action_create(actor=ib, team=team, meeting=meeting, agenda_item=item, owner=region.director,
                               description=f"Actie & {item}", due_date=today + timedelta(days=9))
    pupil = PupilFactory(given_name="Zoë <Z>", family_name="d'Arc")
    EnrolmentFactory(pupil=pupil, school=region.school, group="groep <3>", enrolled_from=today - timedelta(days=5))
    services.guest_invite(actor=ib, meeting=meeting, user=region.gp_support, purpose="Meedenken")
    return meeting


def _renders(user, meeting):
    """The former loop and the tag, each with the context the meeting page gives `user`."""
    request = RequestFactory().get("/")
    request.user = user
    view = selectors.meeting_get(user=user, uuid=meeting.uuid, log=False)
    context = views._meeting_context(request, view) | {"csrf_token": "TOKEN"}
    return Template(FORMER_AGENDA).render(Context(context)), Template(TAG).render(Context(context))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_agenda_entries_match_the_former_loop(ipt, full_meeting, language):
    region = ipt.region
    with translation.override(language):
        for status in (Meeting.Status.PLANNED, Meeting.Status.CLOSED):
            Meeting.objects.filter(pk=full_meeting.pk).update(status=status)
            users = (region.ib, region.nurse, region.gp_support) if status == Meeting.Status.PLANNED else (
                region.ib, region.nurse)
            for user in users:
                former, fast = _renders(user, full_meeting)
                assert _normal(fast) == _normal(former), (status, user)
    Meeting.objects.filter(pk=full_meeting.pk).update(status=Meeting.Status.PLANNED)
    former, fast = _renders(region.ib, full_meeting)
    for shown in ("&lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;", "Vrij &lt;i&gt;&quot;punt&quot;&lt;/i&gt;", "Zoë &lt;Z&gt;",
                  "Naar signaal S-", "wp-overdue", "TOKEN", "Delen met gast", "lege stoel van het volgende overleg"):
        assert shown in fast, shown


@pytest.mark.parametrize("language", ["nl", "en"])
def test_meeting_when_matches_the_former_filters_and_badge(full_meeting, language):
    with translation.override(language):
        for status in Meeting.Status.values:
            full_meeting.status = status
            for starts in (at(3, 7), at(-150, 23), at(40, 0)):  # winter and summer time, late and early
                full_meeting.starts_at, full_meeting.ends_at = starts, starts + timedelta(minutes=90)
                context = Context({"meeting": full_meeting})
                fast = Template("{% load meeting_page %}{% meeting_when meeting %}").render(context)
                assert _normal(fast) == _normal(Template(FORMER_WHEN).render(context)), (status, starts)


def test_an_agenda_without_items_says_none_is_shared(ipt, full_meeting):
    full_meeting.agenda_items.update(shared_with_guests=False)
    former, fast = _renders(ipt.region.gp_support, full_meeting)
    assert _normal(fast) == _normal(former) and "Er zijn geen agendapunten met u gedeeld." in fast


def test_new_pupils_by_the_prepared_query_are_those_of_the_access_layer(ipt, full_meeting):
    region = ipt.region
    today = timezone.localdate()
    EnrolmentFactory(school=region.school, group="groep 2", enrolled_from=today - timedelta(days=2),
                     enrolled_until=today - timedelta(days=1))  # already left: not current
    EnrolmentFactory(school=region.school, group="groep 5", enrolled_from=today - timedelta(days=1))
    EnrolmentFactory(school=region.school, enrolled_from=date(2020, 8, 1))  # long ago
    EnrolmentFactory(school=region.other_school, enrolled_from=today)
    teacher = user_with_role(Role.TEACHER, school=region.school, groups=["groep 5"])  # the access layer's query
    for user in (region.ib, region.nurse, teacher):
        found = selectors.new_pupils_for(user=user, meeting=full_meeting)
        previous = selectors._PREVIOUS_MEETING_START.fetch(team_id=full_meeting.team_id, layer="core",
                                                           starts_at=full_meeting.starts_at)
        since = timezone.localtime(previous[0].starts_at).date()
        until = timezone.localtime(full_meeting.starts_at).date()
        former = list(
            enrolments_visible_to(user=user)
            .filter(school=region.school, enrolled_from__gt=since, enrolled_from__lte=until)
            .select_related("pupil")
            .order_by("group", "pupil__family_name", "pk")[:100]
        )
        assert [(e.pk, e.pupil.uuid, e.pupil.given_name, e.pupil.family_name, e.group, e.enrolled_from)
                for e in found] == [
            (e.pk, e.pupil.uuid, e.pupil.given_name, e.pupil.family_name, e.group, e.enrolled_from)
            for e in former]
        assert len(found) == (2 if user != teacher else 1)


def test_only_a_live_agenda_carries_the_live_token(client, ipt, full_meeting):
    client.force_login(ipt.region.ib)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(ipt.region.ib).persistent_id
    session.save()
    url = reverse("teams:meeting", kwargs={"uuid": full_meeting.uuid})
    live = reverse("teams:meeting_live", kwargs={"uuid": full_meeting.uuid})
    page = client.get(url).content.decode()
    token = page.split("token=")[1].split('"')[0]
    assert len(token) == 16 and client.get(live, {"token": token}).status_code == 204
    Meeting.objects.filter(pk=full_meeting.pk).update(status=Meeting.Status.CLOSED)
    page = client.get(url).content.decode()
    assert live not in page and "token=" not in page and "Besluit &lt;None&gt;" in page
