from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplaats.accounts.models import Role
from werkplaats.core.models import BaseModel


class Purpose(models.TextChoices):
    CASE = "case", _("samenwerken in een casus")
    CORE_TEAM = "core_team", _("bespreken in het kernteam van de school")
    HANDOVER = "handover", _("warme overdracht")


class GivenBy(models.TextChoices):
    """Who decides, by the age of the pupil on the day consent is given (Dutch age rules)."""

    GUARDIANS = "guardians", _("ouders / verzorgers (leerling jonger dan 12)")
    GUARDIANS_AND_PUPIL = "guardians_and_pupil", _("ouders / verzorgers en de leerling (12 tot 16 jaar)")
    PUPIL = "pupil", _("de leerling zelf (16 jaar en ouder)")


class Section(models.TextChoices):
    """Parts of a case that a consent can withhold from an organisation."""

    SIGNALS = "signals", _("signalen en consultaties")
    FAMILY_STORY = "family_story", _("het verhaal van ouders en leerling")
    PLAN = "plan", _("het plan (regie in 7 samenwerkingsstappen)")
    EVALUATIONS = "evaluations", _("evaluaties")


class Method(models.TextChoices):
    WRITTEN = "written", _("schriftelijk (getekend formulier)")
    VERBAL = "verbal", _("mondeling, in een gesprek")
    DIGITAL = "digital", _("digitaal (e-mail of portaal)")


class Consent(BaseModel):
    """A recorded consent: who gave it, for what purpose, to which organisations, schools or roles, what is
    withheld from whom, and from–until. A withdrawal ends it at once; a consent given before the pupil
    turned 12 or 16 ends on that birthday (`reask_on`), because then someone else decides."""

    pupil = models.ForeignKey(
        "pupils.Pupil", verbose_name=_("leerling"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    given_by = models.CharField(_("gegeven door"), max_length=20, choices=GivenBy.choices)
    guardians = models.ManyToManyField(
        "pupils.Guardian", verbose_name=_("ouders / verzorgers die toestemming gaven"), blank=True,
        related_name="consents",
    )
    pupil_agreed = models.BooleanField(_("de leerling gaf zelf toestemming"), default=False)
    given_on = models.DateField(_("gegeven op"))
    pupil_age = models.PositiveSmallIntegerField(_("leeftijd van de leerling op die dag"))
    method = models.CharField(_("hoe gegeven"), max_length=10, choices=Method.choices, default=Method.WRITTEN)
    organisations = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("aan organisaties"), blank=True, related_name="consents"
    )
    schools = models.ManyToManyField(
        "organisations.School", verbose_name=_("aan scholen"), blank=True, related_name="consents"
    )
    roles = models.JSONField(
        _("aan rollen"), default=list, blank=True,
        help_text=_("Leeg: alle rollen bij de gekozen organisaties en scholen."),
    )
    withheld_sections = models.JSONField(_("niet delen"), default=list, blank=True)
    withheld_from = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("niet delen met"), blank=True, related_name="+",
        help_text=_("Leeg: de gekozen onderdelen worden met geen enkele organisatie buiten de school gedeeld."),
    )
    withheld_note = models.TextField(_("toelichting op wat niet gedeeld wordt"), blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    reask_on = models.DateField(
        _("opnieuw vragen op"), null=True, blank=True, editable=False,
        help_text=_("De 12e of 16e verjaardag: vanaf dan beslist (ook) de leerling."),
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("intrekking vastgelegd door"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    withdrawal_note = models.TextField(_("toelichting bij de intrekking"), blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["pupil", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="consent_until_after_from",
                violation_error_message=_("‘Geldig tot en met’ ligt voor ‘geldig vanaf’."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.given_on:%d-%m-%Y}"

    @property
    def withheld_labels(self) -> list[str]:
        return [str(Section(value).label) for value in self.withheld_sections]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(value).label) for value in self.roles]
