"""Who may set up a collective arrangement (rules predicates). Reading arrangements is open to every verified
user with a role: they hold no personal data. Creating one is for the people who organise support around a
school location: policy advisers, the staff of a samenwerkingsverband and the school's IB'er / care
coordinator or process facilitator (which schools exactly: selectors.arrangement_schools_for)."""

import rules

from werkplaats.organisations.models import School

from .selectors import arrangement_schools_for


@rules.predicate
def may_create_collective_arrangement(user, school: School | None = None) -> bool:
    """For one school location; without a school: for at least one."""
    schools = arrangement_schools_for(user=user)
    return schools.filter(pk=school.pk).exists() if school is not None else schools.exists()


rules.add_perm("arrangements.add_collectivearrangement", may_create_collective_arrangement)
