"""core.prepared: a queryset compiled once gives the same instances as the ORM, with new values each time."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from tests.factories import MembershipFactory, OrganisationFactory, SchoolFactory, UserFactory, municipality
from werkplaats.accounts.models import Membership, Role, User
from werkplaats.accounts.selectors import memberships_active
from werkplaats.core.prepared import PreparedQuery
from werkplaats.organisations.models import Organisation

pytestmark = pytest.mark.django_db

MEMBERSHIPS = PreparedQuery(
    lambda user_id, on: memberships_active(user=UserFactory.build(pk=user_id), on=on)
    .select_related("school", "organisation")
    .order_by("id"),
    user_id=int,
    on=datetime.date,
)


def _described(memberships: list[Membership]) -> list[tuple]:
    return [
        (m.pk, m.uuid, m.role, m.groups, m.valid_from, m.valid_until, m.created,
         m.school and (m.school.pk, m.school.uuid, m.school.name, m.school.type),
         m.organisation and (m.organisation.pk, m.organisation.name, m.organisation.municipality_id))
        for m in memberships
    ]


def test_prepared_memberships_equal_the_orm_for_every_user_and_day(django_assert_num_queries):
    school = SchoolFactory()
    office = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=municipality("GM0164"))
    teacher, nurse, leaver = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=teacher, role=Role.TEACHER, school=school, groups=["groep 4", "groep \"5\""])
    MembershipFactory(user=teacher, role=Role.ATTENDANCE_OFFICER, organisation=office,
                      valid_from=datetime.date(2026, 1, 1))
    MembershipFactory(user=nurse, role=Role.YOUTH_HEALTH, organisation=office, valid_until=datetime.date(2026, 7, 31))
    MembershipFactory(user=leaver, role=Role.CARE_COORDINATOR, school=school, valid_until=datetime.date(2020, 7, 31))
    days = [datetime.date(2020, 7, 31), datetime.date(2025, 12, 31), datetime.date(2026, 1, 1),
            datetime.date(2026, 7, 31), datetime.date(2026, 8, 1)]
    seen = set()
    for user in (teacher, nurse, leaver, UserFactory()):
        for day in days:
            memberships = memberships_active(user=user, on=day).select_related("school", "organisation")
            expected = list(memberships.order_by("id"))
            with django_assert_num_queries(1):
                prepared = MEMBERSHIPS.fetch(user_id=user.pk, on=day)
                described = _described(prepared)  # the related objects come with the one query
            assert described == _described(expected)
            seen.add(len(prepared))
    assert seen == {0, 1, 2}


def test_a_parameter_the_sql_does_not_use_or_of_another_type_is_refused():
    unused = PreparedQuery(
        lambda user_id, on: Membership.objects.filter(user_id=user_id), user_id=int, on=datetime.date
    )
    with pytest.raises(ImproperlyConfigured, match="on"):
        unused.fetch(user_id=1, on=datetime.date(2026, 1, 1))
    with pytest.raises(ImproperlyConfigured, match="role"):
        PreparedQuery(lambda role: Membership.objects.filter(role__in=role), role=set)


def test_a_date_parameter_works_while_freezegun_replaces_the_date_class():
    """The demo seed runs under freezegun, which swaps `datetime.date` in every module after import."""
    from freezegun import freeze_time

    user = MembershipFactory(role=Role.TEACHER, school=SchoolFactory(), valid_until=datetime.date(2026, 7, 31)).user
    prepared = PreparedQuery(lambda user_id, on: memberships_active(user=UserFactory.build(pk=user_id), on=on),
                             user_id=int, on=datetime.date)
    with freeze_time("2026-03-01"):
        assert len(prepared.fetch(user_id=user.pk, on=datetime.date.today())) == 1
        assert prepared.fetch(user_id=user.pk, on=datetime.date(2026, 8, 1)) == []


def test_text_and_moment_parameters_and_a_rewritten_value_is_refused():
    from django.utils import timezone

    user = UserFactory(username="marker-test")
    moment = timezone.now()
    by_name = PreparedQuery(lambda name: User.objects.filter(username=name), name=str)
    assert by_name.fetch(name="marker-test") == [user]
    assert by_name.fetch(name="someone else") == []
    joined = PreparedQuery(
        lambda since: User.objects.filter(date_joined__gte=since).order_by("pk"), since=datetime.datetime
    )
    assert user in joined.fetch(since=moment - datetime.timedelta(minutes=5))
    assert joined.fetch(since=moment + datetime.timedelta(days=1)) == []
    containing = PreparedQuery(lambda name: User.objects.filter(username__contains=name), name=str)
    with pytest.raises(ImproperlyConfigured, match="name"):
        containing.fetch(name="marker")


def test_values_list_rows_come_as_tuples():
    school = SchoolFactory()
    for role in (Role.TEACHER, Role.CARE_COORDINATOR, Role.TEACHER):
        MembershipFactory(role=role, school=school)
    roles = PreparedQuery(
        lambda school_id: Membership.objects.filter(school=school_id).values_list("role").distinct().order_by("role"),
        school_id=int,
    )
    assert roles.fetch(school_id=school.pk) == [(Role.CARE_COORDINATOR,), (Role.TEACHER,)]
    assert roles.fetch(school_id=school.pk + 1000) == []


def test_a_list_of_ids_of_any_length_gives_what_the_orm_gives(django_assert_num_queries):
    schools = [SchoolFactory() for _ in range(6)]
    memberships = [MembershipFactory(role=Role.TEACHER, school=school) for school in schools for _ in range(2)]
    at_schools = PreparedQuery(
        lambda school_ids, role: Membership.objects.filter(school__in=school_ids, role=role).order_by("pk"),
        school_ids=list,
        role=str,
    )
    either = PreparedQuery(  # an empty list drops its branch of an OR, and empties an AND
        lambda school_ids, user_id: Membership.objects.filter(Q(school__in=school_ids) | Q(user=user_id)).order_by(
            "pk"
        ),
        school_ids=list,
        user_id=int,
    )
    for size in range(7):
        ids = [school.pk for school in schools[:size]]
        expected = list(Membership.objects.filter(school__in=ids, role=Role.TEACHER).order_by("pk"))
        with django_assert_num_queries(1 if ids else 0):
            assert at_schools.fetch(school_ids=ids, role=Role.TEACHER) == expected
        assert at_schools.fetch(school_ids=ids, role=Role.CARE_COORDINATOR) == []
        user_id = memberships[-1].user_id
        assert either.fetch(school_ids=ids, user_id=user_id) == list(
            Membership.objects.filter(Q(school__in=ids) | Q(user=user_id)).order_by("pk")
        )
    assert sorted(key[2] for key in at_schools._compiled) == [0, 1, 2, 4, 8]  # one SQL per power-of-two length


def test_an_id_of_a_32_bit_column_works_and_a_refused_marker_is_an_error_not_an_empty_result():
    """Django drops a value outside an integer column's range from the SQL (no rows, or no condition), so a
    marker that falls outside it must not pass unnoticed as a query that never has rows."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from werkplaats.attendance.models import AbsenceRegistration

    assert TOTPDevice._meta.pk.get_internal_type() == "AutoField"  # 32 bits, not our BigAutoField
    device = TOTPDevice.objects.create(user=UserFactory(), name="telefoon")
    by_pk = PreparedQuery(lambda pk: TOTPDevice.objects.filter(pk=pk), pk=int)
    assert by_pk.fetch(pk=device.pk) == [device]
    assert by_pk.fetch(pk=device.pk + 1) == []
    by_minutes = PreparedQuery(lambda minutes: AbsenceRegistration.objects.filter(minutes=minutes), minutes=int)
    with pytest.raises(ImproperlyConfigured, match="marker"):
        by_minutes.fetch(minutes=60)
    nothing_fixed = PreparedQuery(lambda pk: TOTPDevice.objects.filter(pk=pk, name__in=[]), pk=int)
    assert nothing_fixed.fetch(pk=device.pk) == []  # empty by its fixed part: no rows, no error


def test_on_postgresql_the_sql_runs_with_its_own_placeholders_beyond_psycopgs_cache_and_gives_the_same_rows():
    """psycopg translates %s placeholders on every run of a query of over 50 parameters or 4 KB; a prepared
    query keeps PostgreSQL's $n form and runs that, except where Django records queries (it writes them out from
    the %s form): both give the ORM's rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school = SchoolFactory()
    memberships = [MembershipFactory(role=Role.TEACHER, school=school) for _ in range(3)]
    by_ids = PreparedQuery(
        lambda ids, name: Membership.objects.filter(pk__in=ids, school__name=name).order_by("pk"), ids=list, name=str
    )
    ids = [m.pk for m in memberships] + list(range(10**9, 10**9 + 60))  # 63 ids: 64 placeholders and a name
    executed: list[str] = []

    def record(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert by_ids.fetch(ids=ids, name=school.name) == memberships
    assert "$65" in executed[0] and "%s" not in executed[0]
    with CaptureQueriesContext(connection) as captured:
        assert by_ids.fetch(ids=ids, name=school.name) == memberships
    assert school.name in captured[0]["sql"]
    assert by_ids.fetch(ids=ids, name="another school") == []


def test_numbered_placeholders_number_every_parameter_and_keep_a_literal_percent():
    from werkplaats.core.prepared import _numbered_placeholders

    sql = "SELECT 1 FROM t WHERE a = %s AND b LIKE '%%' || %s AND c IN (%s, %s)"
    assert _numbered_placeholders(sql) == "SELECT 1 FROM t WHERE a = $1 AND b LIKE '%' || $2 AND c IN ($3, $4)"


def test_instances_are_built_as_django_builds_them_and_init_signals_still_fire():
    """Instances (and their select_related objects) are stored directly instead of through Model.__init__: the
    same values, the same deferred fields, saved state, cached relations; a model with an init signal listener
    goes through Django's from_db, so the listener runs."""
    from django.db.models.signals import post_init

    school = SchoolFactory()
    membership = MembershipFactory(role=Role.TEACHER, school=school)
    some_fields = PreparedQuery(
        lambda pk: Membership.objects.filter(pk=pk).select_related("school", "user").only(
            "role", "school__name", "user__username"), pk=int)
    expected = Membership.objects.filter(pk=membership.pk).select_related("school", "user").only(
        "role", "school__name", "user__username").get()
    [prepared] = some_fields.fetch(pk=membership.pk)
    assert prepared.__dict__.keys() == expected.__dict__.keys()
    assert prepared.get_deferred_fields() == expected.get_deferred_fields() and prepared.get_deferred_fields()
    assert (prepared._state.adding, prepared._state.db) == (False, "default")
    assert prepared.school.get_deferred_fields() == expected.school.get_deferred_fields()
    assert (prepared.role, prepared.school.name, prepared.user.username) == (Role.TEACHER, school.name,
                                                                            membership.user.username)
    assert prepared.school._state.adding is False and Membership.school.is_cached(prepared)
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(listener, sender=Membership)
    try:
        [again] = some_fields.fetch(pk=membership.pk)
    finally:
        post_init.disconnect(listener, sender=Membership)
    assert seen == [again]
