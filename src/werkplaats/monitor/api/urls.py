from django.urls import path

from . import views

urlpatterns = [
    path("schools/<str:code>/profile", views.SchoolProfile.as_view(), name="monitor-school-profile"),
]
