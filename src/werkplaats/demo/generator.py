"""The synthetic demo region as plain data: deterministic for a seed (one `random.Random(seed)` and one
`Faker("nl_NL")` seeded with it, used in a fixed order), no database. `services.demo_seed` writes a plan to the
database; the benchmark writes one as registry CSV files. Clear BSNs exist only in the plan, never in the
database."""

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import TypeVar

from faker import Faker
from stdnum.nl import bsn as stdnum_bsn

from . import constants as c

T = TypeVar("T")

PO_LIKE = ("PO", "IKC", "SBO", "SO")
SIBLING_JOIN_CHANCE = 0.5
FAMILY_SIZES = ((1, 40), (2, 38), (3, 16), (4, 6))  # school-age children of a family in the region
TWO_GUARDIANS_CHANCE = 0.8


@dataclass(slots=True)
class OrganisationPlan:
    key: str
    kind: str
    name: str
    code: str = ""
    municipality: str | None = None
    area: str | None = None  # where a youth-care provider mostly works (None: the whole region)


@dataclass(slots=True)
class SchoolPlan:
    code: str
    name: str
    type: str
    municipality: str
    partnership: str | None
    board: str | None  # organisation key
    size: int  # pupils currently enrolled
    is_pilot: bool = False
    partners: list[str] = field(default_factory=list)  # organisation keys

    @property
    def contact_municipality(self) -> str:
        """The aanspreekpunt-gemeente: in the demo region always the municipality of the location."""
        return self.municipality


@dataclass(slots=True)
class FamilyPlan:
    key: str
    family_name: str
    home: str
    children: list[int] = field(default_factory=list)  # pupil indexes


@dataclass(slots=True)
class PupilPlan:
    given_name: str
    family_name: str
    birth_date: date
    home: str
    family: int
    bsn: str | None = None


@dataclass(slots=True)
class EnrolmentPlan:
    pupil: int
    school: str
    pupil_number: str
    group: str
    enrolled_from: date
    enrolled_until: date | None = None


@dataclass(slots=True)
class GuardianPlan:
    given_name: str
    family_name: str
    relation: str
    has_authority: bool
    email: str
    family: int


@dataclass(slots=True)
class IndicationPlan:
    pupil: int
    municipality: str
    provider_code: str
    product: str
    start: date
    end: date | None
    referrer: str
    amount: Decimal | None


@dataclass
class Region:
    seed: int
    today: date
    organisations: list[OrganisationPlan]
    schools: list[SchoolPlan]
    families: list[FamilyPlan]
    pupils: list[PupilPlan]
    enrolments: list[EnrolmentPlan]
    guardians: list[GuardianPlan]
    indications: list[IndicationPlan]
    # Indicated pupils the plan left out because the BSN test range was used up (0 below ~80,000 pupils).
    bsn_shortage: int = 0


def bsn_test_pool() -> list[str]:
    """Every BSN of the test range 999900006–999999990 that passes the 11-test, in ascending order."""
    low, high = c.BSN_TEST_RANGE
    pool = []
    for prefix in range(low // 10, high // 10 + 1):
        digits = str(prefix)
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        number = f"{prefix}{check}"
        if check < 10 and low <= int(number) <= high and stdnum_bsn.is_valid(number):
            pool.append(number)
    return pool


def region_plan(*, pupils: int, seed: int, today: date, partnerships: dict[tuple[str, str], str],
                products: Sequence[str]) -> Region:
    """A region of `pupils` currently enrolled pupils. `partnerships` maps (sector "PO"/"VO", CBS code) to
    the samenwerkingsverband code; `products` are the iJw product categories in the database."""
    return _Generator(seed=seed, today=today, partnerships=partnerships, products=products).region(pupils)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _fit_sizes(sizes: list[int], minimums: list[int], total: int) -> list[int]:
    """Sizes that add up to `total`: shrink the part above each minimum proportionally, or, when even the
    minimums do not fit (a small demo region), scale everything down."""
    if sum(minimums) <= total:
        base, budget = minimums, total - sum(minimums)
    else:
        base, budget = [0] * len(sizes), total
    extra = [size - low for size, low in zip(sizes, base, strict=True)]
    weight = sum(extra)
    if weight == 0:
        return list(base)
    exact = [e * budget / weight for e in extra]
    fitted = [low + int(x) for low, x in zip(base, exact, strict=True)]
    by_remainder = sorted(range(len(sizes)), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in by_remainder[: total - sum(fitted)]:
        fitted[i] += 1
    return fitted


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in plain if ch.isalnum())


class _Generator:
    def __init__(self, *, seed: int, today: date, partnerships: dict[tuple[str, str], str],
                 products: Sequence[str]) -> None:
        self.seed = seed
        self.rng = Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.today = today
        self.year = today.year if today.month >= 8 else today.year - 1  # the school year started on 1 August
        self.partnerships = partnerships
        available = set(products)
        self.products = [p for p in c.PRODUCTS if p[0] in available]
        self.area_of = {code: area for area, codes in c.AREAS.items() for code in codes}
        self.neighbours: dict[str, list[str]] = {code: [] for code in c.MUNICIPALITIES}
        for code, (_name, _people, _places, neighbours) in c.MUNICIPALITIES.items():
            for other in neighbours:
                for a, b in ((code, other), (other, code)):
                    if b not in self.neighbours[a]:
                        self.neighbours[a].append(b)
        self.organisations: list[OrganisationPlan] = []
        self.org_keys: set[str] = set()
        self.schools: list[SchoolPlan] = []
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.families: list[FamilyPlan] = []
        self.open_families: dict[str, list[int]] = {code: [] for code in c.MUNICIPALITIES}
        self.open_slots: list[int] = []
        self.pupils: list[PupilPlan] = []
        self.enrolments: list[EnrolmentPlan] = []
        self.current: dict[str, list[int]] = {}  # school code -> pupils currently enrolled
        self.numbers: dict[str, int] = {}

    def region(self, total: int) -> Region:
        self._organisations(max(12, min(400, total // 300)))
        self._schools(total)
        self._partners()
        self._twente_family()
        for school in self.schools:
            self._fill(school)
        guardians = self._guardians()
        indications, shortage = self._indications()
        return Region(
            seed=self.seed, today=self.today, organisations=self.organisations, schools=self.schools,
            families=self.families, pupils=self.pupils, enrolments=self.enrolments, guardians=guardians,
            indications=indications, bsn_shortage=shortage,
        )

    # --- helpers ------------------------------------------------------------------------------------------

    def _weighted(self, options: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]

    def _organisation(self, key: str, kind: str, name: str, **extra: str | None) -> OrganisationPlan:
        organisation = OrganisationPlan(key=key, kind=kind, name=name, **extra)  # type: ignore[arg-type]
        self.organisations.append(organisation)
        self.org_keys.add(key)
        return organisation

    def _unique_name(self, make: Callable[[], str]) -> str:
        for _attempt in range(20):
            name = make()
            if name not in self.names:
                break
        else:
            base, number = name, 2
            while f"{base} ({number})" in self.names:
                number += 1
            name = f"{base} ({number})"
        self.names.add(name)
        return name

    # --- organisations ------------------------------------------------------------------------------------

    def _organisations(self, providers: int) -> None:
        self._organisation(c.ORG_JGZ, "youth_health", c.JGZ_NAME)
        self._organisation(c.ORG_KNOWLEDGE_CENTRE, "knowledge_centre", c.KNOWLEDGE_CENTRE_NAME)
        self._organisation(c.ORG_PROGRAMME, "other", c.PROGRAMME_NAME)
        for code, (name, *_rest) in c.MUNICIPALITIES.items():
            for prefix, kind, pattern in c.MUNICIPAL_ORGANISATIONS:
                self._organisation(c.municipal_org_key(prefix, code), kind, pattern.format(name=name),
                                   municipality=code)
        for area in c.AREAS:
            self._organisation(f"politie-{area}", "police", f"Politie basisteam {area}")
            self._organisation(f"kinderopvang-{area}", "childcare", f"Kinderopvang {area}")
        agb_numbers = self.rng.sample(range(100_000, 1_000_000), providers)
        areas = list(c.AREAS)
        for number in agb_numbers:
            name = self._unique_name(
                lambda: self.rng.choice(c.PROVIDER_PATTERNS).format(name=self.fake.last_name().split()[-1].title())
            )
            area = None if self.rng.random() < 0.3 else self.rng.choice(areas)
            self._organisation(f"aanbieder-{number}", "care_provider", name, code=f"98{number}", area=area)

    def _board(self, school_type: str, municipality: str) -> str | None:
        sector = {"KDV": None, "MBO": "MBO", "SO": "SO", "VSO": "SO", "VO": "VO", "PRO": "VO"}.get(school_type, "PO")
        if sector is None:
            return None
        area = self.area_of[municipality]
        patterns = c.BOARD_PATTERNS[sector]
        index = self.rng.randrange(len(patterns))
        key = f"bestuur-{sector}-{area if len(patterns) > 1 else 'twente'}-{index}"
        if key not in self.org_keys:
            self._organisation(key, "school_board", patterns[index].format(area=area))
        return key

    # --- schools -------------------------------------------------------------------------------------------

    def _school(self, code: str, name: str, school_type: str, municipality: str, size: int,
                is_pilot: bool = False) -> SchoolPlan:
        sector = "PO" if school_type in c.PO_SECTOR_TYPES else "VO" if school_type in c.VO_SECTOR_TYPES else None
        school = SchoolPlan(
            code=code, name=name, type=school_type, municipality=municipality,
            partnership=self.partnerships.get((sector, municipality)) if sector else None,
            board=self._board(school_type, municipality), size=size, is_pilot=is_pilot,
        )
        self.codes.add(code)
        self.names.add(name)
        self.schools.append(school)
        return school

    def _generated_school(self, school_type: str) -> SchoolPlan:
        profile = c.TYPE_PROFILES[school_type]
        codes = list(c.MUNICIPALITIES)
        power = 1.5 if school_type in c.REGIONAL_TYPES else 1.0
        municipality = self.rng.choices(codes, weights=[c.MUNICIPALITIES[m][1] ** power for m in codes])[0]
        places = c.MUNICIPALITIES[municipality][2]
        town = self.rng.choices(places, weights=[3] + [1] * (len(places) - 1))[0]
        code = self._school_code(school_type)
        name = self._unique_name(lambda: f"{self._school_name(school_type)} – {town}")
        low, high, mode = profile.size
        return self._school(code, name, school_type, municipality, round(self.rng.triangular(low, high, mode)))

    def _school_code(self, school_type: str) -> str:
        if school_type == "MBO":  # one BRIN, one vestiging per town
            vestiging = sum(1 for s in self.schools if s.type == "MBO")
            return f"{c.TWENTE_MBO.code[:4]}{vestiging:02d}"
        letters = "ABCDEFGHJKLMNRSTUVWXYZ"
        while True:
            code = f"9{self.rng.randrange(10)}{self.rng.choice(letters)}{self.rng.choice(letters)}00"
            if code not in self.codes:
                return code

    def _school_name(self, school_type: str) -> str:
        pick = self.rng.choice
        match school_type:
            case "PO":
                return pick(c.PO_NAMES)
            case "IKC":
                return f"IKC {pick(c.PO_NAMES)}"
            case "SBO":
                return pick(c.SBO_NAMES)
            case "SO":
                return pick(c.SO_NAMES)
            case "VSO":
                return pick(c.VSO_NAMES)
            case "VO":
                return pick(c.VO_PATTERNS).format(word=pick(c.VO_WORDS))
            case "PRO":
                return pick(c.PRO_NAMES)
            case "MBO":
                return c.MBO_NAME
            case _:
                return f"Kinderdagverblijf {pick(c.KDV_NAMES)}"

    def _schools(self, total: int) -> None:
        for fixed in (*c.PILOT_SCHOOLS, c.TWENTE_KDV, c.TWENTE_MBO):
            self._school(fixed.code, fixed.name, fixed.type, fixed.municipality, fixed.size,
                         is_pilot=fixed in c.PILOT_SCHOOLS)
        for school_type in ("SBO", "SO", "VSO", "IKC"):  # every demo region shows every type
            self._generated_school(school_type)
        types = list(c.TYPE_PROFILES)
        weights = [c.TYPE_PROFILES[t].weight for t in types]
        while sum(s.size for s in self.schools) < total:
            self._generated_school(self.rng.choices(types, weights=weights)[0])
        sizes = _fit_sizes([s.size for s in self.schools], [c.TYPE_PROFILES[s.type].size[0] for s in self.schools],
                           total)
        for school, size in zip(self.schools, sizes, strict=True):
            school.size = size
        self.current = {school.code: [] for school in self.schools}
        self.numbers = {school.code: self.rng.randrange(1000, 9000, 100) for school in self.schools}

    def _partners(self) -> None:
        """Who works at each school location (youth-care providers follow from the indications)."""
        for school in self.schools:
            m, area = school.municipality, self.area_of[school.municipality]
            partners = [c.ORG_JGZ, *(c.municipal_org_key(p, m) for p in ("gemeente", "leerplicht", "wijkteam"))]
            if school.type in (*PO_LIKE, "KDV"):
                partners.append(c.welfare_org_key(m))
            if school.type in ("PO", "IKC", "SBO") and (school.is_pilot or self.rng.random() < 0.6):
                partners.append(c.municipal_org_key("poh", m))
            if school.type in ("VO", "VSO", "PRO", "MBO"):
                partners += [c.municipal_org_key("jongerenwerk", m), f"politie-{area}"]
            if school.type in ("KDV", "IKC"):
                partners.append(f"kinderopvang-{area}")
            if school.is_pilot:
                partners.append(c.ORG_PROGRAMME)
            school.partners = partners

    # --- pupils --------------------------------------------------------------------------------------------

    def _window(self, age_on_1_october: int) -> tuple[date, date]:
        """Birth dates of the children who are `age_on_1_october` on 1 October of this school year."""
        return date(self.year - age_on_1_october - 1, 10, 2), date(self.year - age_on_1_october, 10, 1)

    def _birth_in(self, window: tuple[date, date]) -> date:
        return window[0] + timedelta(days=self.rng.randrange((window[1] - window[0]).days + 1))

    def _enrol(self, pupil: int, school: SchoolPlan, group: str, enrolled_from: date,
               enrolled_until: date | None = None) -> None:
        self.numbers[school.code] += 1
        self.enrolments.append(EnrolmentPlan(pupil, school.code, str(self.numbers[school.code]), group,
                                             enrolled_from, enrolled_until))
        if enrolled_until is None:
            self.current[school.code].append(pupil)

    def _new_pupil(self, given_name: str, family: int, birth_date: date) -> int:
        plan = self.families[family]
        self.pupils.append(PupilPlan(given_name, plan.family_name, birth_date, plan.home, family))
        plan.children.append(len(self.pupils) - 1)
        return len(self.pupils) - 1

    def _new_family(self, family_name: str, home: str, key: str | None = None) -> int:
        index = len(self.families)
        self.families.append(FamilyPlan(key or f"demo-{self.seed}-{index:06d}", family_name, home))
        self.open_slots.append(0)
        return index

    def _family_for(self, home: str, birth_date: date) -> int:
        """An open family in the same municipality with room for a child of this age, or a new family."""
        open_families = self.open_families[home]
        if open_families and self.rng.random() < SIBLING_JOIN_CHANCE:
            for _attempt in range(3):
                position = self.rng.randrange(len(open_families))
                family = open_families[position]
                siblings = (self.pupils[i].birth_date for i in self.families[family].children)
                if self.rng.random() < 0.03 or all(abs((birth_date - b).days) >= 300 for b in siblings):
                    self.open_slots[family] -= 1
                    if self.open_slots[family] == 0:
                        open_families[position] = open_families[-1]
                        open_families.pop()
                    return family
        family = self._new_family(self.fake.last_name(), home)
        size = self._weighted(FAMILY_SIZES)
        if size > 1:
            self.open_slots[family] = size - 1
            open_families.append(family)
        return family

    def _given_name(self) -> str:
        return self.fake.first_name_female() if self.rng.random() < 0.49 else self.fake.first_name_male()

    def _draw(self, school: SchoolPlan, year_sizes: dict[int, int]) -> tuple[str, date, date]:
        """Group, birth date and enrolment date of a new pupil at `school`."""
        t = school.type
        if t == "KDV":
            birth = self.today - timedelta(days=self.rng.randrange(90, 4 * 365))
            age = (self.today - birth).days // 365
            group = next(name for below, name in c.KDV_GROUPS if age < below)
            return group, birth, min(self.today, birth + timedelta(days=self.rng.randrange(70, 200)))
        if t in PO_LIKE:
            grade = self.rng.choices(range(1, 9), weights=c.PO_GROUP_WEIGHTS[t])[0]
            birth = self._birth_in(self._window(grade + 3 + (self.rng.random() < 0.05)))
            if t in ("PO", "IKC") and self.rng.random() < 0.9:
                enrolled_from = _add_years(birth, 4)
            else:
                enrolled_from = date(self.year - self.rng.randrange(max(1, grade - 2)), 8, 1)
            return f"groep {grade}", birth, enrolled_from
        weights = c.YEAR_WEIGHTS[t]
        year = self.rng.choices(range(1, len(weights) + 1), weights=weights)[0]
        first_age = 15 if t == "MBO" else 11
        birth = self._birth_in(self._window(first_age + year + (self.rng.random() < 0.08)))
        classes = max(1, round(year_sizes[year] / c.CLASS_SIZE[t]))
        letter = "ABCDEFGHIJKLMNOP"[self.rng.randrange(min(classes, 16))]
        group = f"{year}{letter}"
        if t == "MBO":
            group = f"{self.rng.choice(c.MBO_PROGRAMMES)} {year}{letter}"
        return group, birth, date(self.year - year + 1, 8, 1)

    def _year_sizes(self, school: SchoolPlan) -> dict[int, int]:
        weights = c.YEAR_WEIGHTS.get(school.type, ())
        share = len(c.MBO_PROGRAMMES) if school.type == "MBO" else 1
        return {y: int(school.size * w / sum(weights) / share) for y, w in enumerate(weights, start=1)}

    def _fill(self, school: SchoolPlan) -> None:
        profile = c.TYPE_PROFILES[school.type]
        year_sizes = self._year_sizes(school)
        neighbours = self.neighbours[school.municipality]
        for _n in range(school.size - len(self.current[school.code])):
            group, birth, enrolled_from = self._draw(school, year_sizes)
            home = school.municipality if self.rng.random() < profile.local_share else self.rng.choice(neighbours)
            family = self._family_for(home, birth)
            pupil = self._new_pupil(self._given_name(), family, birth)
            self._enrol(pupil, school, group, enrolled_from)

    def _twente_birth(self, age: int, grades: Sequence[int], first_age: int) -> tuple[int, date]:
        """A birth date that makes the child `age` today and puts it in one of `grades` (first that fits)."""
        oldest, youngest = _add_years(self.today, -age - 1) + timedelta(days=1), _add_years(self.today, -age)
        for grade in grades:
            low, high = self._window(first_age + grade)
            low, high = max(low, oldest), min(high, youngest)
            if low <= high:
                return grade, low + timedelta(days=(high - low).days // 2)
        raise AssertionError("no grade fits")  # cannot happen: ages and grade windows overlap every day

    def _twente_family(self) -> None:
        """The family Twente of seed 003 in Hengelo: Sara 4, Bas 7, Tina 13 and Lotte 17."""
        schools = {s.code: s for s in self.schools}
        family = self._new_family("Twente", c.TWENTE_HOME, key=c.TWENTE_FAMILY_KEY)
        for given_name, age, school_code, grades in c.TWENTE_CHILDREN:
            school = schools[school_code]
            if school.type == "PO":
                grade, birth = self._twente_birth(age, grades, first_age=3)
                pupil = self._new_pupil(given_name, family, birth)
                fourth_birthday = _add_years(birth, 4)
                if grade == 1:  # came from the day-care centre: a warm handover
                    self._enrol(pupil, schools[c.TWENTE_KDV.code], "peutergroep", birth + timedelta(days=120),
                                fourth_birthday - timedelta(days=1))
                self._enrol(pupil, school, f"groep {grade}", fourth_birthday)
            else:
                first_age = 15 if school.type == "MBO" else 11
                grade, birth = self._twente_birth(age, grades, first_age=first_age)
                pupil = self._new_pupil(given_name, family, birth)
                group = f"{c.TWENTE_MBO_PROGRAMME} {grade}A" if school.type == "MBO" else f"{grade}B"
                self._enrol(pupil, school, group, date(self.year - grade + 1, 8, 1))

    def _guardians(self) -> list[GuardianPlan]:
        guardians = []
        for index, family in enumerate(self.families):
            if family.key == c.TWENTE_FAMILY_KEY:
                people = [(given, name, "parent") for given, name in c.TWENTE_PARENTS]
            else:
                relation = self._weighted((("parent", 96), ("foster_parent", 3), ("guardian", 1)))
                people = [(self._given_name(), family.family_name, relation)]
                if relation == "parent" and self.rng.random() < TWO_GUARDIANS_CHANCE:
                    other = family.family_name if self.rng.random() < 0.6 else self.fake.last_name()
                    people.append((self._given_name(), other, "parent"))
            for given, name, relation in people:
                email = f"{_ascii(given)}.{_ascii(name)}@example.org"
                guardians.append(GuardianPlan(given, name, relation, relation != "foster_parent", email, index))
        return guardians

    # --- youth-care indications ----------------------------------------------------------------------------

    def _indicated_counts(self, capacity: int) -> dict[str, int]:
        """How many pupils of each school have a youth-care indication. Care-intensive schools and PRO come
        first; the other schools' shares shrink towards their lower bound when the BSN test range runs out."""
        draws = {school.code: self.rng.random() for school in self.schools}
        counts: dict[str, int] = {}
        regular = []
        for school in self.schools:
            profile = c.TYPE_PROFILES[school.type]
            low, high = profile.indication_share
            if profile.care_intensive or school.type == "PRO":
                counts[school.code] = round(school.size * (low + draws[school.code] * (high - low)))
            else:
                regular.append((school, low, high))
        room = capacity - sum(counts.values())
        base = sum(school.size * low for school, low, _high in regular)
        spread = sum(school.size * draws[school.code] * (high - low) for school, low, high in regular)
        low_factor = 1.0 if base <= room else max(0.0, room / base) if base else 0.0
        spread_factor = 1.0 if base + spread <= room else max(0.0, (room - base) / spread) if spread else 0.0
        for school, low, high in regular:
            share = low * low_factor + draws[school.code] * (high - low) * spread_factor
            counts[school.code] = round(school.size * share)
        by_count = sorted((school for school, _low, _high in regular), key=lambda s: -counts[s.code])
        excess = sum(counts.values()) - capacity
        for school in by_count[: max(0, excess)]:  # rounding up may overshoot the BSN range by a few
            counts[school.code] -= 1
        return counts

    def _provider_candidates(self, school: SchoolPlan, providers: list[OrganisationPlan], weights: list[float],
                             count: int) -> tuple[list[OrganisationPlan], list[float]]:
        """`count` providers for a school, drawn without replacement, local ones more likely."""
        area = self.area_of[school.municipality]
        local = [w * (1.0 if p.area is None else 3.0 if p.area == area else 0.15)
                 for p, w in zip(providers, weights, strict=True)]
        keyed = sorted(range(len(providers)), key=lambda i: self.rng.random() ** (1 / local[i]), reverse=True)
        chosen = keyed[:count]
        return [providers[i] for i in chosen], [local[i] for i in chosen]

    def _indications(self) -> tuple[list[IndicationPlan], int]:
        pool = bsn_test_pool()
        self.rng.shuffle(pool)
        counts = self._indicated_counts(len(pool))
        providers = [o for o in self.organisations if o.kind == "care_provider"]
        zipf = [1 / (rank + 1) ** 0.8 for rank in range(len(providers))]
        referrers = [(r, float(w)) for r, w in c.REFERRER_SHARES]
        indications: list[IndicationPlan] = []
        shortage = 0
        for school in self.schools:
            count = min(counts[school.code], len(self.current[school.code]))
            if count == 0:
                continue
            candidates, weights = self._provider_candidates(
                school, providers, zipf, max(1, min(c.MAX_PROVIDERS_PER_SCHOOL, len(providers), count // 2 + 1))
            )
            care_intensive = c.TYPE_PROFILES[school.type].care_intensive
            products = [(code, float(ci if care_intensive else reg)) for code, reg, ci, _rate in self.products]
            used: dict[str, None] = {}  # provider keys in order of first use
            for pupil in self.rng.sample(self.current[school.code], count):
                if not pool:
                    shortage += 1
                    continue
                self.pupils[pupil].bsn = pool.pop()
                for indication, provider in self._pupil_indications(pupil, candidates, weights, products, referrers):
                    indications.append(indication)
                    used[provider.key] = None
            school.partners += list(used)
        without = [i for i, p in enumerate(self.pupils) if p.bsn is None]
        self.rng.shuffle(without)
        for pupil in without[: len(pool)]:
            self.pupils[pupil].bsn = pool.pop()
        return indications, shortage

    def _pupil_indications(self, pupil: int, providers: list[OrganisationPlan], weights: list[float],
                           products: list[tuple[str, float]], referrers: list[tuple[str, float]]
                           ) -> list[tuple[IndicationPlan, OrganisationPlan]]:
        """The current indication of a pupil and up to two earlier ones (sometimes with a gap between)."""
        plan = self.pupils[pupil]
        rates = {code: rate for code, _reg, _ci, rate in self.products}
        earliest = plan.birth_date + timedelta(days=60)
        start = max(earliest, self.today - timedelta(days=self.rng.randrange(14, 720)))
        end = None if self.rng.random() < 0.35 else self.today + timedelta(days=self.rng.randrange(14, 540))
        result = []
        for _n in range(self._weighted(c.INDICATIONS_PER_PUPIL)):
            referrer = self._weighted(referrers)
            product = c.PRODUCT_BY_REFERRER.get(referrer) or self._weighted(products)
            if product == "47" and (self.today - plan.birth_date).days < 12 * 365:
                product = "48"  # juvenile probation is for 12 and older; younger: a child protection order
            provider = self.rng.choices(providers, weights=weights)[0]
            declared_until = min(end or self.today, self.today)
            months = (declared_until - start).days / 30.44
            amount = None
            if months >= 1:
                amount = Decimal(str(round(rates[product] * months * self.rng.uniform(0.7, 1.3), 2)))
            result.append(
                (IndicationPlan(pupil, plan.home, provider.code, product, start, end, referrer, amount), provider)
            )
            end = start - timedelta(days=1 + self.rng.choice((0, 0, 0, 14, 60, 120)))
            start = end - timedelta(days=self.rng.randrange(90, 540))
            if start < earliest + timedelta(days=120):
                break
        return result
