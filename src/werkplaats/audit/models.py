from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    """One access to personal data (NEN 7513). Append-only: on PostgreSQL a trigger rejects UPDATE,
    DELETE and TRUNCATE. Names and roles are copied in, so the entry stays readable when users change."""

    class Action(models.TextChoices):
        CREATE = "C", _("aanmaken")
        READ = "R", _("inzien")
        UPDATE = "U", _("wijzigen")
        DELETE = "D", _("verwijderen")
        EXECUTE = "E", _("uitvoeren / exporteren")

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("toegestaan")
        REFUSED = "refused", _("geweigerd")

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("tijdstip (UTC)"), default=timezone.now, db_index=True)
    event_type = models.CharField(_("gebeurtenis"), max_length=50)
    action = models.CharField(_("actie"), max_length=1, choices=Action.choices)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    user_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    user_name = models.CharField(_("gebruiker"), max_length=200)
    role = models.CharField(_("rol"), max_length=100, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    purpose = models.CharField(_("doel"), max_length=200, blank=True)
    client_address = models.CharField(_("adres van de client"), max_length=100, blank=True)
    object_type = models.CharField(_("soort object"), max_length=50)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    pupil_uuid = models.UUIDField(_("leerling (uuid)"), null=True, blank=True)
    authorisation = models.CharField(_("autorisatie"), max_length=300, blank=True)
    consent = models.CharField(_("toestemming"), max_length=300, blank=True)
    emergency = models.BooleanField(_("noodtoegang"), default=False)

    class Meta:
        verbose_name = _("inzagelogregel")
        verbose_name_plural = _("inzagelogboek")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["pupil_uuid", "-occurred_at"]),
            models.Index(fields=["user_id", "-occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.user_name} {self.event_type} {self.outcome}"
