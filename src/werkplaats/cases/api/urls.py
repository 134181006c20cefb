from django.urls import path

from . import views

urlpatterns = [
    path("signals/", views.SignalList.as_view(), name="signal-list"),
    path("signals/<uuid:uuid>/", views.SignalDetail.as_view(), name="signal-detail"),
    path("cases/", views.CaseList.as_view(), name="case-list"),
    path("cases/<uuid:uuid>/", views.CaseDetail.as_view(), name="case-detail"),
]
