from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplaats.core.models import BaseModel


class Family(BaseModel):
    """Siblings and guardians (gezinsaanpak). `key` is the family key of the school exports."""

    key = models.CharField(_("gezinssleutel"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")

    def __str__(self) -> str:
        return str(self.uuid)


class Pupil(BaseModel):
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=150)
    birth_date = models.DateField(_("geboortedatum"))
    bsn_hash = models.CharField(
        _("BSN (versleuteld)"), max_length=64, unique=True, null=True, blank=True, editable=False,
        help_text=_("HMAC van het BSN; het BSN zelf wordt nooit opgeslagen."),
    )
    home_municipality = models.ForeignKey(
        "organisations.Municipality", verbose_name=_("woongemeente"), on_delete=models.PROTECT,
        related_name="resident_pupils",
    )
    family = models.ForeignKey(
        Family, verbose_name=_("gezin"), on_delete=models.SET_NULL, null=True, blank=True, related_name="pupils"
    )

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def initials(self) -> str:
        """Screen-name initials for browser tab titles (UX: never the full name in a title)."""
        return f"{self.given_name[:1]}. {self.family_name[:1]}."


class Guardian(BaseModel):
    class Relation(models.TextChoices):
        PARENT = "parent", _("ouder")
        FOSTER_PARENT = "foster_parent", _("pleegouder")
        GUARDIAN = "guardian", _("voogd")
        OTHER = "other", _("verzorger")

    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=150)
    relation = models.CharField(_("relatie"), max_length=20, choices=Relation.choices, default=Relation.PARENT)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    has_authority = models.BooleanField(_("gezag"), default=True)
    pupils = models.ManyToManyField(Pupil, verbose_name=_("leerlingen"), related_name="guardians")

    class Meta:
        verbose_name = _("ouder / verzorger")
        verbose_name_plural = _("ouders / verzorgers")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Enrolment(BaseModel):
    pupil = models.ForeignKey(Pupil, verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="enrolments")
    school = models.ForeignKey(
        "organisations.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="enrolments"
    )
    pupil_number = models.CharField(_("leerlingnummer"), max_length=30)
    group = models.CharField(_("groep / klas"), max_length=50)
    enrolled_from = models.DateField(_("ingeschreven vanaf"))
    enrolled_until = models.DateField(_("ingeschreven tot en met"), null=True, blank=True)
    # A copy of the pupil's family name, written only by the database (triggers of migration 0002 keep it equal
    # to pupils_pupil.family_name; whatever Django writes is overruled), so that a school's list in name order
    # is read from one index instead of joining and sorting all its pupils. Not for reading in Python.
    pupil_family_name = models.CharField(_("achternaam van de leerling"), max_length=150, default="", editable=False)

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            models.UniqueConstraint(fields=["school", "pupil_number"], name="enrolment_unique_pupil_number"),
        ]
        indexes = [
            models.Index(fields=["school", "group"]),
            models.Index(fields=["school", "pupil_family_name", "id"], name="enrolment_school_name_order"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_number} @ {self.school.code}"
