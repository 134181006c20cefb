"""The region's default holiday calendar (contracts/attendance.md §2): the national school holidays of
region Noord (which includes Twente) from the `holidays` package, plus the public holidays on which
schools close: Christmas and Boxing Day, New Year's Day, Easter Monday, King's Day, Liberation Day
(5 May, every year: the package has it only in lustrum years), Ascension Day and Whit Monday. Good
Friday and the day after Ascension stay school days unless a school adds them (SchoolDayOff).
School years 2024-25 to 2029-30. tests/attendance/test_calendars.py checks the result against
core/fixtures/schoolvakanties.csv and feestdagen.csv."""

from datetime import date, timedelta

from django.db import migrations

FIRST_YEAR, LAST_YEAR = 2024, 2030
SOURCE_SCHOOL = "holidays-pakket: country_holidays('NL', subdiv='Noord', categories=('school',))"
SOURCE_PUBLIC = "holidays-pakket: country_holidays('NL')"
SOURCE_LIBERATION = "Bevrijdingsdag: 5 mei, elk jaar vrij voor scholen (contracts/attendance.md §2)"
CLOSING_PUBLIC = {"Eerste kerstdag", "Tweede kerstdag", "Nieuwjaarsdag", "Tweede paasdag", "Koningsdag",
                  "Bevrijdingsdag", "Hemelvaartsdag", "Tweede pinksterdag"}


def school_holidays():
    """(name, first day, last day) for each school holiday: runs of consecutive days with one name."""
    import holidays

    days = holidays.country_holidays("NL", subdiv="Noord", categories=("school",), language="nl",
                                     years=range(FIRST_YEAR, LAST_YEAR + 1))
    runs = []
    for day in sorted(days):
        name = days[day].lower()
        if runs and runs[-1][0] == name and runs[-1][2] + timedelta(days=1) == day:
            runs[-1][2] = day
        else:
            runs.append([name, day, day])
    return [tuple(run) for run in runs]


def public_holidays():
    import holidays

    days = holidays.country_holidays("NL", language="nl", years=range(FIRST_YEAR, LAST_YEAR + 1))
    found = {day: name for day, name in days.items() if name in CLOSING_PUBLIC}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        found.setdefault(date(year, 5, 5), "Bevrijdingsdag")
    return sorted(found.items())


def load(apps, schema_editor):
    HolidayCalendar = apps.get_model("attendance", "HolidayCalendar")
    CalendarHoliday = apps.get_model("attendance", "CalendarHoliday")
    calendar, _created = HolidayCalendar.objects.update_or_create(
        is_default=True, defaults={"name": "Twente (regio Noord)", "region": "twente"}
    )
    for name, first, last in school_holidays():
        CalendarHoliday.objects.update_or_create(
            calendar=calendar, first_day=first, kind="school_holiday",
            defaults={"name": name, "last_day": last, "source": SOURCE_SCHOOL},
        )
    for day, name in public_holidays():
        source = SOURCE_LIBERATION if name == "Bevrijdingsdag" else SOURCE_PUBLIC
        CalendarHoliday.objects.update_or_create(
            calendar=calendar, first_day=day, kind="public_holiday",
            defaults={"name": name, "last_day": day, "source": source},
        )


def unload(apps, schema_editor):
    apps.get_model("attendance", "HolidayCalendar").objects.filter(is_default=True).delete()


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
