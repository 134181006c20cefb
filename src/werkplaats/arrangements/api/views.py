"""Finance API: the cost allocation of contracts/finance.md. Aggregates only, no personal data: any
authenticated user with a role may ask for it."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from werkplaats.accounts.selectors import user_roles
from werkplaats.arrangements.allocation import AllocationError
from werkplaats.arrangements.selectors import cost_allocation
from werkplaats.organisations.models import School

from .serializers import AllocationOutput, AllocationQuery


class HasRole(permissions.BasePermission):
    message = "Dit account heeft geen rol in Werkplaats."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or user_roles(user=user)))


class Allocation(APIView):
    permission_classes = [permissions.IsAuthenticated, HasRole]

    @extend_schema(
        operation_id="finance_allocation",
        summary="Kostenverdeling over gemeenten",
        description="Verdeelt de kosten van een collectief arrangement op een school over de gemeenten volgens de "
                    "sleutel pupils (woongemeente), indicated (betalende gemeente van actieve jeugdhulpindicaties) "
                    "of contact (de aanspreekpunt-gemeente draagt alles). Bedragen tellen precies op tot de kosten.",
        parameters=[AllocationQuery],
        responses={
            200: AllocationOutput,
            400: OpenApiResponse(description="ongeldige invoer, of alle gewichten zijn nul"),
            404: OpenApiResponse(description="school onbekend"),
        },
    )
    def get(self, request: Request) -> Response:
        query = AllocationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        school = get_object_or_404(School.objects.select_related("contact_municipality"), code=data["school"])
        try:
            allocation = cost_allocation(school=school, cost_cents=data["cost"], key=data["key"], on=data["on"])
        except AllocationError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(AllocationOutput(allocation).data)
