"""Signals and cases API (/api/v1/): read signals and cases, create a signal. The same access layer, consent
checks and access log as the pages; a missing and a forbidden object both answer 404."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from werkplaats.cases import selectors, services
from werkplaats.cases.models import Case, Signal
from werkplaats.cases.permissions import CaseAccess
from werkplaats.consent.models import Section
from werkplaats.core.api import PersonalDataAccess
from werkplaats.pupils.models import Pupil

from .serializers import (
    CaseDetailOutput,
    CaseOutput,
    SignalInput,
    SignalOutput,
    created_in_current_timezone,
    signal_row_output,
)


def _case_data(case: Case, access: CaseAccess, pupils: list[Pupil] | None = None) -> dict[str, Any]:
    """What `CaseOutput` writes; `pupils` when they were read with the case (`selectors.pupils_of`)."""
    return {"uuid": case.uuid, "reference": case.reference, "school": case.school,
            "pupils": case.pupils.all() if pupils is None else pupils,
            "category": case.category, "status": case.status, "escalation": case.escalation,
            "coordinator": str(case.coordinator), "access": access.basis, "created": case.created}


class SignalList(APIView):
    """Signals the caller may see (core team, inbrenger, betrokkenen), newest first; and raising a signal."""

    permission_classes = [PersonalDataAccess]

    @extend_schema(
        parameters=[OpenApiParameter("status", str, description="open, of een status van een signaal"),
                    OpenApiParameter("school", UUID, description="uuid van de schoolvestiging")],
        responses=SignalOutput(many=True), operation_id="signals_list",
    )
    def get(self, request: Request) -> Response:
        school = request.query_params.get("school")
        try:
            school_uuid = UUID(school) if school else None
        except ValueError:
            raise ValidationError({"school": f"{school} is geen geldige uuid."}) from None
        rows = selectors.signal_list_rows(user=request.user, status=request.query_params.get("status", ""),
                                          school_uuid=school_uuid)
        created = created_in_current_timezone()
        return Response([signal_row_output(row, created) for row in rows])

    @extend_schema(request=SignalInput, responses={201: SignalOutput}, operation_id="signals_create")
    def post(self, request: Request) -> Response:
        data = SignalInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        schools = {s.uuid: s for s in selectors.schools_for_signals(user=request.user)}
        school = schools.get(values["school"])
        if school is None:
            raise ValidationError({"school": "U kunt voor deze school geen signaal inbrengen."})
        pupil = None
        if values.get("pupil"):
            enrolment = next((e for e in selectors.pupils_for_signal(user=request.user, school=school)
                              if e.pupil.uuid == values["pupil"]), None)
            if enrolment is None:
                raise ValidationError({"pupil": "Kies een leerling van deze school die u kunt zien."})
            pupil = enrolment.pupil
        try:
            signal = services.signal_raise(
                actor=request.user, school=school, level=values["level"], category=values["category"],
                seen_in_school=values["seen_in_school"], seen_outside_school=values["seen_outside_school"],
                urgency=values["urgency"], pupil=pupil, group=values.get("group", ""),
            )
        except DjangoValidationError as error:
            raise ValidationError(getattr(error, "message_dict", None) or {"detail": error.messages}) from None
        except DjangoPermissionDenied:
            raise Http404 from None
        return Response(SignalOutput(Signal.objects.select_related("school", "pupil", "raised_by").get(
            pk=signal.pk)).data, status=status.HTTP_201_CREATED)


class SignalDetail(APIView):
    permission_classes = [PersonalDataAccess]

    @extend_schema(responses=SignalOutput, operation_id="signals_retrieve")
    def get(self, request: Request, uuid: UUID) -> Response:
        view = selectors.signal_get(user=request.user, uuid=uuid, event_type="signal.api", details=False)
        return Response(SignalOutput(view.signal).data)


class CaseList(APIView):
    """Cases the caller may see, with the basis of that access (member, regiehouder, core team with consent,
    emergency); every case listed is logged."""

    permission_classes = [PersonalDataAccess]

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Case.Status.values)],
                   responses=CaseOutput(many=True), operation_id="cases_list")
    def get(self, request: Request) -> Response:
        case_status = request.query_params.get("status", "")
        if case_status and case_status not in Case.Status.values:
            raise ValidationError({"status": f"Kies uit {', '.join(Case.Status.values)}."})
        rows = selectors.case_list(user=request.user, status=case_status)
        return Response(CaseOutput([_case_data(c, a, selectors.pupils_of(c)) for c, a in rows], many=True).data)


class CaseDetail(APIView):
    permission_classes = [PersonalDataAccess]

    @extend_schema(responses=CaseDetailOutput, operation_id="cases_retrieve")
    def get(self, request: Request, uuid: UUID) -> Response:
        detail = selectors.case_detail(user=request.user, uuid=uuid)
        case, withheld = detail.case, detail.access.withheld
        data = _case_data(case, detail.access)
        data.update({
            "members": [str(m.user) for m in detail.members],
            "parents_story": None if Section.FAMILY_STORY in withheld else case.parents_story,
            "pupil_voice": None if Section.FAMILY_STORY in withheld else case.pupil_voice,
            "plan": None if detail.steps is None else [
                {"number": s.spec.number, "title": str(s.spec.title), "provisional": s.step.provisional,
                 "answers": [{"question": str(q.text), "answer": a} for q, a in s.answers]} for s in detail.steps],
            "actions": detail.actions,
            "evaluations": detail.evaluations,
        })
        return Response(CaseDetailOutput(data).data)
