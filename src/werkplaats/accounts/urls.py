from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("inloggen/code/", views.code, name="code"),
    path("inloggen/instellen/", views.setup, name="setup"),
    path("uitloggen/", views.logout, name="logout"),
    # Shadows the admin's own (password-only) login page; included before the admin in werkplaats/urls.py.
    path("beheer/login/", views.admin_login, name="admin-login"),
]
