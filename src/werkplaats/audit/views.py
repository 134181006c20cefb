"""The privacy officer's pages (/privacy/): find a pupil, review the pupil's access log, export the
pupil's data with that log (right of access), and review the most recent accesses. Every read of the log
is itself logged by the selectors."""

from typing import Any
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from werkplaats.accounts.decorators import verified_required
from werkplaats.pupils.selectors import pupil_list

from . import selectors
from .models import AccessLogEntry
from .permissions import can_review_access_log


class LogFilterForm(forms.Form):
    start = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(
        label=_("Actie"), required=False, choices=[("", _("Alle acties")), *AccessLogEntry.Action.choices]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("De einddatum ligt voor de begindatum. Kies een einddatum op of na de begindatum."))
        return data

    def log_filter(self) -> selectors.LogFilter:
        return selectors.LogFilter(**self.cleaned_data) if self.is_valid() else selectors.LogFilter()


class PupilSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Naam of leerlingnummer"),
        max_length=100,
        error_messages={"required": _("Vul een (deel van de) naam of een leerlingnummer in.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _privacy_officer_only(request: HttpRequest) -> None:
    if not can_review_access_log(request.user):
        raise Http404


@verified_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Find a pupil (by POST: a name never goes into a URL) to review the log or export the data."""
    _privacy_officer_only(request)
    form = PupilSearchForm(request.POST if request.method == "POST" else None)
    page = None
    if form.is_valid():
        page = pupil_list(user=request.user, query=form.cleaned_data["q"], purpose="privacy: inzageverzoek of controle")
    return render(request, "audit/index.html", {"form": form, "page": page})


@verified_required
@require_http_methods(["GET", "POST"])
def pupil_log(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _privacy_officer_only(request)
    form = LogFilterForm(request.GET or None)
    after = request.POST.get("after") or None
    log = selectors.pupil_access_log(user=request.user, uuid=uuid, log_filter=form.log_filter(), after=after)
    return render(request, "audit/pupil_log.html", {"form": form, "log": log, "after": after})


@verified_required
@require_POST
def pupil_export(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The right-of-access export as a JSON download (logged as an export, action E)."""
    _privacy_officer_only(request)
    data = selectors.access_request_export(user=request.user, uuid=uuid)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="inzage-leerling-{uuid}.json"'
    response["Cache-Control"] = "no-store"
    return response


@verified_required
@require_http_methods(["GET", "POST"])
def recent(request: HttpRequest) -> HttpResponse:
    _privacy_officer_only(request)
    form = LogFilterForm(request.GET or None)
    after = request.POST.get("after") or None
    log = selectors.access_log_recent(user=request.user, log_filter=form.log_filter(), after=after)
    return render(request, "audit/recent.html", {"form": form, "log": log, "after": after})
