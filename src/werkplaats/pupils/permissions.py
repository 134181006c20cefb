"""Rules predicates of the access layer for pupils. Default deny: a user sees a pupil only through a
relationship with the pupil's school location (or, for an attendance officer, the pupil's municipality)."""

import rules

from werkplaats.accounts.models import Role
from werkplaats.accounts.selectors import user_roles

from .models import Pupil


@rules.predicate
def has_pupil_relationship(user, pupil: Pupil) -> bool:
    from .selectors import pupils_visible_to

    if pupil is None or not user.is_authenticated:
        return False
    return pupils_visible_to(user=user).filter(pk=pupil.pk).exists()


@rules.predicate
def is_privacy_officer(user) -> bool:
    return user.is_authenticated and Role.PRIVACY_OFFICER in user_roles(user=user)


can_view_pupil = has_pupil_relationship
can_view_pupil_access_log = is_privacy_officer & has_pupil_relationship
can_export_pupil = is_privacy_officer & has_pupil_relationship

rules.add_perm("pupils.view_pupil", can_view_pupil)
rules.add_perm("pupils.view_pupil_access_log", can_view_pupil_access_log)
rules.add_perm("pupils.export_pupil", can_export_pupil)
