"""The regional monitor (/monitor/): the dashboard of all school locations, the profile of one school and
its printable factsheet. Aggregates only, for every verified user with a role; figures of pupils are
published with disclosure control to everyone who may not see the pupils of the school (the rule of the
monitor API: `profile_disclosure_required`)."""

from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from werkplaats.accounts.decorators import verified_required
from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import user_roles

from . import selectors
from .charts import Bar, bar_chart, bars_description
from .forms import ReferenceDateForm, RegionFilterForm


def _role_required(user: User) -> None:
    """The monitor is for everyone with a role in Werkplaats (aggregates only), not for accounts without one."""
    if not (user.is_superuser or user_roles(user=user)):
        raise PermissionDenied


@verified_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _role_required(request.user)
    form = RegionFilterForm(request.GET, selectors.region_filter_choices())
    overview = selectors.region_overview(
        user=request.user, on=form.reference_date(), region_filter=form.region_filter(),
        page=request.GET.get("page", 1),
    )
    template = "monitor/dashboard.html#results" if request.htmx else "monitor/dashboard.html"
    return render(request, template, {"form": form, "overview": overview, "threshold": _threshold_percent()})


def _profile_context(request: HttpRequest, uuid: UUID) -> dict[str, object]:
    school = selectors.monitor_school_get(uuid=uuid)
    form = ReferenceDateForm(request.GET)
    profile = selectors.school_profile_page(
        school=school, on=form.reference_date(),
        disclosure=selectors.profile_disclosure_required(user=request.user, school=school),
    )
    return {"form": form, "profile": profile, "charts": _charts(profile), "threshold": _threshold_percent()}


def _threshold_percent() -> Decimal:
    return Decimal(str(settings.CARE_INTENSIVE_THRESHOLD)) * 100


def _charts(profile: selectors.ProfilePage) -> dict[str, SafeString]:
    pupils, with_indication = _("Aantal leerlingen"), _("Aantal leerlingen met een jeugdhulpindicatie")
    parts = {
        "municipalities": (_("Leerlingen per woongemeente"), pupils,
                           [Bar(f"{f.label} ({f.code})", f.value) for f in profile.municipalities]),
        "providers": (_("Leerlingen met een jeugdhulpindicatie per aanbieder"), with_indication,
                      [Bar(f"{f.label} ({f.code})" if f.label else f.code, f.value) for f in profile.providers]),
        "referrers": (_("Leerlingen met een jeugdhulpindicatie per verwijzer"), with_indication,
                      [Bar(f.label, f.value) for f in profile.referrers]),
        "tiers": (_("Leerlingen per niveau van schoolaanwezigheid"), pupils,
                  [Bar(f.label, f.value) for f in profile.tiers]),
    }
    return {
        name: bar_chart(chart_id=f"grafiek-{name}", title=title, description=bars_description(bars),
                        axis_label=axis, bars=bars)
        for name, (title, axis, bars) in parts.items()
    }


@verified_required
def school_profile(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _role_required(request.user)
    return render(request, "monitor/profile.html", _profile_context(request, uuid))


@verified_required
def factsheet(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The profile on one printed page for the IPT's ambition workshop, with the date and the viewer's name
    in the footer (what the viewer may see, no more)."""
    _role_required(request.user)
    return render(request, "monitor/factsheet.html", {**_profile_context(request, uuid), "printed": timezone.now()})
