import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplaats.core.models import BaseModel


class Role(models.TextChoices):
    TEACHER = "teacher", _("leerkracht / mentor")
    CARE_COORDINATOR = "care_coordinator", _("intern begeleider / zorgcoördinator")
    YOUTH_HEALTH = "youth_health", _("jeugdverpleegkundige / jeugdarts")
    SCHOOL_SOCIAL_WORKER = "school_social_worker", _("schoolmaatschappelijk werker")
    YOUTH_DIRECTOR = "youth_director", _("jeugdregisseur / consulent")
    ATTENDANCE_OFFICER = "attendance_officer", _("leerplichtambtenaar")
    EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist", _("orthopedagoog")
    PROCESS_FACILITATOR = "process_facilitator", _("procesbegeleider")
    POLICY_ADVISER = "policy_adviser", _("beleidsadviseur")
    ANALYST = "analyst", _("analist")
    PRIVACY_OFFICER = "privacy_officer", _("functionaris gegevensbescherming")
    FUNCTIONAL_ADMIN = "functional_admin", _("functioneel beheerder")


# Roles that never see individual pupils: aggregates only.
AGGREGATE_ONLY_ROLES = frozenset({Role.POLICY_ADVISER, Role.ANALYST, Role.FUNCTIONAL_ADMIN})


class User(AbstractUser):
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(BaseModel):
    """A user's role in an organisation or at a school location. Access to pupils follows from these."""

    user = models.ForeignKey(User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    school = models.ForeignKey(
        "organisations.School", verbose_name=_("school"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", help_text=_("Voor schoolpersoneel: de vestiging waar de gebruiker werkt."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="memberships",
        help_text=_("Voor partners: de organisatie; toegang tot de scholen waar die organisatie werkt."),
    )
    groups = models.JSONField(
        _("groepen"), default=list, blank=True,
        help_text=_("Alleen voor leerkrachten: de groepen of klassen waarvan de leerkracht leerlingen ziet."),
    )
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=False) | models.Q(organisation__isnull=False),
                name="membership_has_school_or_organisation",
                violation_error_message=_("Kies een school of een organisatie."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.school or self.organisation}"
