"""Monitor API: the school profile of contracts/registry.md "Monitor output"."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from werkplaats.monitor.selectors import profile_disclosure_required, school_profile
from werkplaats.organisations.models import School

from .serializers import ProfileQuery, SchoolProfileOutput


class SchoolProfile(APIView):
    """Aggregates only. Disclosure control applies unless the user has a relationship with the school's
    pupils; policy advisers and analysts always get suppressed figures."""

    @extend_schema(
        operation_id="monitor_school_profile",
        summary="Schoolprofiel van de monitor",
        description="Leerlingaantallen, woongemeenten, jeugdhulpindicaties (aanbieders, verwijzers) en niveaus van "
                    "schoolaanwezigheid op de peildatum. Wie geen relatie heeft met de leerlingen van de school "
                    "(zoals beleidsadviseurs en analisten) krijgt de aantallen met statistische geheimhouding.",
        parameters=[ProfileQuery],
        responses={
            200: SchoolProfileOutput,
            400: OpenApiResponse(description="ongeldige peildatum"),
            404: OpenApiResponse(description="school onbekend"),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        school = get_object_or_404(School, code=code)
        query = ProfileQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        profile = school_profile(
            school=school, on=query.validated_data["on"],
            disclosure=profile_disclosure_required(user=request.user, school=school),
        )
        return Response(SchoolProfileOutput(profile).data)
