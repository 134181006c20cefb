"""The regional registry (/register/): for every logged-in user, since registry data is not pupil data."""

from typing import Any
from uuid import UUID

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from werkplaats.accounts.decorators import verified_required
from werkplaats.accounts.models import Role

from . import selectors
from .models import Organisation


class SchoolFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Soort school"), required=False)
    municipality = forms.TypedChoiceField(
        label=_("Gemeente of aanspreekpunt-gemeente"), required=False, coerce=UUID, empty_value=None
    )
    partnership = forms.TypedChoiceField(label=_("Samenwerkingsverband"), required=False, coerce=UUID, empty_value=None)

    def __init__(self, data: Any, choices: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data)
        self.fields["type"].choices = [("", _("Alle soorten")), *choices["types"]]
        self.fields["municipality"].choices = [("", _("Alle gemeenten")), *choices["municipalities"]]
        self.fields["partnership"].choices = [("", _("Alle samenwerkingsverbanden")), *choices["partnerships"]]

    def school_filter(self) -> selectors.SchoolFilter:
        return selectors.SchoolFilter(**self.cleaned_data) if self.is_valid() else selectors.SchoolFilter()


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort organisatie"), required=False)

    def __init__(self, data: Any, kinds: list[tuple[str, str, int]]) -> None:
        super().__init__(data)
        self.fields["kind"].choices = [("", _("Alle soorten"))] + [
            (kind, f"{label} ({count})") for kind, label, count in kinds if kind != Organisation.Kind.SCHOOL_BOARD
        ]

    def chosen_kind(self) -> str:
        return self.cleaned_data["kind"] if self.is_valid() else ""


class RoleFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), required=False, choices=[("", _("Alle rollen")), *Role.choices])

    def chosen_role(self) -> str:
        return self.cleaned_data["role"] if self.is_valid() else ""


@verified_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/index.html")


@verified_required
def municipalities(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/municipalities.html", {"municipalities": selectors.municipality_list()})


@verified_required
def partnerships(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/partnerships.html", {"partnerships": selectors.partnership_list()})


@verified_required
def boards(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/boards.html", {"boards": selectors.school_board_list()})


@verified_required
def schools(request: HttpRequest) -> HttpResponse:
    form = SchoolFilterForm(request.GET, selectors.school_filter_choices())
    page = selectors.school_list(school_filter=form.school_filter(), page=request.GET.get("page", 1))
    template = "organisations/schools.html#results" if request.htmx else "organisations/schools.html"
    return render(request, template, {"form": form, "page": page})


@verified_required
def school(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return render(request, "organisations/school.html", {"detail": selectors.school_get(uuid=uuid)})


@verified_required
def organisations(request: HttpRequest) -> HttpResponse:
    form = KindFilterForm(request.GET, selectors.organisation_kinds())
    context = {"form": form, "organisations": selectors.organisation_list(kind=form.chosen_kind())}
    return render(request, "organisations/organisations.html", context)


@verified_required
def organisation(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return render(request, "organisations/organisation.html", {"detail": selectors.organisation_get(uuid=uuid)})


@verified_required
def professionals(request: HttpRequest) -> HttpResponse:
    form = RoleFilterForm(request.GET)
    page = selectors.professional_list(role=form.chosen_role(), page=request.GET.get("page", 1))
    return render(request, "organisations/professionals.html", {"form": form, "page": page})
