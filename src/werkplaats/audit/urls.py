from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("privacy/", views.index, name="index"),
    path("privacy/logboek/", views.recent, name="recent"),
    path("privacy/leerlingen/<uuid:uuid>/logboek/", views.pupil_log, name="pupil-log"),
    path("privacy/leerlingen/<uuid:uuid>/export/", views.pupil_export, name="pupil-export"),
]
