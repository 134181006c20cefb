"""Reads of the regional monitor: the school profile of contracts/registry.md "Monitor output".

Only aggregate counts leave these functions (a handful of GROUP BY queries per school, no loop over
pupils); who gets them without disclosure control is decided by `profile_disclosure_required`."""

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, DateField, Q, Sum, Value
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils.translation import gettext as _

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import schools_for_user
from werkplaats.arrangements.models import Indication, Referrer
from werkplaats.arrangements.selectors import indications_active, indications_of_enrolled, pupils_enrolled
from werkplaats.attendance.calendars import CalendarCache, monday, school_year_start
from werkplaats.attendance.derivations import THUISZITTER_DAYS, WeekData, is_thuiszitter
from werkplaats.attendance.models import (
    AbsenceReport,
    AttendanceWeek,
    CalendarHoliday,
    SchoolCalendar,
    SchoolDayOff,
    SchoolTimetable,
)
from werkplaats.attendance.selectors import THUISZITTER_LOOKBACK, enrolled_on, region_tiers, school_tier_counts
from werkplaats.organisations.models import Municipality, Organisation, Partnership, School
from werkplaats.pupils.models import Enrolment, Pupil

from .disclosure import (
    SECONDARY,
    Published,
    breakdown_publish,
    count_publish,
    is_sensitive,
    suppressed_label,
    threshold_default,
)

SHARE_DECIMALS = 4


def profile_disclosure_required(*, user: User, school: School) -> bool:
    """Disclosure control applies to everyone who may not see the school's pupils themselves: users without
    a relationship with the school, and always policy advisers and analysts (they have no such relationship)."""
    return not schools_for_user(user=user).filter(pk=school.pk).exists()


def _share(part: int, whole: int) -> Decimal:
    """part / whole rounded half up to 4 decimals, in integers (exact). With no pupils the share is 0: there is
    no one with an indication, and the field keeps one type (a number) for every school."""
    if whole == 0:
        return Decimal(0).scaleb(-SHARE_DECIMALS)
    quotient, remainder = divmod(part * 10**SHARE_DECIMALS, whole)
    return Decimal(quotient + (2 * remainder >= whole)).scaleb(-SHARE_DECIMALS)


def _grouped(rows: Any) -> dict[str, int]:
    return {str(key): count for key, count in rows if count}


def school_profile(*, school: School, on: date, disclosure: bool) -> dict[str, Any]:
    """The school profile on `on` as the JSON object of the contract, keys in the contract's order.

    Counts are of pupils enrolled on `on`; indications count when active on `on` and matched by BSN hash.
    `share_with_indication` and `care_intensive` are computed from the exact counts, also when the counts
    themselves are published with disclosure control (`disclosure=True`, see disclosure.py)."""
    enrolled = Pupil.objects.filter(pk__in=pupils_enrolled(school=school, on=on).values("pk"))
    by_home_municipality = _grouped(
        enrolled.values_list("home_municipality__code").annotate(n=Count("pk")).order_by()
    )
    pupils = sum(by_home_municipality.values())  # every pupil has exactly one home municipality
    indications = indications_of_enrolled(school=school, on=on)
    # bsn_hash is unique per pupil: distinct hashes count pupils, not indications.
    with_indication = indications.aggregate(n=Count("bsn_hash", distinct=True))["n"]
    by_provider = _grouped(
        indications.values_list("provider_code").annotate(n=Count("bsn_hash", distinct=True)).order_by()
    )
    by_referrer = _grouped(
        indications.values_list("referrer").annotate(n=Count("bsn_hash", distinct=True)).order_by()
    )
    tiers = {str(tier): int(n) for tier, n in school_tier_counts(school=school, on=on).items()}
    share = _share(with_indication, pupils)

    def count(value: int) -> Published:
        return count_publish(value) if disclosure else value

    def breakdown(cells: dict[str, int], total: int) -> dict[str, Published]:
        return breakdown_publish(cells, total=total) if disclosure else dict(sorted(cells.items()))

    return {
        "school": school.code,
        "on": on.isoformat(),
        "pupils": count(pupils),
        "by_home_municipality": breakdown(by_home_municipality, pupils),
        "with_indication": count(with_indication),
        "share_with_indication": float(share),
        "care_intensive": share >= Decimal(str(settings.CARE_INTENSIVE_THRESHOLD)),
        "by_provider": breakdown(by_provider, with_indication),
        "by_referrer": breakdown(by_referrer, with_indication),
        "tiers": breakdown(tiers, pupils),
    }




# --- The regional dashboard: the figures of every school location in a few aggregate queries ---------------


@dataclass(frozen=True)
class SchoolFigures:
    """Exact figures of one school location on a date, counted as `school_profile` counts them. Never shown
    as they are: `region_overview` publishes them with disclosure control."""

    pupils: int
    with_indication: int
    tiers: dict[str, int]


def region_school_figures(*, on: date) -> dict[int, SchoolFigures]:
    """The figures of every school location with pupils on `on`, by school id, in a few aggregate queries
    (never a loop over schools or pupils in Python)."""
    counts = (
        Enrolment.objects.filter(enrolled_on(on)).values("school_id").order_by()
        .annotate(
            pupils=Count("pupil_id", distinct=True),
            with_indication=Count(
                "pupil__bsn_hash", distinct=True,
                filter=Q(pupil__bsn_hash__in=indications_active(on=on).values("bsn_hash")),
            ),
        )
        .values_list("school_id", "pupils", "with_indication")
    )
    tiers = _region_tiers_postgresql(on=on) if connection.vendor == "postgresql" else _region_tiers_python(on=on)
    return {
        school_id: SchoolFigures(pupils=pupils, with_indication=indicated, tiers=tiers.get(school_id, _no_tiers()))
        for school_id, pupils, indicated in counts
    }


def _no_tiers() -> dict[str, int]:
    return {"1": 0, "2": 0, "3": 0}


def _region_tiers_python(*, on: date) -> dict[int, dict[str, int]]:
    """The attendance tiers per school from attendance.selectors.region_tiers: a loop over every pupil of the
    region, seconds on a full region. Used on SQLite (a first look), and as the reference in the tests."""
    schools = dict(Enrolment.objects.filter(enrolled_on(on)).values_list("pk", "school_id"))
    counts: dict[int, dict[str, int]] = defaultdict(_no_tiers)
    for enrolment_id, tier in region_tiers(on=on, derive=False).items():
        counts[schools[enrolment_id]][str(tier)] += 1
    return dict(counts)


def _rate_factor(threshold: float) -> int:
    """The absence rate is rounded half up to 4 decimals (attendance.derivations.absence_rate) before it is
    compared with a threshold T. With K = ceil(T * 10^4): rounded(a / s) >= T  <=>  20000 a >= (2K - 1) s."""
    return 2 * math.ceil(Decimal(str(threshold)) * 10**4) - 1


REGION_TIERS_SQL = """
    WITH sched AS (SELECT * FROM unnest(%(sched_school)s::bigint[], %(sched_low)s::date[], %(sched_minutes)s::bigint[])
                   AS s (school_id, low, scheduled)),
    windows AS (SELECT * FROM unnest(%(window_school)s::bigint[], %(window_start)s::date[]) AS w (school_id, start)),
    weeks AS (
        SELECT w.enrolment_id,
               SUM(CASE WHEN w.week_start >= GREATEST(e.enrolled_from, %(year_start)s::date)
                             AND w.week_start < %(monday_on)s THEN w.absent_minutes
                        ELSE {absent_by_day} END) AS absent,
               SUM(CASE WHEN w.week_start = %(monday_on)s THEN {unauthorised_this_week}
                        WHEN w.week_start >= ws.start THEN w.unauthorised_minutes ELSE 0 END) AS unauthorised
        FROM {week} w
        JOIN {enrolment} e ON e.id = w.enrolment_id
        JOIN windows ws ON ws.school_id = w.school_id
        WHERE w.week_start >= %(first_week)s AND w.week_start <= %(monday_on)s AND {enrolled}
        GROUP BY w.enrolment_id
    ),
    reported AS (
        SELECT DISTINCT enrolment_id FROM {report} WHERE threshold_date <= %(on)s AND status = %(open)s
    ),
    tiers AS (
        SELECT e.school_id,
               CASE WHEN (s.scheduled > 0 AND 20000 * COALESCE(wk.absent, 0) >= %(tier3_factor)s * s.scheduled)
                         OR r.enrolment_id IS NOT NULL OR e.id = ANY(%(thuiszitters)s::bigint[]) THEN 3
                    WHEN (s.scheduled > 0 AND 20000 * COALESCE(wk.absent, 0) >= %(tier2_factor)s * s.scheduled)
                         OR COALESCE(wk.unauthorised, 0) >= %(tier2_minutes)s THEN 2
                    ELSE 1 END AS tier
        FROM {enrolment} e
        JOIN sched s ON s.school_id = e.school_id AND s.low = GREATEST(e.enrolled_from, %(year_start)s::date)
        LEFT JOIN weeks wk ON wk.enrolment_id = e.id
        LEFT JOIN reported r ON r.enrolment_id = e.id
        WHERE {enrolled}
    )
    SELECT school_id, COUNT(*) FILTER (WHERE tier = 1), COUNT(*) FILTER (WHERE tier = 2),
           COUNT(*) FILTER (WHERE tier = 3)
    FROM tiers GROUP BY school_id
"""


def _region_tiers_postgresql(*, on: date) -> dict[int, dict[str, int]]:
    """The attendance tiers per school in one aggregate query over the week aggregates, with the same rules
    as attendance.selectors.compute_statuses (the monitor tests compare both): the absence since each
    enrolment's first counting day (the later of its enrolment and the start of the school year) up to `on`
    against the scheduled minutes of that span, the unauthorised minutes of the 4-week window, open reports
    and thuiszitters. The calendar work is done once per calendar, not once per pupil."""
    year_start, monday_on = school_year_start(on), monday(on)
    pairs = set(
        Enrolment.objects.filter(enrolled_on(on))
        .annotate(low=Greatest("enrolled_from", Value(year_start, output_field=DateField())))
        .values_list("school_id", "low").distinct()
    )
    if not pairs:
        return {}
    schools = {school.pk: school for school in School.objects.filter(pk__in={pk for pk, _low in pairs})}
    cache = CalendarCache()
    cache.prefetch(schools.values())
    windows = {pk: cache.for_school(school).window_start(on) for pk, school in schools.items()}
    scheduled = _scheduled_minutes(pairs=pairs, on=on, cache=cache, schools=schools)
    days_this_week = min(on.weekday(), 4) + 1

    def absent(day: int) -> str:
        return (f"CASE WHEN w.week_start + {day} BETWEEN GREATEST(e.enrolled_from, %(year_start)s::date) AND %(on)s "
                f"THEN w.absent_{day + 1} ELSE 0 END")

    sql = REGION_TIERS_SQL.format(
        enrolment=connection.ops.quote_name(Enrolment._meta.db_table),
        week=connection.ops.quote_name(AttendanceWeek._meta.db_table),
        report=connection.ops.quote_name(AbsenceReport._meta.db_table),
        enrolled="e.enrolled_from <= %(on)s AND (e.enrolled_until IS NULL OR e.enrolled_until >= %(on)s)",
        absent_by_day=" + ".join(absent(day) for day in range(5)),
        unauthorised_this_week=" + ".join(f"w.unauthorised_{day + 1}" for day in range(days_this_week)),
    )
    keys = sorted(pairs)
    params = {
        "sched_school": [pk for pk, _low in keys], "sched_low": [low for _pk, low in keys],
        "sched_minutes": [scheduled[key] for key in keys],
        "window_school": list(windows), "window_start": list(windows.values()),
        "year_start": year_start, "on": on, "monday_on": monday_on,
        "first_week": min(monday(year_start), *windows.values()),
        "tier3_factor": _rate_factor(settings.ATTENDANCE_TIER3_RATE),
        "tier2_factor": _rate_factor(settings.ATTENDANCE_TIER2_RATE),
        "tier2_minutes": settings.ATTENDANCE_TIER2_UNAUTHORISED_MINUTES_4W,
        "open": AbsenceReport.Status.OPEN, "thuiszitters": _thuiszitters(on=on, cache=cache),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # A scan of a school year of week aggregates: compiling it (JIT) costs more than running it.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return {school_id: {"1": n1, "2": n2, "3": n3} for school_id, n1, n2, n3 in cursor.fetchall()}


def _scheduled_minutes(
    *, pairs: set[tuple[int, date]], on: date, cache: CalendarCache, schools: dict[int, School]
) -> dict[tuple[int, date], int]:
    """Scheduled minutes from each (school id, first counting day) up to and including `on`, as
    `compute_statuses` counts them: one pass over the school year per distinct calendar, not per pupil."""
    year_start = school_year_start(on)
    calendars = {
        pk: (frozenset(cache.for_school(school).closed), tuple(cache.for_school(school).timetables))
        for pk, school in schools.items()
    }
    remaining: dict[tuple, dict[date, int]] = {}  # calendar -> {day: minutes from that day up to `on`}
    for pk, calendar in calendars.items():
        if calendar not in remaining:
            days, minutes, day, total = cache.for_school(schools[pk]), {}, on, 0
            while day >= year_start:
                total += days.minutes_on(day)
                minutes[day] = total
                day -= timedelta(days=1)
            remaining[calendar] = minutes
    return {(pk, low): remaining[calendars[pk]][low] for pk, low in pairs}


def _thuiszitters(*, on: date, cache: CalendarCache) -> list[int]:
    """Enrolments (enrolled on `on`) of thuiszitters, found as `compute_statuses` finds them: candidates with
    20 home days in the last months (only weeks with a home day are read), then checked day by day."""
    lookback, monday_on = on - THUISZITTER_LOOKBACK, monday(on)
    weeks_with_home = AttendanceWeek.objects.filter(
        home_days__gt=0, week_start__gte=lookback, week_start__lte=monday_on
    )
    candidates = list(
        weeks_with_home.values("enrolment_id").order_by().annotate(home=Sum("home_days"))
        .filter(home__gte=THUISZITTER_DAYS).values_list("enrolment_id", flat=True)
    )
    enrolments = list(Enrolment.objects.filter(enrolled_on(on), pk__in=candidates).select_related("school", "pupil"))
    if not enrolments:
        return []
    weeks: dict[int, list[WeekData]] = defaultdict(list)
    for row in AttendanceWeek.objects.filter(
        enrolment__in=enrolments, week_start__gte=lookback, week_start__lte=monday_on
    ).values_list("enrolment_id", "week_start", *ABSENT_DAYS, *UNAUTHORISED_DAYS, "home_mask", "luxe_mask"):
        weeks[row[0]].append(
            WeekData(week_start=row[1], absent=row[2:7], unauthorised=row[7:12], home_mask=row[12], luxe_mask=row[13])
        )
    return [
        enrolment.pk for enrolment in enrolments
        if is_thuiszitter(weeks=weeks[enrolment.pk], on=on, birth_date=enrolment.pupil.birth_date,
                          enrolled_from=enrolment.enrolled_from, calendar=cache.for_school(enrolment.school))
    ]


ABSENT_DAYS = tuple(f"absent_{day}" for day in range(1, 6))
UNAUTHORISED_DAYS = tuple(f"unauthorised_{day}" for day in range(1, 6))


REGION_CACHE_SECONDS = 300


def _figures_version() -> str:
    """A cheap fingerprint of the data behind `region_school_figures` (one query of counts and last changes):
    a new import, a closed report or a calendar change gives a new fingerprint, so the cached figures of a
    date are computed again. Changes it cannot see live at most REGION_CACHE_SECONDS."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX(id) FROM {quote(AttendanceWeek._meta.db_table)})"]
    for model in (Enrolment, Pupil, Indication, AbsenceReport, CalendarHoliday, SchoolCalendar, SchoolDayOff,
                  SchoolTimetable):
        table = quote(model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(updated) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return repr(cursor.fetchone())


def region_school_figures_cached(*, on: date) -> dict[int, SchoolFigures]:
    """`region_school_figures`, computed once per date and state of the data (see `_figures_version`)."""
    key = "monitor:region:" + hashlib.sha256(f"{on.isoformat()}|{_figures_version()}".encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = region_school_figures(on=on)
        cache.set(key, figures, REGION_CACHE_SECONDS)
    return figures


# --- Disclosure control of totals over school locations ---------------------------------------------------


def _determined(unknown: set[int], equations: list[set[int]]) -> set[int]:
    """The unknown cells that follow exactly from published sums: each equation says the sum of its cells is
    known. Gaussian elimination (exact fractions) on the unknown cells only; a cell is determined when a row of
    the reduced echelon form holds that cell alone."""
    pivots: list[tuple[int, dict[int, Fraction]]] = []
    for members in equations:
        row = {cell: Fraction(1) for cell in members & unknown}
        for column, pivot in pivots:
            if column in row:
                _subtract(row, pivot, row[column])
        if not row:
            continue
        column = min(row)
        scale = row[column]
        row = {cell: value / scale for cell, value in row.items()}
        for _column, pivot in pivots:
            if column in pivot:
                _subtract(pivot, row, pivot[column])
        pivots.append((column, row))
    return {column for column, row in pivots if len(row) == 1}


def _subtract(row: dict[int, Fraction], other: dict[int, Fraction], factor: Fraction) -> None:
    for cell, value in other.items():
        new = row.get(cell, 0) - factor * value
        if new:
            row[cell] = new
        else:
            row.pop(cell, None)


def totals_publish(
    *, cells: dict[int, int], unknown: set[int], groups: dict[str, set[int]], threshold: int | None = None
) -> dict[str, Published]:
    """The totals of groups of school locations (municipalities, partnerships, the region) as published to a
    viewer who sees the cells in `unknown` suppressed ("<5" or "x") and the others as they are.

    The rules of disclosure.py, for overlapping breakdowns: a total from 1 to 4 that contains a suppressed
    cell is suppressed itself ("<5"); and no suppressed cell may follow from the published totals and the
    published cells — not from one total (a group with one suppressed school) and not by combining totals
    (the municipalities and the partnerships are two breakdowns of the same region). As long as one does, a
    published total that contains such a cell is suppressed as well ("x"): the one with the fewest suppressed
    cells, then the smallest."""
    threshold = threshold_default() if threshold is None else threshold
    totals = {key: sum(cells[cell] for cell in members) for key, members in groups.items()}
    published: dict[str, Published] = {
        key: suppressed_label(threshold) if groups[key] & unknown and is_sensitive(total, threshold=threshold)
        else total
        for key, total in totals.items()
    }
    while True:
        open_keys = [key for key in sorted(groups) if isinstance(published[key], int)]
        determined = _determined(unknown, [groups[key] for key in open_keys])
        if not determined:
            return published
        # Of the totals that hold a cell given away, the one with the fewest suppressed cells gives it away most
        # directly; then the smallest.
        key = min((key for key in open_keys if groups[key] & determined),
                  key=lambda key: (len(groups[key] & unknown), totals[key], key))
        published[key] = SECONDARY


# --- What the pages show: the school profile with names, and the regional overview -------------------------


@dataclass(frozen=True)
class Figure:
    """One published count with what it counts: a municipality, a provider, a referrer or a tier."""

    code: str
    label: str
    value: Published


@dataclass(frozen=True)
class ProfilePage:
    """The school profile of `school_profile` with names and Dutch labels, for the monitor pages."""

    school: School
    on: date
    disclosure: bool
    pupils: Published
    with_indication: Published
    share: Decimal | None  # None when a count it comes from is suppressed: the share would give it away
    care_intensive: bool
    municipalities: list[Figure]
    providers: list[Figure]
    referrers: list[Figure]
    tiers: list[Figure]

    @property
    def share_percent(self) -> Decimal | None:
        return None if self.share is None else self.share * 100


def monitor_school_get(*, uuid: UUID) -> School:
    school = School.objects.select_related("municipality", "contact_municipality", "partnership").filter(
        uuid=uuid
    ).first()
    if school is None:
        raise Http404
    return school


def _by_size(figures: list[Figure]) -> list[Figure]:
    """Largest counts first; suppressed counts last, by code (their order tells nothing about their size)."""
    return sorted(figures, key=lambda f: (1, 0, f.code) if isinstance(f.value, str) else (0, -f.value, f.code))


def school_profile_page(*, school: School, on: date, disclosure: bool) -> ProfilePage:
    """The profile with the names of the municipalities, the providers (the name of the organisation with that
    AGB code, when the registry has one) and the referrers."""
    profile = school_profile(school=school, on=on, disclosure=disclosure)
    municipalities = dict(
        Municipality.objects.filter(code__in=profile["by_home_municipality"]).values_list("code", "name")
    )
    providers = dict(
        Organisation.objects.filter(code__in=profile["by_provider"]).order_by("-name").values_list("code", "name")
    )
    referrers = dict(Referrer.choices)
    pupils, with_indication = profile["pupils"], profile["with_indication"]
    withheld = isinstance(pupils, str) or isinstance(with_indication, str)
    return ProfilePage(
        school=school, on=on, disclosure=disclosure, pupils=pupils, with_indication=with_indication,
        share=None if withheld else Decimal(str(profile["share_with_indication"])),
        care_intensive=profile["care_intensive"],
        municipalities=_by_size([Figure(code, municipalities.get(code, code), value)
                                 for code, value in profile["by_home_municipality"].items()]),
        providers=_by_size([Figure(code, providers.get(code, ""), value)
                            for code, value in profile["by_provider"].items()]),
        referrers=_by_size([Figure(code, str(referrers.get(code, code)), value)
                            for code, value in profile["by_referrer"].items()]),
        tiers=[Figure(tier, _("Niveau %(tier)s") % {"tier": tier}, value) for tier, value in profile["tiers"].items()],
    )


@dataclass(frozen=True)
class RegionFilter:
    municipality: UUID | None = None
    partnership: UUID | None = None
    type: str = ""
    care_intensive_first: bool = False


@dataclass(frozen=True)
class SchoolLine:
    school: School
    exact: bool  # the viewer may see this school's pupils: no disclosure control
    pupils: Published
    with_indication: Published
    share: Decimal | None
    care_intensive: bool
    tier3: Published

    @property
    def share_percent(self) -> Decimal | None:
        return None if self.share is None else self.share * 100


@dataclass(frozen=True)
class TotalLine:
    code: str
    name: str
    schools: int
    care_intensive_schools: int
    pupils: Published
    with_indication: Published
    share: Decimal | None
    tier3: Published

    @property
    def share_percent(self) -> Decimal | None:
        return None if self.share is None else self.share * 100


@dataclass(frozen=True)
class RegionOverview:
    on: date
    schools: Page  # of SchoolLine, filtered and sorted
    by_municipality: list[TotalLine]
    by_partnership: list[TotalLine]
    region: TotalLine
    disclosure: bool  # some figure is published with disclosure control for this viewer


REGION = "regio"
WITHOUT_PARTNERSHIP = "-"
PAGE_SIZE = 50


def _published_share(with_indication: Published, pupils: Published) -> Decimal | None:
    if isinstance(with_indication, str) or isinstance(pupils, str) or not pupils:
        return None
    return _share(with_indication, pupils)


def region_overview(*, user: User, on: date, region_filter: RegionFilter, page: int | str = 1) -> RegionOverview:
    """Every school location of the region with pupils on `on`: pupils, pupils with a youth-care indication
    and their share, the care-intensive flag and tier 3 of attendance, published as the school profile
    publishes them (exact only for the schools the viewer works at); totals per municipality (where the
    school is), per partnership and for the region, protected by `totals_publish`. The totals are always
    of the whole region, whatever the filter, so that comparing filtered views gives nothing away."""
    figures = region_school_figures_cached(on=on)
    schools = list(
        School.objects.filter(pk__in=figures).select_related("municipality", "partnership").order_by("name", "pk")
    )
    visible = set(schools_for_user(user=user).filter(pk__in=figures).values_list("pk", flat=True))
    threshold = Decimal(str(settings.CARE_INTENSIVE_THRESHOLD))
    lines: dict[int, SchoolLine] = {}
    for school in schools:
        exact = school.pk in visible
        numbers = figures[school.pk]
        pupils = numbers.pupils if exact else count_publish(numbers.pupils)
        with_indication = numbers.with_indication if exact else count_publish(numbers.with_indication)
        tiers = numbers.tiers if exact else breakdown_publish(numbers.tiers, total=numbers.pupils)
        lines[school.pk] = SchoolLine(
            school=school, exact=exact, pupils=pupils, with_indication=with_indication,
            share=_published_share(with_indication, pupils),
            care_intensive=_share(numbers.with_indication, numbers.pupils) >= threshold, tier3=tiers["3"],
        )
    groups: dict[str, set[int]] = defaultdict(set)
    for school in schools:
        groups[f"gemeente:{school.municipality.code}"].add(school.pk)
        groups[f"swv:{school.partnership.code if school.partnership else WITHOUT_PARTNERSHIP}"].add(school.pk)
        groups[REGION].add(school.pk)
    published = {
        measure: totals_publish(
            cells={pk: getattr(numbers, measure) if measure != "tier3" else numbers.tiers["3"]
                   for pk, numbers in figures.items()},
            unknown={pk for pk, line in lines.items() if isinstance(getattr(line, measure), str)},
            groups=groups,
        )
        for measure in ("pupils", "with_indication", "tier3")
    }

    def total(key: str, code: str, name: str) -> TotalLine:
        members = [lines[pk] for pk in groups[key]]
        pupils, with_indication = published["pupils"][key], published["with_indication"][key]
        return TotalLine(
            code=code, name=name, schools=len(members),
            care_intensive_schools=sum(line.care_intensive for line in members), pupils=pupils,
            with_indication=with_indication, share=_published_share(with_indication, pupils),
            tier3=published["tier3"][key],
        )

    municipalities = {school.municipality.code: school.municipality for school in schools}
    partnerships = {school.partnership.code: school.partnership for school in schools if school.partnership}
    by_partnership = [total(f"swv:{code}", code, partnerships[code].name) for code in sorted(partnerships)]
    if f"swv:{WITHOUT_PARTNERSHIP}" in groups:
        by_partnership.append(total(f"swv:{WITHOUT_PARTNERSHIP}", "", _("Zonder samenwerkingsverband")))
    shown = [line for line in lines.values() if _matches(line.school, region_filter)]
    if region_filter.care_intensive_first:
        shown.sort(key=lambda line: not line.care_intensive)  # stable: by name within each part
    return RegionOverview(
        on=on,
        schools=Paginator(shown, PAGE_SIZE).get_page(page),
        by_municipality=sorted(
            (total(f"gemeente:{code}", code, municipality.name) for code, municipality in municipalities.items()),
            key=lambda line: line.name,
        ),
        by_partnership=by_partnership,
        region=total(REGION, "", _("Regio")) if schools else TotalLine("", _("Regio"), 0, 0, 0, 0, None, 0),
        disclosure=len(visible) < len(schools),
    )


def _matches(school: School, region_filter: RegionFilter) -> bool:
    return (
        (not region_filter.type or school.type == region_filter.type)
        and (not region_filter.municipality or school.municipality.uuid == region_filter.municipality)
        and (not region_filter.partnership or (school.partnership and school.partnership.uuid
                                               == region_filter.partnership))
    )


def region_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the dashboard filters: municipalities and partnerships with school locations, types."""
    municipalities = Municipality.objects.filter(schools__isnull=False).distinct().order_by("name")
    partnerships = Partnership.objects.filter(schools__isnull=False).distinct().order_by("code")
    return {
        "municipalities": [(str(m.uuid), m.name) for m in municipalities],
        "partnerships": [(str(p.uuid), f"{p.code} {p.name}") for p in partnerships],
        "types": list(School.Type.choices),
    }
