"""Pages of consent (/toestemming/): the consents of one pupil with the form to record one, withdrawing with a
confirmation, and the registry for the privacy officer. Every read goes through the selectors and is logged."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from werkplaats.accounts.decorators import verified_required
from werkplaats.audit.permissions import can_review_access_log
from werkplaats.organisations.models import Organisation, School

from . import selectors, services
from .forms import ConsentForm, WithdrawForm


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Signalen en casussen"), reverse("cases:index")), *trail]


@verified_required
@require_http_methods(["GET", "POST"])
def pupil_consents(request: HttpRequest, pupil_uuid: UUID) -> HttpResponse:
    overview = selectors.pupil_consents(user=request.user, pupil_uuid=pupil_uuid)
    pupil = overview.pupil
    organisations = list(Organisation.objects.exclude(kind=Organisation.Kind.SCHOOL_BOARD).order_by("kind", "name"))
    schools = list(School.objects.filter(enrolments__pupil=pupil).distinct().order_by("name")) + list(
        School.objects.exclude(enrolments__pupil=pupil).filter(type__in=["PO", "VO", "SBO", "SO", "VSO", "IKC"])
        .order_by("name")[:200])
    form = ConsentForm(request.POST or None, guardians=[(str(g.uuid), str(g)) for g in overview.guardians],
                       organisations=[(str(o.uuid), f"{o.name} ({o.get_kind_display()})") for o in organisations],
                       schools=[(str(s.uuid), s.name) for s in schools])
    if request.method == "POST":
        if not overview.may_record:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            chosen = set(data["organisations"])
            try:
                services.consent_record(
                    actor=request.user, pupil=pupil, purpose=data["purpose"], given_on=data["given_on"],
                    guardians=[g for g in overview.guardians if str(g.uuid) in data["guardians"]],
                    pupil_agreed=data["pupil_agreed"], method=data["method"],
                    organisations=[o for o in organisations if str(o.uuid) in chosen],
                    schools=[s for s in schools if str(s.uuid) in data["schools"]], roles=data["roles"],
                    withheld_sections=data["withheld_sections"],
                    withheld_from=[o for o in organisations if str(o.uuid) in data["withheld_from"]],
                    withheld_note=data["withheld_note"], valid_from=data["valid_from"],
                    valid_until=data["valid_until"], note=data["note"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("De toestemming is vastgelegd."))
                return redirect("consent:pupil", pupil_uuid=pupil.uuid)
    return render(request, "consent/pupil.html", {"overview": overview, "pupil": pupil, "form": form,
                                                  "crumbs": _crumbs(), "crumb": _("Toestemming")})


@verified_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, uuid: UUID) -> HttpResponse:
    consent = selectors.consent_get(user=request.user, uuid=uuid)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=request.user, consent=consent, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De toestemming is ingetrokken. De toegang die zij gaf, is beëindigd."))
            return redirect("consent:pupil", pupil_uuid=consent.pupil.uuid)
    return render(request, "consent/withdraw.html", {
        "consent": consent, "status": selectors.consent_status(consent), "form": form,
        "crumbs": _crumbs((_("Toestemming"), reverse("consent:pupil", kwargs={"pupil_uuid": consent.pupil.uuid}))),
        "crumb": _("Intrekken")})


@verified_required
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    if not can_review_access_log(request.user):
        raise Http404
    return render(request, "consent/registry.html", {"rows": selectors.consent_registry(user=request.user),
                                                     "crumbs": _crumbs(), "crumb": _("Toestemmingsregister")})
