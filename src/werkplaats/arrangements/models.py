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
        "organisations.Municipality", verbose_name=_("gemeente die betaalt"), on_delete=models.PROTECT,
        related_name="indications",
    )
    provider_code = models.CharField(_("aanbieder (AGB-code)"), max_length=20)
    product = models.ForeignKey(ProductCategory, verbose_name=_("productcategorie"), on_delete=models.PROTECT)
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("einddatum"), null=True, blank=True)
    referrer = models.CharField(_("verwijzer"), max_length=20, choices=Referrer.choices)
    amount = models.DecimalField(_("gedeclareerd bedrag (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)

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
