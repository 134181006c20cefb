"""A school location with the people around it, and an IPT in the third form (core, wider, steering)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory, SchoolFactory, user_with_role
from werkplaats.accounts.models import Role, User
from werkplaats.organisations.models import Organisation, School
from werkplaats.teams import services
from werkplaats.teams.models import Team


@dataclass
class Region:
    school: School
    other_school: School
    jgz: Organisation
    municipality: Organisation
    gp: Organisation
    ib: User
    facilitator: User
    nurse: User
    director: User
    teacher: User
    gp_support: User
    outsider: User
    adviser: User


@pytest.fixture
def region(db) -> Region:
    school = SchoolFactory(name="De Esch")
    other = SchoolFactory(name="Het Noorderlicht")
    jgz = OrganisationFactory(kind=Organisation.Kind.YOUTH_HEALTH, name="GGD Twente")
    municipality = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, name="Gemeente Enschede")
    gp = OrganisationFactory(kind=Organisation.Kind.GP_SUPPORT, name="Huisartsenpraktijk De Bron")
    swv = OrganisationFactory(kind=Organisation.Kind.PARTNERSHIP, name="SWV Twente Noord")
    school.partners.add(jgz, municipality, gp, swv)

    def person(role: str, first: str, last: str, **where) -> User:
        user = user_with_role(role, **where)
        user.first_name, user.last_name, user.email = first, last, f"{first.lower()}@example.org"
        user.save()
        return user

    return Region(
        school=school, other_school=other, jgz=jgz, municipality=municipality, gp=gp,
        ib=person(Role.CARE_COORDINATOR, "Ilse", "Bakker", school=school),
        facilitator=person(Role.PROCESS_FACILITATOR, "Frank", "Pol", organisation=swv),
        nurse=person(Role.YOUTH_HEALTH, "Nora", "Jansen", organisation=jgz),
        director=person(Role.YOUTH_DIRECTOR, "Dirk", "Smit", organisation=municipality),
        teacher=person(Role.TEACHER, "Tom", "Visser", school=school),
        gp_support=person(Role.YOUTH_HEALTH, "Greet", "Mulder", organisation=gp),
        outsider=person(Role.CARE_COORDINATOR, "Olga", "Vos", school=other),
        adviser=person(Role.POLICY_ADVISER, "Bert", "de Wit", school=school),
    )


@dataclass
class Ipt:
    team: Team
    region: Region


@pytest.fixture
def ipt(region: Region) -> Ipt:
    """Core: the IB'er, the nurse and the youth director; wider: the GP practice support; steering: the
    municipality's manager (no account)."""
    team = services.team_create(actor=region.ib, school=region.school, form=Team.Form.CORE_WIDER_STEERING)
    add = services.stakeholder_add
    add(actor=region.ib, team=team, user=region.ib, function="intern begeleider", layer=Team.Layer.CORE,
        is_contact_person=True)
    add(actor=region.ib, team=team, user=region.nurse, function="jeugdverpleegkundige", organisation=region.jgz,
        layer=Team.Layer.CORE, is_contact_person=True)
    add(actor=region.ib, team=team, user=region.director, function="jeugdregisseur",
        organisation=region.municipality, layer=Team.Layer.CORE)
    add(actor=region.ib, team=team, user=region.gp_support, function="praktijkondersteuner",
        organisation=region.gp, layer=Team.Layer.WIDER)
    add(actor=region.ib, team=team, name="Marieke Hof", function="teamleider jeugd", organisation=region.municipality,
        is_manager=True, is_contact_person=True, layer=Team.Layer.STEERING)
    return Ipt(team=team, region=region)


def at(days: int, hour: int = 9) -> datetime:
    """A moment `days` from now at `hour` o'clock (Europe/Amsterdam)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def meeting(ipt: Ipt):
    return services.meeting_plan(actor=ipt.region.ib, team=ipt.team, layer=Team.Layer.CORE, starts_at=at(3),
                                 ends_at=at(3, 11), location="Teamkamer")
