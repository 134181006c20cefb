"""The signals and cases API under /api/v1/: the same access layer and access log as the pages."""

import io

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases import services
from werkplaats.cases.api.serializers import CaseOutput, SignalOutput
from werkplaats.cases.models import Signal
from werkplaats.consent.models import Purpose, Section

from .helpers import bas_case, bas_signal


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


class TestSignals:
    def test_create(self, tw):
        response = api(tw.teacher).post(reverse("api:signal-list"), {
            "school": str(tw.school.uuid), "level": "child", "pupil": str(tw.bas.uuid), "category": "behaviour",
            "seen_in_school": "Ruzie op het plein."}, format="json")
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["pupil"]["given_name"] == "Bas" and data["status"] == "new" and data["reference"].startswith("S-")
        assert Signal.objects.get().addressed_to == tw.ib

    def test_create_refused_for_unknown_school_or_pupil(self, tw):
        client = api(tw.teacher)
        response = client.post(reverse("api:signal-list"), {
            "school": str(tw.other_school.uuid), "level": "school", "category": "health", "seen_in_school": "x"},
            format="json")
        assert response.status_code == 400 and "school" in response.json()
        response = client.post(reverse("api:signal-list"), {
            "school": str(tw.school.uuid), "level": "child", "pupil": str(tw.tina.uuid), "category": "health",
            "seen_in_school": "x"}, format="json")
        assert response.status_code == 400 and "pupil" in response.json()

    def test_class_level_validation_message(self, tw):
        response = api(tw.teacher).post(reverse("api:signal-list"), {
            "school": str(tw.school.uuid), "level": "class", "group": "groep 9", "category": "health",
            "seen_in_school": "x"}, format="json")
        assert response.status_code == 400 and response.json()["group"] == ["Kies een groep of klas van deze school."]

    def test_list_and_detail(self, tw):
        signal = bas_signal(tw)
        assert [row["uuid"] for row in api(tw.ib).get(reverse("api:signal-list")).json()] == [str(signal.uuid)]
        assert api(tw.other_ib).get(reverse("api:signal-list")).json() == []
        detail = reverse("api:signal-detail", kwargs={"uuid": signal.uuid})
        assert api(tw.ib).get(detail).status_code == 200
        assert api(tw.other_ib).get(detail).status_code == 404
        assert AccessLogEntry.objects.filter(user_id=tw.other_ib.pk, outcome="refused").exists()

    def test_output_as_drf_writes_it(self, tw):
        """SignalOutput writes its fields directly; the same as DRF's generic path, with and without a pupil."""
        bas_signal(tw)
        services.signal_raise(actor=tw.teacher, school=tw.school, level="school", category="health",
                              seen_in_school="x")
        signals = Signal.objects.select_related("school", "pupil", "raised_by").order_by("pk")
        assert [s.pupil_id is None for s in signals] == [False, True]
        for signal in signals:
            assert SignalOutput(signal).data == serializers.Serializer.to_representation(SignalOutput(), signal)

    def test_token_checked_as_drf_does(self, tw):
        """The prepared token check of every API (core.authentication) gives what DRF's TokenAuthentication gives: the
        token's user; an unknown token and an inactive user are refused with DRF's own answers."""
        from rest_framework.authentication import TokenAuthentication
        from rest_framework.exceptions import AuthenticationFailed

        from werkplaats.core.authentication import _TOKEN, PreparedTokenAuthentication

        def outcome(check: type[TokenAuthentication], key: str) -> object:
            try:
                return check().authenticate_credentials(key)
            except AuthenticationFailed as refused:
                return ("refused", refused.detail, refused.status_code)

        token = Token.objects.get_or_create(user=tw.ib)[0]
        assert [(t.key, t.user) for t in _TOKEN.fetch(key=token.key)] == [(token.key, tw.ib)]
        assert outcome(PreparedTokenAuthentication, token.key) == outcome(TokenAuthentication, token.key) == (
            tw.ib, token)
        assert api(tw.ib).get(reverse("api:signal-list")).status_code == 200
        unknown = "0123456789abcdef0123456789abcdef01234567"
        assert outcome(PreparedTokenAuthentication, unknown) == outcome(TokenAuthentication, unknown) != (
            outcome(TokenAuthentication, token.key))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {unknown}")
        assert client.get(reverse("api:signal-list")).status_code == 401
        tw.ib.is_active = False
        tw.ib.save(update_fields=["is_active"])
        assert outcome(PreparedTokenAuthentication, token.key) == outcome(TokenAuthentication, token.key) != (
            outcome(TokenAuthentication, unknown))
        assert api(tw.ib).get(reverse("api:case-list")).status_code == 401

    def test_bad_filters(self, tw):
        assert api(tw.ib).get(reverse("api:signal-list") + "?school=nee").status_code == 400
        assert api(tw.ib).get(reverse("api:case-list") + "?status=nee").status_code == 400


class TestCases:
    def test_detail_with_basis(self, tw):
        case = bas_case(tw)
        data = api(tw.nurse).get(reverse("api:case-detail", kwargs={"uuid": case.uuid})).json()
        assert data["access"] == "coordinator" and data["coordinator"] == "Nora Jansen"
        assert len(data["plan"]) == 8 and data["pupils"][0]["given_name"] == "Bas"
        assert api(tw.teacher).get(reverse("api:case-detail", kwargs={"uuid": case.uuid})).status_code == 404

    def test_withheld_is_null(self, tw):
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz], withheld_sections=[Section.PLAN])
        case = services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas], coordinator=tw.nurse,
                                  category="behaviour", signal=bas_signal(tw))
        data = api(tw.nurse).get(reverse("api:case-detail", kwargs={"uuid": case.uuid})).json()
        assert data["plan"] is None and data["parents_story"] == ""

    def test_list(self, tw):
        case = bas_case(tw)
        assert [row["uuid"] for row in api(tw.ib).get(reverse("api:case-list")).json()] == [str(case.uuid)]
        assert api(tw.adviser).get(reverse("api:case-list")).json() == []
        assert api(tw.ib).get(reverse("api:case-list") + "?status=closed").json() == []

    def test_output_as_drf_writes_it(self, tw):
        """CaseOutput writes its fields directly; the same as DRF's generic path (one pupil and two)."""
        from werkplaats.cases.api.views import _case_data
        from werkplaats.cases.permissions import case_access

        case = bas_case(tw)
        other = bas_case(tw, coordinator=tw.ib)
        other.pupils.add(tw.sara)
        for found in (case, other):
            data = _case_data(found, case_access(tw.ib, found))
            assert len(data["pupils"]) == (1 if found == case else 2)
            assert CaseOutput(data).data == serializers.Serializer.to_representation(CaseOutput(), data)
        rows = api(tw.ib).get(reverse("api:case-list")).json()
        assert [len(row["pupils"]) for row in rows] == [2, 1] and rows[0]["access"] == "coordinator"

    def test_list_as_the_orm_reads_it(self, tw):
        """The list reads only the fields it shows (`_LISTED_FIELDS`) and its pupils as rows: the same output as
        DRF's generic path over the cases as the ORM reads them, and one log entry per case and pupil."""
        from werkplaats.cases import selectors
        from werkplaats.cases.api.views import _case_data
        from werkplaats.cases.models import Case
        from werkplaats.cases.permissions import case_access_many

        from .helpers import fresh

        bas_case(tw)
        other = bas_case(tw, coordinator=tw.ib)
        other.pupils.add(tw.sara)
        closed = bas_case(tw, coordinator=tw.ib)
        Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED, escalation="management")
        for user in (tw.nurse, tw.teacher, tw.ib, tw.gp_support, tw.other_ib, tw.adviser):
            for status in ("", Case.Status.OPEN, Case.Status.CLOSED):
                cases = selectors._case_candidates(fresh(user)).select_related("school", "coordinator")
                cases = list((cases.filter(status=status) if status else cases).order_by("-created", "-pk"))
                access_of = case_access_many(fresh(user), cases)
                expected = [serializers.Serializer.to_representation(CaseOutput(), _case_data(c, access_of[c.pk]))
                            for c in cases if access_of[c.pk].can_view]
                before = AccessLogEntry.objects.filter(event_type="case.list").count()
                found = api(user).get(reverse("api:case-list") + (f"?status={status}" if status else "")).json()
                for row in found + expected:
                    row["pupils"] = sorted(row["pupils"], key=lambda pupil: pupil["uuid"])
                assert found == expected, (user, status)
                logged = AccessLogEntry.objects.filter(event_type="case.list").order_by("pk")[before:]
                assert sorted((e.object_id, str(e.pupil_uuid)) for e in logged) == sorted(
                    (row["uuid"], pupil["uuid"]) for row in found for pupil in row["pupils"])
        assert any(row["escalation"] for row in api(tw.ib).get(reverse("api:case-list")).json())

    def test_session_without_second_factor_refused(self, tw):
        client = APIClient()
        client.force_login(tw.ib)
        assert client.get(reverse("api:case-list")).status_code == 403


@pytest.mark.django_db
def test_schema_documents_the_endpoints():
    out = io.StringIO()
    call_command("spectacular", stdout=out, validate=True)
    paths = yaml.safe_load(out.getvalue())["paths"]
    assert {"/api/v1/signals/", "/api/v1/signals/{uuid}/", "/api/v1/cases/", "/api/v1/cases/{uuid}/"} <= set(paths)
    assert "post" in paths["/api/v1/signals/"]
