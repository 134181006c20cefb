"""Pupils API: the same access layer and access log as the pages."""

from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from werkplaats.core.api import PersonalDataAccess
from werkplaats.pupils import selectors

from .serializers import PupilDetailOutput, PupilListOutput, PupilPageOutput


def _uuid_param(value: str | None, name: str) -> UUID | None:
    if not value:
        return None
    try:
        return UUID(value)
    except (ValueError, DjangoValidationError):
        raise ValidationError({name: f"{value} is geen geldige uuid."}) from None


class PupilList(APIView):
    """Pupils the caller may see (through a relationship with their school), 50 per page, ordered by name."""

    permission_classes = [PersonalDataAccess]

    @extend_schema(
        parameters=[
            OpenApiParameter("school", UUID, description="uuid van de schoolvestiging"),
            OpenApiParameter("group", str, description="groep of klas"),
            OpenApiParameter("cursor", str, description="waarde van `next` van de vorige pagina"),
        ],
        responses=PupilPageOutput,
        operation_id="pupils_list",
    )
    def get(self, request: Request) -> Response:
        page = selectors.pupil_list(
            user=request.user,
            school_uuid=_uuid_param(request.query_params.get("school"), "school"),
            group=request.query_params.get("group", ""),
            after=request.query_params.get("cursor") or None,
            purpose="API: leerlingenlijst",
        )
        return Response({"results": PupilListOutput(page.rows, many=True).data, "next": page.next_cursor})


class PupilDetail(APIView):
    permission_classes = [PersonalDataAccess]

    @extend_schema(responses=PupilDetailOutput, operation_id="pupils_retrieve")
    def get(self, request: Request, uuid: UUID) -> Response:
        dossier = selectors.pupil_dossier(user=request.user, uuid=uuid, purpose="API: leerlinggegevens")
        return Response(PupilDetailOutput(dossier).data)
