from django.urls import path

from . import views

app_name = "attendance"
urlpatterns = [
    path("", views.index, name="index"),
    path("leerling/<uuid:uuid>/", views.pupil, name="pupil"),
    path("melding/<uuid:uuid>/gemeld/", views.report_close, name="report-close"),
    path("<uuid:uuid>/", views.school, name="school"),
    path("<uuid:uuid>/meldingen/", views.reports, name="reports"),
    path("<uuid:uuid>/importeren/", views.import_file, name="import"),
    path("<uuid:uuid>/kalender/", views.calendar, name="calendar"),
    path("<uuid:uuid>/kalender/<uuid:day_off>/verwijderen/", views.day_off_remove, name="day-off-remove"),
]
