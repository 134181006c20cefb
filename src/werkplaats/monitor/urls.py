from django.urls import path

from . import views

app_name = "monitor"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("scholen/<uuid:uuid>/", views.school_profile, name="school"),
    path("scholen/<uuid:uuid>/factsheet/", views.factsheet, name="factsheet"),
]
