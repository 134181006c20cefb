"""Pupils (/leerlingen/): the list and one pupil, through the access layer; every read is logged.
School and group filters are in the URL; a name search goes by POST, and with it the page cursor, so that
no personal data ever ends up in a URL, a browser history or a server log."""

from typing import Any
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from werkplaats.accounts.decorators import verified_required
from werkplaats.core.navigation import may_see_pupils

from . import selectors


class PupilFilterForm(forms.Form):
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=UUID, empty_value=None)
    group = forms.ChoiceField(label=_("Groep / klas"), required=False)

    def __init__(self, data: Any, choices: selectors.FilterChoices) -> None:
        super().__init__(data)
        self.fields["school"].choices = [
            ("", _("Alle scholen")),
            *((str(uuid), name) for uuid, name in choices.schools),
        ]
        self.fields["group"].choices = [("", _("Alle groepen")), *((group, group) for group in choices.groups)]

    def values(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {"school": None, "group": ""}


class PupilSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek op naam of leerlingnummer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def values(self) -> dict[str, str]:
        return self.cleaned_data if self.is_valid() else {"q": "", "after": ""}


def _uuid_or_none(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


@verified_required
@require_http_methods(["GET", "POST"])
def pupil_list(request: HttpRequest) -> HttpResponse:
    if not may_see_pupils(request.user):
        raise Http404
    filters = PupilFilterForm(
        request.GET,
        selectors.pupil_filter_choices(user=request.user, school_uuid=_uuid_or_none(request.GET.get("school"))),
    )
    search = PupilSearchForm(request.POST if request.method == "POST" else {})
    chosen, searched = filters.values(), search.values()
    page = selectors.pupil_list(
        user=request.user,
        school_uuid=chosen["school"],
        group=chosen["group"],
        query=searched["q"].strip(),
        after=searched["after"] or None,
    )
    context = {"filters": filters, "search": search, "page": page, "q": searched["q"], "after": searched["after"]}
    return render(request, "pupils/list.html#results" if request.htmx else "pupils/list.html", context)


@verified_required
def pupil_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return render(request, "pupils/detail.html", {"dossier": selectors.pupil_dossier(user=request.user, uuid=uuid)})
