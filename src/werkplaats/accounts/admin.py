"""The Django admin (/beheer/) for functional admins: users, their roles and memberships, and (in the
other apps' admin modules) the registry. Pupil data is never in the admin.

The admin opens only for a user who logged in with both factors and is a functional admin (or a staff
account with Django permissions). A functional admin gets the admin rights on the registered models
by role (`FunctionalAdminPermissions`), so no Django permissions need to be handed out."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkplaats.accounts.selectors import user_roles
from werkplaats.core.navigation import may_use_admin

from .models import Membership, Role, User


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and user.is_verified() and may_use_admin(user)


admin.site.has_permission = _admin_has_permission
admin.site.site_url = "/"


class FunctionalAdminPermissions:
    """Model admin rights for the role functional admin, next to Django's own permissions."""

    def _functional_admin(self, request: HttpRequest) -> bool:
        return Role.FUNCTIONAL_ADMIN in user_roles(user=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._functional_admin(request) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._functional_admin(request) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._functional_admin(request) or super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._functional_admin(request) or super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._functional_admin(request) or super().has_delete_permission(request, obj)  # type: ignore[misc]


class GroupsField(forms.CharField):
    """The groups of a teacher's membership as one line: "groep 4, groep 5"."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        return [group.strip() for group in str(value or "").split(",") if group.strip()]


class MembershipForm(forms.ModelForm):
    groups = GroupsField(
        label=_("groepen"),
        required=False,
        help_text=_("Alleen voor leerkrachten: de groepen of klassen, gescheiden door komma's. Leeg: alle groepen."),
    )

    class Meta:
        model = Membership
        fields = ["role", "school", "organisation", "groups", "valid_from", "valid_until"]


class MembershipInline(FunctionalAdminPermissions, admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["school", "organisation"]


class DeviceInline(FunctionalAdminPermissions, admin.TabularInline):
    """The user's authenticator apps, without their secrets. Deleting one lets the user set up a new one
    at the next login (a lost or new phone)."""

    model = TOTPDevice
    extra = 0
    fields = ["name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    verbose_name = _("authenticator-app")
    verbose_name_plural = _("authenticator-apps (tweede stap van het inloggen)")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta(auth_forms.UserCreationForm.Meta):
        model = User


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(FunctionalAdminPermissions, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    inlines = [MembershipInline, DeviceInline]
    list_display = ["username", "first_name", "last_name", "email", "roles", "is_active"]
    list_filter = ["is_active", "memberships__role", "is_staff", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("rollen"))
    def roles(self, user: User) -> str:
        return ", ".join(sorted({m.get_role_display() for m in user.memberships.all()}))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Only a superuser hands out superuser status, staff status or Django permissions."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined"]
        return readonly
