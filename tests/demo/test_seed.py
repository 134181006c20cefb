"""`werkplaats demo seed`: the synthetic region, its realism, the demo accounts, determinism and --if-empty."""

import io
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.nl import bsn as stdnum_bsn

from werkplaats.accounts.models import Role, User
from werkplaats.accounts.selectors import attendance_municipalities_for_user, schools_for_user
from werkplaats.arrangements.models import Indication, ProductCategory, Referrer
from werkplaats.audit.models import AccessLogEntry
from werkplaats.demo import constants as c
from werkplaats.demo.generator import bsn_test_pool, region_plan
from werkplaats.demo.services import accounts_table, demo_region_plan, partnerships_by_municipality
from werkplaats.organisations.models import Organisation, School
from werkplaats.pupils.models import Enrolment, Family, Guardian, Pupil
from werkplaats.pupils.selectors import pupils_visible_to
from werkplaats.pupils.services import bsn_hash

pytestmark = pytest.mark.django_db

PUPILS = 600
SEED = 7
NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
CARE_INTENSIVE = ("SBO", "SO", "VSO")


@pytest.fixture
def seeded() -> str:
    out = io.StringIO()
    call_command("demo_seed", pupils=PUPILS, seed=SEED, stdout=out)
    return out.getvalue()


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _active_indication_hashes(today: date) -> set[str]:
    return set(
        Indication.objects.filter(start__lte=today)
        .exclude(end__lt=today)
        .values_list("bsn_hash", flat=True)
    )


def test_pilot_schools_in_their_towns(seeded):
    pilots = {s.code: s for s in School.objects.filter(is_pilot=True).select_related("municipality", "partnership")}
    assert len(pilots) == 13
    assert {code[:2] for code in pilots} == {"9P"}
    for pilot in c.PILOT_SCHOOLS:
        school = pilots[pilot.code]
        assert (school.name, school.type, school.municipality.code) == (pilot.name, pilot.type, pilot.municipality)
    assert pilots["9P0600"].name == "De Akker – Hengelo"
    assert pilots["9P0600"].partnership.code == "PO2302"
    assert (pilots["9P1300"].type, pilots["9P1300"].partnership.code) == ("PRO", "VO2301")
    assert "Het Stedelijk – Enschede" in {s.name for s in pilots.values()}
    assert "Waerdenborch – Hof van Twente" in {s.name for s in pilots.values()}


def test_schools_have_partnership_contact_municipality_and_partners(seeded):
    jgz = Organisation.objects.get(name=c.JGZ_NAME)
    schools = School.objects.select_related("partnership", "municipality", "contact_municipality", "board")
    assert {s.type for s in schools} == set(School.Type.values)
    for school in schools:
        assert school.contact_municipality_id == school.municipality_id
        assert jgz in school.partners.all()
        assert school.partners.filter(kind=Organisation.Kind.MUNICIPALITY, municipality=school.municipality).exists()
        if school.type in c.PO_SECTOR_TYPES or school.type in c.VO_SECTOR_TYPES:
            sector = "PO" if school.type in c.PO_SECTOR_TYPES else "VO"
            assert school.partnership.sector == sector
            assert school.partnership.municipalities.filter(pk=school.municipality_id).exists()
            assert school.board.kind == Organisation.Kind.SCHOOL_BOARD
        else:
            assert school.partnership is None
    providers = Organisation.objects.filter(kind=Organisation.Kind.CARE_PROVIDER)
    assert providers.exists()
    assert all(re.fullmatch(r"\d{8}", code) for code in providers.values_list("code", flat=True))
    for kind in ("welfare", "youth_work", "district_team", "police", "compulsory_education", "gp_support"):
        assert Organisation.objects.filter(kind=kind).exists(), kind
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, municipality__isnull=False).count() == 14


def test_every_role_has_a_demo_account_with_a_totp_device(seeded):
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in c.DEMO_ACCOUNTS])}
    roles = Counter(m.role for u in users.values() for m in u.memberships.all())
    assert set(roles) == set(Role.values)
    assert all(count == 1 for count in roles.values())
    assert len(c.DEMO_PASSWORD) >= 12
    for user in users.values():
        assert user.check_password(c.DEMO_PASSWORD)
        assert not user.is_superuser
        device = TOTPDevice.objects.get(user=user)
        assert (device.name, device.confirmed) == ("demo", True)


def test_demo_memberships_make_sense(seeded):
    de_akker = School.objects.get(code=c.DE_AKKER)
    teacher = User.objects.get(username="leerkracht").memberships.get()
    assert (teacher.role, teacher.school, teacher.groups) == (Role.TEACHER, de_akker, ["groep 4"])
    ib = User.objects.get(username="ib").memberships.get()
    assert (ib.role, ib.school) == (Role.CARE_COORDINATOR, de_akker)

    pilots = set(School.objects.filter(is_pilot=True))
    jgz = User.objects.get(username="jgz").memberships.get()
    assert jgz.role == Role.YOUTH_HEALTH and jgz.organisation.kind == Organisation.Kind.YOUTH_HEALTH
    assert pilots <= set(jgz.organisation.partner_schools.all())
    privacy = User.objects.get(username="privacy").memberships.get()
    assert privacy.role == Role.PRIVACY_OFFICER and pilots <= set(privacy.organisation.partner_schools.all())

    hengelo_schools = set(School.objects.filter(municipality__code="GM0164"))
    director = User.objects.get(username="jeugdregisseur")
    membership = director.memberships.get()
    assert membership.role == Role.YOUTH_DIRECTOR
    assert (membership.organisation.kind, membership.organisation.municipality.code) == ("municipality", "GM0164")
    assert set(membership.organisation.partner_schools.all()) == hengelo_schools
    assert set(schools_for_user(user=director)) == hengelo_schools

    officer = User.objects.get(username="leerplicht")
    assert officer.memberships.get().role == Role.ATTENDANCE_OFFICER
    assert [m.code for m in attendance_municipalities_for_user(user=officer)] == ["GM0164"]


def test_functional_admin_has_admin_permissions_and_no_pupils(seeded):
    admin = User.objects.get(username="beheer")
    assert admin.is_staff and not admin.is_superuser
    for permission in ("accounts.change_user", "accounts.add_membership", "accounts.delete_membership",
                       "organisations.change_organisation", "organisations.change_school"):
        assert admin.has_perm(permission), permission
    assert not admin.has_perm("pupils.view_pupil")
    assert not pupils_visible_to(user=admin).exists()
    for username in ("beleid", "analist"):
        assert not pupils_visible_to(user=User.objects.get(username=username)).exists()


def test_bsns_are_valid_test_numbers_stored_only_as_hashes(seeded):
    pool = bsn_test_pool()
    assert len(pool) > 9000
    assert all(stdnum_bsn.is_valid(b) and 999900006 <= int(b) <= 999999990 for b in pool)
    hashes = list(Pupil.objects.values_list("bsn_hash", flat=True))
    assert len(hashes) == PUPILS and None not in hashes  # a small region: every pupil has a BSN
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    assert set(hashes) <= {bsn_hash(b) for b in pool}
    assert set(Indication.objects.values_list("bsn_hash", flat=True)) <= set(hashes)
    for model in (Pupil, Family, Guardian, Enrolment):
        for row in model.objects.values():
            for column, value in row.items():
                if column != "bsn_hash" and isinstance(value, str):
                    assert not NINE_DIGITS.search(value), (model.__name__, column)


def test_families_with_siblings_and_guardians(seeded):
    sizes = Counter(Pupil.objects.values_list("family_id", flat=True))
    assert None not in sizes
    assert sum(1 for size in sizes.values() if size > 1) >= len(sizes) // 5
    for family in Family.objects.filter(pk__in=[f for f, size in sizes.items() if size > 1])[:50]:
        children = list(family.pupils.all())
        guardians = set(Guardian.objects.filter(pupils=children[0]))
        assert 1 <= len(guardians) <= 2
        assert {child.family_name for child in children} == {children[0].family_name}
        for child in children[1:]:
            assert set(Guardian.objects.filter(pupils=child)) == guardians


def test_family_twente(seeded):
    today = timezone.localdate()
    family = Family.objects.get(key=c.TWENTE_FAMILY_KEY)
    children = {p.given_name: p for p in family.pupils.select_related("home_municipality")}
    assert {name: _age(p.birth_date, today) for name, p in children.items()} == {
        "Sara": 4, "Bas": 7, "Tina": 13, "Lotte": 17}
    assert {p.family_name for p in children.values()} == {"Twente"}
    assert {p.home_municipality.code for p in children.values()} == {"GM0164"}
    enrolments = Enrolment.objects.filter(pupil__family=family, enrolled_until__isnull=True)
    current = {e.pupil.given_name: e for e in enrolments.select_related("pupil", "school")}
    assert (current["Sara"].school.code, current["Sara"].group) == (c.DE_AKKER, "groep 1")
    assert (current["Bas"].school.code, current["Bas"].group) == (c.DE_AKKER, "groep 4")
    assert current["Tina"].school.type == "VO" and current["Tina"].group[0] in "12"
    assert current["Lotte"].school.type == "MBO" and current["Lotte"].group.startswith("Kapper")
    childcare = Enrolment.objects.get(pupil=children["Sara"], school__type="KDV")
    assert childcare.enrolled_until < current["Sara"].enrolled_from
    for child in children.values():
        assert sorted(g.given_name for g in child.guardians.all()) == ["Erik", "Marieke"]


def test_birth_dates_fit_the_groups(seeded):
    today = timezone.localdate()
    year = today.year if today.month >= 8 else today.year - 1
    first_october = date(year, 10, 1)
    for enrolment in Enrolment.objects.filter(enrolled_until__isnull=True).select_related("pupil", "school"):
        age = _age(enrolment.pupil.birth_date, first_october)
        if enrolment.school.type in ("PO", "IKC", "SBO", "SO"):
            grade = int(enrolment.group.removeprefix("groep "))
            assert age - 3 in (grade, grade + 1), enrolment.group
        elif enrolment.school.type in ("VO", "VSO", "PRO"):
            assert re.fullmatch(r"[1-6][A-P]", enrolment.group)
            assert age - 11 in (int(enrolment.group[0]), int(enrolment.group[0]) + 1)
        elif enrolment.school.type == "KDV":
            assert _age(enrolment.pupil.birth_date, today) < 5


def test_indications_realistic_shares_and_providers(seeded):
    today = timezone.localdate()
    active = _active_indication_hashes(today)
    totals: dict[str, list[int]] = {"care": [0, 0], "regular": [0, 0]}
    for school in School.objects.all():
        hashes = list(Pupil.objects.filter(enrolments__school=school, enrolments__enrolled_until__isnull=True)
                      .values_list("bsn_hash", flat=True))
        indicated = sum(1 for h in hashes if h in active)
        if school.type in CARE_INTENSIVE:
            assert 0.35 <= indicated / len(hashes) <= 1, school.name
            totals["care"][0] += indicated
            totals["care"][1] += len(hashes)
        elif school.type in ("PO", "VO"):
            totals["regular"][0] += indicated
            totals["regular"][1] += len(hashes)
        providers = {i.provider_code for i in Indication.objects.filter(bsn_hash__in=hashes)}
        assert len(providers) <= c.MAX_PROVIDERS_PER_SCHOOL
        partner_codes = set(school.partners.filter(kind=Organisation.Kind.CARE_PROVIDER).values_list("code", flat=True))
        assert providers == partner_codes
    assert 0.40 <= totals["care"][0] / totals["care"][1] <= 0.92
    assert 0.03 <= totals["regular"][0] / totals["regular"][1] <= 0.16

    indications = list(Indication.objects.select_related("municipality"))
    referrers = Counter(i.referrer for i in indications)
    assert set(referrers) <= set(Referrer.values)
    assert referrers.most_common(1)[0][0] == "gemeente"
    assert set(i.product_id for i in indications) <= set(ProductCategory.objects.values_list("code", flat=True))
    homes = dict(Pupil.objects.values_list("bsn_hash", "home_municipality__code"))
    assert all(i.municipality.code == homes[i.bsn_hash] for i in indications)
    assert all(i.end is None or i.end >= i.start for i in indications)


def test_same_seed_same_region(seeded):
    today = timezone.localdate()
    plan = demo_region_plan(pupils=PUPILS, seed=SEED, today=today)
    again = demo_region_plan(pupils=PUPILS, seed=SEED, today=today)
    other = demo_region_plan(pupils=PUPILS, seed=SEED + 1, today=today)
    names = [(p.given_name, p.family_name, p.birth_date, p.bsn) for p in plan.pupils]
    assert names == [(p.given_name, p.family_name, p.birth_date, p.bsn) for p in again.pupils]
    assert names != [(p.given_name, p.family_name, p.birth_date, p.bsn) for p in other.pupils]
    assert [s.name for s in plan.schools] == [s.name for s in again.schools]
    stored = sorted(Pupil.objects.values_list("given_name", "family_name", "birth_date"))
    assert stored == sorted((p.given_name, p.family_name, p.birth_date) for p in plan.pupils)
    assert sorted(School.objects.values_list("name", flat=True)) == sorted(s.name for s in plan.schools)


def test_if_empty_leaves_an_existing_region_alone(seeded):
    counts = (School.objects.count(), Pupil.objects.count(), Indication.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("demo_seed", pupils=PUPILS, seed=SEED + 1, if_empty=True, stdout=out)
    assert "niet opnieuw aangemaakt" in out.getvalue()
    assert (School.objects.count(), Pupil.objects.count(), Indication.objects.count(), User.objects.count()) == counts
    with pytest.raises(CommandError):
        call_command("demo_seed", pupils=PUPILS, seed=SEED + 1, stdout=io.StringIO())
    assert Pupil.objects.count() == counts[1]


def test_if_empty_seeds_an_empty_registry():
    call_command("demo_seed", pupils=150, seed=3, if_empty=True, stdout=io.StringIO())
    assert Pupil.objects.count() == 150
    assert School.objects.filter(is_pilot=True).count() == 13


def test_too_few_pupils_is_a_usage_error():
    with pytest.raises(CommandError):
        call_command("demo_seed", pupils=20, seed=1, stdout=io.StringIO())
    assert not School.objects.exists()


def test_output_summary_accounts_table_and_access_log(seeded):
    assert "Demoregio aangemaakt" in seeded
    assert f"{PUPILS} leerlingen" in seeded
    with translation.override("nl"):
        table = accounts_table()
    assert table in seeded
    accounts_file = Path(c.__file__).with_name("ACCOUNTS.md").read_text(encoding="utf-8")
    assert table in accounts_file
    for account in c.DEMO_ACCOUNTS:
        assert f"`{account.username}`" in table
    assert AccessLogEntry.objects.filter(event_type="demo.seed", user_id__isnull=True).count() == 1


def test_region_of_benchmark_size_is_realistic():
    """The plan of the benchmark region (95,000 pupils): ~400 locations of realistic sizes and shares."""
    today = date(2026, 3, 2)
    products = list(ProductCategory.objects.values_list("code", flat=True))
    plan = region_plan(pupils=95_000, seed=1, today=today, partnerships=partnerships_by_municipality(),
                       products=products)
    assert len(plan.pupils) == 95_000
    assert 330 <= len(plan.schools) <= 470
    current = Counter(e.school for e in plan.enrolments if e.enrolled_until is None)
    for school in plan.schools:
        low, high, _mode = c.TYPE_PROFILES[school.type].size
        assert low <= current[school.code] <= high, (school.type, current[school.code])
    assert plan.bsn_shortage == 0
    assert sum(1 for p in plan.pupils if p.bsn) == len(bsn_test_pool())
    assert len({p.bsn for p in plan.pupils if p.bsn}) == len(bsn_test_pool())
    care_pupils = sum(current[s.code] for s in plan.schools if s.type in CARE_INTENSIVE)
    assert 2_000 <= care_pupils <= 6_000  # seed 002: ~3,500 pupils in care-intensive schools
    providers = Counter()
    for school in plan.schools:
        providers[school.code] = sum(1 for key in school.partners if key.startswith("aanbieder-"))
    assert max(providers.values()) <= c.MAX_PROVIDERS_PER_SCHOOL
    assert max(providers.values()) >= 30
