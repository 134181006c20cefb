from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Werkplaats — beheer"
admin.site.site_title = "Werkplaats"

urlpatterns = [
    path("api/v1/", include(("werkplaats.api_urls", "api"), namespace="api")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("werkplaats.core.urls")),
]

if settings.DEBUG:
    urlpatterns += []
