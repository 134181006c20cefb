"""Registry API: read endpoints for the region's reference data and the three registry imports."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from werkplaats.arrangements.services import indications_import
from werkplaats.organisations.models import Municipality, Organisation, Partnership, School
from werkplaats.organisations.services import schools_import
from werkplaats.pupils.services import pupils_import

from .serializers import (
    ImportResultOutput,
    MunicipalityOutput,
    OrganisationOutput,
    PartnershipOutput,
    SchoolOutput,
)

IMPORTERS = {"schools": schools_import, "pupils": pupils_import, "indications": indications_import}


class MunicipalityList(generics.ListAPIView):
    serializer_class = MunicipalityOutput
    pagination_class = None
    queryset = Municipality.objects.order_by("code")


class PartnershipList(generics.ListAPIView):
    serializer_class = PartnershipOutput
    pagination_class = None
    queryset = Partnership.objects.prefetch_related("municipalities").order_by("code")


@extend_schema(
    parameters=[
        OpenApiParameter("type", str, description="soort school, bijvoorbeeld PO"),
        OpenApiParameter("municipality", str, description="CBS-code van de gemeente"),
        OpenApiParameter("swv", str, description="code van het samenwerkingsverband"),
    ]
)
class SchoolList(generics.ListAPIView):
    serializer_class = SchoolOutput

    def get_queryset(self) -> QuerySet[School]:
        params = self.request.query_params
        queryset = School.objects.select_related("municipality", "contact_municipality", "partnership", "board")
        if params.get("type"):
            queryset = queryset.filter(type=params["type"])
        if params.get("municipality"):
            queryset = queryset.filter(municipality__code=params["municipality"])
        if params.get("swv"):
            queryset = queryset.filter(partnership__code=params["swv"])
        return queryset

    @property
    def paginator(self):  # keyset pagination on the school code
        paginator = super().paginator
        if paginator is not None:
            paginator.ordering = "code"
        return paginator


class SchoolDetail(generics.RetrieveAPIView):
    serializer_class = SchoolOutput
    lookup_field = "code"
    lookup_url_kwarg = "code"
    queryset = School.objects.select_related("municipality", "contact_municipality", "partnership", "board")


@extend_schema(parameters=[OpenApiParameter("kind", str, description="soort organisatie")])
class OrganisationList(generics.ListAPIView):
    serializer_class = OrganisationOutput

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.select_related("municipality")
        kind = self.request.query_params.get("kind")
        return queryset.filter(kind=kind) if kind else queryset

    @property
    def paginator(self):
        paginator = super().paginator
        if paginator is not None:
            paginator.ordering = "id"
        return paginator


class CanImportRegistry(permissions.BasePermission):
    message = "Dit account mag geen registerbestanden importeren."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("organisations.import_registry"))


class RegistryImport(APIView):
    """Upload a CSV file of contracts/registry.md; the same validation as the command line.
    200 with the counts when the file was accepted, 400 with every error when it was rejected."""

    permission_classes = [permissions.IsAuthenticated, CanImportRegistry]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary", "description": "CSV-bestand (UTF-8)"}},
            }
        },
        responses={200: ImportResultOutput, 400: ImportResultOutput},
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=sorted(IMPORTERS))],
    )
    def post(self, request: Request, kind: str) -> Response:
        importer = IMPORTERS.get(kind)
        if importer is None:
            return Response({"detail": "Onbekende soort import."}, status=status.HTTP_404_NOT_FOUND)
        upload = request.data.get("file")
        if upload is None:
            return Response({"detail": "Stuur het CSV-bestand mee in het veld 'file'."}, status=400)
        result = importer(upload.file, user=request.user, partial=request.query_params.get("partial") == "true")
        return Response(result.as_dict(), status=200 if result.accepted else 400)
