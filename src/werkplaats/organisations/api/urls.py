from django.urls import path

from . import views

urlpatterns = [
    path("municipalities/", views.MunicipalityList.as_view(), name="municipality-list"),
    path("partnerships/", views.PartnershipList.as_view(), name="partnership-list"),
    path("schools/", views.SchoolList.as_view(), name="school-list"),
    path("schools/<str:code>/", views.SchoolDetail.as_view(), name="school-detail"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path("registry/imports/<str:kind>/", views.RegistryImport.as_view(), name="registry-import"),
]
