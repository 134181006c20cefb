"""Who may record, withdraw and read consents. Default deny. A consent is recorded by a professional who
works with the pupil: a participant of one of the pupil's cases, or someone with a relationship with the
pupil's school in a role that coordinates support (not a teacher, not the attendance officer, never a policy
or admin role). The privacy officer with a relationship with the pupil's school reads the registry."""

import rules

from werkplaats.accounts.models import Role
from werkplaats.accounts.selectors import pupil_memberships
from werkplaats.pupils.models import Pupil
from werkplaats.pupils.permissions import has_pupil_relationship, is_privacy_officer

# Roles that record consent through their relationship with the school alone.
RECORDING_ROLES = frozenset({
    Role.CARE_COORDINATOR, Role.YOUTH_HEALTH, Role.SCHOOL_SOCIAL_WORKER, Role.YOUTH_DIRECTOR,
    Role.EDUCATIONAL_PSYCHOLOGIST, Role.PROCESS_FACILITATOR,
})


@rules.predicate
def is_case_participant_of_pupil(user, pupil: Pupil) -> bool:
    from werkplaats.cases.permissions import participates_in_case_of

    return user.is_authenticated and pupil is not None and participates_in_case_of(user, pupil)


@rules.predicate
def has_recording_role(user) -> bool:
    return user.is_authenticated and pupil_memberships(user=user).filter(role__in=RECORDING_ROLES).exists()


can_record_consent = is_case_participant_of_pupil | (has_recording_role & has_pupil_relationship)
can_view_consents = can_record_consent | (is_privacy_officer & has_pupil_relationship)

rules.add_perm("consent.record_consent", can_record_consent)
rules.add_perm("consent.view_consents", can_view_consents)
