"""/api/v1/: each app's API under one prefix, with the OpenAPI 3 schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("werkplaats.organisations.api.urls")),
    path("", include("werkplaats.pupils.api.urls")),
    path("", include("werkplaats.cases.api.urls")),
    path("attendance/", include("werkplaats.attendance.api.urls")),
    path("monitor/", include("werkplaats.monitor.api.urls")),
    path("finance/", include("werkplaats.arrangements.api.urls")),
    path("audit/", include("werkplaats.audit.api.urls")),
]
