"""Collective arrangements (/arrangementen/): the list per school location, a new arrangement, and one
arrangement with the allocation of its cost across municipalities (contracts/finance.md). No personal
data: every verified user with a role may read them; who may create one: permissions.py."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from werkplaats.accounts.decorators import verified_required
from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import user_roles

from . import selectors, services
from .forms import CollectiveArrangementForm, FundingSourceFormSet
from .permissions import may_create_collective_arrangement


class SchoolFilterForm(forms.Form):
    school = forms.TypedChoiceField(label=gettext_lazy("School"), required=False, coerce=UUID, empty_value=None)

    def __init__(self, data: object) -> None:
        super().__init__(data)
        self.fields["school"].choices = [("", gettext_lazy("Alle scholen")), *selectors.arrangement_school_choices()]

    def school_uuid(self) -> UUID | None:
        return self.cleaned_data["school"] if self.is_valid() else None


def _role_required(user: User) -> None:
    if not (user.is_superuser or user_roles(user=user)):
        raise PermissionDenied


@verified_required
def arrangement_list(request: HttpRequest) -> HttpResponse:
    _role_required(request.user)
    form = SchoolFilterForm(request.GET)
    page = selectors.collective_arrangement_list(school_uuid=form.school_uuid(), page=request.GET.get("page", 1))
    context = {"form": form, "page": page,
               "may_create": may_create_collective_arrangement(request.user)}
    return render(request, "arrangements/list.html", context)


@verified_required
@require_http_methods(["GET", "POST"])
def arrangement_create(request: HttpRequest) -> HttpResponse:
    if not may_create_collective_arrangement(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = CollectiveArrangementForm(
        data, schools=selectors.arrangement_schools_for(user=request.user), providers=selectors.provider_choices(),
        initial={"school": request.GET.get("school")},
    )
    funding = FundingSourceFormSet(
        data, prefix="financiering", form_kwargs={"organisations": selectors.funding_organisation_choices()}
    )
    if data is not None and form.is_valid() and funding.is_valid():
        values = form.cleaned_data
        try:
            arrangement = services.collective_arrangement_create(
                school=values["school"], name=values["name"], description=values["description"],
                legal_route=values["legal_route"], period_start=values["period_start"],
                period_end=values["period_end"], budget_cents=values["budget"],
                actual_cost_cents=values["actual_cost"], allocation_key=values["allocation_key"],
                reference_date=values["reference_date"], providers=values["providers"],
                funding_sources=funding.funding_sources(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het collectieve arrangement is opgeslagen."))
            return redirect("arrangements:detail", uuid=arrangement.uuid)
    return render(request, "arrangements/create.html", {"form": form, "funding": funding})


@verified_required
def arrangement_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _role_required(request.user)
    return render(request, "arrangements/detail.html", {"detail": selectors.collective_arrangement_detail(uuid=uuid)})
