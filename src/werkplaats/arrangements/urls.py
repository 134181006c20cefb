from django.urls import path

from . import views

app_name = "arrangements"
urlpatterns = [
    path("", views.arrangement_list, name="list"),
    path("nieuw/", views.arrangement_create, name="create"),
    path("<uuid:uuid>/", views.arrangement_detail, name="detail"),
]
