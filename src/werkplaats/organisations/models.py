from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplaats.core.models import BaseModel

cbs_code_validator = RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode is GM gevolgd door 4 cijfers."))
school_code_validator = RegexValidator(
    r"^[0-9A-Z]{4}\d{2}$", _("Een schoolcode is een BRIN (4 tekens) gevolgd door een vestigingsnummer (2 cijfers).")
)


class Municipality(BaseModel):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator])
    name = models.CharField(_("naam"), max_length=100)
    in_region = models.BooleanField(
        _("in de regio"), default=True, help_text=_("Uit: een gemeente buiten de regio, bekend uit een import.")
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Partnership(BaseModel):
    class Sector(models.TextChoices):
        PO = "PO", _("primair onderwijs")
        VO = "VO", _("voortgezet onderwijs")

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=2, choices=Sector.choices)
    municipalities = models.ManyToManyField(Municipality, verbose_name=_("gemeenten"), related_name="partnerships")

    class Meta:
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Organisation(BaseModel):
    """Every organisation around a school that is not a school location itself."""

    class Kind(models.TextChoices):
        SCHOOL_BOARD = "school_board", _("schoolbestuur")
        CARE_PROVIDER = "care_provider", _("jeugdhulpaanbieder")
        YOUTH_HEALTH = "youth_health", _("JGZ / GGD")
        WELFARE = "welfare", _("welzijn")
        YOUTH_WORK = "youth_work", _("jongerenwerk")
        DISTRICT_TEAM = "district_team", _("wijkteam / CJG")
        POLICE = "police", _("politie")
        COMPULSORY_EDUCATION = "compulsory_education", _("leerplicht")
        GP_SUPPORT = "gp_support", _("praktijkondersteuning huisarts")
        MUNICIPALITY = "municipality", _("gemeente")
        PARTNERSHIP = "partnership", _("samenwerkingsverband")
        KNOWLEDGE_CENTRE = "knowledge_centre", _("kennispunt")
        CHILDCARE = "childcare", _("kinderopvang")
        OTHER = "other", _("overig")

    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=200)
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("AGB-code (8 cijfers) voor jeugdhulpaanbieders.")
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations",
    )
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("samenwerkingsverband"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations",
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return self.name


class School(BaseModel):
    """A school location (vestiging): BRIN + vestigingsnummer."""

    class Type(models.TextChoices):
        PO = "PO", _("primair onderwijs")
        SBO = "SBO", _("speciaal basisonderwijs")
        SO = "SO", _("speciaal onderwijs")
        VO = "VO", _("voortgezet onderwijs")
        VSO = "VSO", _("voortgezet speciaal onderwijs")
        PRO = "PRO", _("praktijkonderwijs")
        MBO = "MBO", _("middelbaar beroepsonderwijs")
        IKC = "IKC", _("integraal kindcentrum")
        KDV = "KDV", _("kinderopvang")

    code = models.CharField(_("schoolcode"), max_length=6, unique=True, validators=[school_code_validator])
    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("soort"), max_length=3, choices=Type.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="schools"
    )
    contact_municipality = models.ForeignKey(
        Municipality, verbose_name=_("aanspreekpunt-gemeente"), on_delete=models.PROTECT,
        related_name="contact_schools",
    )
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("samenwerkingsverband"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="schools",
    )
    board = models.ForeignKey(
        Organisation, verbose_name=_("schoolbestuur"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="board_schools", limit_choices_to={"kind": Organisation.Kind.SCHOOL_BOARD},
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("organisaties die hier werken"), blank=True, related_name="partner_schools",
    )
    is_pilot = models.BooleanField(_("pilotschool"), default=False)

    class Meta:
        verbose_name = _("school (vestiging)")
        verbose_name_plural = _("scholen (vestigingen)")
        ordering = ["name"]
        permissions = [("import_registry", _("Mag registerbestanden (scholen, leerlingen, indicaties) importeren"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
