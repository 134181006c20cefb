"""Writes of consents: keyword-only, typed, atomic, validated with the age rules of `policy.py`. Every write
is logged in the access log (a consent names the pupil)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from werkplaats.accounts.models import Role, User
from werkplaats.audit.services import Action, access_log_write
from werkplaats.organisations.models import Organisation, School
from werkplaats.pupils.models import Guardian, Pupil

from . import policy
from .models import Consent, GivenBy, Section
from .permissions import can_record_consent

PURPOSE_LOG = "toestemming vastleggen"


def _log(actor: User, consent: Consent, event_type: str, action: str) -> None:
    access_log_write(
        user=actor, event_type=event_type, action=action, object_type="consent",
        object_ids=[(str(consent.uuid), consent.pupil.uuid)], purpose=PURPOSE_LOG,
        authorisation="relatie met de leerling (casus of school)", consent=f"toestemming {consent.uuid}",
    )


@transaction.atomic
def consent_record(
    *,
    actor: User,
    pupil: Pupil,
    purpose: str,
    given_on: date,
    guardians: Iterable[Guardian] = (),
    pupil_agreed: bool = False,
    organisations: Iterable[Organisation] = (),
    schools: Iterable[School] = (),
    roles: Iterable[str] = (),
    withheld_sections: Iterable[str] = (),
    withheld_from: Iterable[Organisation] = (),
    withheld_note: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
    method: str = Consent._meta.get_field("method").default,
    note: str = "",
) -> Consent:
    """Record a consent. Who must give it follows from the pupil's age on `given_on`: under 12 a guardian with
    parental authority; 12–15 a guardian and the pupil; 16 and older the pupil alone."""
    if not can_record_consent(actor, pupil):
        raise PermissionDenied(_("U mag voor deze leerling geen toestemming vastleggen."))
    guardians, organisations, schools = list(guardians), list(organisations), list(schools)
    roles, withheld_sections, withheld_from = list(roles), list(withheld_sections), list(withheld_from)
    errors: dict[str, str] = {}
    if given_on > timezone.localdate():
        errors["given_on"] = _("De datum waarop toestemming is gegeven, ligt in de toekomst.")
    age = policy.age_on(pupil.birth_date, given_on)
    given_by = policy.deciders_for(age)
    own_guardians = set(pupil.guardians.filter(has_authority=True).values_list("pk", flat=True))
    strangers = [g for g in guardians if g.pk not in own_guardians]
    if strangers:
        errors["guardians"] = _("%(name)s heeft geen gezag over deze leerling en kan geen toestemming geven.") % {
            "name": strangers[0]}
    elif given_by == GivenBy.GUARDIANS and not guardians:
        errors["guardians"] = _("De leerling was %(age)s jaar: onder de 12 beslissen de ouders of verzorgers. Kies "
                                "wie toestemming gaf.") % {"age": age}
    elif given_by == GivenBy.GUARDIANS_AND_PUPIL and not (guardians and pupil_agreed):
        errors["guardians"] = _("De leerling was %(age)s jaar: van 12 tot 16 jaar geven de ouders of verzorgers én de "
                                "leerling toestemming. Kies wie van de ouders toestemming gaf en vink aan dat de "
                                "leerling zelf toestemming gaf.") % {"age": age}
    elif given_by == GivenBy.PUPIL and not pupil_agreed:
        errors["pupil_agreed"] = _("De leerling was %(age)s jaar: vanaf 16 jaar beslist de leerling zelf. Toestemming "
                                   "van de ouders alleen is niet genoeg.") % {"age": age}
    if not (organisations or schools or roles):
        errors["organisations"] = _("Kies aan welke organisaties, scholen of rollen de toestemming is gegeven.")
    if set(roles) - set(Role.values):
        errors["roles"] = _("Kies rollen uit de lijst.")
    if set(withheld_sections) - set(Section.values):
        errors["withheld_sections"] = _("Kies onderdelen uit de lijst.")
    if withheld_from and not withheld_sections:
        errors["withheld_sections"] = _("Kies welke onderdelen niet gedeeld worden.")
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        pupil=pupil, purpose=purpose, given_by=given_by, pupil_agreed=pupil_agreed, given_on=given_on,
        pupil_age=age, method=method, roles=sorted(set(roles)), withheld_sections=sorted(set(withheld_sections)),
        withheld_note=withheld_note.strip(), valid_from=valid_from or given_on, valid_until=valid_until,
        reask_on=policy.reask_date(pupil.birth_date, given_on), note=note.strip(), recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    consent.guardians.set(guardians)
    consent.organisations.set(organisations)
    consent.schools.set(schools)
    consent.withheld_from.set(withheld_from)
    _log(actor, consent, "consent.record", Action.CREATE)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, note: str = "") -> Consent:
    """Withdraw a consent. The access it gave ends at once: every access check asks for a valid consent."""
    if not can_record_consent(actor, consent.pupil):
        raise PermissionDenied(_("U mag deze toestemming niet intrekken."))
    consent = Consent.objects.select_for_update().select_related("pupil").get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Deze toestemming is al ingetrokken op %(when)s.") % {
            "when": date_format(timezone.localtime(consent.withdrawn_at), "j F Y")})
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note", "updated"])
    _log(actor, consent, "consent.withdraw", Action.UPDATE)
    return consent
