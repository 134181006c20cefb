from django.urls import path

from . import views

urlpatterns = [
    path("allocation", views.Allocation.as_view(), name="finance-allocation"),
]
