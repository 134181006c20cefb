"""Who may review the access log. Reviewing one pupil's log also needs a relationship with the pupil
(`pupils.permissions.can_view_pupil_access_log`); the review pages as such are for privacy officers."""

import rules

from werkplaats.pupils.permissions import is_privacy_officer

can_review_access_log = is_privacy_officer

rules.add_perm("audit.review_access_log", can_review_access_log)
