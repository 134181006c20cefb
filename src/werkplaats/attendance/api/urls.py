from django.urls import path

from . import views

urlpatterns = [
    path("status", views.SchoolStatusView.as_view(), name="attendance-status"),
    path("registrations", views.RegistrationsView.as_view(), name="attendance-registrations"),
]
