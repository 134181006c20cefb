"""Navigation by role (UX.md): which parts of Werkplaats a user's roles may use, the main menu limited
to those parts, and what each role finds on its start page *Mijn overzicht*."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, Role, User
from werkplaats.accounts.selectors import attendance_municipalities_for_user, schools_for_user, user_roles
from werkplaats.audit.permissions import can_review_access_log
from werkplaats.audit.selectors import RecentLog, access_log_recent
from werkplaats.organisations.models import School
from werkplaats.pupils.selectors import EnrolmentCount, MunicipalityCount, enrolment_counts, resident_counts

# Roles of people who work with pupils at or for a school location (through the school or a partner).
SCHOOL_ROLES = frozenset(
    {
        Role.CARE_COORDINATOR,
        Role.YOUTH_HEALTH,
        Role.SCHOOL_SOCIAL_WORKER,
        Role.YOUTH_DIRECTOR,
        Role.EDUCATIONAL_PSYCHOLOGIST,
        Role.PROCESS_FACILITATOR,
    }
)


def may_see_pupils(user: User) -> bool:
    """Roles that may see individual pupils at all (which pupils: the access layer decides)."""
    return bool(user_roles(user=user) - AGGREGATE_ONLY_ROLES)


def may_use_admin(user: User) -> bool:
    """The Django admin (/beheer/): functional admins, and staff accounts with Django permissions."""
    return user.is_active and (user.is_staff or Role.FUNCTIONAL_ADMIN in user_roles(user=user))


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url: str
    current: bool


# The main menu of UX.md, for the parts that have pages: (label, URL name, who may use it). Aanwezigheid
# and Programma join here once their pages exist. An item whose URL does not resolve is left out.
MENU: list[tuple[str | Promise, str, Callable[[User], bool]]] = [
    (_("Mijn overzicht"), "core:home", lambda user: True),
    (_("Leerlingen"), "pupils:list", may_see_pupils),
    (_("Signalen"), "cases:signals", may_see_pupils),
    (_("Casussen"), "cases:index", may_see_pupils),
    (_("Team & overleg"), "teams:index", lambda user: bool(user_roles(user=user))),
    (_("Aanwezigheid"), "attendance:index", may_see_pupils),
    (_("Monitor"), "monitor:dashboard", lambda user: bool(user_roles(user=user))),
    (_("Arrangementen"), "arrangements:list", lambda user: bool(user_roles(user=user))),
    (_("Register"), "organisations:index", lambda user: True),
    (_("Privacy"), "audit:index", lambda user: can_review_access_log(user)),
    (_("Beheer"), "admin:index", may_use_admin),
]


@functools.lru_cache(maxsize=16)
def _menu_urls(urlconf: str, script_prefix: str) -> list[tuple[str | Promise, str, Callable[[User], bool]]]:
    """The menu with its URLs, reversed once per URL configuration and script prefix (`reverse` reads
    both from the current thread) instead of eleven times on every page."""
    items = []
    for label, name, allowed in MENU:
        try:
            items.append((label, reverse(name), allowed))
        except NoReverseMatch:
            continue
    return items


def language_names() -> list[tuple[str, str]]:
    """The languages of the switch, each named in itself ("Nederlands", "English")."""
    return [(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]


def menu_for(request: HttpRequest) -> list[MenuItem]:
    """The main menu, as far as the user's roles allow; the current item is the longest URL that the
    current path starts with."""
    user = request.user
    if not (user.is_authenticated and user.is_verified()):
        return []
    menu = _menu_urls(get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
    items = [(label, url) for label, url, allowed in menu if allowed(user)]
    matches = [url for _label, url in items if request.path == url or (url != "/" and request.path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [MenuItem(label, url, url == current) for label, url in items]


@dataclass
class StartPage:
    """The parts of *Mijn overzicht*, in the order of UX.md. Each part is filled only for a role that has it."""

    roles: list[str]
    group_counts: list[EnrolmentCount] | None = None
    school_counts: list[tuple[School, int]] | None = None
    resident_counts: list[MunicipalityCount] | None = None
    municipality_names: list[str] = field(default_factory=list)
    aggregates_only: bool = False
    privacy: RecentLog | None = None
    admin: bool = False


def start_page_for(user: User) -> StartPage:
    roles = user_roles(user=user)
    page = StartPage(roles=sorted(str(Role(role).label) for role in roles))
    if Role.TEACHER in roles:
        page.group_counts = enrolment_counts(user=user, by_group=True)
    if roles & SCHOOL_ROLES:
        counts = {row.school_uuid: row.pupils for row in enrolment_counts(user=user)}
        page.school_counts = [
            (school, counts.get(school.uuid, 0))
            for school in schools_for_user(user=user).select_related("municipality").order_by("name")
        ]
    if Role.ATTENDANCE_OFFICER in roles:
        page.resident_counts = resident_counts(user=user)
        page.municipality_names = list(
            attendance_municipalities_for_user(user=user).order_by("name").values_list("name", flat=True)
        )
    page.aggregates_only = bool(roles & {Role.POLICY_ADVISER, Role.ANALYST})
    if Role.PRIVACY_OFFICER in roles:
        page.privacy = access_log_recent(user=user, limit=5)
    page.admin = may_use_admin(user)
    return page
