"""Fixtures of the web interface tests: a small region, users per role, and a logged-in client."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    EnrolmentFactory,
    FamilyFactory,
    GuardianFactory,
    OrganisationFactory,
    PupilFactory,
    SchoolFactory,
    municipality,
    user_with_role,
    verified_device,
)
from werkplaats.accounts.models import Role, User
from werkplaats.organisations.models import Organisation, School
from werkplaats.pupils.models import Pupil


def login(client: Client, user: User) -> Client:
    """A session that passed both login steps (as `django_otp.login` leaves it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or verified_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@dataclass
class Region:
    school: School
    other_school: School
    provider: Organisation
    pupil_group_4: Pupil
    pupil_group_5: Pupil
    pupil_elsewhere: Pupil
    sibling_elsewhere: Pupil
    teacher: User
    coordinator: User
    privacy_officer: User
    lone_privacy_officer: User
    attendance_officer: User
    policy_adviser: User
    functional_admin: User


@pytest.fixture
def region(db) -> Region:
    provider = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER, name="Jeugdhulp Oost")
    school = SchoolFactory(name="De Akker")
    school.partners.add(provider)
    other_school = SchoolFactory(name="De Esch", municipality=municipality("GM0164"))
    family = FamilyFactory()
    pupil_group_4 = PupilFactory(given_name="Bas", family_name="Twente", family=family)
    pupil_group_5 = PupilFactory(given_name="Lotte", family_name="Hengevelde")
    pupil_elsewhere = PupilFactory(given_name="Mees", family_name="Oldenkamp", home_municipality=municipality("GM0164"))
    sibling_elsewhere = PupilFactory(given_name="Sara", family_name="Twente", family=family)
    EnrolmentFactory(pupil=pupil_group_4, school=school, group="groep 4")
    EnrolmentFactory(pupil=pupil_group_5, school=school, group="groep 5")
    EnrolmentFactory(pupil=pupil_elsewhere, school=other_school, group="groep 7")
    EnrolmentFactory(pupil=sibling_elsewhere, school=other_school, group="groep 1")
    GuardianFactory(given_name="Anja", family_name="Twente").pupils.add(pupil_group_4)
    attendance_office = OrganisationFactory(
        kind=Organisation.Kind.COMPULSORY_EDUCATION, name="Leerplicht Hengelo", municipality=municipality("GM0164")
    )
    return Region(
        school=school,
        other_school=other_school,
        provider=provider,
        pupil_group_4=pupil_group_4,
        pupil_group_5=pupil_group_5,
        pupil_elsewhere=pupil_elsewhere,
        sibling_elsewhere=sibling_elsewhere,
        teacher=user_with_role(Role.TEACHER, school=school, groups=["groep 4"]),
        coordinator=user_with_role(Role.CARE_COORDINATOR, school=school),
        privacy_officer=user_with_role(Role.PRIVACY_OFFICER, organisation=provider),
        lone_privacy_officer=user_with_role(Role.PRIVACY_OFFICER, organisation=OrganisationFactory()),
        attendance_officer=user_with_role(Role.ATTENDANCE_OFFICER, organisation=attendance_office),
        policy_adviser=user_with_role(Role.POLICY_ADVISER, organisation=OrganisationFactory()),
        functional_admin=user_with_role(Role.FUNCTIONAL_ADMIN, organisation=OrganisationFactory()),
    )
