"""Attendance API (contracts/attendance.md §5): the status of a school and the registrations import.
Thin: parse, one selector or service call, respond. Access layer and access log in the selectors."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from werkplaats.attendance import selectors, services
from werkplaats.core.api import PersonalDataAccess

from .serializers import AttendanceImportResultOutput, AttendanceRegistrationInput, AttendanceSchoolStatusOutput


def _date_param(request: Request, name: str) -> date:
    value = request.query_params.get(name, "")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: f"{value or '(leeg)'} is geen geldige datum (verwacht JJJJ-MM-DD)."}) from None


class SchoolStatusView(APIView):
    permission_classes = [PersonalDataAccess]

    @extend_schema(
        operation_id="attendance_status",
        summary="Aanwezigheid van de leerlingen van een school op een datum",
        description=(
            "Dezelfde JSON als `werkplaats attendance status --format json` (contracts/attendance.md §4): "
            "de leerlingen die op de peildatum zijn ingeschreven, gesorteerd op leerlingnummer, met niveau, "
            "verzuimpercentage, ongeoorloofde minuten in de laatste 4 schoolweken, thuiszitter en de "
            "verzuimmeldingen van het schooljaar tot en met de peildatum. Alleen voor gebruikers met een relatie "
            "met de school (lidmaatschap); een onbekende school en een school zonder relatie geven allebei 404. "
            "Elke getoonde leerling komt in het inzagelogboek."
        ),
        parameters=[
            OpenApiParameter("school", str, required=True, description="schoolcode, BRIN + vestiging (12AB00)"),
            OpenApiParameter("on", date, required=True, description="peildatum JJJJ-MM-DD"),
        ],
        responses={
            200: AttendanceSchoolStatusOutput,
            400: OpenApiResponse(description="ontbrekende of ongeldige parameter"),
            404: OpenApiResponse(description="school onbekend of geen relatie met de school"),
        },
    )
    def get(self, request: Request) -> Response:
        code = request.query_params.get("school", "").strip().upper()
        if not code:
            raise ValidationError({"school": "Geef een schoolcode op (BRIN + vestiging, bijvoorbeeld 12AB00)."})
        on = _date_param(request, "on")
        result = selectors.school_status_for_user(
            user=request.user, code=code, on=on, purpose="API: verzuimoverzicht school"
        )
        return Response(result.as_dict())


class RegistrationsView(APIView):
    permission_classes = [PersonalDataAccess]

    @extend_schema(
        operation_id="attendance_registrations_create",
        summary="Verzuimregistraties aanleveren",
        description=(
            "Een JSON-lijst van registraties met de kolommen van het importbestand als velden "
            "(contracts/attendance.md §1): `school`, `pupil`, `date`, `minutes`, `reason`, optioneel `note`. "
            "Alles of niets: is één regel ongeldig, dan wordt niets opgeslagen en is het antwoord 400 met de "
            "fouten per regel. `line` in een fout is de positie van de regel in de lijst, vanaf 1 (de eerste "
            "registratie is regel 1); `column` is het veld. Opnieuw aanleveren van dezelfde registraties "
            "verandert niets (identiteit: school, leerling, datum, reden). Alleen voor de IB'er / "
            "zorgcoördinator van de school; een school waarvoor de gebruiker dat niet is, wordt gemeld als "
            "onbekende school. Antwoord 201 als er iets is aangemaakt, anders 200."
        ),
        request=AttendanceRegistrationInput(many=True),
        responses={
            201: AttendanceImportResultOutput,
            200: AttendanceImportResultOutput,
            400: AttendanceImportResultOutput,
        },
    )
    def post(self, request: Request) -> Response:
        rows = request.data
        if not isinstance(rows, list):
            return Response(
                {
                    "created": 0,
                    "updated": 0,
                    "unchanged": 0,
                    "rejected": 1,
                    "errors": [{"line": 1, "column": "", "message": "Verwacht een JSON-lijst van registraties."}],
                },
                status=http.HTTP_400_BAD_REQUEST,
            )
        result = services.registrations_create(user=request.user, rows=rows)
        if not result.accepted:
            return Response(result.as_dict(), status=http.HTTP_400_BAD_REQUEST)
        return Response(result.as_dict(), status=http.HTTP_201_CREATED if result.created else http.HTTP_200_OK)
