"""School attendance (contracts/attendance.md): holiday calendars and timetables of school locations,
absence registrations, the per-pupil per-school-week aggregates derived from them, and the statutory
reports (verzuimmeldingen) derived once and kept."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkplaats.core.models import BaseModel

MAX_DAY_MINUTES = 600


class Reason(models.TextChoices):
    """The `reason` column of the import file (contract §1)."""

    ILL = "ziek", _("ziek")
    AUTHORISED = "geoorloofd", _("geoorloofd verzuim")
    UNAUTHORISED = "ongeoorloofd", _("ongeoorloofd verzuim")
    LATE = "te_laat", _("te laat")
    LUXE = "luxe", _("luxe verzuim")
    SUSPENSION = "schorsing", _("schorsing")


# Reasons that count towards the 16-hour report and the tier-2 signal (ongeoorloofd + te_laat + luxe).
UNAUTHORISED_REASONS = frozenset({Reason.UNAUTHORISED, Reason.LATE, Reason.LUXE})
# Reasons that make a day a day "at home" for the thuiszitter rule (ongeoorloofd + luxe).
HOME_REASONS = frozenset({Reason.UNAUTHORISED, Reason.LUXE})


class HolidayCalendar(BaseModel):
    """A set of holidays (school holidays and public holidays on which schools close). The region's
    default is loaded by a data migration; a school location uses it unless it is given another."""

    name = models.CharField(_("naam"), max_length=200)
    region = models.CharField(_("regio"), max_length=50, blank=True)
    is_default = models.BooleanField(
        _("standaard van de regio"),
        default=False,
        help_text=_("De kalender van elke school zonder eigen kalender."),
    )

    class Meta:
        verbose_name = _("vakantiekalender")
        verbose_name_plural = _("vakantiekalenders")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="holidaycalendar_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarHoliday(BaseModel):
    class Kind(models.TextChoices):
        SCHOOL_HOLIDAY = "school_holiday", _("schoolvakantie")
        PUBLIC_HOLIDAY = "public_holiday", _("feestdag")

    calendar = models.ForeignKey(
        HolidayCalendar, verbose_name=_("kalender"), on_delete=models.CASCADE, related_name="holidays"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=100)
    first_day = models.DateField(_("eerste dag"))
    last_day = models.DateField(_("laatste dag"))
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vakantie of feestdag")
        verbose_name_plural = _("vakanties en feestdagen")
        ordering = ["first_day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "first_day", "kind"], name="calendarholiday_unique_start"),
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="calendarholiday_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day:%Y-%m-%d}–{self.last_day:%Y-%m-%d}"


class SchoolCalendar(BaseModel):
    """The holiday calendar of one school location, when it is not the region's default."""

    school = models.OneToOneField(
        "organisations.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="attendance_calendar"
    )
    calendar = models.ForeignKey(
        HolidayCalendar, verbose_name=_("kalender"), on_delete=models.PROTECT, related_name="schools"
    )

    class Meta:
        verbose_name = _("kalender van een school")
        verbose_name_plural = _("kalenders van scholen")

    def __str__(self) -> str:
        return f"{self.school} — {self.calendar}"


class SchoolDayOff(BaseModel):
    """A day (or days) off that a school location adds to its calendar (a study day, Good Friday)."""

    school = models.ForeignKey(
        "organisations.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="days_off"
    )
    first_day = models.DateField(_("eerste dag"))
    last_day = models.DateField(_("laatste dag"))
    name = models.CharField(_("omschrijving"), max_length=100)

    class Meta:
        verbose_name = _("vrije dag van een school")
        verbose_name_plural = _("vrije dagen van scholen")
        ordering = ["school", "first_day"]
        constraints = [
            models.UniqueConstraint(fields=["school", "first_day"], name="schooldayoff_unique_start"),
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="schooldayoff_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day:%Y-%m-%d}"


def _minutes_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MaxValueValidator(MAX_DAY_MINUTES)], help_text=_("0: geen lesdag.")
    )


class SchoolTimetable(BaseModel):
    """The scheduled minutes per weekday of a school location from `valid_from` on. Without one, the
    defaults of the school type apply (calendars.DEFAULT_MINUTES)."""

    school = models.ForeignKey(
        "organisations.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="timetables"
    )
    valid_from = models.DateField(_("geldig vanaf"))
    monday = _minutes_field(_("minuten op maandag"))
    tuesday = _minutes_field(_("minuten op dinsdag"))
    wednesday = _minutes_field(_("minuten op woensdag"))
    thursday = _minutes_field(_("minuten op donderdag"))
    friday = _minutes_field(_("minuten op vrijdag"))

    class Meta:
        verbose_name = _("lestijden van een school")
        verbose_name_plural = _("lestijden van scholen")
        ordering = ["school", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["school", "valid_from"], name="schooltimetable_unique_from"),
        ]

    def __str__(self) -> str:
        return f"{self.school} vanaf {self.valid_from:%Y-%m-%d}"

    @property
    def minutes(self) -> tuple[int, int, int, int, int]:
        return (self.monday, self.tuesday, self.wednesday, self.thursday, self.friday)


class AbsenceRegistration(models.Model):
    """One absence registration of one pupil (enrolment) on one school day for one reason. Identity:
    (school, pupil number, date, reason) = (enrolment, date, reason). High volume: no uuid, never in a URL."""

    id = models.BigAutoField(_("id"), primary_key=True)
    enrolment = models.ForeignKey(
        "pupils.Enrolment",
        verbose_name=_("inschrijving"),
        on_delete=models.CASCADE,
        related_name="absence_registrations",
        db_index=False,  # the identity constraint (enrolment, date, reason) serves as its index
        # No deferred constraint check per row (a million of them at commit, each locking the enrolment):
        # the import validates every enrolment and locks the enrolments it writes for (FOR KEY SHARE) in
        # its own transaction; deleting an enrolment cascades through the ORM.
        db_constraint=False,
    )
    # Always the enrolment's school (set by the import): no database constraint of its own, which saves a
    # deferred check per row of a large import (the ORM still cascades).
    school = models.ForeignKey(
        "organisations.School",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="absence_registrations",
        db_constraint=False,
        db_index=False,  # not queried by school alone; an import maintains as few indexes as it can
    )
    date = models.DateField(_("datum"))
    reason = models.CharField(_("reden"), max_length=12, choices=Reason.choices)
    minutes = models.PositiveSmallIntegerField(
        _("minuten afwezig"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DAY_MINUTES)]
    )
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("verzuimregistratie")
        verbose_name_plural = _("verzuimregistraties")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "date", "reason"], name="absenceregistration_identity"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.date:%Y-%m-%d} {self.reason} {self.minutes}"


class AttendanceWeek(models.Model):
    """Derived: the absence of one enrolment in one calendar week (Monday `week_start`), per weekday, over
    the school days of its school only. Kept up to date by the import and by calendar changes
    (aggregates.py); every figure of contract §3 is computed from these rows, never from raw rows."""

    id = models.BigAutoField(_("id"), primary_key=True)
    # Derived rows, rebuilt from the registrations: no database constraints (the ORM still cascades), so a
    # large import does not queue a deferred check per aggregate row.
    enrolment = models.ForeignKey(
        "pupils.Enrolment",
        verbose_name=_("inschrijving"),
        on_delete=models.CASCADE,
        related_name="attendance_weeks",
        db_constraint=False,
        db_index=False,  # covered by the unique (enrolment, week_start)
    )
    school = models.ForeignKey(
        "organisations.School",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="attendance_weeks",
        db_constraint=False,
        db_index=False,
    )
    week_start = models.DateField(_("maandag van de week"))
    week_end = models.DateField(_("zondag van de week"))
    scheduled_minutes = models.PositiveIntegerField(_("geplande minuten"), default=0)
    absent_minutes = models.PositiveIntegerField(
        _("minuten afwezig"), default=0, help_text=_("Alle redenen; elke geregistreerde minuut telt.")
    )
    unauthorised_minutes = models.PositiveIntegerField(
        _("minuten ongeoorloofd"), default=0, help_text=_("ongeoorloofd, te laat en luxe verzuim")
    )
    home_days = models.PositiveSmallIntegerField(
        _("dagen geheel ongeoorloofd afwezig"),
        default=0,
        help_text=_("Schooldagen waarop ongeoorloofd en luxe verzuim alle geplande minuten dekken."),
    )
    luxe_days = models.PositiveSmallIntegerField(_("dagen met luxe verzuim"), default=0)
    absent_1 = models.PositiveSmallIntegerField(_("afwezig maandag"), default=0)
    absent_2 = models.PositiveSmallIntegerField(_("afwezig dinsdag"), default=0)
    absent_3 = models.PositiveSmallIntegerField(_("afwezig woensdag"), default=0)
    absent_4 = models.PositiveSmallIntegerField(_("afwezig donderdag"), default=0)
    absent_5 = models.PositiveSmallIntegerField(_("afwezig vrijdag"), default=0)
    unauthorised_1 = models.PositiveIntegerField(_("ongeoorloofd maandag"), default=0)
    unauthorised_2 = models.PositiveIntegerField(_("ongeoorloofd dinsdag"), default=0)
    unauthorised_3 = models.PositiveIntegerField(_("ongeoorloofd woensdag"), default=0)
    unauthorised_4 = models.PositiveIntegerField(_("ongeoorloofd donderdag"), default=0)
    unauthorised_5 = models.PositiveIntegerField(_("ongeoorloofd vrijdag"), default=0)
    home_mask = models.PositiveSmallIntegerField(_("dagen thuis (bitmasker ma=1)"), default=0)
    luxe_mask = models.PositiveSmallIntegerField(_("dagen luxe verzuim (bitmasker ma=1)"), default=0)

    class Meta:
        verbose_name = _("verzuim per schoolweek")
        verbose_name_plural = _("verzuim per schoolweek")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "week_start"], name="attendanceweek_unique"),
        ]
        indexes = [
            # The few weeks with a day at home (index only): the thuiszitters of a municipality or region
            # without reading every week of its pupils.
            models.Index(
                fields=["week_start", "enrolment"],
                include=["home_days"],
                condition=Q(home_days__gt=0),
                name="attendanceweek_home",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.week_start:%Y-%m-%d}"

    @property
    def absent(self) -> tuple[int, int, int, int, int]:
        return (self.absent_1, self.absent_2, self.absent_3, self.absent_4, self.absent_5)

    @property
    def unauthorised(self) -> tuple[int, int, int, int, int]:
        return (self.unauthorised_1, self.unauthorised_2, self.unauthorised_3, self.unauthorised_4, self.unauthorised_5)


class PendingDerivation(models.Model):
    """An enrolment whose week aggregates changed since its reports were last derived (an import, a
    calendar change). Report derivation works through these, so a status after an import derives only
    what is new; a derivation removes the rows it handled."""

    enrolment = models.OneToOneField(
        "pupils.Enrolment",
        verbose_name=_("inschrijving"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("af te leiden verzuimmeldingen")
        verbose_name_plural = _("af te leiden verzuimmeldingen")

    def __str__(self) -> str:
        return str(self.enrolment_id)


class AbsenceReport(BaseModel):
    """A statutory report (verzuimmelding, Leerplichtwet art. 21a), derived once and kept: never
    duplicated by a re-import or a recomputation, never removed once derived."""

    class Kind(models.TextChoices):
        SIXTEEN_HOURS = "16_uur", _("16 uur ongeoorloofd verzuim in 4 schoolweken")
        LUXE = "luxe", _("luxe verzuim")
        LONG_TERM = "langdurig", _("langdurig verzuim (thuiszitter)")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("gemeld")

    enrolment = models.ForeignKey(
        "pupils.Enrolment", verbose_name=_("inschrijving"), on_delete=models.CASCADE, related_name="absence_reports"
    )
    pupil = models.ForeignKey(
        "pupils.Pupil", verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="absence_reports"
    )
    school = models.ForeignKey(
        "organisations.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="absence_reports"
    )
    reason = models.CharField(_("soort melding"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("begindatum"))
    threshold_date = models.DateField(_("drempeldatum"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("gemeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("verzuimmelding")
        verbose_name_plural = _("verzuimmeldingen")
        ordering = ["threshold_date", "start_date", "reason"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "reason", "start_date"], name="absencereport_unique"),
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(reason="16_uur", status="open"), name="absencereport_one_open_16_uur"
            ),
        ]
        indexes = [models.Index(fields=["school", "threshold_date"], name="absencereport_school_threshold")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.threshold_date:%Y-%m-%d} ({self.get_status_display()})"
