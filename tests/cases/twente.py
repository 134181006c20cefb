"""The family Twente of seed 003 (Sara 4, Bas 7, Tina 13, Lotte 17) and the people around their schools, with
an IPT at the primary school: core (IB'er, youth nurse, jeugdregisseur), wider (GP practice support)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from tests.factories import (
    EnrolmentFactory,
    FamilyFactory,
    GuardianFactory,
    OrganisationFactory,
    PupilFactory,
    SchoolFactory,
    municipality,
    user_with_role,
)
from werkplaats.accounts.models import Role, User
from werkplaats.consent import services as consent_services
from werkplaats.consent.models import Consent, Purpose
from werkplaats.organisations.models import Organisation, School
from werkplaats.pupils.models import Guardian, Pupil
from werkplaats.teams import services as team_services
from werkplaats.teams.models import Meeting, Team


def born(years: int, days: int = 100) -> date:
    """A birth date `years` years and `days` days before today."""
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def at(days: int, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@dataclass
class Twente:
    school: School
    secondary: School
    other_school: School
    childcare: School
    mbo: School
    jgz: Organisation
    gemeente: Organisation
    gp: Organisation
    sara: Pupil
    bas: Pupil
    tina: Pupil
    lotte: Pupil
    classmate: Pupil
    mother: Guardian
    father: Guardian
    ib: User
    teacher: User
    nurse: User
    director: User
    gp_support: User
    other_ib: User
    secondary_ib: User
    mbo_ib: User
    childcare_worker: User
    adviser: User
    privacy_officer: User
    team: Team

    def consent(self, pupil: Pupil, purpose: str = Purpose.CASE, *, organisations=(), schools=(), roles=(),
                by: User | None = None, **kwargs) -> Consent:
        """A consent given today by the right people for the pupil's age."""
        from werkplaats.consent import policy

        age = policy.age_on(pupil.birth_date, timezone.localdate())
        guardians = [self.mother] if age < policy.AGE_PUPIL_ALONE else []
        return consent_services.consent_record(
            actor=by or self.ib, pupil=pupil, purpose=purpose, given_on=timezone.localdate(), guardians=guardians,
            pupil_agreed=age >= policy.AGE_PUPIL_JOINS, organisations=organisations, schools=schools, roles=roles,
            **kwargs,
        )

    def meeting(self, days: int = 3) -> Meeting:
        return team_services.meeting_plan(actor=self.ib, team=self.team, layer=Team.Layer.CORE, starts_at=at(days),
                                          ends_at=at(days, 11), location="Teamkamer")


def person(role: str, first: str, last: str, **where) -> User:
    user = user_with_role(role, **where)
    user.first_name, user.last_name, user.email = first, last, f"{first.lower()}.{last.lower()}@example.org"
    user.save()
    return user


def build_twente() -> Twente:
    school = SchoolFactory(name="De Esch", type=School.Type.PO)
    secondary = SchoolFactory(name="Het Assink", type=School.Type.VO, municipality=municipality("GM0164"))
    other_school = SchoolFactory(name="Het Noorderlicht", type=School.Type.PO)
    childcare = SchoolFactory(name="Kinderdagverblijf Het Nest", type=School.Type.KDV)
    mbo = SchoolFactory(name="ROC van Twente", type=School.Type.MBO)
    jgz = OrganisationFactory(kind=Organisation.Kind.YOUTH_HEALTH, name="GGD Twente")
    gemeente = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, name="Gemeente Enschede")
    gp = OrganisationFactory(kind=Organisation.Kind.GP_SUPPORT, name="Huisartsenpraktijk De Bron")
    school.partners.add(jgz, gemeente, gp)
    secondary.partners.add(jgz)
    family = FamilyFactory()
    sara = PupilFactory(given_name="Sara", family_name="Twente", family=family, birth_date=born(4))
    bas = PupilFactory(given_name="Bas", family_name="Twente", family=family, birth_date=born(7))
    tina = PupilFactory(given_name="Tina", family_name="Twente", family=family, birth_date=born(13))
    lotte = PupilFactory(given_name="Lotte", family_name="Twente", family=family, birth_date=born(17))
    classmate = PupilFactory(given_name="Mees", family_name="Oldenkamp", birth_date=born(7, 30))
    EnrolmentFactory(pupil=sara, school=childcare, group="peuters", enrolled_from=born(1))
    EnrolmentFactory(pupil=bas, school=school, group="groep 4")
    EnrolmentFactory(pupil=classmate, school=school, group="groep 4")
    EnrolmentFactory(pupil=tina, school=secondary, group="brugklas 1B")
    EnrolmentFactory(pupil=lotte, school=mbo, group="kapper 2")
    mother = GuardianFactory(given_name="Anja", family_name="Twente")
    father = GuardianFactory(given_name="Erik", family_name="Twente")
    for guardian in (mother, father):
        guardian.pupils.add(sara, bas, tina, lotte)
    twente = Twente(
        school=school, secondary=secondary, other_school=other_school, childcare=childcare, mbo=mbo, jgz=jgz,
        gemeente=gemeente, gp=gp, sara=sara, bas=bas, tina=tina, lotte=lotte, classmate=classmate, mother=mother,
        father=father,
        ib=person(Role.CARE_COORDINATOR, "Ilse", "Bakker", school=school),
        teacher=person(Role.TEACHER, "Tom", "Visser", school=school, groups=["groep 4"]),
        nurse=person(Role.YOUTH_HEALTH, "Nora", "Jansen", organisation=jgz),
        director=person(Role.YOUTH_DIRECTOR, "Dirk", "Smit", organisation=gemeente),
        gp_support=person(Role.YOUTH_HEALTH, "Greet", "Mulder", organisation=gp),
        other_ib=person(Role.CARE_COORDINATOR, "Olga", "Vos", school=other_school),
        secondary_ib=person(Role.CARE_COORDINATOR, "Sanne", "Kok", school=secondary),
        mbo_ib=person(Role.CARE_COORDINATOR, "Mark", "de Boer", school=mbo),
        childcare_worker=person(Role.CARE_COORDINATOR, "Kim", "Peters", school=childcare),
        adviser=person(Role.POLICY_ADVISER, "Bert", "de Wit", school=school),
        privacy_officer=person(Role.PRIVACY_OFFICER, "Fenna", "Goossens", organisation=jgz),
        team=None,  # type: ignore[arg-type]
    )
    team = team_services.team_create(actor=twente.ib, school=school, form=Team.Form.CORE_WIDER)
    add = team_services.stakeholder_add
    add(actor=twente.ib, team=team, user=twente.ib, function="intern begeleider", layer=Team.Layer.CORE)
    add(actor=twente.ib, team=team, user=twente.nurse, function="jeugdverpleegkundige", organisation=jgz,
        layer=Team.Layer.CORE)
    add(actor=twente.ib, team=team, user=twente.director, function="jeugdregisseur", organisation=gemeente,
        layer=Team.Layer.CORE)
    add(actor=twente.ib, team=team, user=twente.gp_support, function="praktijkondersteuner", organisation=gp,
        layer=Team.Layer.WIDER)
    twente.team = team
    return twente
