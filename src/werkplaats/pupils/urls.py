from django.urls import path

from . import views

app_name = "pupils"
urlpatterns = [
    path("leerlingen/", views.pupil_list, name="list"),
    path("leerlingen/<uuid:uuid>/", views.pupil_detail, name="detail"),
]
