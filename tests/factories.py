"""factory_boy factories shared by all test modules."""

import datetime

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkplaats.accounts.models import Membership, Role, User
from werkplaats.organisations.models import Municipality, Organisation, School
from werkplaats.pupils.models import Enrolment, Family, Guardian, Pupil


def municipality(code: str = "GM0153") -> Municipality:
    """A municipality of the reference data (loaded by the migrations)."""
    return Municipality.objects.get(code=code)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{10 + n // 100:02d}ZZ{n % 100:02d}")
    name = factory.Sequence(lambda n: f"School {n}")
    type = School.Type.PO
    municipality = factory.LazyFunction(municipality)
    contact_municipality = factory.SelfAttribute("municipality")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.YOUTH_HEALTH
    name = factory.Sequence(lambda n: f"Organisatie {n}")


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    key = factory.Sequence(lambda n: f"gezin-{n}")


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    given_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")
    birth_date = datetime.date(2016, 5, 1)
    home_municipality = factory.LazyFunction(municipality)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SubFactory(SchoolFactory)
    pupil_number = factory.Sequence(lambda n: str(1000 + n))
    group = "groep 4"
    enrolled_from = datetime.date(2022, 8, 1)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    given_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CARE_COORDINATOR


def user_with_role(
    role: str, *, school: School | None = None, organisation: Organisation | None = None, **kwargs
) -> User:
    """A user with one membership: at `school` (staff) or in `organisation`."""
    membership = MembershipFactory(role=role, school=school, organisation=organisation, **kwargs)
    return membership.user


def verified_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)
