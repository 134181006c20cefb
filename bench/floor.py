"""Floor views: the same rows as the pupil pages and API (same queries for the same school or pupil), served
by bare Django — no access layer, no access log, no templates, no serializers. Like any Django view that
shows personal data they answer only a signed-in caller (`signed_in`: a session user as `login_required`
checks it, or an API token as DRF's TokenAuthentication looks it up). `table`, `page` and `signed_in` serve
the other floor modules too. Mounted only by bench/urls.py."""

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db.models import Q, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape
from rest_framework.authtoken.models import Token

from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment, Pupil

PAGE = 50


def _rows(request: HttpRequest) -> list[Enrolment]:
    today = timezone.localdate()
    enrolments = (
        Enrolment.objects.filter(school_id=Subquery(School.objects.filter(uuid=request.GET["school"]).values("pk")))
        .filter(Q(enrolled_until__isnull=True) | Q(enrolled_until__gte=today))
        .select_related("pupil", "school")
        .order_by("pupil_family_name", "pk")
    )
    return list(enrolments[: PAGE + 1])[:PAGE]


def _dossier(uuid: UUID) -> dict[str, Any]:
    pupil = get_object_or_404(Pupil.objects.select_related("home_municipality"), uuid=uuid)
    return {
        "pupil": pupil,
        "enrolments": list(pupil.enrolments.select_related("school").order_by("-enrolled_from")),
        "guardians": list(pupil.guardians.order_by("family_name", "given_name")),
        "siblings": list(Pupil.objects.filter(family_id=pupil.family_id).exclude(pk=pupil.pk).order_by("birth_date"))
        if pupil.family_id
        else [],
    }


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer only a signed-in caller, who is then `request.caller`: the user of an API token (the key of the
    Authorization header, an active user) or of the session."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme == "Token":
            token = Token.objects.select_related("user").filter(key=key).first()
            caller = token.user if token is not None and token.user.is_active else None
        else:
            caller = request.user if request.user.is_authenticated else None
        if caller is None:
            return JsonResponse({"detail": "not authenticated"}, status=401)
        request.caller = caller  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def table(rows: list[tuple[Any, ...]]) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row) + "</tr>" for row in rows)
    return f"<table>{cells}</table>"


def page(*tables: list[tuple[Any, ...]]) -> HttpResponse:
    return HttpResponse("<!doctype html><title>floor</title>" + "".join(table(rows) for rows in tables))


@signed_in
def pupil_list_html(request: HttpRequest) -> HttpResponse:
    rows = [
        (e.pupil.family_name, e.pupil.given_name, e.pupil.birth_date, e.group, e.pupil_number, e.pupil.uuid)
        for e in _rows(request)
    ]
    return page(rows)


@signed_in
def pupil_list_json(request: HttpRequest) -> JsonResponse:
    results = [
        {
            "uuid": e.pupil.uuid,
            "given_name": e.pupil.given_name,
            "family_name": e.pupil.family_name,
            "birth_date": e.pupil.birth_date,
            "school": e.school.code,
            "pupil": e.pupil_number,
            "group": e.group,
        }
        for e in _rows(request)
    ]
    return JsonResponse({"results": results, "next": None})


@signed_in
def pupil_detail_html(request: HttpRequest, uuid: UUID) -> HttpResponse:
    dossier = _dossier(uuid)
    pupil = dossier["pupil"]
    return page(
        [(pupil.given_name, pupil.family_name, pupil.birth_date, pupil.home_municipality.name)],
        [(e.school.name, e.group, e.pupil_number, e.enrolled_from) for e in dossier["enrolments"]],
        [(g.given_name, g.family_name, g.relation, g.email) for g in dossier["guardians"]],
        [(s.given_name, s.family_name, s.birth_date) for s in dossier["siblings"]],
    )


@signed_in
def pupil_detail_json(request: HttpRequest, uuid: UUID) -> JsonResponse:
    dossier = _dossier(uuid)
    pupil = dossier["pupil"]
    return JsonResponse(
        {
            "uuid": pupil.uuid,
            "given_name": pupil.given_name,
            "family_name": pupil.family_name,
            "birth_date": pupil.birth_date,
            "home_municipality": pupil.home_municipality.code,
            "enrolments": [
                {
                    "school": e.school.code,
                    "pupil": e.pupil_number,
                    "group": e.group,
                    "enrolled_from": e.enrolled_from,
                    "enrolled_until": e.enrolled_until,
                }
                for e in dossier["enrolments"]
            ],
            "guardians": [
                {
                    "given_name": g.given_name,
                    "family_name": g.family_name,
                    "relation": g.relation,
                    "has_authority": g.has_authority,
                    "phone": g.phone,
                    "email": g.email,
                }
                for g in dossier["guardians"]
            ],
            "siblings": [s.uuid for s in dossier["siblings"]],
            "hidden_siblings": 0,
        }
    )
