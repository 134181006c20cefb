from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("leerling/<uuid:pupil_uuid>/", views.pupil_consents, name="pupil"),
    path("<uuid:uuid>/intrekken/", views.withdraw, name="withdraw"),
]
