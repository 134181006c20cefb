"""`werkplaats demo seed`: writes a synthetic region (generator.region_plan) on top of the reference data, in
bulk, and creates the demo accounts (one per role, each with a confirmed TOTP device named "demo")."""

import time
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkplaats.accounts.models import Membership, Role, User
from werkplaats.arrangements.models import Indication, ProductCategory
from werkplaats.audit.services import Action, access_log_write
from werkplaats.organisations.models import Municipality, Organisation, Partnership, School
from werkplaats.pupils.models import Enrolment, Family, Guardian, Pupil
from werkplaats.pupils.services import bsn_hash

from . import constants as c
from .generator import Region, region_plan
from .story import StorySummary, demo_story

BATCH = 5000
MINIMUM_PUPILS = 100


class DemoRegionExists(Exception):
    """The database already holds schools: a demo region goes only into an empty registry."""


@dataclass(frozen=True)
class SeedSummary:
    seconds: float
    schools: int
    pilot_schools: int
    organisations: int
    providers: int
    pupils: int
    families: int
    families_with_siblings: int
    guardians: int
    pupils_with_bsn: int
    indications: int
    indicated_pupils: int
    accounts: int
    bsn_shortage: int
    story: StorySummary

    def as_text(self) -> str:
        lines = [
            _("Demoregio aangemaakt in %(seconds).1f s:") % {"seconds": self.seconds},
            _("- %(schools)d schoolvestigingen, waarvan %(pilots)d pilotscholen")
            % {"schools": self.schools, "pilots": self.pilot_schools},
            _("- %(organisations)d organisaties, waarvan %(providers)d jeugdhulpaanbieders")
            % {"organisations": self.organisations, "providers": self.providers},
            _("- %(pupils)d leerlingen in %(families)d gezinnen (%(siblings)d met broers of zussen), "
              "%(guardians)d ouders/verzorgers")
            % {"pupils": self.pupils, "families": self.families, "siblings": self.families_with_siblings,
               "guardians": self.guardians},
            _("- %(with_bsn)d leerlingen met een BSN uit de testreeks (alleen als versleutelde hash opgeslagen)")
            % {"with_bsn": self.pupils_with_bsn},
            _("- %(indications)d jeugdhulpindicaties voor %(indicated)d leerlingen")
            % {"indications": self.indications, "indicated": self.indicated_pupils},
            _("- %(accounts)d demo-accounts") % {"accounts": self.accounts},
        ]
        lines.append(
            _("- bij De Akker (Hengelo): een interprofessioneel team met %(meetings)d overleggen, %(signals)d "
              "signalen, %(cases)d casussen, %(consents)d toestemmingen, %(handovers)d warme overdracht(en), "
              "%(proposals)d voorstel(len) van individueel naar collectief")
            % {"meetings": self.story.meetings, "signals": self.story.signals, "cases": self.story.cases,
               "consents": self.story.consents, "handovers": self.story.handovers,
               "proposals": self.story.proposals}
        )
        lines.append(
            _("- %(registrations)d verzuimregistraties (De Akker en Het Stedelijk), via de verzuimimport")
            % {"registrations": self.story.registrations}
        )
        if self.bsn_shortage:
            lines.append(
                _("Let op: de BSN-testreeks is op; %(count)d leerlingen kregen daardoor geen indicatie.")
                % {"count": self.bsn_shortage}
            )
        return "\n".join(lines)


def partnerships_by_municipality() -> dict[tuple[str, str], str]:
    """(sector, CBS code) -> samenwerkingsverband code, from the reference data."""
    return {
        (sector, municipality): code
        for code, sector, municipality in Partnership.objects.values_list("code", "sector", "municipalities__code")
        if municipality
    }


def demo_region_plan(*, pupils: int, seed: int, today: date | None = None) -> Region:
    """The plan of a demo region for this database's reference data."""
    return region_plan(
        pupils=pupils, seed=seed, today=today or timezone.localdate(), partnerships=partnerships_by_municipality(),
        products=list(ProductCategory.objects.values_list("code", flat=True)),
    )


def demo_seed(*, pupils: int, seed: int, if_empty: bool = False, today: date | None = None) -> SeedSummary | None:
    """Create a demo region of `pupils` pupils. Returns None when `if_empty` and a school already exists;
    raises DemoRegionExists when schools exist and `if_empty` is not set."""
    if School.objects.exists():
        if if_empty:
            return None
        raise DemoRegionExists
    started = time.perf_counter()
    today = today or timezone.localdate()
    region = demo_region_plan(pupils=pupils, seed=seed, today=today)
    # The story's notifications stay in the application: no e-mail to the fictitious people.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        org_ids, school_ids = _write_region(region)
        accounts = demo_accounts_create(org_ids=org_ids, school_ids=school_ids)
        access_log_write(
            user=None, event_type="demo.seed", action=Action.CREATE, object_type="region",
            object_ids=[(f"seed {seed}", None)], purpose="demo-omgeving met fictieve leerlingen",
            authorisation="werkplaats demo seed",
        )
        story = demo_story(today=today, seed=seed, present=_present(today))
    indicated = {indication.pupil for indication in region.indications}
    return SeedSummary(
        seconds=time.perf_counter() - started,
        schools=len(region.schools),
        pilot_schools=sum(1 for s in region.schools if s.is_pilot),
        organisations=len(region.organisations),
        providers=sum(1 for o in region.organisations if o.kind == Organisation.Kind.CARE_PROVIDER),
        pupils=len(region.pupils),
        families=len(region.families),
        families_with_siblings=sum(1 for f in region.families if len(f.children) > 1),
        guardians=len(region.guardians),
        pupils_with_bsn=sum(1 for p in region.pupils if p.bsn),
        indications=len(region.indications),
        indicated_pupils=len(indicated),
        accounts=len(accounts),
        bsn_shortage=region.bsn_shortage,
        story=story,
    )


def _present(today: date) -> datetime:
    """The moment the story ends: now, or noon when the region is made for another day than today."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, datetime.min.time().replace(hour=12)))


def _write_region(region: Region) -> tuple[dict[str, int], dict[str, int]]:
    """Bulk-insert the plan; returns the ids of the organisations (by key) and schools (by code)."""
    municipalities = dict(Municipality.objects.values_list("code", "pk"))
    partnerships = dict(Partnership.objects.values_list("code", "pk"))

    organisations = [
        Organisation(kind=o.kind, name=o.name, code=o.code,
                     municipality_id=municipalities[o.municipality] if o.municipality else None)
        for o in region.organisations
    ]
    Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    org_ids = {plan.key: row.pk for plan, row in zip(region.organisations, organisations, strict=True)}

    schools = [
        School(code=s.code, name=s.name, type=s.type, municipality_id=municipalities[s.municipality],
               contact_municipality_id=municipalities[s.contact_municipality],
               partnership_id=partnerships[s.partnership] if s.partnership else None,
               board_id=org_ids[s.board] if s.board else None, is_pilot=s.is_pilot)
        for s in region.schools
    ]
    School.objects.bulk_create(schools, batch_size=BATCH)
    school_ids = {plan.code: row.pk for plan, row in zip(region.schools, schools, strict=True)}
    School.partners.through.objects.bulk_create(
        [School.partners.through(school_id=school_ids[s.code], organisation_id=org_ids[key])
         for s in region.schools for key in s.partners],
        batch_size=BATCH,
    )

    families = [Family(key=f.key) for f in region.families]
    Family.objects.bulk_create(families, batch_size=BATCH)
    pupils = [
        Pupil(given_name=p.given_name, family_name=p.family_name, birth_date=p.birth_date,
              bsn_hash=bsn_hash(p.bsn) if p.bsn else None, home_municipality_id=municipalities[p.home],
              family_id=families[p.family].pk)
        for p in region.pupils
    ]
    Pupil.objects.bulk_create(pupils, batch_size=BATCH)
    Enrolment.objects.bulk_create(
        [Enrolment(pupil_id=pupils[e.pupil].pk, school_id=school_ids[e.school], pupil_number=e.pupil_number,
                   group=e.group, enrolled_from=e.enrolled_from, enrolled_until=e.enrolled_until)
         for e in region.enrolments],
        batch_size=BATCH,
    )
    guardians = [
        Guardian(given_name=g.given_name, family_name=g.family_name, relation=g.relation,
                 has_authority=g.has_authority, email=g.email)
        for g in region.guardians
    ]
    Guardian.objects.bulk_create(guardians, batch_size=BATCH)
    Guardian.pupils.through.objects.bulk_create(
        [Guardian.pupils.through(guardian_id=row.pk, pupil_id=pupils[child].pk)
         for plan, row in zip(region.guardians, guardians, strict=True)
         for child in region.families[plan.family].children],
        batch_size=BATCH,
    )
    Indication.objects.bulk_create(
        [Indication(bsn_hash=pupils[i.pupil].bsn_hash, municipality_id=municipalities[i.municipality],
                    provider_code=i.provider_code, product_id=i.product, start=i.start, end=i.end,
                    referrer=i.referrer, amount=i.amount)
         for i in region.indications],
        batch_size=BATCH,
    )
    return org_ids, school_ids


def demo_accounts_create(*, org_ids: dict[str, int], school_ids: dict[str, int]) -> list[User]:
    """One account per role (constants.DEMO_ACCOUNTS), each with one membership and a confirmed TOTP
    device named "demo"; the functional admin gets the Django admin permissions of its group."""
    admin_group = _admin_group()
    users = []
    for spec in c.DEMO_ACCOUNTS:
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={"first_name": spec.first_name, "last_name": spec.last_name, "is_active": True,
                      "email": f"{spec.username}@example.org", "is_staff": spec.is_staff, "is_superuser": False},
        )
        user.set_password(c.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        Membership.objects.filter(user=user).delete()
        at_school = spec.where in school_ids
        Membership.objects.create(
            user=user, role=spec.role, groups=list(spec.groups),
            school_id=school_ids[spec.where] if at_school else None,
            organisation_id=None if at_school else org_ids[spec.where],
        )
        TOTPDevice.objects.filter(user=user, name=c.DEMO_DEVICE_NAME).delete()
        TOTPDevice.objects.create(user=user, name=c.DEMO_DEVICE_NAME, confirmed=True)
        if spec.is_staff:
            user.groups.add(admin_group)
        users.append(user)
    return users


def _admin_group() -> Group:
    group, _created = Group.objects.get_or_create(name=c.ADMIN_GROUP_NAME)
    wanted = Q(pk__in=[])
    for app_label, model, actions in c.ADMIN_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions])
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def _where(spec: c.DemoAccount) -> str:
    pilots = {s.code: s.name for s in (*c.PILOT_SCHOOLS, c.TWENTE_KDV, c.TWENTE_MBO)}
    organisations = {c.ORG_JGZ: c.JGZ_NAME, c.ORG_KNOWLEDGE_CENTRE: c.KNOWLEDGE_CENTRE_NAME,
                     c.ORG_PROGRAMME: c.PROGRAMME_NAME}
    for code, (name, *_rest) in c.MUNICIPALITIES.items():
        for prefix, _kind, pattern in c.MUNICIPAL_ORGANISATIONS:
            organisations[c.municipal_org_key(prefix, code)] = pattern.format(name=name)
    where = pilots.get(spec.where) or organisations[spec.where]
    return f"{where} ({', '.join(spec.groups)})" if spec.groups else where


def accounts_table() -> str:
    """The demo accounts as a Markdown table (printed by the command, copied into ACCOUNTS.md)."""
    rows = [
        "| " + " | ".join((_("gebruikersnaam"), _("wachtwoord"), _("rol"), _("werkt bij"), _("ziet"))) + " |",
        "|---|---|---|---|---|",
    ]
    for spec in c.DEMO_ACCOUNTS:
        rows.append(f"| `{spec.username}` | `{c.DEMO_PASSWORD}` | {Role(spec.role).label} | {_where(spec)} "
                    f"| {spec.sees} |")
    return "\n".join(rows)
