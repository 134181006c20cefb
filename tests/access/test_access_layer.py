"""The access layer: who may see which pupil. Default deny; an allowed and a denied case per rule."""

import datetime

import pytest
from django.http import Http404

from tests.factories import (
    EnrolmentFactory,
    FamilyFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
    municipality,
    user_with_role,
)
from werkplaats.accounts.models import Role
from werkplaats.accounts.selectors import schools_for_user
from werkplaats.audit.models import AccessLogEntry
from werkplaats.organisations.models import Organisation
from werkplaats.pupils import selectors
from werkplaats.pupils.permissions import can_export_pupil, can_view_pupil, can_view_pupil_access_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    school = SchoolFactory(code="12AB00")
    other = SchoolFactory(code="34CD00")
    bas = EnrolmentFactory(school=school, group="groep 4").pupil
    ahmed = EnrolmentFactory(school=school, group="groep 7").pupil
    far = EnrolmentFactory(school=other, pupil=PupilFactory(home_municipality=municipality("GM0164"))).pupil
    return {"school": school, "other": other, "bas": bas, "ahmed": ahmed, "far": far}


def test_staff_of_the_school_sees_its_pupils_and_nothing_else(region):
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    assert set(selectors.pupils_visible_to(user=ib)) == {region["bas"], region["ahmed"]}
    assert can_view_pupil(ib, region["bas"])
    assert not can_view_pupil(ib, region["far"])


def test_partner_organisation_sees_pupils_of_schools_where_it_works(region):
    jgz = OrganisationFactory(kind=Organisation.Kind.YOUTH_HEALTH)
    region["other"].partners.add(jgz)
    nurse = user_with_role(Role.YOUTH_HEALTH, organisation=jgz)
    assert set(selectors.pupils_visible_to(user=nurse)) == {region["far"]}
    assert list(schools_for_user(user=nurse)) == [region["other"]]
    assert not can_view_pupil(nurse, region["bas"])


def test_teacher_with_groups_sees_only_those_groups(region):
    teacher = user_with_role(Role.TEACHER, school=region["school"], groups=["groep 4"])
    assert list(selectors.pupils_visible_to(user=teacher)) == [region["bas"]]
    assert not can_view_pupil(teacher, region["ahmed"])


@pytest.mark.parametrize("role", [Role.POLICY_ADVISER, Role.ANALYST, Role.FUNCTIONAL_ADMIN])
def test_aggregate_roles_see_no_pupils_even_at_the_school(region, role):
    user = user_with_role(role, school=region["school"])
    assert not selectors.pupils_visible_to(user=user).exists()
    assert not can_view_pupil(user, region["bas"])


def test_superuser_without_relationship_sees_nothing(region):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert not selectors.pupils_visible_to(user=admin).exists()


def test_attendance_officer_sees_residents_of_the_municipality(region):
    hengelo = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=municipality("GM0164"))
    officer = user_with_role(Role.ATTENDANCE_OFFICER, organisation=hengelo)
    assert list(selectors.pupils_visible_to(user=officer)) == [region["far"]]
    assert not can_view_pupil(officer, region["bas"])


def test_expired_membership_and_ended_enrolment_give_no_access(region):
    past = datetime.date(2020, 7, 31)
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"], valid_until=past)
    assert not selectors.pupils_visible_to(user=ib).exists()
    left = EnrolmentFactory(school=region["school"], enrolled_until=past).pupil
    current = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    assert not can_view_pupil(current, left)


def test_privacy_officer_predicates(region):
    org = OrganisationFactory(kind=Organisation.Kind.OTHER)
    region["school"].partners.add(org)
    officer = user_with_role(Role.PRIVACY_OFFICER, organisation=org)
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    assert can_view_pupil_access_log(officer, region["bas"]) and can_export_pupil(officer, region["bas"])
    assert not can_view_pupil_access_log(ib, region["bas"]) and not can_export_pupil(ib, region["bas"])
    assert not can_view_pupil_access_log(officer, region["far"])


def test_pupil_get_logs_allowed_and_refused_and_404s_both_missing_and_forbidden(region):
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    assert selectors.pupil_get(user=ib, uuid=region["bas"].uuid) == region["bas"]
    with pytest.raises(Http404):
        selectors.pupil_get(user=ib, uuid=region["far"].uuid)
    with pytest.raises(Http404):
        selectors.pupil_get(user=ib, uuid="00000000-0000-0000-0000-000000000000")
    entries = list(AccessLogEntry.objects.order_by("id").values_list("pupil_uuid", "outcome", "action", "user_id"))
    assert entries == [
        (region["bas"].uuid, "allowed", "R", ib.pk),
        (region["far"].uuid, "refused", "R", ib.pk),
        (None, "refused", "R", ib.pk),
    ]


def test_pupil_list_logs_one_entry_per_pupil_shown_and_paginates(region):
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    for _ in range(3):  # three namesakes, so that a page ends in the middle of a name
        EnrolmentFactory(school=region["school"], pupil__family_name="Jansen")
    first = selectors.pupil_list(user=ib, limit=2)
    second = selectors.pupil_list(user=ib, limit=2, after=first.next_cursor)
    third = selectors.pupil_list(user=ib, limit=2, after=second.next_cursor)
    shown = [row.pupil for page in (first, second, third) for row in page.rows]
    assert len(shown) == 5 and len(set(shown)) == 5 and third.next_cursor is None
    assert first.next_cursor.isdigit() and second.next_cursor.isdigit()  # an id, never a name
    assert AccessLogEntry.objects.filter(event_type="pupil.list").count() == 5


def test_search_is_logged_as_search_without_the_search_term(region):
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    page = selectors.pupil_list(user=ib, query=region["bas"].family_name)
    assert region["bas"] in [row.pupil for row in page.rows]
    entry = AccessLogEntry.objects.get(event_type="pupil.search", pupil_uuid=region["bas"].uuid)
    assert region["bas"].family_name not in f"{entry.purpose}{entry.authorisation}{entry.object_id}"


def test_siblings_visible_only_through_own_relationship(region):
    family = FamilyFactory()
    for pupil in (region["bas"], region["far"]):
        pupil.family = family
        pupil.save()
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    dossier = selectors.pupil_dossier(user=ib, uuid=region["bas"].uuid)
    assert dossier.siblings == [] and dossier.hidden_siblings == 1


def test_filter_choices_list_every_school_of_the_scope_by_name_and_the_groups_of_the_chosen_one(region):
    region["school"].name, region["other"].name = "Zonnewijzer", "Akker"
    region["school"].save(), region["other"].save()
    third = SchoolFactory(name="de Esch")
    far_away = SchoolFactory(name="Buiten bereik")
    partner = OrganisationFactory(kind=Organisation.Kind.YOUTH_HEALTH)
    third.partners.add(partner)
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    MembershipFactory(user=ib, role=Role.TEACHER, school=region["other"], groups=["groep 1"])
    MembershipFactory(user=ib, role=Role.YOUTH_HEALTH, organisation=partner)
    choices = selectors.pupil_filter_choices(user=ib, school_uuid=region["school"].uuid)
    assert choices.schools == [(s.uuid, s.name) for s in (region["other"], third, region["school"])]
    assert far_away.uuid not in dict(choices.schools)
    assert choices.groups == ["groep 4", "groep 7"]


def test_sees_enrolment_decides_as_enrolments_visible_to_for_every_kind_of_relationship(region):
    """The Python twin the pupil page uses must never see more, or less, than the query."""
    from werkplaats.accounts.selectors import access_scope
    from werkplaats.pupils.models import Enrolment

    past, future = datetime.date(2020, 7, 31), datetime.date(2099, 7, 31)
    hengelo = municipality("GM0164")
    for school in (region["school"], region["other"]):
        for group in ("groep 4", "groep 7"):
            for until in (None, past, future):
                for home in (municipality(), hengelo):
                    EnrolmentFactory(school=school, group=group, enrolled_until=until,
                                     pupil=PupilFactory(home_municipality=home))
    jgz = OrganisationFactory(kind=Organisation.Kind.YOUTH_HEALTH)
    region["other"].partners.add(jgz)
    office = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=hengelo)
    mixed = user_with_role(Role.TEACHER, school=region["other"], groups=["groep 7"])
    MembershipFactory(user=mixed, role=Role.ATTENDANCE_OFFICER, organisation=office)
    users = [
        user_with_role(Role.CARE_COORDINATOR, school=region["school"]),
        user_with_role(Role.TEACHER, school=region["school"], groups=["groep 4"]),
        user_with_role(Role.YOUTH_HEALTH, organisation=jgz),
        user_with_role(Role.ATTENDANCE_OFFICER, organisation=office),
        user_with_role(Role.POLICY_ADVISER, school=region["school"]),
        mixed,
    ]
    today = datetime.date.today()
    everything = list(Enrolment.objects.select_related("pupil"))
    for user in users:
        scope = access_scope(user=user)
        by_python = {
            e.pk for e in everything if selectors.sees_enrolment(scope, e, e.pupil.home_municipality_id, today)
        }
        assert by_python == set(selectors.enrolments_visible_to(user=user).values_list("pk", flat=True))
        assert by_python or user is users[4]


def test_dossier_shows_every_enrolment_at_a_school_where_the_pupil_is_visible_newest_first(region):
    bas = region["bas"]
    earlier = EnrolmentFactory(school=region["school"], pupil=bas, group="groep 3",
                               enrolled_from=datetime.date(2019, 8, 1), enrolled_until=datetime.date(2020, 7, 31))
    EnrolmentFactory(school=region["other"], pupil=bas, group="groep 1", enrolled_from=datetime.date(2018, 8, 1),
                     enrolled_until=datetime.date(2019, 7, 31))
    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])
    dossier = selectors.pupil_dossier(user=ib, uuid=bas.uuid)
    current = bas.enrolments.get(group="groep 4")
    assert dossier.enrolments == [current, earlier]
    with pytest.raises(Http404):
        selectors.pupil_dossier(user=ib, uuid=region["far"].uuid)


def test_pupil_list_pages_are_the_access_layers_for_every_kind_of_user_group_and_cursor(region):
    """The list reads a whole school's page by a prepared query when the user sees the whole school; the rows
    must be those of the access layer's query, page after page, and nothing more for partial access."""
    from werkplaats.pupils.models import Enrolment

    hengelo = municipality("GM0164")
    for number in range(7):
        EnrolmentFactory(school=region["school"], group=("groep 4", "groep 7")[number % 2],
                         pupil=PupilFactory(family_name=f"Jansen{number % 3}", home_municipality=hengelo))
    EnrolmentFactory(school=region["school"], group="groep 4", enrolled_until=datetime.date(2020, 7, 31))
    jgz = OrganisationFactory(kind=Organisation.Kind.YOUTH_HEALTH)
    region["school"].partners.add(jgz)
    office = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=hengelo)
    users = [
        user_with_role(Role.CARE_COORDINATOR, school=region["school"]),
        user_with_role(Role.YOUTH_HEALTH, organisation=jgz),
        user_with_role(Role.TEACHER, school=region["school"], groups=["groep 7"]),
        user_with_role(Role.ATTENDANCE_OFFICER, organisation=office),
        user_with_role(Role.CARE_COORDINATOR, school=region["other"]),
    ]
    for user in users:
        for group in ("", "groep 4", "groep 7", "groep 9"):
            visible = selectors.enrolments_visible_to(user=user).filter(school=region["school"])
            if group:
                visible = visible.filter(group=group)
            expected = list(visible.order_by("pupil__family_name", "pk").values_list("pk", flat=True))
            shown, after = [], None
            while True:
                page = selectors.pupil_list(user=user, school_uuid=region["school"].uuid, group=group, after=after,
                                            limit=3)
                shown += [row.pk for row in page.rows]
                if page.next_cursor is None:
                    break
                after = page.next_cursor
            assert shown == expected, (user, group)
        groups = selectors.enrolments_visible_to(user=user).filter(school=region["school"]).values_list("group")
        choices = selectors.pupil_filter_choices(user=user, school_uuid=region["school"].uuid)
        assert choices.groups == sorted({group for (group,) in groups}), user
    assert Enrolment.objects.filter(school=region["school"]).count() == 10


def test_the_lists_name_order_follows_every_way_a_family_name_or_an_enrolments_pupil_is_written(region):
    """The list is ordered by the enrolment's copy of the pupil's family name, which only the database writes
    (migration pupils 0002): on insert (one by one and in bulk), when a pupil is renamed (save, update,
    bulk_update), when an enrolment moves to another pupil, and whatever Django itself puts in the copy."""
    from werkplaats.pupils.models import Enrolment, Pupil

    def copies_match() -> bool:
        rows = Enrolment.objects.values_list("pupil_family_name", "pupil__family_name")
        return all(copy == name for copy, name in rows)

    ib = user_with_role(Role.CARE_COORDINATOR, school=region["school"])

    def listed() -> list[str]:
        return [row.pupil.family_name for row in selectors.pupil_list(user=ib, school_uuid=region["school"].uuid).rows]

    region["bas"].family_name, region["ahmed"].family_name = "Zwart", "Aalders"
    region["bas"].save()
    Pupil.objects.filter(pk=region["ahmed"].pk).update(family_name="Aalders")
    assert copies_match() and listed() == ["Aalders", "Zwart"]
    pupils = Pupil.objects.bulk_create([Pupil(given_name="Eva", family_name="Mulder", home_municipality=municipality(
        "GM0153"), birth_date=datetime.date(2016, 1, 1))])
    Enrolment.objects.bulk_create([Enrolment(pupil=pupils[0], school=region["school"], pupil_number="X1",
                                             group="groep 4", enrolled_from=datetime.date(2024, 8, 1))])
    assert copies_match() and listed() == ["Aalders", "Mulder", "Zwart"]
    region["bas"].family_name = "Bakker"
    Pupil.objects.bulk_update([region["bas"]], ["family_name"])
    assert copies_match() and listed() == ["Aalders", "Bakker", "Mulder"]
    moved = Enrolment.objects.get(pupil=pupils[0])
    moved.pupil = region["far"]
    moved.pupil_family_name = "Django's own value"
    moved.save()
    assert copies_match() and region["far"].family_name in listed()
    Enrolment.objects.filter(pk=moved.pk).update(pupil_family_name="A")
    assert copies_match()
