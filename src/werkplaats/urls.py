from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Werkplaats — beheer"
admin.site.site_title = "Werkplaats"

urlpatterns = [
    path("api/v1/", include(("werkplaats.api_urls", "api"), namespace="api")),
    # Before the admin: the accounts URLs replace the admin's password-only login page.
    path("", include("werkplaats.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("team/", include("werkplaats.teams.urls")),
    path("casussen/", include("werkplaats.cases.urls")),
    path("toestemming/", include("werkplaats.consent.urls")),
    path("monitor/", include("werkplaats.monitor.urls")),
    path("aanwezigheid/", include("werkplaats.attendance.urls")),
    path("arrangementen/", include("werkplaats.arrangements.urls")),
    path("", include("werkplaats.core.urls")),
    path("", include("werkplaats.organisations.urls")),
    path("", include("werkplaats.pupils.urls")),
    path("", include("werkplaats.audit.urls")),
]
