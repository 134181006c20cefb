"""The authorisation matrix: every role × every relationship with the case × every case-related page and API
endpoint. Allowed exactly where the rules say, 404 otherwise — and every request leaves an access-log entry for
the user (refused ones too)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, user_with_role
from tests.web.conftest import login
from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, Role, User
from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases import services
from werkplaats.cases.models import Case
from werkplaats.consent.models import Purpose
from werkplaats.teams import services as team_services
from werkplaats.teams.models import Guest, Stakeholder, Team
from werkplaats.teams.permissions import MANAGER_ROLES

from .helpers import bas_case
from .twente import Twente, build_twente

RELATIONSHIPS = ["member", "regiehouder", "core_with_consent", "core_without_consent", "guest", "same_school",
                 "other_school"]
SCHOOL_STAFF = {Role.TEACHER, Role.CARE_COORDINATOR}


def _ok(role: str) -> bool:
    return role not in AGGREGATE_ONLY_ROLES


def may_view(role: str, rel: str) -> bool:
    return _ok(role) and rel in {"member", "regiehouder", "core_with_consent"}


def may_edit(role: str, rel: str) -> bool:
    return _ok(role) and rel in {"member", "regiehouder"}


def may_manage(role: str, rel: str) -> bool:
    return _ok(role) and (rel == "regiehouder" or (rel == "member" and role in MANAGER_ROLES))


def in_core(role: str, rel: str) -> bool:
    """The core team: its layer, or the IPT managers of the school (IB'er, process facilitator; also through an
    organisation that works at the school)."""
    manager = role in MANAGER_ROLES and rel != "other_school"
    return _ok(role) and (rel in {"core_with_consent", "core_without_consent"} or manager)


def may_see_signal(role: str, rel: str) -> bool:
    return _ok(role) and (in_core(role, rel) or rel in {"member", "regiehouder", "guest"})


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[Case], str]
    rule: Callable[[str, str], bool]
    ok: int = 200


def _evaluation_url(case: Case) -> str:
    return reverse("cases:evaluation", kwargs={"uuid": case.uuid, "evaluation_uuid": case.evaluations.get().uuid})


ENDPOINTS = [
    Endpoint("case page", "get", lambda c: reverse("cases:case", kwargs={"uuid": c.uuid}), may_view),
    Endpoint("plan", "get", lambda c: reverse("cases:plan", kwargs={"uuid": c.uuid}), may_view),
    Endpoint("parents' copy", "get", lambda c: reverse("cases:plan-print", kwargs={"uuid": c.uuid}), may_view),
    Endpoint("plan step", "get", lambda c: reverse("cases:plan-step", kwargs={"uuid": c.uuid, "number": 3}),
             may_edit),
    Endpoint("story", "get", lambda c: reverse("cases:case-story", kwargs={"uuid": c.uuid}), may_edit),
    Endpoint("evaluation", "get", _evaluation_url, may_edit),
    Endpoint("escalate", "get", lambda c: reverse("cases:case-escalate", kwargs={"uuid": c.uuid}), may_manage),
    Endpoint("close", "get", lambda c: reverse("cases:case-status", kwargs={"uuid": c.uuid}), may_manage),
    Endpoint("fix plan version", "post", lambda c: reverse("cases:plan-version", kwargs={"uuid": c.uuid}),
             may_edit, ok=302),
    Endpoint("add action", "post", lambda c: reverse("cases:case-action-add", kwargs={"uuid": c.uuid}), may_edit,
             ok=302),
    Endpoint("member form", "get", lambda c: reverse("cases:case-member-add", kwargs={"uuid": c.uuid}), may_manage),
    Endpoint("add member", "post", lambda c: reverse("cases:case-member-add", kwargs={"uuid": c.uuid}), may_manage,
             ok=302),
    Endpoint("signal page", "get", lambda c: reverse("cases:signal", kwargs={"uuid": c.signal.uuid}),
             may_see_signal),
    Endpoint("API case", "get", lambda c: reverse("api:case-detail", kwargs={"uuid": c.uuid}), may_view),
    Endpoint("API signal", "get", lambda c: reverse("api:signal-detail", kwargs={"uuid": c.signal.uuid}),
             may_see_signal),
]


def _place(tw: Twente, role: str, rel: str) -> User:
    if rel == "other_school":
        return (user_with_role(role, school=tw.other_school) if role in SCHOOL_STAFF
                else user_with_role(role, organisation=OrganisationFactory(name="Elders")))
    return user_with_role(role, school=tw.school) if role in SCHOOL_STAFF else user_with_role(role, organisation=tw.jgz)


def _subject(tw: Twente, case: Case, role: str, rel: str) -> User:
    user = _place(tw, role, rel)
    organisation = None if role in SCHOOL_STAFF else tw.jgz
    if rel in ("member", "regiehouder"):
        case.members.create(user=user, added_by=tw.ib)
    if rel == "regiehouder":
        Case.objects.filter(pk=case.pk).update(coordinator=user)
    if rel in ("core_with_consent", "core_without_consent"):
        Stakeholder.objects.create(team=tw.team, user=user, name=str(user), function=role, organisation=organisation,
                                   layer=Team.Layer.CORE)
    if rel == "core_with_consent":
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
    if rel == "guest":
        meeting = tw.meeting()
        team_services.agenda_item_add(actor=tw.ib, meeting=meeting, kind="child", title="Evaluatie",
                                      shared_with_guests=True, signal=case.signal)
        Guest.objects.create(meeting=meeting, user=user, purpose="meedenken", invited_by=tw.ib)
    return user


@pytest.mark.parametrize("rel", RELATIONSHIPS)
@pytest.mark.parametrize("role", Role.values)
def test_matrix(db, role, rel):
    tw = build_twente()
    case = bas_case(tw)
    services.evaluation_plan(actor=tw.nurse, case=case, planned_on=timezone.localdate() + timedelta(days=20))
    user = _subject(tw, case, role, rel)
    case.refresh_from_db()
    client = login(Client(), user)
    failures = []
    for endpoint in ENDPOINTS:
        before = AccessLogEntry.objects.filter(user_id=user.pk).count()
        response = getattr(client, endpoint.method)(endpoint.url(case))
        allowed = endpoint.rule(role, rel)
        expected = endpoint.ok if allowed else 404
        if response.status_code != expected:
            failures.append(f"{endpoint.name}: {response.status_code} (expected {expected})")
        entries = AccessLogEntry.objects.filter(user_id=user.pk).order_by("id")[before:]
        if not entries:
            failures.append(f"{endpoint.name}: not logged")
        elif not allowed and not any(e.outcome == "refused" for e in entries):
            failures.append(f"{endpoint.name}: refusal not logged")
    listed = client.get(reverse("api:case-list")).json()
    if (str(case.uuid) in {row["uuid"] for row in listed}) != may_view(role, rel):
        failures.append("API case list")
    assert not failures, f"{role} as {rel}: " + "; ".join(failures)
