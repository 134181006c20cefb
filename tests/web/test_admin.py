"""The Django admin (/beheer/): Dutch, for functional admins with both factors, never with pupil data."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory
from tests.web.conftest import login
from werkplaats.accounts.models import Membership, Role
from werkplaats.audit.models import AccessLogEntry
from werkplaats.pupils.models import Enrolment, Family, Guardian, Pupil

pytestmark = pytest.mark.django_db


def test_no_pupil_models_in_the_admin():
    for model in (Pupil, Guardian, Enrolment, Family):
        assert model not in admin.site._registry


def test_admin_index_shows_no_pupil_models(client, region):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    login(client, superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Websitebeheer" in html  # Django's admin in Dutch
    assert "/beheer/pupils/" not in html and "Leerlingen" not in html


def test_functional_admin_manages_users_and_memberships_by_role(client, region):
    login(client, region.functional_admin)
    assert client.get(reverse("admin:index")).status_code == 200
    page = client.get(reverse("admin:accounts_user_change", args=[region.teacher.pk]))
    assert page.status_code == 200
    assert "groep 4" in page.content.decode()  # the membership inline, groups as one line
    for name in (
        "organisations_school",
        "organisations_municipality",
        "organisations_partnership",
        "organisations_organisation",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_functional_admin_adds_a_membership_inline(client, region):
    login(client, region.functional_admin)
    user = region.policy_adviser
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key in form.fields}
    membership = user.memberships.get()
    data.update(
        {
            "username": user.username,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(user.pk),
            "memberships-0-role": Role.POLICY_ADVISER,
            "memberships-0-organisation": str(membership.organisation_id),
            "memberships-1-user": str(user.pk),
            "memberships-1-role": Role.TEACHER,
            "memberships-1-school": str(region.school.pk),
            "memberships-1-groups": "groep 6, groep 7",
            "totpdevice_set-TOTAL_FORMS": "0",
            "totpdevice_set-INITIAL_FORMS": "0",
            "totpdevice_set-MIN_NUM_FORMS": "0",
            "totpdevice_set-MAX_NUM_FORMS": "1000",
        }
    )
    data.pop("password", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Membership.objects.get(user=user, role=Role.TEACHER).groups == ["groep 6", "groep 7"]


def test_access_log_is_read_only_in_the_admin(client, region):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    login(client, superuser)
    model_admin = admin.site._registry[AccessLogEntry]
    request = client.get(reverse("admin:audit_accesslogentry_changelist")).wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert client.get(reverse("admin:audit_accesslogentry_add")).status_code == 403


def test_admin_is_closed_to_other_roles_and_to_sessions_without_second_factor(client, region):
    login(client, region.teacher)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 404  # no redirect loop back to the login
    client.logout()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)  # password only
    assert client.get(reverse("admin:index")).status_code == 302


def test_functional_admin_cannot_make_anyone_superuser(client, region):
    login(client, region.functional_admin)
    form = client.get(reverse("admin:accounts_user_change", args=[region.teacher.pk])).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
