from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from werkplaats.accounts.decorators import verified_required

from .navigation import start_page_for


@verified_required
def home(request: HttpRequest) -> HttpResponse:
    """Mijn overzicht: the start page of the user's roles."""
    return render(request, "core/home.html", {"page": start_page_for(request.user)})
