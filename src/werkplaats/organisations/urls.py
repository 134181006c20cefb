from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("register/", views.index, name="index"),
    path("register/gemeenten/", views.municipalities, name="municipalities"),
    path("register/samenwerkingsverbanden/", views.partnerships, name="partnerships"),
    path("register/schoolbesturen/", views.boards, name="boards"),
    path("register/scholen/", views.schools, name="schools"),
    path("register/scholen/<uuid:uuid>/", views.school, name="school"),
    path("register/organisaties/", views.organisations, name="organisations"),
    path("register/organisaties/<uuid:uuid>/", views.organisation, name="organisation"),
    path("register/professionals/", views.professionals, name="professionals"),
]
