from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplaats.core.models import BaseModel


class ProductCategory(models.Model):
    """iJw codelist JZ020 (reference data, ../shared/data/ijw-productcategorie.csv)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("productcategorie")
        verbose_name_plural = _("productcategorieën")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Referrer(models.TextChoices):
    """iJw codelist COD327, with the words of contracts/registry.md."""

    MUNICIPALITY = "gemeente", _("gemeente")
    GP = "huisarts", _("huisarts")
    YOUTH_DOCTOR = "jeugdarts", _("jeugdarts")
    CERTIFIED_INSTITUTION = "gi", _("gecertificeerde instelling")
    MEDICAL_SPECIALIST = "medisch_specialist", _("medisch specialist")
    SELF_REFERRAL = "zelfverwijzer", _("zelfverwijzer")
    COURT = "rechter", _("rechter, OM, justitiële inrichting")


class Indication(BaseModel):
    """A youth-care indication (beschikking). Linked to pupils by `bsn_hash`, never by the BSN itself;
    an indication whose BSN matches no pupil is kept for regional counts."""

    bsn_hash = models.CharField(_("BSN (versleuteld)"), max_length=64, db_index=True)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        verbose_name=_("gemeente die betaalt"),
        on_delete=models.PROTECT,
        related_name="indications",
    )
    provider_code = models.CharField(_("aanbieder (AGB-code)"), max_length=20)
    product = models.ForeignKey(ProductCategory, verbose_name=_("productcategorie"), on_delete=models.PROTECT)
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("einddatum"), null=True, blank=True)
    referrer = models.CharField(_("verwijzer"), max_length=20, choices=Referrer.choices)
    amount = models.DecimalField(
        _("gedeclareerd bedrag (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("jeugdhulpindicatie")
        verbose_name_plural = _("jeugdhulpindicaties")
        constraints = [
            models.UniqueConstraint(
                fields=["bsn_hash", "provider_code", "product", "start"], name="indication_identity"
            ),
        ]
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self) -> str:
        return f"{self.provider_code} {self.product_id} {self.start}"


class AllocationKey(models.TextChoices):
    """How a collective arrangement's cost is divided over municipalities (contracts/finance.md)."""

    PUPILS = "pupils", _("leerlingen per woongemeente")
    INDICATED = "indicated", _("leerlingen met jeugdhulpindicatie per betalende gemeente")
    CONTACT = "contact", _("aanspreekpunt-gemeente draagt alles")


class CollectiveArrangement(BaseModel):
    """One offer at one school location for all its pupils, with a cost for a period (seeds 002, 004)."""

    class LegalRoute(models.TextChoices):
        SUBSIDY = "subsidy", _("subsidie")
        TENDER = "tender", _("aanbesteding")

    school = models.ForeignKey(
        "organisations.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="collective_arrangements",
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    providers = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("aanbieders"),
        blank=True,
        related_name="collective_arrangements",
    )
    legal_route = models.CharField(_("juridische route"), max_length=10, choices=LegalRoute.choices)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    budget_cents = models.PositiveBigIntegerField(_("begroting (eurocent)"))
    actual_cost_cents = models.PositiveBigIntegerField(
        _("werkelijke kosten (eurocent)"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang ze niet bekend zijn."),
    )
    allocation_key = models.CharField(
        _("kostenverdeelsleutel"), max_length=10, choices=AllocationKey.choices, default=AllocationKey.PUPILS
    )
    reference_date = models.DateField(
        _("peildatum"),
        help_text=_("De datum waarop leerlingen en indicaties voor de kostenverdeling tellen."),
    )

    class Meta:
        verbose_name = _("collectief arrangement")
        verbose_name_plural = _("collectieve arrangementen")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="collective_arrangement_period",
                violation_error_message=_("De periode eindigt voor ze begint."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundingSource(BaseModel):
    """Who pays (part of) a collective arrangement."""

    class Kind(models.TextChoices):
        SCHOOL_BOARD = "school_board", _("schoolbestuur")
        PARTNERSHIP = "partnership", _("samenwerkingsverband")
        CHILDCARE = "childcare", _("kinderopvang")
        MUNICIPALITY_YOUTH_CARE = "municipality_youth_care", _("gemeente — jeugdhulp")
        MUNICIPALITY_YOUTH_HEALTH = "municipality_youth_health", _("gemeente — JGZ")
        MUNICIPALITY_WELFARE = "municipality_welfare", _("gemeente — welzijn")
        HEALTH_INSURER = "health_insurer", _("zorgverzekeraar")
        WLZ = "wlz", _("Wet langdurige zorg (Wlz)")
        OTHER = "other", _("overig")

    arrangement = models.ForeignKey(
        CollectiveArrangement,
        verbose_name=_("collectief arrangement"),
        on_delete=models.CASCADE,
        related_name="funding_sources",
    )
    kind = models.CharField(_("soort financier"), max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_arrangements",
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_arrangements",
    )
    amount_cents = models.PositiveBigIntegerField(_("bijdrage (eurocent)"), null=True, blank=True)

    class Meta:
        verbose_name = _("financieringsbron")
        verbose_name_plural = _("financieringsbronnen")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()
