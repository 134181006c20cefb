from django.urls import path

from . import views

urlpatterns = [
    path("pupils/", views.PupilList.as_view(), name="pupil-list"),
    path("pupils/<uuid:uuid>/", views.PupilDetail.as_view(), name="pupil-detail"),
]
